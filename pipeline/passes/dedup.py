"""Duplicate links: every copy points at one canonical row (`dup_of`), which
carries the size of its cluster; the recipe chooses to keep-and-mark copies
(default) or drop them."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa

from pipeline.passes import PassResult
from pipeline.passes.exact_dup import find_exact_duplicates
from pipeline.recipe import Recipe, RecipeError


def dedup_pass(shards: list[Path], recipe: Recipe, work_dir: Path) -> PassResult:
    mode = recipe.dedup.get("mode", "mark")
    if mode not in ("mark", "drop"):
        raise RecipeError(f"[dedup] mode must be 'mark' or 'drop', not {mode!r}")
    dup_of, sizes = find_exact_duplicates(shards) if recipe.dedup.get("exact", True) else ({}, {})

    def transform(table: pa.Table) -> pa.Table:
        ids = table["id"].to_pylist()
        table = table.set_column(table.schema.get_field_index("dup_of"), "dup_of",
                                 pa.array([dup_of.get(i) for i in ids], pa.string()))
        return table.set_column(table.schema.get_field_index("dup_cluster_size"), "dup_cluster_size",
                                pa.array([sizes.get(i, 1) for i in ids], pa.int32()))

    return PassResult(
        name="dedup",
        transform=transform,
        drop=dict(dup_of) if mode == "drop" else {},
        stats={"exact_linked": len(dup_of), "clusters": len(sizes), "mode": mode},
    )
