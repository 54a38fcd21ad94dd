"""The whole job: readers -> per-document stages (in tasks) -> corpus passes -> writers.

Work shards live in `<output>/.newscorpus/` (hidden, so neither `load_dataset`
nor an upload picks them up); the published files are written from them at
the end, in task order.
"""

from __future__ import annotations

import json
import shutil
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline import __version__
from pipeline.executors.local import run_local
from pipeline.passes import run_passes
from pipeline.recipe import Recipe, RecipeError, expand_inputs
from pipeline.stages import build_stages
from pipeline.task import Task, plan_tasks, run_task
from pipeline.writers.card import render_card
from pipeline.writers.shards import write_shards

WORK = ".newscorpus"
#: Files and folders a build owns in its output folder; only these are ever deleted.
OWNED = ("data", WORK, "README.md", "stats.json", "rejects.jsonl", "duplicates.jsonl", "recipe.json")


@dataclass
class BuildResult:
    output: Path
    stats: dict[str, Any]
    seconds: float


def build(recipe: Recipe, workers: int = 1, progress: Any = None) -> BuildResult:
    started = time.perf_counter()
    build_stages(recipe)  # fail on a bad stage option before any work
    files = expand_inputs(recipe.inputs)
    tasks = plan_tasks(files, recipe.base_dir, int(recipe.build.get("task_bytes", 64 * 2**20)))
    out = recipe.output
    out.mkdir(parents=True, exist_ok=True)
    for name in OWNED:
        target = out / name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
    work = out / WORK
    work.mkdir()

    task_stats = []
    for stats in run_local(partial(run_task, recipe=recipe, work_dir=work), tasks, workers):
        task_stats.append(stats)
        if progress:
            progress(stats)
    task_stats.sort(key=lambda s: s["task"])
    shards = [work / f"{t.name}.parquet" for t in tasks]

    results = run_passes(shards, recipe, work)
    dropped = {doc_id: canonical for r in results for doc_id, canonical in r.drop.items()}
    splits = _splits(recipe)

    counts: Counter[tuple[str, str]] = Counter()
    for shard in shards:
        data = pq.read_table(shard, columns=["id", "lang"]).to_pydict()
        for doc_id, lang in zip(data["id"], data["lang"]):
            if doc_id not in dropped:
                counts[(lang, assign_split(doc_id, splits))] += 1

    def transform(table: pa.Table) -> pa.Table:
        for r in results:
            if r.transform is not None:
                table = r.transform(table)
        ids = table["id"].to_pylist()
        table = table.append_column("split", pa.array([assign_split(i, splits) for i in ids], pa.string()))
        if dropped:
            table = table.filter(pa.array([i not in dropped for i in ids]))
        return table

    written = write_shards(out, _batches(shards), counts, int(recipe.build.get("rows_per_shard", 100_000)), transform)

    if dropped:
        with open(out / "duplicates.jsonl", "w", encoding="utf-8") as fh:
            for doc_id, canonical in sorted(dropped.items()):
                fh.write(json.dumps({"id": doc_id, "dup_of": canonical}) + "\n")
    with open(out / "rejects.jsonl", "w", encoding="utf-8") as fh:
        for t in tasks:
            fh.write((work / f"{t.name}.rejects.jsonl").read_text(encoding="utf-8"))

    stats = _merge_stats(task_stats, tasks)
    stats["rows_written"] = sum(counts.values())
    for r in results:
        stats[r.name] = r.stats
    stats["duplicates_dropped"] = len(dropped)
    stats["splits"] = {f"{lang}/{split}": n for (lang, split), n in sorted(counts.items())}
    stats["accounting_ok"] = stats["records_read"] == stats["rows_written"] + stats["rejected"] + len(dropped)
    stats["pipeline_version"] = __version__
    if not stats["accounting_ok"]:
        raise RuntimeError(f"accounting does not add up: {stats['records_read']} read, {stats['rows_written']} written, "
                           f"{stats['rejected']} rejected, {len(dropped)} dropped")
    (out / "stats.json").write_text(json.dumps(stats, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    (out / "recipe.json").write_text(recipe.to_json() + "\n", encoding="utf-8")
    (out / "README.md").write_text(render_card(recipe, stats, written), encoding="utf-8")
    return BuildResult(out, stats, time.perf_counter() - started)


def _batches(shards: list[Path]) -> Iterator[pa.Table]:
    for shard in shards:
        pf = pq.ParquetFile(shard)
        for i in range(pf.num_row_groups):
            yield pf.read_row_group(i)


def _splits(recipe: Recipe) -> list[tuple[str, float]]:
    splits = recipe.build.get("splits", {"train": 1.0})
    total = sum(splits.values())
    if total <= 0 or any(v < 0 for v in splits.values()):
        raise RecipeError("[output] splits must be non-negative fractions with a positive sum")
    return [(name, share / total) for name, share in splits.items()]


def assign_split(doc_id: str, splits: list[tuple[str, float]]) -> str:
    """A split chosen from the id alone: stable when documents are added or workers change."""
    point = int(doc_id[:8], 16) / 0x1_0000_0000
    edge = 0.0
    for name, share in splits:
        edge += share
        if point < edge:
            return name
    return splits[-1][0]


def _merge_stats(task_stats: list[dict[str, Any]], tasks: list[Task]) -> dict[str, Any]:
    reasons: Counter[str] = Counter()
    langs: Counter[str] = Counter()
    stages: dict[str, Counter[str]] = {}
    masks: dict[str, Counter[str]] = {}
    seconds: Counter[str] = Counter()
    per_file: dict[str, dict[str, int]] = {}
    for s in task_stats:
        reasons.update(s["rejects_by_reason"])
        langs.update(s["languages"])
        seconds.update(s["seconds"])
        per_file.update(s["per_file"])
        for name, counts in s["stages"].items():
            stages.setdefault(name, Counter()).update(counts)
        for src, counts in s["masks_by_source"].items():
            masks.setdefault(src, Counter()).update(counts)
    mask_total = sum(c["masks"] for c in masks.values())
    return {
        "inputs": {"files": sum(len(t.files) for t in tasks), "tasks": len(tasks)},
        "records_read": sum(s["records_read"] for s in task_stats),
        "rejected": sum(s["rejected"] for s in task_stats),
        "rejects_by_reason": dict(sorted(reasons.items())),
        "languages": dict(sorted(langs.items())),
        "stages": {name: dict(sorted(c.items())) for name, c in stages.items()},
        "masks": {
            "total": mask_total,
            "documents": sum(c["documents"] for c in masks.values()),
            "by_source": {
                k: dict(v) for k, v in sorted(masks.items(), key=lambda kv: (-kv[1]["masks"], kv[0]))
            },
        },
        "per_file": dict(sorted(per_file.items())),
        "seconds_per_stage": {k: round(v, 3) for k, v in sorted(seconds.items())},
    }
