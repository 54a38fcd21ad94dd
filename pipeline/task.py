"""A task: a fixed set of input files -> its own work shard, rejects, stats and marker.

The task is the unit of parallelism. Tasks are planned from the sorted input
list and the recipe alone, never from the number of workers, so any executor
running them in any order produces the same work shards. `run_task` is a plain
function of (task, recipe, work folder): a process pool or a cluster engine
can call it anywhere the files are reachable.
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import xxhash

from pipeline.document import SCHEMA, Document, Reject
from pipeline.faults import Faults
from pipeline.fs import as_location, file_size
from pipeline.passes import document_hooks
from pipeline.readers import read_file
from pipeline.recipe import InputFile, Recipe
from pipeline.sanitize import safe_text, sanitize_document
from pipeline.stages import build_stages
from pipeline.undo import RAW_INEXACT, changes, undo_all

BATCH_ROWS = 1000


@dataclass(frozen=True)
class Task:
    index: int
    files: tuple[str, ...]  # absolute paths, or URLs of remote files
    display: tuple[str, ...]  # the names recorded as `source_path` (see `InputFile`)

    @property
    def name(self) -> str:
        return f"task-{self.index:05d}"


def plan_tasks(files: list[InputFile], target_bytes: int) -> list[Task]:
    """Group consecutive input files into tasks of about `target_bytes` each."""
    tasks: list[Task] = []
    group: list[InputFile] = []
    size = 0
    for f in files:
        group.append(f)
        size += file_size(f.location)
        if size >= target_bytes:
            tasks.append(_task(len(tasks), group))
            group, size = [], 0
    if group:
        tasks.append(_task(len(tasks), group))
    return tasks


def _task(index: int, files: list[InputFile]) -> Task:
    return Task(index, tuple(str(f.location) for f in files), tuple(f.shown for f in files))


def document_id(doc: Document) -> str:
    """Stable id from where the record came from and what it said, before any cleaning."""
    h = xxhash.xxh3_128()
    h.update(doc.source_path.encode())
    h.update(b"\0%d\0" % doc.source_index)
    h.update(doc.text.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def run_task(task: Task, recipe: Recipe, work_dir: Path) -> dict[str, Any]:
    """Read, clean and write one task's documents; return its stats (also saved as JSON)."""
    stages = build_stages(recipe)
    seconds: Counter[str] = Counter()
    langs: Counter[str] = Counter()
    per_file: dict[str, Counter[str]] = defaultdict(Counter)
    rejects: list[Reject] = []
    pending: list[tuple[Document, str]] = []  # cleaned documents not yet written, with their file's path
    faults = Faults(logged=False)  # the driver logs them (pipeline.faults)
    tmp = work_dir / f"{task.name}.parquet.tmp"
    writer = pq.ParquetWriter(tmp, SCHEMA, compression="zstd")
    # What the corpus passes need of each row (dedup's signatures), computed here where it runs in parallel.
    hooks = document_hooks(recipe, work_dir, task.name)

    def flush() -> None:
        """Write the pending documents; one that Arrow still refuses is a reject, not a lost task."""
        for doc, shown, written in _writable(pending, writer, rejects):
            if not written:
                per_file[shown]["rejected"] += 1
                continue
            per_file[shown]["rows"] += 1
            langs[doc.lang] += 1
            for p, hook in hooks:
                with faults.item(f"{p.name}.{p.hook_step}", f"row {doc.id}"):  # costs what that pass adds (unsigned: no links)
                    hook.add(doc)
        pending.clear()

    try:
        for path, shown in zip(task.files, task.display):
            t0 = time.perf_counter()
            for record in read_file(as_location(path), shown, options=recipe.settings.reader):
                seconds["read"] += time.perf_counter() - t0
                per_file[shown]["read"] += 1
                outcome = record if isinstance(record, Reject) else clean_document(record, stages, seconds)
                if isinstance(outcome, Reject):
                    rejects.append(outcome)
                    per_file[shown]["rejected"] += 1
                else:
                    pending.append((sanitize_document(outcome), shown))
                    if len(pending) >= BATCH_ROWS:
                        flush()
                t0 = time.perf_counter()
        flush()
    finally:
        writer.close()
        for _, hook in hooks:
            hook.close()
    for p, hook in hooks:
        seconds[f"{p.name}_{p.hook_step}s"] = hook.seconds
    rej_tmp = work_dir / f"{task.name}.rejects.jsonl.tmp"
    with open(rej_tmp, "w", encoding="utf-8") as fh:
        for r in rejects:
            fh.write(json.dumps(_reject_row(r), ensure_ascii=False) + "\n")
    stats = {
        "task": task.name,
        "records_read": sum(c["read"] for c in per_file.values()),
        "rows": sum(c["rows"] for c in per_file.values()),
        "rejected": len(rejects),
        "rejects_by_reason": dict(sorted(Counter(r.reason for r in rejects).items())),
        "languages": dict(sorted(langs.items())),
        "stages": {s.name: dict(sorted(s.stats.items())) for s in stages},
        "per_file": {k: dict(v) for k, v in per_file.items()},
        "seconds": {k: round(v, 4) for k, v in seconds.items()},
        "faults": faults.saved(),
    }
    (work_dir / f"{task.name}.stats.json").write_text(json.dumps(stats, ensure_ascii=False, indent=1))
    os.replace(rej_tmp, work_dir / f"{task.name}.rejects.jsonl")
    os.replace(tmp, work_dir / f"{task.name}.parquet")
    for _, hook in hooks:
        hook.commit()
    (work_dir / f"{task.name}.done").touch()
    return stats


