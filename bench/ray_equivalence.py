"""The local pool and Ray give the same corpus at a size where the corpus passes have real work.

The test suite checks the executors agree on the demo and on 120 generated
articles (tests/executors/test_ray.py); this is the same check at 50,000
(the default), too slow for a test run: the corpus is built locally cut into
one number of tasks and on a local Ray cut into another, and every column of
every row is compared by digest, with rejects.jsonl byte for byte.

    python -m bench.ray_equivalence                     # 50,000 articles, 2 workers
    python -m bench.ray_equivalence --docs 200000 --workers 4

Prints the figures and writes them as JSON to bench/out/ (git-ignored).
Exits 1 if the two corpora differ.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from bench.corpus import ROOT, generate

OUT = ROOT / "bench" / "out"
DEMO = ROOT / "corpora" / "demo"
#: Input bytes per task on each side: 8 and 5 tasks at 50,000 articles, so the cut differs.
LOCAL_TASK_BYTES, RAY_TASK_BYTES = 24_000_000, 40_000_000


def row_digests(out: Path) -> dict[str, str]:
    """A digest of every row (all columns), by id: many rows compared without holding them as objects."""
    found: dict[str, str] = {}
    for shard in sorted(out.glob("data/*/*.parquet")):
        for batch in pq.ParquetFile(shard).iter_batches(batch_size=2000):
            for row in batch.to_pylist():
                if row["id"] in found:
                    raise SystemExit(f"id {row['id']} twice in {out}")
                found[row["id"]] = hashlib.sha256(json.dumps(row, sort_keys=True, default=str).encode()).hexdigest()
    return found


def timed_build(inputs: Path, output: Path, task_bytes: int, executor: Any) -> tuple[Any, float]:
    from pipeline.build import build
    from pipeline.recipe import load_recipe

    recipe = load_recipe(DEMO, inputs=[str(inputs)], output=str(output))
    recipe = replace(recipe, build={**recipe.build, "task_bytes": task_bytes})
    started = time.perf_counter()
    result = build(recipe, executor=executor)
    return result, time.perf_counter() - started


def compare(local: Any, on_ray: Any) -> list[str]:
    """What differs between the two builds (nothing, when the executors agree)."""
    problems = []
    if on_ray.stats["inputs"]["tasks"] == local.stats["inputs"]["tasks"]:
        problems.append("both builds were cut into the same number of tasks: choose other --task-bytes")
    for key in ("records_read", "rows_written", "rejected", "accounting_ok"):
        if on_ray.stats[key] != local.stats[key]:
            problems.append(f"{key}: local {local.stats[key]}, Ray {on_ray.stats[key]}")
    mine, theirs = row_digests(local.output), row_digests(on_ray.output)
    if mine != theirs:
        differ = sum(mine.get(k) != theirs.get(k) for k in mine.keys() | theirs.keys())
        problems.append(f"{differ} rows differ (or exist on one side only)")
    if (local.output / "rejects.jsonl").read_bytes() != (on_ray.output / "rejects.jsonl").read_bytes():
        problems.append("rejects.jsonl differs")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)

    from pipeline.executors import LocalExecutor
    from pipeline.executors.ray import RayExecutor

    with tempfile.TemporaryDirectory(prefix="ray-equivalence-") as tmp:
        corpus = generate(Path(tmp) / "corpus", docs=args.docs, seed=args.seed, formats=("jsonl",))
        inputs = Path(tmp) / "corpus" / "jsonl"
        load = os.getloadavg()[0]
        # Every local build before Ray starts: a process pool forked beside Ray's threads can deadlock.
        local, local_s = timed_build(inputs, Path(tmp) / "local", LOCAL_TASK_BYTES, LocalExecutor(args.workers))
        on_ray, ray_s = timed_build(inputs, Path(tmp) / "ray", RAY_TASK_BYTES, RayExecutor(workers=args.workers))
        problems = compare(local, on_ray)
        figures = {
            "command": " ".join(sys.argv), "docs": args.docs, "seed": args.seed, "workers": args.workers,
            "mb": round(corpus["bytes"] / 1e6, 1), "load_before": round(load, 2),
            "local": {"tasks": local.stats["inputs"]["tasks"], "seconds": round(local_s, 1)},
            "ray": {"tasks": on_ray.stats["inputs"]["tasks"], "seconds": round(ray_s, 1)},
            "rows": on_ray.stats["rows_written"], "rejected": on_ray.stats["rejected"],
            "word_masks": on_ray.stats.get("restore", {}).get("word_masks"),
            "dedup_linked": on_ray.stats.get("dedup", {}).get("linked"),
            "identical": not problems, "problems": problems,
        }
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"ray_equivalence-{args.docs}.json").write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(figures, indent=2))
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
