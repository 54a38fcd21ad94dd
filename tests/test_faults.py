"""Failures of the corpus passes on single items are contained: the build ends, the items keep
what the per-document stages gave them, and the failures are counted, named and logged; with
`[build] strict = true` the command exits 5 once the corpus is written."""

from __future__ import annotations

import dataclasses
import json
import logging

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from pipeline.build import build
from pipeline import passes
from pipeline.cli import app
from pipeline.faults import Faults
from pipeline.passes.restore.model import Model
from pipeline.recipe import RecipeError, load_recipe
from tests.passes.test_restore import MASKED, articles

RECIPE = """[corpus]
name = "faults"
[input]
paths = ["*.txt"]
[stages.quality]
min_words = 5
"""


def break_pass(monkeypatch, name: str) -> None:
    """The registry with the pass `name` raising in its corpus step."""
    def broken(*args, **kwargs):
        raise RuntimeError("the pass broke")

    monkeypatch.setattr(passes, "PASSES", tuple(dataclasses.replace(p, run=broken) if p.name == name else p
                                                 for p in passes.PASSES))


@pytest.fixture
def corpus(tmp_path):
    """Twenty short articles and two with a whole-word mask each, as text files."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for i, text in enumerate(articles(20) + MASKED):
        (folder / f"{i:02d}.txt").write_text(text, encoding="utf-8")
    (folder / "corpus.toml").write_text(RECIPE, encoding="utf-8")
    return folder


def rows_of(out):
    return [r for shard in sorted(out.glob("data/*/*.parquet")) for r in pq.read_table(shard).to_pylist()]


def masked(rows):
    return sorted((r for r in rows if r["redactions"]), key=lambda r: r["id"])


def stats_of(out):
    return json.loads((out / "stats.json").read_text(encoding="utf-8"))


def test_a_mask_the_model_fails_on_gets_no_candidates_and_the_others_do(corpus, tmp_path, monkeypatch, caplog):
    evidence = Model.evidence
    failed: list[int] = []

    def first_mask_fails(self, q):
        if q.truth is None and not failed:
            failed.append(q.ctx[1])
            raise ValueError("an invented bug")
        return evidence(self, q)

    monkeypatch.setattr(Model, "evidence", first_mask_fails)
    monkeypatch.setattr(logging.getLogger("newscorpus"), "propagate", True)  # a CLI test may have turned it off
    with caplog.at_level(logging.WARNING, logger="newscorpus.faults"):
        result = build(load_recipe(corpus, output=str(tmp_path / "out")))
    first, second = masked(rows_of(result.output))
    assert first["redactions"][0]["candidates"] == [] and second["redactions"][0]["candidates"]
    faults = stats_of(result.output)["faults"]
    assert faults["total"] == 1 and faults["by_step"] == {"restore.mask": 1}
    [example] = faults["examples"]
    assert example["item"] == f"mask 0 of row {first['id']}" and example["error"] == "ValueError: an invented bug"
    assert first["id"] in caplog.text and "Traceback" in caplog.text and "an invented bug" in caplog.text
    assert "Items a corpus pass failed on" in (result.output / "README.md").read_text(encoding="utf-8")


def test_a_whole_pass_that_fails_leaves_the_rows_as_the_stages_made_them(corpus, tmp_path, monkeypatch):
    break_pass(monkeypatch, "dedup")
    (corpus / "copy.txt").write_text((corpus / "00.txt").read_text(encoding="utf-8"), encoding="utf-8")
    result = build(load_recipe(corpus, output=str(tmp_path / "out")))
    stats = stats_of(result.output)
    assert stats["accounting_ok"] and stats["rows_written"] == 23
    assert stats["dedup"] == {"failed": True} and stats["faults"]["by_step"] == {"dedup": 1}
    assert all(r["dup_of"] is None for r in rows_of(result.output))
    assert all(r["redactions"][0]["candidates"] for r in masked(rows_of(result.output)))  # restore still ran


def test_a_transform_that_fails_on_one_row_keeps_that_row_as_it_was(corpus, tmp_path, monkeypatch):
    from pipeline.passes import restore

    transform = restore._transform
    victim: list[str] = []

    def fails_on_one(table, **kwargs):
        ids = table["id"].to_pylist()
        masked_ids = [i for i, reds in zip(ids, table["redactions"].to_pylist()) if reds]
        victim[:] = victim or masked_ids[:1]
        if victim[0] in ids:
            if len(ids) == 1:
                raise KeyError("an invented bug")
            raise KeyError("the batch")
        return transform(table, **kwargs)

    monkeypatch.setattr(restore, "_transform", fails_on_one)
    result = build(load_recipe(corpus, output=str(tmp_path / "out")))
    rows = {r["id"]: r for r in rows_of(result.output)}
    assert len(rows) == 22 and rows[victim[0]]["redactions"][0]["candidates"] == []
    assert stats_of(result.output)["faults"]["by_step"] == {"restore.write": 1}


def test_strict_makes_a_contained_failure_exit_5_after_writing(corpus, tmp_path, monkeypatch):
    break_pass(monkeypatch, "restore")
    out = tmp_path / "out"
    relaxed = CliRunner().invoke(app, ["build", str(corpus), "-o", str(out), "--workers", "1"])
    assert relaxed.exit_code == 0, relaxed.output
    assert "failures contained" in relaxed.output and "restore: 1" in relaxed.output
    (corpus / "corpus.toml").write_text(RECIPE + "[build]\nstrict = true\n", encoding="utf-8")
    strict = CliRunner().invoke(app, ["build", str(corpus), "-o", str(out), "--workers", "1", "--force", "-q"])
    assert strict.exit_code == 5 and "strict" in strict.output and "restore 1" in strict.output
    assert stats_of(out)["faults"]["total"] == 1


def test_strict_must_be_a_boolean(corpus, tmp_path):
    (corpus / "corpus.toml").write_text(RECIPE + '[build]\nstrict = "yes"\n', encoding="utf-8")
    with pytest.raises(RecipeError, match="strict"):
        build(load_recipe(corpus, output=str(tmp_path / "out")))


def test_a_job_saves_its_failures_and_the_driver_adds_them_up(tmp_path):
    job = Faults(logged=False)
    for n in range(7):
        with job.item("restore.scan", f"row {n}"):
            raise IndexError(f"bad span {n}")
    job.save(tmp_path / "faults.json")
    Faults().save(tmp_path / "none.json")  # nothing to say: no file
    driver = Faults()
    driver.gather([tmp_path / "faults.json", tmp_path / "none.json"])
    stats = driver.to_stats()
    assert stats["total"] == 7 and stats["by_step"] == {"restore.scan": 7}
    assert [e["item"] for e in stats["examples"]] == [f"row {n}" for n in range(5)]
    assert stats["examples"][0]["error"] == "IndexError: bad span 0" and "traceback" not in stats["examples"][0]


def test_interrupts_and_passing_kinds_are_not_contained():
    faults = Faults()
    with pytest.raises(KeyboardInterrupt), faults.item("restore.mask", "mask 0"):
        raise KeyboardInterrupt
    with pytest.raises(RecipeError), faults.item("restore", "the whole pass", passing=(RecipeError,)):
        raise RecipeError("bad reference")
    assert faults.total == 0
