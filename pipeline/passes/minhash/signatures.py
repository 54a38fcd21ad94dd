"""Stage 1 and 2: per-document signatures (in each task) and their index (once per pass).

A task writes `<task>.signatures.parquet` beside its work shard: one row per
document, keyed by id, with the exact key, what the canonical rule needs
(published, metadata completeness, text length) and the MinHash sketch. That
file is all the dedup pass reads, so unchanged tasks keep theirs across
incremental runs and new documents are compared with the existing corpus
without touching its text. The file's metadata records what the sketch
depends on (permutations, shingle sizes, seed, algorithm versions); a file
made otherwise is refused rather than compared.

Shingling is where Python time goes, so words are hashed once per batch
(a vocabulary of the batch's distinct words) and shingle hashes are built with
numpy from the word hashes: each shingle is a position-weighted sum of its
word hashes, mixed. The sketch itself is rensa's, over the whole batch at once.
"""

from __future__ import annotations

import json
import os
import time
from itertools import chain
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import rensa
import xxhash

from pipeline.document import Document
from pipeline.passes.exact_dup import completeness, joined_key
from pipeline.passes.minhash.body import body_batch
from pipeline.passes.minhash.matrix import create_matrix, write_rows
from pipeline.passes.minhash.params import DedupSettings, MinHashParams
from pipeline.passes.minhash.verify import (INDEX, KEY, KEY_CHARS, KEY_WORDS, MAX_KEYS, RUN_CHARS, RUN_WORDS, RUNS,
                                            SENTENCES, sentence_keys)

SUFFIX = ".signatures.parquet"
META_KEY = b"newscorpus.dedup"
BATCH = 1000
#: The per-document columns the index keeps in memory (not the sketch, runs or keys).
SMALL_COLUMNS = ["id", "exact_key", "published", "completeness", "length", "tokens", "shingles", "unspaced"]
_U64 = np.uint64


def mix64(x: np.ndarray) -> np.ndarray:
    """A strong 64-bit finaliser, so shingle hashes are uniform whatever the word hashes' sums look like."""
    x = x ^ (x >> _U64(30))
    x = x * _U64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> _U64(27))
    x = x * _U64(0x94D049BB133111EB)
    return x ^ (x >> _U64(31))


#: Odd multipliers, one per position in a shingle, so "a b" and "b a" differ.
_POSITION = mix64(np.arange(1, 65, dtype=_U64)) | _U64(1)


def signature_path(work_dir: Path, task_name: str) -> Path:
    return work_dir / f"{task_name}{SUFFIX}"


def signature_schema(params: MinHashParams, near: bool) -> pa.Schema:
    meta = {"near": near, **params.signature_key()}
    return pa.schema(
        [
            ("id", pa.string()),
            ("exact_key", pa.string()),
            ("published", pa.string()),
            ("completeness", pa.int8()),
            ("length", pa.int32()),  # characters of text
            ("tokens", pa.int32()),  # words (characters in zh, ja, th) after folding
            ("shingles", pa.int32()),  # 0: not sketched (fewer tokens than min_tokens or the shingle size)
            ("minhash", pa.binary(4 * params.num_perm)),  # uint32 little-endian; null when not sketched
            ("unspaced", pa.bool_()),  # shingled by characters (zh, ja, th)
            ("runs", pa.list_(pa.uint32())),  # hashes of the body's word runs, in order (see `verify`)
            ("sentences", pa.list_(pa.int32())),  # words of each body sentence
            ("sentence_keys", pa.list_(pa.uint64())),  # candidate keys of its long sentences
        ],
        metadata={META_KEY: json.dumps(meta, sort_keys=True).encode()},
    )


