"""The same recipe on Ray gives the same corpus as the local process pool.

A local Ray with 2 CPUs is started once for the module. Rows are compared
whole (ids, text, dup_of, redactions and every other column), also across
different task sizes, which change how many tasks the corpus is cut into.
"""

from __future__ import annotations

import pyarrow.parquet as pq
import pytest

from bench.corpus import generate
from pipeline.build import build
from pipeline.executors import LocalExecutor
from pipeline.recipe import load_recipe
from tests.conftest import DEMO

ray = pytest.importorskip("ray", reason='the Ray executor needs the extra: pip install "newscorpus[ray]"')


@pytest.fixture(scope="module")
def ray_executor():
    from pipeline.executors.ray import RayExecutor

    executor = RayExecutor(workers=2)
    yield executor
    ray.shutdown()


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("gen")
    generate(folder / "corpus", docs=1500, seed=7, formats=("jsonl",), docs_per_shard=250)
    return folder / "corpus" / "jsonl"


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


def test_demo_is_byte_identical_on_ray(ray_executor, tmp_path):
    local = build(load_recipe(DEMO, output=str(tmp_path / "local")), executor=LocalExecutor(2))
    on_ray = build(load_recipe(DEMO, output=str(tmp_path / "ray")), executor=ray_executor)
    assert files(on_ray.output) == files(local.output)
    assert (on_ray.output / "README.md").read_text() == (local.output / "README.md").read_text()


@pytest.mark.parametrize("task_bytes", [400_000, 1_500_000])
def test_generated_corpus_same_rows_whatever_the_executor_and_task_count(ray_executor, generated, tmp_path,
                                                                          task_bytes):
    def recipe(name: str):
        r = load_recipe(DEMO, inputs=[str(generated)], output=str(tmp_path / name))
        return type(r)(**{**r.__dict__, "build": {**r.build, "task_bytes": task_bytes}})

    local = build(recipe("local"), executor=LocalExecutor(2))
    on_ray = build(recipe("ray"), executor=ray_executor)
    assert on_ray.stats["inputs"]["tasks"] > 1
    assert files(on_ray.output) == files(local.output)
    reference = build(load_recipe(DEMO, inputs=[str(generated)], output=str(tmp_path / "one-task")),
                      executor=LocalExecutor(1))
    assert rows(on_ray.output) == rows(reference.output)
    assert any(r["dup_of"] for r in rows(on_ray.output).values())
    assert any(r["redactions"] for r in rows(on_ray.output).values())
