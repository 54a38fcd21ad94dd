"""Stages 3 and 4: band keys into hash partitions, then verified candidate pairs per partition.

A band key is a hash of `rows` consecutive sketch values; two documents whose
keys agree in any band are candidates. Keys go to `parts` partition files by
value, so each partition holds whole buckets and can be processed alone: the
memory of stage 4 is that of one partition (about `PART_ROWS` keys), however
large the corpus. Stage 4 first moves the buckets of two documents or more
to partitions by their lowest document (`shared_buckets`), so that the many
buckets a pair of copies meets in are verified by one worker, each pair once.

Sentence keys (`verify.sentence_keys`) go to the same partitions: a bucket
is then the documents that print one sentence, and a bucket of more than
`verify.KEY_BUCKET` (boilerplate) is skipped.

Within a bucket the first member (lowest document number, that is lowest id)
is compared with every other: on the full sketch (estimated Jaccard at least
`threshold`: a `near` copy), else on the documents' sentences (the smaller one
has at least `containment` of its words in sentences it shares with the
other: `contained`, or `near` when each has). Members that pass are linked
to it, the others form the bucket again without it, and so on. A true copy is
thus linked to a member it really resembles, an LSH false positive is never
linked, and the choice depends on the ids alone.
"""

from __future__ import annotations

import math
from functools import partial
from pathlib import Path
from typing import Any, Callable

import numpy as np

from pipeline.passes.minhash.matrix import MatrixReader, read_rows
from pipeline.passes.minhash.params import MinHashParams
from pipeline.passes.minhash.signatures import mix64
from pipeline.passes.minhash.verify import KEY, KEY_BUCKET, SENTENCE_BIT, RunStore, is_sentence_key

#: Band keys per partition (12 bytes each, sorted in memory with their doc numbers).
PART_ROWS = 4_000_000
#: Candidate pairs compared at once (two sketch rows each).
VERIFY_BATCH = 16_384
EDGE = np.dtype([("a", "<u4"), ("b", "<u4"), ("matches", "<u2"), ("kind", "u1")])
#: Link kinds, strongest first (a row's kind is that of its strongest link).
KINDS = ("exact", "near", "contained")
EXACT, NEAR, CONTAINED = range(3)
#: A pair whose sketches say the smaller shares less than this share of its
#: shingles with the other is not read: a contained copy has at least
#: `containment` of its words in sentences that keep half their runs, so about
#: a third of its runs, and more of its shingles, in the other.
READ_FLOOR = 0.3
_U64 = np.uint64


def partition_count(keys: int, part_rows: int) -> int:
    return max(1, math.ceil(keys / part_rows))


def band_keys(span: tuple[int, int], *, matrix_path: Path, sketched: np.ndarray, params: MinHashParams,
              parts: int, out_dir: Path) -> int:
    """Write the band keys of the sketched documents in `span` to `out_dir/part-P/chunk-<start>.npy`.

    Returns how many keys were written.
    """
    start, stop = span
    docs = start + np.flatnonzero(sketched[start:stop])
    block = read_rows(matrix_path, docs)
    # Every band at once, a row of the bands at a time: band b hashes columns b*rows .. b*rows+rows-1.
    h = np.broadcast_to(np.arange(1, params.bands + 1, dtype=_U64), (len(docs), params.bands))
    for row in range(params.rows):
        column = block[:, row:params.bands * params.rows:params.rows].astype(_U64)
        h = (h ^ column) * _U64(0x100000001B3)  # FNV-1a step over 32-bit values
    records = np.empty(h.size, KEY)
    records["key"] = (mix64(h) & ~SENTENCE_BIT).T.ravel()  # band after band
    records["doc"] = np.tile(docs.astype(np.uint32), params.bands)
    # One stable sort by partition, not a pass over the records a partition.
    part_of = (records["key"] % _U64(parts)).astype(np.uint16 if parts < 2**16 else np.uint64)
    order = np.argsort(part_of, kind="stable")
    bounds = np.searchsorted(part_of[order], np.arange(parts + 1))
    for part in range(parts):
        folder = out_dir / f"part-{part:05d}"
        folder.mkdir(parents=True, exist_ok=True)
        np.save(folder / f"chunk-{start:010d}.npy", records[order[bounds[part]:bounds[part + 1]]])
    return len(records)