class SignatureWriter:
    """Collects a task's documents and writes their signatures, a batch at a time."""

    def __init__(self, path: Path, settings: DedupSettings, mask_token: str) -> None:
        self.path = path
        self.params = settings.minhash
        self.near = settings.near
        self.mask_token = mask_token
        self.seconds = 0.0
        self._tmp = path.with_name(path.name + ".tmp")
        self._schema = signature_schema(self.params, self.near)
        # Dictionary pages only where values repeat: tried on the hash columns they cost more than the rest of the write.
        self._writer = pq.ParquetWriter(self._tmp, self._schema, compression="zstd",
                                        use_dictionary=["published", "completeness"])
        self._rows: list[dict] = []
        self._texts: list[str] = []
        self._langs: list[str | None] = []

    def add(self, doc: Document) -> None:
        t0 = time.perf_counter()
        self._rows.append({
            "id": doc.id,
            "published": doc.published,
            "completeness": completeness(doc),
            "length": len(doc.text),
            "unspaced": self.params.unspaced(doc.lang),
        })
        self._texts.append(doc.text)
        self._langs.append(doc.lang)
        if len(self._rows) >= BATCH:
            self._flush()
        self.seconds += time.perf_counter() - t0

    def close(self) -> None:
        """Write what is buffered and close the file (still under its temporary name)."""
        t0 = time.perf_counter()
        if self._rows:
            self._flush()
        self._writer.close()
        self.seconds += time.perf_counter() - t0

    def commit(self) -> None:
        os.replace(self._tmp, self.path)

    def _flush(self) -> None:
        n = len(self._rows)
        body = body_batch(self._texts, self._langs, self.mask_token, self.params.min_tokens)
        words = body.words.dictionary_decode()
        offsets = pa.array(np.r_[0, np.cumsum(body.word_counts)], pa.int32())
        joined = pc.binary_join(pa.ListArray.from_arrays(offsets, words), " ").to_pylist()
        columns = {name: [r[name] for r in self._rows] for name in self._rows[0]}
        unspaced = np.array(columns["unspaced"], bool)
        sizes = np.where(unspaced, self.params.char_shingle_size, self.params.shingle_size)
        if self.near:
            hashes = vocabulary_hashes(body.words.dictionary, self.params.seed)[body.words.indices.to_numpy()]
            lengths, sentences, sentence_counts = body.word_counts, body.sentence_lengths, body.sentence_counts
        else:  # the exact key only
            hashes, lengths = np.zeros(0, _U64), np.zeros(n, np.int64)
            sentences, sentence_counts = np.zeros(0, np.int64), np.zeros(n, np.int64)
        matrix, shingles = sketch_hashes(hashes, lengths, sizes, self.params)
        validity = pa.array(shingles > 0, pa.bool_()).buffers()[1]
        minhash = pa.FixedSizeBinaryArray.from_buffers(
            pa.binary(4 * self.params.num_perm), n, [validity, pa.py_buffer(matrix.astype("<u4").tobytes())])
        runs, keys = _runs_and_keys(hashes, lengths, sentences, sentence_counts, unspaced)
        table = pa.table(
            {**columns, "exact_key": [joined_key(text) for text in joined], "tokens": body.word_counts.astype(np.int32),
             "shingles": pa.array(shingles, pa.int32()), "minhash": minhash, "runs": runs,
             "sentences": _list_array(sentences.astype(np.int32), sentence_counts, pa.int32()), "sentence_keys": keys},
            schema=self._schema,
        )
        self._writer.write_table(table)
        self._rows.clear()
        self._texts.clear()
        self._langs.clear()


def token_hashes(token_lists: list[list[str]], seed: int) -> np.ndarray:
    """Hash of every token of every document, one after another.

    The batch's distinct words are found in C (Arrow's hash table) and each hashed once.
    """
    flat = list(chain.from_iterable(token_lists))
    if not flat:
        return np.zeros(0, _U64)
    encoded = pa.array(flat, pa.string()).dictionary_encode()
    return vocabulary_hashes(encoded.dictionary, seed)[encoded.indices.to_numpy()]


def vocabulary_hashes(vocabulary: pa.Array, seed: int) -> np.ndarray:
    """Hash of each distinct word (what every token of it hashes to)."""
    return np.fromiter((xxhash.xxh3_64_intdigest(w.encode("utf-8", "surrogatepass"), seed)
                        for w in vocabulary.to_pylist()), _U64, len(vocabulary))


def _runs_and_keys(hashes: np.ndarray, lengths: np.ndarray, sentence_lengths: np.ndarray,
                   sentence_counts: np.ndarray, unspaced: np.ndarray) -> tuple[pa.Array, pa.Array]:
    """Per document: its run hashes (low 32 bits, in order) and its sentence keys (see `verify`).

    The whole batch at once, its documents laid end to end: per-document numpy
    calls cost more than the arithmetic on a document's few hundred words.
    """
    n = len(lengths)
    sizes = np.where(unspaced, RUN_CHARS, RUN_WORDS).astype(np.int64)
    counts = np.maximum(lengths - sizes + 1, 0)
    word_start = np.cumsum(lengths) - lengths
    run_start = np.cumsum(counts) - counts
    runs, at = np.zeros(int(counts.sum()), _U64), np.zeros(int(counts.sum()), np.int64)
    for size in np.unique(sizes[counts > 0]).tolist():
        docs = np.flatnonzero((sizes == size) & (counts > 0))
        flat, _ = shingle_hashes(hashes[np.repeat(np.isin(np.arange(n), docs), lengths)], lengths[docs], size)
        offset = np.arange(len(flat)) - np.repeat(np.cumsum(counts[docs]) - counts[docs], counts[docs])
        runs[np.repeat(run_start[docs], counts[docs]) + offset] = flat
        at[np.repeat(run_start[docs], counts[docs]) + offset] = np.repeat(word_start[docs], counts[docs]) + offset
    sentence_doc = np.repeat(np.arange(n), sentence_counts)
    long = sentence_lengths >= np.where(unspaced, KEY_CHARS, KEY_WORDS)[sentence_doc]
    keys, keyed = sentence_keys(runs, at, np.repeat(sizes, counts), sentence_lengths, long, mix64)
    key_doc = sentence_doc[keyed]
    rank = np.arange(len(keys)) - np.searchsorted(key_doc, key_doc)  # the document's first keys: a copy keeps the lead
    keep = rank < MAX_KEYS
    return (_list_array(runs.astype(np.uint32), counts, pa.uint32()),
            _list_array(keys[keep], np.bincount(key_doc[keep], minlength=n), pa.uint64()))


