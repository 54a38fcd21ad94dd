"""Corpus-level passes: work that needs every document (duplicate links, mask
restoration statistics), done over the work shards as explicit file-based
steps rather than hidden global state.

Each pass keeps the contract of `pipeline.passes.base.CorpusPass`: its options
(resolved with the recipe), an optional per-document hook the tasks run, and
its corpus step. A pass reads the work shards (only the columns it needs), may
keep its own files under the work folder, and returns a `PassResult`: a
transform that the final writer applies to every batch of rows, the ids it
drops, and its stats. Passes run in the order of `PASSES`; each sees the work
shards, not the previous pass's output, so they must not depend on one
another's columns. Adding a pass is one module and one line here.

A pass that fails, or whose transform fails on a row, costs what it would
have added, not the build (see `pipeline.faults`): the rows keep what the
per-document stages gave them and the failure is counted.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

import pyarrow as pa

from pipeline.executors import Executor
from pipeline.faults import Faults
from pipeline.passes.base import CorpusPass, DocumentHook, PassResult
from pipeline.passes.dedup import DEDUP
from pipeline.passes.restore import RESTORE
from pipeline.recipe import Recipe, RecipeError

#: Every corpus pass, in the order they run.
PASSES: tuple[CorpusPass, ...] = (DEDUP, RESTORE)


def document_hooks(recipe: Recipe, work_dir: Path, task: str) -> list[tuple[CorpusPass, DocumentHook]]:
    """The per-document hooks of the passes that have one, for task `task`, in pass order."""
    hooks = []
    for p in PASSES:
        hook = p.hook(recipe.settings.passes[p.name], work_dir, task) if p.hook else None
        if hook is not None:
            hooks.append((p, hook))
    return hooks


def run_passes(shards: list[Path], recipe: Recipe, work_dir: Path, executor: Executor,
               faults: Faults | None = None) -> list[PassResult]:
    """Each pass's corpus step in turn: their per-shard steps scheduled by `executor`, their sums and
    fits in this process, from the steps' files. Their failures go to `faults`."""
    faults = Faults() if faults is None else faults
    results = []
    for p in PASSES:
        result = PassResult(name=p.name, stats={"failed": True})
        with faults.item(p.name, "the whole pass", passing=(RecipeError,)):
            result = p.run(shards, recipe, work_dir, executor, faults)
        if result.transform is not None:
            result.transform = partial(_transform_rows, result.name, result.transform, faults)
        results.append(result)
    return results


def _transform_rows(name: str, transform: Callable[[pa.Table], pa.Table], faults: Faults, table: pa.Table) -> pa.Table:
    """`transform` on a batch; if it fails, on each row alone, a row it fails on being kept as it was."""
    try:
        return transform(table)
    except Exception:
        rows = []
        for i in range(len(table)):
            row = table.slice(i, 1)
            with faults.item(f"{name}.write", f"row {row['id'][0].as_py()}"):
                row = transform(row)
            rows.append(row)
        return pa.concat_tables(rows) if rows else table
