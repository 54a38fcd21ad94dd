"""The same recipe on Ray gives the same corpus as the local process pool.

A local Ray with 1 CPU is started once for the module, and each corpus is
built on it once, the tests then reading those outputs. One worker: a second
cost about 3.5 CPU-s of start-up, and results that arrive in any order are
the local pool's tests (tests/test_build.py, tests/executors). Rows are compared
whole (ids, text, dup_of, redactions and every other column), also across
a task size that cuts the corpus into several tasks against a 1-task build:
on the demo and on 120 generated articles, which carry near and exact
duplicates and masks, so every executor step of the corpus passes runs on
Ray. The same check at 50,000 articles takes minutes, so it is a bench
command: `python -m bench.ray_equivalence`.

Ray starts its workers at niceness 15: on a machine busy with other work they
would wait behind it, so the cluster started here gives them the test's own.
"""

from __future__ import annotations

import shutil
from dataclasses import replace

import pyarrow.parquet as pq
import pytest

from bench.corpus import generate
from pipeline.build import build
from pipeline.executors import LocalExecutor
from pipeline.recipe import load_recipe
from tests.conftest import DEMO

ray = pytest.importorskip("ray", reason='the Ray executor needs the extra: pip install "newscorpus[ray]"')
pytestmark = [pytest.mark.timeout(300),  # a wedged cluster fails the test instead of hanging CI
              pytest.mark.slow(60)]


TASK_BYTES = (120_000,)  # 5 tasks for the generated corpus (the reference: 1 task); more sizes: bench.ray_equivalence


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("gen")
    generate(folder / "corpus", docs=120, seed=7, formats=("jsonl",), docs_per_shard=40)
    return folder / "corpus" / "jsonl"


def recipe(output, inputs=None, task_bytes=None):
    r = load_recipe(DEMO, inputs=inputs, output=str(output))
    return replace(r, build={**r.build, "task_bytes": task_bytes}) if task_bytes else r


@pytest.fixture(scope="module")
def local(tmp_path_factory, generated):
    """Every local build, in this process: a pool is not needed for the reference (test_build checks that a
    pool and one worker give the same bytes), and one process loads the stages' models once for all of them.
    Made before Ray starts all the same, so that no pool is ever forked beside Ray's threads (it can deadlock)."""
    out = tmp_path_factory.mktemp("local")
    built = {"demo": build(recipe(out / "demo"), executor=LocalExecutor(1)).output,
             "one-task": build(recipe(out / "one-task", [str(generated)]), executor=LocalExecutor(1)).output}
    for n in TASK_BYTES:
        built[n] = build(recipe(out / str(n), [str(generated)], n), executor=LocalExecutor(1)).output
    return built


@pytest.fixture(scope="module")
def ray_executor(local):
    from pipeline.executors.ray import RayExecutor

    with pytest.MonkeyPatch.context() as env:
        env.setenv("RAY_worker_niceness", "0")  # read by the raylet this starts
        executor = RayExecutor(workers=1)
    yield executor
    ray.shutdown()


@pytest.fixture(scope="module")
def on_ray(ray_executor, generated, tmp_path_factory):
    """Each corpus built once on Ray: the demo, and the generated one cut into TASK_BYTES' tasks."""
    out = tmp_path_factory.mktemp("on-ray")
    built = {"demo": build(recipe(out / "demo"), executor=ray_executor)}
    for n in TASK_BYTES:
        built[n] = build(recipe(out / str(n), [str(generated)], n), executor=ray_executor)
    return built


def rows(out) -> dict[str, dict]:
    found = {}
    for shard in sorted(out.glob("data/*/*.parquet")):
        for row in pq.read_table(shard).to_pylist():
            assert row["id"] not in found
            found[row["id"]] = row
    return found


def files(out) -> dict[str, bytes]:
    names = [*out.glob("data/*/*.parquet"), out / "rejects.jsonl", out / "stats.json"]
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in names if p.name != "stats.json"}


def test_demo_is_byte_identical_on_ray(local, on_ray):
    demo = on_ray["demo"].output
    assert files(demo) == files(local["demo"])
    assert (demo / "README.md").read_text() == (local["demo"] / "README.md").read_text()


@pytest.mark.parametrize("task_bytes", TASK_BYTES)
def test_generated_corpus_same_rows_whatever_the_executor_and_task_count(local, on_ray, task_bytes):
    built = on_ray[task_bytes]
    assert built.stats["inputs"]["tasks"] > 1
    assert files(built.output) == files(local[task_bytes])
    found = rows(built.output)
    assert found == rows(local["one-task"])
    assert any(r["dup_of"] for r in found.values())
    assert any(r["redactions"] for r in found.values())


def test_a_ray_run_redoes_only_the_tasks_without_a_completion_marker(local, on_ray, ray_executor, generated,
                                                                    tmp_path):
    """As after a kill: a task whose marker and shard are missing runs again, the others are skipped.

    On a copy of the Ray build (the recipe names the copy as output), so the other tests read theirs untouched."""
    shutil.copytree(on_ray[TASK_BYTES[0]].output, tmp_path / "ray")
    work = tmp_path / "ray" / ".newscorpus"
    (work / "task-00001.done").unlink()
    (work / "task-00001.parquet").unlink()
    again = build(recipe(tmp_path / "ray", [str(generated)], TASK_BYTES[0]), executor=ray_executor)
    assert again.tasks_run == 1
    assert files(again.output) == files(local[TASK_BYTES[0]])