def shared_buckets(part_dir: Path, *, parts: int, out_dir: Path) -> dict[str, Any]:
    """Stage 4a: the buckets of one key partition that hold two documents or more, boilerplate
    sentences left out, moved to `out_dir/part-L/from-<partition>.npy` by their lowest document.

    A pair of copies meets in many buckets (the bands and sentences they
    share), which partitions by key value scatter, and each partition would
    verify it again. Buckets gathered by their first leader reach one worker,
    which verifies each pair once (`_Verified`). Each file keeps its records
    sorted by key, then document.
    """
    files = sorted(part_dir.glob("*.npy"))
    records = np.concatenate([np.load(f) for f in files]) if files else np.empty(0, KEY)
    # Most keys are a single document's: a plain sort by key finds them, and only the
    # others are sorted by key then document, as one 64-bit value each (the key's
    # rank among them, the document): a lexsort or a sort of the records costs several times as much.
    key = records["key"]
    order = np.argsort(key)
    key = key[order]
    repeated = _repeated(key)
    key, doc = key[repeated], records["doc"][order[repeated]]
    del records, order
    new = np.r_[True, key[1:] != key[:-1]] if len(key) else np.zeros(0, bool)
    packed = np.sort(((np.cumsum(new) - 1).astype(_U64) << _U64(32)) | doc.astype(_U64))
    if len(packed):
        packed = packed[np.r_[True, packed[1:] != packed[:-1]]]  # a doc twice under one key counts once
    group, doc = (packed >> _U64(32)).astype(np.int64), (packed & _U64(0xFFFFFFFF)).astype(np.uint32)
    key = key[new][group]
    size = np.bincount(group)[group] if len(group) else np.zeros(0, np.int64)
    common = is_sentence_key(key) & (size > KEY_BUCKET)
    stats = {"boilerplate_sentences": int(len(np.unique(key[common])))}
    keep = ~common & (size >= 2)
    records = np.empty(int(keep.sum()), KEY)
    records["key"], records["doc"] = key[keep], doc[keep]
    key, doc = records["key"], records["doc"]
    first = np.r_[True, key[1:] != key[:-1]] if len(key) else np.zeros(0, bool)
    stats["buckets"] = int(first.sum())
    target = doc[first][np.cumsum(first) - 1] % parts
    for part in range(parts):
        folder = out_dir / f"part-{part:05d}"
        folder.mkdir(parents=True, exist_ok=True)
        np.save(folder / f"from-{part_dir.name}.npy", records[target == part])
    return stats


def candidate_pairs(part_dir: Path, *, matrix_path: Path, params: MinHashParams, out_dir: Path,
                    runs_dir: Path | None = None) -> dict[str, Any]:
    """Verified near-duplicate links of one partition of `shared_buckets`, saved as `out_dir/<partition>.npy`.

    Each link is (a, b, number of equal sketch values, kind), a < b being
    document numbers. Without `runs_dir` (no runs gathered) only sketches are compared.
    """
    files = sorted(part_dir.glob("*.npy"))
    # Files hold disjoint keys, each sorted by key then document: together, whole buckets in document order.
    records = np.concatenate([np.load(f) for f in files]) if files else np.empty(0, KEY)
    key, doc = records["key"], records["doc"].astype(np.int64)
    del records
    group = np.cumsum(np.r_[True, key[1:] != key[:-1]]) - 1 if len(key) else np.zeros(0, np.int64)
    stats = {"checked": 0, "linked": 0, "read": 0}
    store = RunStore(runs_dir) if runs_dir is not None else None
    known = _Verified()
    edges: list[np.ndarray] = []
    with MatrixReader(matrix_path) as matrix:
        while len(doc):
            first = np.r_[True, group[1:] != group[:-1]]
            leader = doc[first][np.cumsum(first) - 1]
            a, b = leader[~first], doc[~first]
            matches, kind = known.verify(a, b, partial(_verify, matrix, store, params, stats=stats))
            ok = kind >= 0
            stats["checked"] += len(a)
            found = np.empty(int(ok.sum()), EDGE)
            found["a"], found["b"], found["matches"], found["kind"] = a[ok], b[ok], matches[ok], kind[ok]
            edges.append(found)
            left = ~first
            left[left] = ~ok
            group, doc = _in_shared_groups(group[left], doc[left])
    result = _unique_edges(np.concatenate(edges)) if edges else np.empty(0, EDGE)
    stats["linked"] = len(result)
    np.save(out_dir / f"{part_dir.name}.npy", result)
    return stats