def _list_array(values: np.ndarray, counts: np.ndarray, kind: pa.DataType) -> pa.Array:
    offsets = np.zeros(len(counts) + 1, np.int32)
    np.cumsum(counts, out=offsets[1:])
    return pa.ListArray.from_arrays(pa.array(offsets, pa.int32()), pa.array(values, kind))


def sketch(token_lists: list[list[str]], sizes: list[int], params: MinHashParams) -> tuple[np.ndarray, np.ndarray]:
    """(MinHash matrix, shingle count) for each document; rows of documents with no shingle are zero."""
    lengths = np.fromiter(map(len, token_lists), np.int64, len(token_lists))
    hashes = token_hashes(token_lists, params.seed) if lengths.sum() else np.zeros(0, _U64)
    return sketch_hashes(hashes, lengths, np.asarray(sizes, np.int64), params)


def sketch_hashes(hashes: np.ndarray, lengths: np.ndarray, sizes: np.ndarray,
                  params: MinHashParams) -> tuple[np.ndarray, np.ndarray]:
    """`sketch` of documents given by their tokens' hashes, one document after another."""
    n = len(lengths)
    matrix = np.zeros((n, params.num_perm), np.uint32)
    counts = np.zeros(n, np.int64)
    if not lengths.sum():
        return matrix, counts
    for size in np.unique(sizes):
        docs = np.flatnonzero((sizes == size) & (lengths >= max(size, params.min_tokens)))
        if not len(docs):
            continue
        mine = np.repeat(np.isin(np.arange(n), docs), lengths)
        shingles, offsets = shingle_hashes(hashes[mine], lengths[docs], int(size))
        digests = rensa.RMinHash.digest_matrix_from_flat_token_hashes(
            shingles, offsets, params.num_perm, params.seed)
        matrix[docs] = np.asarray(digests.to_rows(), np.uint32)
        counts[docs] = lengths[docs] - size + 1
    return matrix, counts


