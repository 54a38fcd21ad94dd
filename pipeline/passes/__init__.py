"""Corpus-level passes: work that needs every document (duplicate links, mask
restoration statistics), done over the work shards as explicit file-based
steps rather than hidden global state.

A pass reads the work shards (only the columns it needs), may keep its own
files under the work folder, and returns a `PassResult`: a transform that the
final writer applies to every batch of rows, the ids it drops, and its stats.
Passes run in the order of `PASSES`; each sees the work shards, not the
previous pass's output, so they must not depend on one another's columns.

A pass that fails, or whose transform fails on a row, costs what it would
have added, not the build (see `pipeline.faults`): the rows keep what the
per-document stages gave them and the failure is counted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import pyarrow as pa

from pipeline.executors import Executor
from pipeline.faults import Faults
from pipeline.recipe import Recipe, RecipeError


@dataclass
class PassResult:
    name: str
    transform: Callable[[pa.Table], pa.Table] | None = None
    drop: dict[str, str] = field(default_factory=dict)  # dropped id -> the id it duplicates
    stats: dict[str, Any] = field(default_factory=dict)


def run_passes(shards: list[Path], recipe: Recipe, work_dir: Path, executor: Executor,
               faults: Faults | None = None) -> list[PassResult]:
    """Duplicate links, then mask restoration: their per-shard steps scheduled by `executor`,
    their sums and fits in this process, from the steps' files. Their failures go to `faults`."""
    from pipeline.passes.dedup import dedup_pass
    from pipeline.passes.restore import restore_pass

    faults = Faults() if faults is None else faults
    results = []
    for name, run in (("dedup", dedup_pass), ("restore", partial(restore_pass, faults=faults))):
        result = PassResult(name=name, stats={"failed": True})
        with faults.item(name, "the whole pass", passing=(RecipeError,)):
            result = run(shards, recipe, work_dir, executor)
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
