"""Corpus-level passes: work that needs every document (duplicate links, mask
restoration statistics), done over the work shards as explicit file-based
steps rather than hidden global state.

A pass reads the work shards (only the columns it needs), may keep its own
files under the work folder, and returns a `PassResult`: a transform that the
final writer applies to every batch of rows, the ids it drops, and its stats.
Passes run in the order of `PASSES`; each sees the work shards, not the
previous pass's output, so they must not depend on one another's columns.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa

from pipeline.executors import Executor
from pipeline.recipe import Recipe


@dataclass
class PassResult:
    name: str
    transform: Callable[[pa.Table], pa.Table] | None = None
    drop: dict[str, str] = field(default_factory=dict)  # dropped id -> the id it duplicates
    stats: dict[str, Any] = field(default_factory=dict)


def run_passes(shards: list[Path], recipe: Recipe, work_dir: Path, executor: Executor) -> list[PassResult]:
    """Duplicate links, then mask restoration: their per-shard steps scheduled by `executor`,
    their sums and fits in this process, from the steps' files."""
    from pipeline.passes.dedup import dedup_pass
    from pipeline.passes.restore import restore_pass

    return [dedup_pass(shards, recipe, work_dir, executor), restore_pass(shards, recipe, work_dir, executor)]