class _Verified:
    """The outcome of every pair a partition has verified, so that no pair is verified twice.

    Buckets that hold the same documents (a family of copies shares many band
    and sentence keys) put the same pair to the test in one round, and again
    in later rounds once their leaders have gone: the outcome of a pair
    depends on its two documents alone.
    """

    def __init__(self) -> None:
        self.pairs = np.zeros(0, _U64)  # sorted
        self.matches = np.zeros(0, np.int64)
        self.kind = np.zeros(0, np.int8)

    def verify(self, a: np.ndarray, b: np.ndarray,
               check: Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
        """(matches, kind) of each pair (a[i], b[i]), `check` called once on the distinct pairs not seen before."""
        pairs, inverse = np.unique((a.astype(_U64) << _U64(32)) | b.astype(_U64), return_inverse=True)
        at = np.minimum(np.searchsorted(self.pairs, pairs), max(len(self.pairs) - 1, 0))
        seen = self.pairs[at] == pairs if len(self.pairs) else np.zeros(len(pairs), bool)
        fresh = pairs[~seen]
        matches, kind = np.empty(len(pairs), np.int64), np.empty(len(pairs), np.int8)
        matches[seen], kind[seen] = self.matches[at[seen]], self.kind[at[seen]]
        if len(fresh):
            matches[~seen], kind[~seen] = check((fresh >> _U64(32)).astype(np.int64),
                                                (fresh & _U64(0xFFFFFFFF)).astype(np.int64))
            order = np.argsort(np.r_[self.pairs, fresh], kind="stable")  # two sorted runs: a merge
            self.pairs = np.r_[self.pairs, fresh][order]
            self.matches = np.r_[self.matches, matches[~seen]][order]
            self.kind = np.r_[self.kind, kind[~seen]][order]
        inverse = inverse.reshape(-1)
        return matches[inverse], kind[inverse]


def _verify(matrix: MatrixReader, store: RunStore | None, params: MinHashParams, a: np.ndarray, b: np.ndarray,
            stats: dict[str, Any]) -> tuple[np.ndarray, np.ndarray]:
    """(equal sketch values, link kind or -1) of each candidate pair (a[i], b[i])."""
    matches = _matches(matrix, a, b)
    kind = np.full(len(a), -1, np.int8)
    if store is None:
        kind[matches >= math.ceil(params.threshold * params.num_perm - 1e-9)] = NEAR
        return matches, kind
    sa, sb = store.shingles[a].astype(float), store.shingles[b].astype(float)
    sketched = (sa > 0) & (sb > 0)
    jaccard = matches / params.num_perm
    kind[sketched & (jaccard >= params.threshold - 1e-9)] = NEAR
    # Shingles of the smaller held by the other, as the sketches estimate them.
    shared = jaccard * (sa + sb) / (1 + jaccard) / np.maximum(np.minimum(sa, sb), 1)
    words_a, words_b = store.words[a], store.words[b]
    big_enough = np.minimum(words_a, words_b) >= params.min_tokens // 2
    read = (kind < 0) & big_enough & (~sketched | (shared >= READ_FLOOR))
    if read.any():
        # A pair meets in many buckets (bands and sentences): each distinct pair is read once.
        pairs, inverse = np.unique((a[read].astype(_U64) << _U64(32)) | b[read].astype(_U64), return_inverse=True)
        stats["read"] += len(pairs)
        cover_a, cover_b = store.coverages((pairs >> _U64(32)).astype(np.int64),
                                           (pairs & _U64(0xFFFFFFFF)).astype(np.int64))
        cover_a, cover_b = cover_a[inverse.reshape(-1)], cover_b[inverse.reshape(-1)]
        both = np.minimum(cover_a, cover_b) >= params.containment
        either = np.maximum(cover_a, cover_b) >= params.containment
        kind[read] = np.where(both, NEAR, np.where(either, CONTAINED, -1))
    return matches, kind


def _repeated(values: np.ndarray) -> np.ndarray:
    """Which entries of a sorted array are equal to a neighbour."""
    if not len(values):
        return np.zeros(0, bool)
    same = values[1:] == values[:-1]
    return np.r_[same, False] | np.r_[False, same]


def _unique_edges(edges: np.ndarray) -> np.ndarray:
    """`np.unique(edges)` (sorted by a, b, matches, kind; repeats dropped), by a lexsort of the fields:
    numpy sorts a structured array by generic comparisons, some 20 times slower."""
    edges = edges[np.lexsort((edges["kind"], edges["matches"], edges["b"], edges["a"]))]
    fields = ("a", "b", "matches", "kind")
    new = np.r_[True, np.any([edges[f][1:] != edges[f][:-1] for f in fields], axis=0)] if len(edges) else []
    return edges[np.asarray(new, bool)]


def _in_shared_groups(group: np.ndarray, doc: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Keep only members of groups (sorted) that still have two or more."""
    if not len(group):
        return group, doc
    starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    counts = np.diff(np.r_[starts, len(group)])
    keep = np.repeat(counts >= 2, counts)
    return group[keep], doc[keep]


def _matches(matrix: MatrixReader, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Number of equal sketch values for each pair, each distinct pair compared once."""
    if not len(a):
        return np.zeros(0, np.int64)
    pairs, inverse = np.unique((a.astype(_U64) << _U64(32)) | b.astype(_U64), return_inverse=True)
    first, second = (pairs >> _U64(32)).astype(np.int64), (pairs & _U64(0xFFFFFFFF)).astype(np.int64)
    counts = np.empty(len(pairs), np.int64)
    for i in range(0, len(pairs), VERIFY_BATCH):
        x, y = first[i:i + VERIFY_BATCH], second[i:i + VERIFY_BATCH]
        rows = matrix.read(np.r_[x, y])
        counts[i:i + VERIFY_BATCH] = (rows[:len(x)] == rows[len(x):]).sum(axis=1)
    return counts[inverse]
