"""Duplicate links: exact copies and near-duplicates joined into clusters, one canonical row each.

Exact-key matches and verified MinHash links go into one union-find, so a row
is never the copy of two different canonicals. Every other member of a
cluster points at the canonical row (`dup_of`), which carries the cluster
size; the recipe chooses to keep-and-mark copies (default) or drop them (then
listed in duplicates.jsonl by the build).

The pass reads only the signature files the tasks wrote beside their work
shards, and works in `<work>/dedup/`: docs.parquet (documents in id order),
pairs/ (verified near-duplicate links), links.parquet (the result). The large
intermediates (the sketch matrix, the band and bucket partitions) are removed at the end.
"""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from pipeline.executors import Executor, LocalExecutor
from pipeline.faults import Faults
from pipeline.passes.base import CorpusPass, PassResult
from pipeline.passes.exact_dup import exact_edges
from pipeline.passes.minhash.buckets import (EDGE, EXACT, KINDS, PART_ROWS, band_keys, candidate_pairs,
                                             partition_count, shared_buckets)
from pipeline.passes.minhash.clusters import choose_canonical, strongest_kind, union_find
from pipeline.passes.minhash.params import DEDUP_KEYS, DedupSettings, dedup_settings
from pipeline.passes.minhash.signatures import SignatureWriter, index_runs, index_signatures, signature_path
from pipeline.passes.minhash.verify import INDEX, KEY_WORDS, MAX_KEYS, RUNS, SENTENCES
from pipeline.recipe import Recipe
from pipeline.stages.masks import MasksStage

#: Documents whose band keys are computed at once (their sketches are read into memory).
CHUNK_DOCS = 65_536


@dataclass(frozen=True)
class DedupOptions:
    settings: DedupSettings  # the [dedup] table
    mask_token: str  # what the masks stage puts in `text`, folded out of the exact key


def dedup_options(tables: Mapping[str, Any], stages: Mapping[str, Any]) -> DedupOptions:
    masks = stages["masks"]
    token = masks.options["token"] if masks.enabled else MasksStage.defaults["token"]
    return DedupOptions(dedup_settings(tables.get("dedup", {})), token)


def signature_writer(options: DedupOptions, work_dir: Path, task: str) -> SignatureWriter:
    """The task's hook: each row's signature, computed where the tasks run in parallel."""
    return SignatureWriter(signature_path(work_dir, task), options.settings, options.mask_token)


def dedup_pass(shards: list[Path], recipe: Recipe, work_dir: Path, executor: Executor | None = None,
               faults: Faults | None = None) -> PassResult:
    """The duplicate links of the rows of `shards`, from the signature files the tasks wrote beside them.
    (Its failures on single items are none: a row that could not be signed links to nothing.)"""
    settings = recipe.settings.passes["dedup"].settings
    files = [signature_path(shard.parent, shard.stem) for shard in shards]
    dup_of, sizes, stats = find_duplicates(files, settings, work_dir / "dedup", executor)
    kinds = stats.pop("kind_of")

    def transform(table: pa.Table) -> pa.Table:
        ids = table["id"].to_pylist()
        table = table.set_column(table.schema.get_field_index("dup_of"), "dup_of",
                                 pa.array([dup_of.get(i) for i in ids], pa.string()))
        table = table.set_column(table.schema.get_field_index("dup_kind"), "dup_kind",
                                 pa.array([kinds.get(i) for i in ids], pa.string()))
        return table.set_column(table.schema.get_field_index("dup_cluster_size"), "dup_cluster_size",
                                pa.array([sizes.get(i, 1) for i in ids], pa.int32()))

    return PassResult(
        name="dedup",
        transform=transform,
        drop=dict(dup_of) if settings.mode == "drop" else {},
        stats=stats,
    )