def clean_document(doc: Document, stages: list, seconds: Counter[str]) -> Document | Reject:
    """Give `doc` its id and run it through `stages`; a stage that raises rejects the document, not the task."""
    doc.id = document_id(doc)
    as_read = doc.text
    for stage in stages:
        t0 = time.perf_counter()
        before = doc.text
        try:
            result = stage(doc)
        except Exception as exc:  # a stage bug must cost one record, not the run
            stage.count("errors")
            result = Reject(doc.source_path, doc.source_index, "stage_error",
                            f"{stage.name} failed: {type(exc).__name__}: {exc}", stage=stage.name, id=doc.id)
        t1 = time.perf_counter()
        seconds[stage.name] += t1 - t0
        if isinstance(result, Reject):
            return result
        result.undo.extend(changes(stage.name, before, result.text))
        seconds["undo"] += time.perf_counter() - t1
        doc = result
    if undo_all(doc.text, doc.undo) != as_read:  # cannot happen while every change is diffed; say so if it does
        doc.quality_flags.append(RAW_INEXACT)
    return doc


def _writable(pending: list[tuple[Document, str]], writer: pq.ParquetWriter,
              rejects: list[Reject]) -> list[tuple[Document, str, bool]]:
    """Write `pending` as one batch; if Arrow refuses it, row by row, the refused ones as rejects.

    Returns (document, file, whether it was written) in order.
    """
    rows = [doc.to_row() for doc, _ in pending]
    try:
        writer.write_table(pa.Table.from_pylist(rows, schema=SCHEMA))
        return [(doc, shown, True) for doc, shown in pending]
    except (pa.ArrowException, UnicodeError, ValueError, TypeError, OverflowError):
        pass
    done: list[tuple[Document, str, bool]] = []
    kept: list[dict[str, Any]] = []
    for (doc, shown), row in zip(pending, rows):
        try:
            pa.Table.from_pylist([row], schema=SCHEMA)
        except (pa.ArrowException, UnicodeError, ValueError, TypeError, OverflowError) as exc:
            rejects.append(Reject(doc.source_path, doc.source_index, "unwritable",
                                  f"the row cannot be stored: {type(exc).__name__}: {exc}", stage="write", id=doc.id))
            done.append((doc, shown, False))
            continue
        kept.append(row)
        done.append((doc, shown, True))
    if kept:
        writer.write_table(pa.Table.from_pylist(kept, schema=SCHEMA))
    return done


#: Characters of a reject's message kept in rejects.jsonl: a message must say what is wrong, not carry the record.
MESSAGE_CHARS = 500


def _reject_row(r: Reject) -> dict[str, Any]:
    message = safe_text(r.message)
    if len(message) > MESSAGE_CHARS:
        message = message[:MESSAGE_CHARS] + f"… ({len(message) - MESSAGE_CHARS} more characters left out)"
    return {
        "source_path": safe_text(r.source_path),
        "source_index": r.source_index,
        "position": safe_text(r.position[:MESSAGE_CHARS]) if r.position else r.position,
        "reason": r.reason,
        "message": message,
        "stage": r.stage,
        "id": r.id,
    }
