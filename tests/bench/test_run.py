"""bench/run.py writes recipes the build accepts and reports what a build did (no timed assertions)."""

from __future__ import annotations

import pytest

from bench.corpus import generate
from bench.run import (
    MATCHING_STAGES,
    TreeMemory,
    corpus_inputs,
    given_inputs,
    measure_build,
    parse_overrides,
    summarise,
    write_recipe,
)
from pipeline.recipe import RecipeError, load_recipe
from pipeline.stages import ORDER, build_stages


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    out = tmp_path_factory.mktemp("bench") / "corpus"
    return out, generate(out, 24, seed=3, docs_per_shard=12)


def test_matching_recipe_runs_only_what_datatrove_has(small, tmp_path):
    corpus, manifest = small
    inputs = corpus_inputs(corpus, "jsonl", manifest=manifest)
    recipe = load_recipe(write_recipe(tmp_path, inputs, "jsonl", tmp_path / "out", "matching"))
    assert [s.name for s in build_stages(recipe)] == list(MATCHING_STAGES)
    assert recipe.dedup["exact"] is False and recipe.input["format"] == "jsonl"
    full = load_recipe(write_recipe(tmp_path, inputs, "jsonl", tmp_path / "out", "full"))
    assert [s.name for s in build_stages(full)] == [cls.name for cls in ORDER]


def test_overrides_reach_the_recipe_and_typos_fail(small, tmp_path):
    corpus, manifest = small
    inputs = corpus_inputs(corpus, "txt", limit_docs=5, manifest=manifest)
    assert len(inputs) == 1 and inputs[0].endswith("txt/0000")
    overrides = parse_overrides(["stages.quality.min_words=80", "corpus.pretty_name=Bench corpus"])
    assert overrides == {"stages.quality.min_words": 80, "corpus.pretty_name": "Bench corpus"}
    recipe = load_recipe(write_recipe(tmp_path, inputs, "txt", tmp_path / "out", "full", overrides=overrides))
    assert recipe.settings.stage("quality").options["min_words"] == 80 and recipe.corpus["pretty_name"] == "Bench corpus"
    with pytest.raises(RecipeError, match="min_wrods.*did you mean 'min_words'"):  # caught as the recipe loads
        load_recipe(write_recipe(tmp_path, inputs, "txt", tmp_path / "out", "full",
                                 overrides={"stages.quality.min_wrods": 1}))
    with pytest.raises(SystemExit, match="key=value"):
        parse_overrides(["stages.quality.min_words"])


def test_a_measured_build_reports_docs_stages_and_memory(small, tmp_path):
    corpus, manifest = small
    recipe = write_recipe(tmp_path, corpus_inputs(corpus, "txt", manifest=manifest), "txt", tmp_path / "out", "full",
                          task_bytes=2**16)
    run = measure_build(recipe, workers=2)
    assert run["records_read"] == 24 and run["rows_written"] + run["rejected"] == 24
    assert {"read", "language", "masks", "headers"} <= set(run["seconds_per_stage"])
    assert run["peak_rss_per_worker_mb"] > 10 and run["memory"]["processes"] >= 2  # the pool's workers were seen
    summary = summarise([run, run], manifest["bytes"], workers=2, executor="local")
    assert summary["docs"] == 24 and summary["runs"] == 2 and summary["docs_per_s"] > 0
    assert 0 < summary["task_phase_seconds"] < summary["seconds"]
    assert set(summary["seconds_wall"]) == {"tasks", "corpus_passes", "writing"}
    assert abs(sum(s["share"] for s in summary["stages"].values()) - 1) < 0.01


def test_tree_memory_sees_this_process():
    import os

    mem = TreeMemory(os.getpid())
    mem.sample()
    figures = mem.figures()
    assert figures["main_mb"] > 10 and figures["tree_mb"] >= figures["main_mb"] * 0.5


def test_tree_memory_tells_rays_own_processes_from_workers():
    import os
    import subprocess
    import sys

    sleep = "import time; print('up', flush=True); time.sleep(30)"
    service = subprocess.Popen([sys.executable, "-c", sleep, "/site-packages/ray/dashboard/dashboard.py"],
                               stdout=subprocess.PIPE)
    worker = subprocess.Popen([sys.executable, "-c", sleep], stdout=subprocess.PIPE)
    try:
        for proc in (service, worker):
            proc.stdout.readline()  # started: its interpreter is in memory
        mem = TreeMemory(os.getpid())
        mem.sample()
        figures = mem.figures()
    finally:
        for proc in (service, worker):
            proc.kill()
            proc.wait()
            proc.stdout.close()
    assert mem.services == {service.pid}
    assert figures["services_mb"] > 1 and figures["largest_worker_mb"] > 1


def test_given_inputs_replace_the_generated_corpus(small, tmp_path):
    corpus, manifest = small
    paths, fmt, given = given_inputs([str(corpus / "jsonl" / "*.jsonl")])
    assert fmt == "jsonl" and paths == corpus_inputs(corpus, "jsonl", manifest=manifest)
    assert given["docs"] == manifest["docs"] == 24 and given["bytes"] == sum(p.stat().st_size for p in
                                                                             (corpus / "jsonl").glob("*.jsonl"))
    assert given["median_bytes"] <= given["p99_bytes"] <= given["max_bytes"]
    text, fmt, counted = given_inputs([str(corpus / "txt" / "0000" / "*.txt")])
    assert fmt == "txt" and counted["docs"] == len(text) == 24
    with pytest.raises(SystemExit, match="matches no file"):
        given_inputs([str(tmp_path / "nothing-*.jsonl")])
