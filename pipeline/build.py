"""The whole job: readers -> per-document stages (in tasks) -> corpus passes -> writers.

Work shards live in the work folder, by default `<output>/.newscorpus/` (hidden,
so neither `load_dataset` nor an upload picks them up); the published files are
written from them at the end, in task order, into a staging folder that is
then switched in whole (`pipeline.switch`): a reader never sees new shards
beside an old card.

An output on a remote filesystem (an fsspec URL) is built in a local folder
inside the work folder, then uploaded file by file: shards first, the files
describing them next, the card last, and what an earlier build published that
this one no longer makes removed only then. Each file is replaced whole, so a
reader never sees a half-written file or a card naming files not yet there.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import xxhash

from pipeline import __version__
from pipeline.document import MASK_KINDS
from pipeline.executors import Executor, LocalExecutor
from pipeline.faults import Faults
from pipeline.fs import (Location, exists, is_within, join, protocol, read_text, remote_files, remove, upload,
                         user_cache_dir)
from pipeline.ownership import MARKER, claim_output, write_marker
from pipeline.passes import run_passes
from pipeline.provenance import versions
from pipeline.recipe import Recipe, RecipeError, find_inputs
from pipeline.state import BuildLock, Plan, StateStore, WorkerLock
from pipeline.switch import STAGING, fresh_staging, switch
from pipeline.switch import finish as finish_switch
from pipeline.task import Task, run_task
from pipeline.writers.card import card_for
from pipeline.writers.croissant import render_croissant
from pipeline.writers.shards import write_shards

WORK = ".newscorpus"
#: Files a build owns in its output folder; only these (and the work folder's contents) are ever deleted.
#: Listed in the order a remote output receives them: the data first, the card that presents it last.
OWNED = ("data", "rejects.jsonl", "duplicates.jsonl", "stats.json", "recipe.json", "croissant.json", "README.md")
#: The local copy of a remote output, inside the work folder (rebuilt by every finalize).
STAGED = "publish"
#: What survives a wipe of the work folder: the lock being held and the state store being reset.
_KEEP_IN_WORK = {"lock", "workers.lock", "state.sqlite", "state.sqlite-wal", "state.sqlite-shm"}


class RecipeChanged(RecipeError):
    """The output was built with another recipe: rebuilding is the user's call (--force)."""


@dataclass
class BuildResult:
    output: Path
    stats: dict[str, Any]
    seconds: float
    tasks_run: int = 0
    up_to_date: bool = False  # nothing changed since the last finished build: nothing was done


