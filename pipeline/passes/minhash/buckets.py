"""Stages 3 and 4: band keys into hash partitions, then verified candidate pairs per partition.

A band key is a hash of `rows` consecutive sketch values; two documents whose
keys agree in any band are candidates. Keys go to `parts` partition files by
value, so each partition holds whole buckets and can be processed alone: the
memory of stage 4 is that of one partition (about `PART_ROWS` keys), however
large the corpus.

Within a bucket the first member (lowest document number, that is lowest id)
is compared with every other on the full sketch; members close enough are
linked to it, the others form the bucket again without it, and so on. A true
copy is thus linked to a member it really resembles, an LSH false positive is
never linked, and the choice depends on the ids alone.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np

from pipeline.passes.minhash.matrix import read_rows
from pipeline.passes.minhash.params import MinHashParams
from pipeline.passes.minhash.signatures import mix64

#: Band keys per partition (12 bytes each, sorted in memory with their doc numbers).
PART_ROWS = 4_000_000
#: Candidate pairs compared at once (two sketch rows each).
VERIFY_BATCH = 16_384
KEY = np.dtype([("key", "<u8"), ("doc", "<u4")])
EDGE = np.dtype([("a", "<u4"), ("b", "<u4"), ("matches", "<u2")])
_U64 = np.uint64


def partition_count(sketched: int, bands: int, part_rows: int) -> int:
    return max(1, math.ceil(sketched * bands / part_rows))


def band_keys(span: tuple[int, int], *, matrix_path: Path, sketched: np.ndarray, params: MinHashParams,
              parts: int, out_dir: Path) -> int:
    """Write the band keys of the sketched documents in `span` to `out_dir/part-P/chunk-<start>.npy`.

    Returns how many keys were written.
    """
    start, stop = span
    docs = start + np.flatnonzero(sketched[start:stop])
    block = read_rows(matrix_path, docs)
    keys = np.empty((params.bands, len(docs)), _U64)
    for band in range(params.bands):
        h = np.full(len(docs), band + 1, _U64)
        for col in range(band * params.rows, (band + 1) * params.rows):
            h = (h ^ block[:, col].astype(_U64)) * _U64(0x100000001B3)  # FNV-1a step over 32-bit values
        keys[band] = mix64(h)
    records = np.empty(keys.size, KEY)
    records["key"] = keys.ravel()
    records["doc"] = np.tile(docs.astype(np.uint32), params.bands)
    part_of = records["key"] % _U64(parts)
    for part in range(parts):
        folder = out_dir / f"part-{part:05d}"
        folder.mkdir(parents=True, exist_ok=True)
        np.save(folder / f"chunk-{start:010d}.npy", records[part_of == part])
    return len(records)


def candidate_pairs(part_dir: Path, *, matrix_path: Path, params: MinHashParams, out_dir: Path) -> dict[str, Any]:
    """Verified near-duplicate links of one partition, saved as `out_dir/<partition>.npy`.

    Each link is (a, b, number of equal sketch values), a < b being document numbers.
    """
    files = sorted(part_dir.glob("*.npy"))
    records = np.concatenate([np.load(f) for f in files]) if files else np.empty(0, KEY)
    order = np.lexsort((records["doc"], records["key"]))
    key, doc = records["key"][order], records["doc"][order].astype(np.int64)
    del records, order
    once = np.r_[True, (key[1:] != key[:-1]) | (doc[1:] != doc[:-1])] if len(key) else np.zeros(0, bool)
    key, doc = key[once], doc[once]  # a doc twice under one key counts once
    new = np.r_[True, key[1:] != key[:-1]] if len(key) else np.zeros(0, bool)
    group = np.cumsum(new) - 1
    group, doc = _in_shared_groups(group, doc)
    stats = {"buckets": int(len(np.unique(group))), "checked": 0, "linked": 0}
    need = math.ceil(params.threshold * params.num_perm - 1e-9)
    edges: list[np.ndarray] = []
    while len(doc):
        first = np.r_[True, group[1:] != group[:-1]]
        leader = doc[first][np.cumsum(first) - 1]
        a, b = leader[~first], doc[~first]
        matches = _matches(matrix_path, a, b)
        ok = matches >= need
        stats["checked"] += len(a)
        found = np.empty(int(ok.sum()), EDGE)
        found["a"], found["b"], found["matches"] = a[ok], b[ok], matches[ok]
        edges.append(found)
        left = ~first
        left[left] = ~ok
        group, doc = _in_shared_groups(group[left], doc[left])
    result = np.unique(np.concatenate(edges)) if edges else np.empty(0, EDGE)
    stats["linked"] = len(result)
    np.save(out_dir / f"{part_dir.name}.npy", result)
    return stats


def _in_shared_groups(group: np.ndarray, doc: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Keep only members of groups that still have two or more."""
    if not len(group):
        return group, doc
    _, inverse, counts = np.unique(group, return_inverse=True, return_counts=True)
    keep = counts[inverse] >= 2
    return group[keep], doc[keep]


def _matches(matrix_path: Path, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Number of equal sketch values for each pair, each distinct pair compared once."""
    if not len(a):
        return np.zeros(0, np.int64)
    pairs, inverse = np.unique((a.astype(_U64) << _U64(32)) | b.astype(_U64), return_inverse=True)
    first, second = (pairs >> _U64(32)).astype(np.int64), (pairs & _U64(0xFFFFFFFF)).astype(np.int64)
    counts = np.empty(len(pairs), np.int64)
    for i in range(0, len(pairs), VERIFY_BATCH):
        x, y = first[i:i + VERIFY_BATCH], second[i:i + VERIFY_BATCH]
        rows = read_rows(matrix_path, np.r_[x, y])
        counts[i:i + VERIFY_BATCH] = (rows[:len(x)] == rows[len(x):]).sum(axis=1)
    return counts[inverse]