def find_duplicates(files: list[Path], settings: DedupSettings, out_dir: Path, executor: Executor | None = None,
                    part_rows: int = PART_ROWS) -> tuple[dict[str, str], dict[str, int], dict[str, Any]]:
    """(dup_of, cluster sizes of canonical rows, stats) for the documents of these signature files.

    `stats["kind_of"]` gives each linked row the kind of its strongest link
    (`exact`, `near`, `contained`); `stats["kinds"]` counts them.

    The parallel stages (band keys per chunk, pairs per partition) are
    file-based steps scheduled by the build's executor (inline when none is
    given), so on Ray they run on the cluster; the result is the same for any
    executor and any number of workers.
    """
    executor = executor or LocalExecutor(1)
    if out_dir.exists():
        shutil.rmtree(out_dir)
    docs, matrix = index_signatures(files, out_dir, settings)
    n = len(docs)
    edges = [np.empty(0, EDGE)]
    stats: dict[str, Any] = {"mode": settings.mode, "documents": n}
    if settings.exact:
        a, b = exact_edges(docs["exact_key"].combine_chunks())
        exact = np.zeros(len(a), EDGE)
        exact["a"], exact["b"], exact["kind"] = a, b, EXACT
        edges.append(exact)
        stats["exact_linked"] = len(a)
    if settings.near and matrix is not None:
        near, stats["near"] = _near_links(files, docs, matrix, settings, out_dir, executor, part_rows)
        edges.append(near)
    links = np.concatenate(edges)
    a, b = links["a"].astype(np.int64), links["b"].astype(np.int64)
    roots = union_find(n, a, b)
    kind = strongest_kind(n, a, b, links["kind"])
    dup_of, sizes = choose_canonical(roots, docs, kind, out_dir / "links.parquet")
    ids = docs["id"].to_pylist() if dup_of else []
    kind_of = {ids[i]: KINDS[kind[i]] for i in np.flatnonzero(kind < len(KINDS)).tolist() if ids[i] in dup_of}
    stats["kind_of"] = kind_of
    stats["kinds"] = {k: sum(1 for v in kind_of.values() if v == k) for k in KINDS}
    stats["linked"] = len(dup_of)
    stats["clusters"] = len(sizes)
    stats["largest_cluster"] = max(sizes.values(), default=1)
    return dup_of, sizes, stats


def _near_links(files: list[Path], docs: pa.Table, matrix: Path, settings: DedupSettings, out_dir: Path,
                executor: Executor, part_rows: int) -> tuple[np.ndarray, dict[str, Any]]:
    params = settings.minhash
    n = len(docs)
    sketched = docs["shingles"].to_numpy() > 0
    # Band keys of the sketched documents, and at most MAX_KEYS sentence keys a document (an upper bound).
    sentence_bound = int(np.minimum(docs["tokens"].to_numpy() // KEY_WORDS, MAX_KEYS).sum())
    parts = partition_count(int(sketched.sum()) * params.bands + sentence_bound, part_rows)
    buckets, pairs = out_dir / "buckets", out_dir / "pairs"
    pairs.mkdir(parents=True)
    buckets.mkdir(parents=True)
    sentence_keys = index_runs(files, docs, out_dir, parts, buckets)
    spans = [(start, min(start + CHUNK_DOCS, n)) for start in range(0, n, CHUNK_DOCS)]
    keyed = sum(executor.map(partial(band_keys, matrix_path=matrix, sketched=sketched, params=params, parts=parts,
                                     out_dir=buckets), spans))
    groups = out_dir / "groups"
    moved = list(executor.map(partial(shared_buckets, parts=parts, out_dir=groups),
                              sorted(p for p in buckets.iterdir() if p.is_dir())))
    shutil.rmtree(buckets, ignore_errors=True)
    part_dirs = sorted(p for p in groups.iterdir() if p.is_dir()) if groups.exists() else []
    found = list(executor.map(partial(candidate_pairs, matrix_path=matrix, params=params, out_dir=pairs,
                                      runs_dir=out_dir), part_dirs))
    shutil.rmtree(groups, ignore_errors=True)
    matrix.unlink()
    edges = np.concatenate([np.load(pairs / f"{p.name}.npy") for p in part_dirs] or [np.empty(0, EDGE)])
    for name in (RUNS, SENTENCES, INDEX):
        (out_dir / name).unlink()
    checked = sum(s["checked"] for s in found)
    stats = {
        "num_perm": params.num_perm,
        "shingle_size": params.shingle_size,
        "char_shingle_size": params.char_shingle_size,
        "threshold": params.threshold,
        "containment": params.containment,
        "bands": params.bands,
        "rows": params.rows,
        "min_tokens": params.min_tokens,
        "sketched": int(sketched.sum()),
        "too_short": int(n - sketched.sum()),  # fewer tokens than min_tokens or the shingle size: not sketched
        "partitions": parts,
        "band_keys": int(keyed),
        "sentence_keys": int(sentence_keys),
        "boilerplate_sentences": sum(s["boilerplate_sentences"] for s in moved),
        "candidates_checked": checked,
        "candidates_read": sum(s["read"] for s in found),
        "pairs_linked": int(len(edges)),
        "candidates_rejected": checked - sum(s["linked"] for s in found),
    }
    return edges, stats


DEDUP = CorpusPass(name="dedup", options=dedup_options, run=dedup_pass, hook=signature_writer, hook_step="signature",
                   table="dedup", keys=DEDUP_KEYS)