def build(
    recipe: Recipe,
    workers: int = 1,
    force: bool = False,
    executor: Executor | None = None,
    on_plan: Callable[[Plan], None] | None = None,
    on_task: Callable[[dict[str, Any]], None] | None = None,
) -> BuildResult:
    """Bring the corpus at `recipe.output` up to date with the recipe and its inputs.

    Only tasks whose inputs are new or changed run; a run that was killed
    resumes with the tasks it had not finished. The corpus-level passes and
    the published files are then redone from all work shards.
    """
    started = time.perf_counter()
    settings = recipe.settings  # every option checked before any work (resolved when the recipe was loaded)
    out, work = recipe.output, work_dir(recipe)
    # Where the published files are written: a staging folder switched in whole (local), or uploaded (remote).
    staged = out / STAGING if isinstance(out, Path) else work / STAGED
    found = find_inputs(recipe.inputs)
    # Never read our own output or work files.
    files = [f for f in found if not is_within(f.location, out) and not is_within(f.location, work)]
    executor = executor or LocalExecutor(workers)
    _check_reachable([f.location for f in files], executor)
    # Refuse a folder that is not ours, or mark it.
    claim_output(out, recipe.inputs, [f.location for f in found], frozenset(OWNED))
    work.mkdir(parents=True, exist_ok=True)
    with BuildLock(work / "lock"):
        if isinstance(out, Path):
            finish_switch(out, OWNED)  # a build killed while switching its files in: finish that first
        state = StateStore(work / "state.sqlite")
        try:
            recipe_hash = xxhash.xxh3_64_hexdigest(recipe.to_json(with_inputs=False).encode())
            previous = state.get("recipe")
            if previous not in (None, recipe_hash) and not force:
                raise RecipeChanged(
                    f"{out} was built with a different recipe; rebuild it with --force "
                    "(or choose another --output)"
                )
            if previous != recipe_hash or force:
                _wipe(staged, work)
                state.reset()
                state.set("recipe", recipe_hash)
            plan = state.plan(files, settings.build.task_bytes, work)
            if not plan.to_run and not plan.removed and state.get("finalized") == plan.digest \
                    and exists(join(out, "stats.json")):
                stats = json.loads(read_text(join(out, "stats.json")))
                return BuildResult(out, stats, time.perf_counter() - started, 0, up_to_date=True)
            state.set("finalized", "")
            for name in plan.removed:
                for f in work.glob(f"{name}.*"):
                    f.unlink()
            if on_plan:
                on_plan(plan)
            for t in plan.to_run:
                (work / f"{t.name}.done").unlink(missing_ok=True)
            executor = _Holding(executor, work)
            tasks_started = time.perf_counter()
            for task_stats in executor.map(partial(run_task, recipe=recipe, work_dir=work), plan.to_run):
                state.mark_done(task_stats["task"])
                if on_task:
                    on_task(task_stats)
            executor.release()  # the tasks' workers hold what the stages loaded (lingua's models): not the passes'
            if isinstance(out, Path):
                fresh_staging(out)
            built_with = {"recipe_hash": recipe_hash, "inputs_digest": plan.inputs_digest, "versions": versions()}
            stats = finalize(recipe, plan.tasks, staged, work, executor, time.perf_counter() - tasks_started,
                             built_with)
            if isinstance(out, Path):
                switch(out, OWNED)
            else:
                publish_remote(staged, out)
            state.set("finalized", plan.digest)
        finally:
            state.close()
            executor.release()
    return BuildResult(out, stats, time.perf_counter() - started, len(plan.to_run))


def work_dir(recipe: Recipe) -> Path:
    """The folder for state, locks and work shards: it must be local (SQLite, flock).

    The recipe's `[build] work` (or `--work`) if set; else `<output>/.newscorpus`
    for a local output, and for a remote one a folder in the user's cache
    keyed by the output URL, so re-running the same build on this machine is
    incremental. (On another machine, or with the cache cleared, the build
    starts over and publishes the same corpus.)
    """
    if recipe.work is not None:
        return recipe.work
    if isinstance(recipe.output, Path):
        return recipe.output / WORK
    return user_cache_dir() / "work" / xxhash.xxh3_64_hexdigest(recipe.output.encode())


def _check_reachable(files: list[Location], executor: Executor) -> None:
    """Fail before any work when inputs live in this process's memory and the tasks would run elsewhere:
    a worker process or a Ray node would find an empty memory:// and read nothing."""
    inline = isinstance(executor, LocalExecutor) and executor.workers == 1
    if not inline and any(protocol(f) == "memory" for f in files):
        raise RecipeError("inputs on memory:// exist only in this process: build them with one worker "
                          "(workers=1, --workers 1), which runs the tasks inline")


def is_owned(rel: str) -> bool:
    """Whether a path relative to an output folder is one a build writes (and so may replace or remove)."""
    return rel.split("/", 1)[0] in OWNED


def publish_remote(staged: Path, url: str) -> None:
    """Upload the corpus built in `staged` to `url` in an order that never shows a reader half a corpus.

    Shards, then rejects, duplicates, stats, recipe and Croissant, then the card
    last; owned files of an earlier build that this one did not make go after.
    """
    made = [p.relative_to(staged).as_posix() for p in staged.rglob("*") if p.is_file()]
    made = sorted((rel for rel in made if is_owned(rel)), key=lambda rel: (OWNED.index(rel.split("/", 1)[0]), rel))
    write_marker(staged)
    upload(staged, url, [MARKER, *made])  # the marker first: an interrupted first upload leaves a folder we own
    keep = set(made)
    remove(url, [rel for rel in remote_files(url) if is_owned(rel) and rel not in keep])