def shingle_hashes(token_hashes: np.ndarray, lengths: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """Hashes of every run of `size` tokens in each document, flat, with row offsets.

    `token_hashes` holds the documents' token hashes one after another,
    `lengths` how many each has (at least `size`). Repeated shingles are kept:
    MinHash takes a minimum, so they cost nothing in the result.
    """
    span = len(token_hashes) - size + 1
    acc = token_hashes[:span] * _POSITION[0]
    for k in range(1, size):
        acc += token_hashes[k:k + span] * _POSITION[k % len(_POSITION)]
    starts = np.cumsum(lengths) - lengths
    position = np.arange(span) - np.repeat(starts, lengths)[:span]
    valid = position <= np.repeat(lengths - size, lengths)[:span]
    offsets = np.zeros(len(lengths) + 1, _U64)
    np.cumsum(lengths - size + 1, out=offsets[1:])
    return mix64(acc[valid]), offsets


def read_signature_meta(path: Path) -> dict:
    meta = pq.read_schema(path).metadata or {}
    if META_KEY not in meta:
        raise RuntimeError(f"{path} is not a newscorpus signature file")
    return json.loads(meta[META_KEY])


def index_signatures(files: list[Path], out_dir: Path, settings: DedupSettings) -> tuple[pa.Table, Path | None]:
    """Number every document in id order (`docs.parquet`) and gather sketches into `minhash.npy`.

    Numbering by id makes every later choice (bucket leaders, cluster roots)
    independent of input order and worker count. The matrix is written in
    place a file at a time (see `minhash.matrix`), so memory holds the small per-document
    columns and one file's sketches, not the matrix. No matrix when near-duplicates are off.
    `docs` keeps each document's input row (`row`: its rank over the files in order).
    """
    expected = {"near": settings.near, **settings.minhash.signature_key()}
    parts = []
    for number, path in enumerate(files):
        if not path.exists():
            raise RuntimeError(f"{path} is missing (a work folder from an older version?); rebuild with --force")
        meta = read_signature_meta(path)
        if settings.near and meta != expected:
            raise RuntimeError(f"{path} was made with other dedup settings ({meta}, now {expected}); "
                               "rebuild with --force")
        table = pq.read_table(path, columns=SMALL_COLUMNS)
        parts.append(table.append_column("file", pa.array(np.full(len(table), number, np.int32))))
    table = pa.concat_tables(parts) if parts else _empty_docs()
    table = table.append_column("row", pa.array(np.arange(len(table), dtype=np.int64)))
    order = pc.sort_indices(table, [("id", "ascending")]).to_numpy()
    docs = table.take(order).drop_columns(["file"])
    ids = docs["id"]
    if len(ids) > 1:
        same = pc.equal(ids.slice(1), ids.slice(0, len(ids) - 1)).to_numpy(zero_copy_only=False)
        if same.any():
            raise RuntimeError(f"document id {ids[int(np.flatnonzero(same)[0])]} appears twice in the signature files")
    out_dir.mkdir(parents=True, exist_ok=True)
    pq.write_table(docs, out_dir / "docs.parquet")
    if not settings.near or not len(docs):
        return docs, None
    matrix_path = out_dir / "minhash.npy"
    create_matrix(matrix_path, len(docs), settings.minhash.num_perm)
    position = _positions(docs)
    num_perm = settings.minhash.num_perm
    start = 0
    for path in files:
        column = pq.read_table(path, columns=["minhash"])["minhash"].combine_chunks()
        n = len(column)
        if n:
            data = np.frombuffer(column.buffers()[1], np.uint32, n * num_perm, column.offset * num_perm * 4)
            write_rows(matrix_path, position[start:start + n], data.reshape(n, num_perm))
        start += n
    return docs, matrix_path


def index_runs(files: list[Path], docs: pa.Table, out_dir: Path, parts: int, keys_dir: Path) -> int:
    """Gather every document's runs and sentence lengths into `out_dir` (see `verify.RunStore`), and
    write its sentence keys to `keys_dir/part-P/sentences-<file>.npy` beside the band keys.

    One file's columns are in memory at a time. Returns how many sentence keys were written.
    """
    position = _positions(docs)
    n = len(docs)
    index = {name: np.zeros(n, np.int64) for name in ("run_start", "run_count", "sentence_start", "sentence_count")}
    written = {"runs": 0, "sentences": 0}
    keyed = 0
    start = 0
    with open(out_dir / RUNS, "wb") as runs_out, open(out_dir / SENTENCES, "wb") as sentences_out:
        for number, path in enumerate(files):
            table = pq.read_table(path, columns=["runs", "sentences", "sentence_keys"])
            mine = position[start:start + len(table)]
            start += len(table)
            for name, prefix, out, dtype in (("runs", "run", runs_out, np.uint32),
                                             ("sentences", "sentence", sentences_out, np.int32)):
                column = table[name].combine_chunks()
                counts = np.diff(column.offsets.to_numpy()).astype(np.int64)
                index[f"{prefix}_start"][mine] = written[name] + np.cumsum(counts) - counts
                index[f"{prefix}_count"][mine] = counts
                column.flatten().to_numpy().astype(dtype).tofile(out)
                written[name] += int(counts.sum())
            column = table["sentence_keys"].combine_chunks()
            counts = np.diff(column.offsets.to_numpy())
            records = np.empty(int(counts.sum()), KEY)
            records["key"] = column.flatten().to_numpy()
            records["doc"] = np.repeat(mine, counts).astype(np.uint32)
            part_of = records["key"] % np.uint64(parts)
            for part in np.unique(part_of).tolist():
                folder = keys_dir / f"part-{part:05d}"
                folder.mkdir(parents=True, exist_ok=True)
                np.save(folder / f"sentences-{number:06d}.npy", records[part_of == part])
            keyed += len(records)
    np.savez(out_dir / INDEX, **index, unspaced=docs["unspaced"].to_numpy(zero_copy_only=False),
             shingles=docs["shingles"].to_numpy(), words=docs["tokens"].to_numpy())
    return keyed


def _positions(docs: pa.Table) -> np.ndarray:
    """Document number (rank by id) of each input row."""
    position = np.empty(len(docs), np.int64)
    position[docs["row"].to_numpy()] = np.arange(len(docs))
    return position


def _empty_docs() -> pa.Table:
    return pa.table({
        "id": pa.array([], pa.string()), "exact_key": pa.array([], pa.string()),
        "published": pa.array([], pa.string()), "completeness": pa.array([], pa.int8()),
        "length": pa.array([], pa.int32()), "tokens": pa.array([], pa.int32()), "shingles": pa.array([], pa.int32()),
        "unspaced": pa.array([], pa.bool_()), "file": pa.array([], pa.int32()),
    })