@dataclass(frozen=True)
class _Held:
    """`fn` run under a shared hold on the work folder's worker lock (see `WorkerLock`)."""

    fn: Callable[[Any], Any]
    work: Path

    def __call__(self, item: Any) -> Any:
        with WorkerLock(self.work):
            return self.fn(item)


class _Holding:
    """The build's executor, every call of which holds the worker lock: tasks and pass steps alike."""

    def __init__(self, inner: Executor, work: Path) -> None:
        self.inner, self.work, self.name = inner, work, inner.name

    def map(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[Any]:
        return self.inner.map(_Held(fn, self.work), items)

    def release(self) -> None:
        self.inner.release()


def finalize(recipe: Recipe, tasks: list[Task], out: Path, work: Path, executor: Executor,
             tasks_seconds: float, built_with: dict[str, Any]) -> dict[str, Any]:
    """Corpus passes over the work shards, then every published file, each written atomically.

    stats.json gets the wall seconds of each phase: the tasks run this time
    (`tasks_seconds`), the corpus passes, the writing; and `built_with` as its
    `provenance` (recipe hash, inputs digest, versions) for the card and `validate`.
    """
    shards = [work / f"{t.name}.parquet" for t in tasks]
    started = time.perf_counter()
    faults = Faults()  # failures on single items are contained and counted (pipeline.faults)
    results = run_passes(shards, recipe, work, executor, faults)
    passes_seconds = time.perf_counter() - started
    started = time.perf_counter()
    dropped = {doc_id: canonical for r in results for doc_id, canonical in r.drop.items()}
    splits = recipe.settings.output.fractions

    counts: Counter[tuple[str, str]] = Counter()
    masks: dict[str, Counter[str]] = {}  # per outlet, over the rows written (not dropped copies)
    for shard in shards:
        table = pq.read_table(shard, columns=["id", "lang", "source", "redactions"])
        kinds = _mask_kinds(table["redactions"])
        data = table.select(["id", "lang", "source"]).to_pydict()
        for doc_id, lang, source, found in zip(data["id"], data["lang"], data["source"], kinds):
            if doc_id not in dropped:
                counts[(lang, assign_split(doc_id, splits))] += 1
                if found:
                    tally = masks.setdefault(source or "(unknown)", Counter())
                    tally["masks"] += sum(found.values())
                    tally.update(found)
                    tally["documents"] += 1

    def transform(table: pa.Table) -> pa.Table:
        for r in results:
            if r.transform is not None:
                table = r.transform(table)
        ids = table["id"].to_pylist()
        table = table.append_column("split", pa.array([assign_split(i, splits) for i in ids], pa.string()))
        if dropped:
            table = table.filter(pa.array([i not in dropped for i in ids]))
        return table

    write_shards(out, _batches(shards), counts, recipe.settings.output.rows_per_shard, transform)

    if dropped:
        _atomic_write(out / "duplicates.jsonl", "".join(
            json.dumps({"id": doc_id, "dup_of": canonical}) + "\n" for doc_id, canonical in sorted(dropped.items())
        ))
    else:
        (out / "duplicates.jsonl").unlink(missing_ok=True)
    _atomic_write(out / "rejects.jsonl", "".join(
        (work / f"{t.name}.rejects.jsonl").read_text(encoding="utf-8") for t in tasks
    ))
    task_stats = [json.loads((work / f"{t.name}.stats.json").read_text(encoding="utf-8")) for t in tasks]
    stats = _merge_stats(task_stats, tasks, masks)
    for s in task_stats:
        faults.add_saved(s.get("faults", {}))
    stats["rows_written"] = sum(counts.values())
    for r in results:
        stats[r.name] = r.stats
    stats["duplicates_dropped"] = len(dropped)
    stats["faults"] = faults.to_stats()
    stats["splits"] = {f"{lang}/{split}": n for (lang, split), n in sorted(counts.items())}
    stats["accounting_ok"] = stats["records_read"] == stats["rows_written"] + stats["rejected"] + len(dropped)
    stats["pipeline_version"] = __version__
    stats["provenance"] = built_with
    stats["seconds_wall"] = {"tasks": round(tasks_seconds, 3), "corpus_passes": round(passes_seconds, 3),
                             "writing": round(time.perf_counter() - started, 3)}  # until here: the card is quick
    if not stats["accounting_ok"]:
        raise RuntimeError(f"accounting does not add up: {stats['records_read']} read, {stats['rows_written']} written, "
                           f"{stats['rejected']} rejected, {len(dropped)} dropped")
    _atomic_write(out / "stats.json", json.dumps(stats, ensure_ascii=False, indent=2) + "\n")
    _atomic_write(out / "recipe.json", recipe.to_json() + "\n")
    # Card and Croissant are rendered from the files just written, as `newscorpus validate` re-renders them.
    _atomic_write(out / "README.md", card_for(out))
    _atomic_write(out / "croissant.json", render_croissant(out))
    return stats


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _wipe(out: Path, work: Path) -> None:
    """Remove what an earlier build left in the staging folder and the work folder, keeping the lock this
    build holds. (The corpus it published stays until the new one is switched in.)"""
    for name in OWNED:
        target = out / name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
    for child in work.iterdir():
        if child.name not in _KEEP_IN_WORK:
            if child.is_dir():
                shutil.rmtree(child)
            else:
                child.unlink()


def _batches(shards: list[Path]) -> Iterator[pa.Table]:
    for shard in shards:
        pf = pq.ParquetFile(shard)
        for i in range(pf.num_row_groups):
            yield pf.read_row_group(i)


def _mask_kinds(redactions: pa.ChunkedArray) -> list[Counter[str]]:
    """Per row, how many of its redactions are of each kind."""
    redactions = redactions.combine_chunks()  # one array, so the flattened kinds and their rows line up
    flat = pc.list_flatten(redactions)
    rows = pc.list_parent_indices(redactions).to_pylist()
    per_row: list[Counter[str]] = [Counter() for _ in range(len(redactions))]
    for row, kind in zip(rows, pc.struct_field(flat, "kind").to_pylist() if len(flat) else []):
        per_row[row][kind] += 1
    return per_row


def assign_split(doc_id: str, splits: list[tuple[str, float]]) -> str:
    """A split chosen from the id alone: stable when documents are added or workers change."""
    point = int(doc_id[:8], 16) / 0x1_0000_0000
    edge = 0.0
    for name, share in splits:
        edge += share
        if point < edge:
            return name
    return splits[-1][0]


def _merge_stats(task_stats: list[dict[str, Any]], tasks: list[Task], masks: dict[str, Counter[str]]) -> dict[str, Any]:
    reasons: Counter[str] = Counter()
    langs: Counter[str] = Counter()
    stages: dict[str, Counter[str]] = {}
    seconds: Counter[str] = Counter()
    per_file: dict[str, dict[str, int]] = {}
    for s in task_stats:
        reasons.update(s["rejects_by_reason"])
        langs.update(s["languages"])
        seconds.update(s["seconds"])
        per_file.update(s["per_file"])
        for name, counts in s["stages"].items():
            stages.setdefault(name, Counter()).update(counts)
    mask_total = sum(c["masks"] for c in masks.values())
    by_kind = {k: sum(c[k] for c in masks.values()) for k in MASK_KINDS}
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
            "by_kind": by_kind,
            "by_source": {
                k: dict(v) for k, v in sorted(masks.items(), key=lambda kv: (-kv[1]["masks"], kv[0]))
            },
        },
        "per_file": dict(sorted(per_file.items())),
        "seconds_per_stage": {k: round(v, 3) for k, v in sorted(seconds.items())},
    }
