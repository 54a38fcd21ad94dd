"""Steps 1 and 2 of the restoration pass, one work shard at a time: the masks to fill, and
the ordinary words that calibrate the scores.

Each step reads one shard and writes or returns only what the pass needs (a row
per mask, a text digest per document, a few calibration queries), so the build's
executor can run shards anywhere and the driver never reads the text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import xxhash

from pipeline.faults import Faults
from pipeline.passes.restore.tokens import Query, context_hashes, tokens, unspaced

_MASK_UNITS = re.compile(r"[*＊×□XＸ]+")
SAMPLE_PER_DOC = 8  # calibration words taken from one sampled article
_COLUMNS = ["id", "lang", "text", "redactions"]
#: A mask row: which document and redaction, the gap's group and its context hashes.
MASK_SCHEMA = pa.schema([("id", pa.string()), ("index", pa.int32()), ("lang", pa.string()), ("k", pa.int8()),
                         ("l2", pa.uint64()), ("l1", pa.uint64()), ("r1", pa.uint64()), ("r2", pa.uint64())])


@dataclass
class ShardScan:
    name: str
    docs_by_lang: Counter[str]
    widths: dict[str, set[int]]  # language -> the mask widths seen in it


def shard_batches(shard: Path, columns: list[str]) -> Iterator[pa.RecordBatch]:
    yield from pq.ParquetFile(shard).iter_batches(batch_size=1000, columns=columns)


def masks_path(folder: Path, name: str) -> Path:
    return folder / f"masks-{name}.parquet"


def digests_path(folder: Path, name: str) -> Path:
    return folder / f"digests-{name}.npy"


def faults_path(folder: Path, step: str, name: str) -> Path:
    """Where a job of `step` (scan, sample, count) on shard `name` lists the documents it failed on."""
    return folder / f"faults-{step}-{name}.json"


def text_digest(text: str) -> int:
    return xxhash.xxh3_64_intdigest(text.encode("utf-8", "surrogatepass"))


def scan_shard(job: tuple[str, Path], folder: Path) -> ShardScan:
    """Write the shard's whole-word masks (`masks-<name>.parquet`) and a digest of each row's text
    (`digests-<name>.npy`, in row order: exact copies are counted once across the corpus)."""
    name, shard = job
    faults = Faults(logged=False)
    docs_by_lang: Counter[str] = Counter()
    widths: dict[str, set[int]] = {}
    rows: dict[str, list] = {f.name: [] for f in MASK_SCHEMA}
    digests = []
    for batch in shard_batches(shard, _COLUMNS):
        langs, texts = batch.column("lang").to_pylist(), batch.column("text").to_pylist()
        docs_by_lang.update(langs)
        digests += [text_digest(t or "") for t in texts]
        lengths = pc.list_value_length(batch.column("redactions")).to_numpy(zero_copy_only=False)
        for i in np.nonzero(lengths)[0]:
            doc_id = batch.column("id")[int(i)].as_py()
            with faults.item("restore.scan", f"row {doc_id}"):  # its masks get no candidates
                text, reds = texts[i] or "", batch.column("redactions")[int(i)].as_py()
                indices, spans = text_masks(reds)
                toks, marks = tokens(text, spans)
                found = []
                for n, j in zip(indices, marks):
                    r = reds[n]
                    if not restorable(r):
                        continue
                    k = _width(text, r["start"], r["end"], r["raw"])
                    found.append((k, (doc_id, n, langs[i], k, *context_hashes(toks, j, j + 1))))
                for k, values in found:
                    widths.setdefault(langs[i], set()).add(k)
                    for column, value in zip(MASK_SCHEMA.names, values):
                        rows[column].append(value)
    pq.write_table(pa.table(rows, schema=MASK_SCHEMA), masks_path(folder, name))
    np.save(digests_path(folder, name), np.array(digests, dtype=np.uint64))
    faults.save(faults_path(folder, "scan", name))
    return ShardScan(name, docs_by_lang, widths)


def text_masks(reds: list[dict[str, Any]]) -> tuple[list[int], list[tuple[int, int]]]:
    """The redactions whose spans are in `text` (not in the title, subtitle or removed lines):
    their indices in the list and their spans."""
    indices = [n for n, r in enumerate(reds) if r["field"] == "text"]
    return indices, [(reds[n]["start"], reds[n]["end"]) for n in indices]


def restorable(r: dict[str, Any]) -> bool:
    """Whether a redaction gets candidates: a whole word hidden by a censor, in `text`. A swear word,
    a user's name or a mask of unknown purpose is never guessed at."""
    return r["kind"] == "censorship" and r["shape"] == "word" and r["field"] == "text"


def _width(text: str, start: int, end: int, raw: str) -> int:
    """0 for a word of a spaced script; for Chinese or Japanese, how many characters the mask hid."""
    left = text[:start].rstrip()[-1:]
    right = text[end:].lstrip()[:1]
    if not (left and unspaced(left)) and not (right and unspaced(right)):
        return 0
    units = "".join(_MASK_UNITS.findall(raw))
    return min(max(len(units), 1), 4) if units else 2


def doc_hash(doc_id: str) -> int:
    return xxhash.xxh3_64_intdigest(doc_id.encode())


def sample_shard(job: tuple[str, Path], widths: dict[str, set[int]], rate: float, folder: Path
                 ) -> list[tuple[tuple[int, str], Query]]:
    """Calibration queries from the shard's documents whose id hashes below `rate`, in a masked
    language, each with its sort key (position hash, id): a hash, not the shard order, decides."""
    name, shard = job
    faults = Faults(logged=False)
    sample = []
    for batch in shard_batches(shard, _COLUMNS):
        ids, langs = batch.column("id").to_pylist(), batch.column("lang").to_pylist()
        for i, (doc_id, lang) in enumerate(zip(ids, langs)):
            if lang not in widths or doc_hash(doc_id) / 2**64 >= rate:
                continue
            with faults.item("restore.sample", f"row {doc_id}"):  # it calibrates nothing
                _, spans = text_masks(batch.column("redactions")[i].as_py())
                toks, _ = tokens(batch.column("text")[i].as_py() or "", spans)
                sample += _sample_doc(doc_id, lang, toks, widths[lang])
    faults.save(faults_path(folder, "sample", name))
    return sample


def _position_hash(doc_id: str, i: int) -> int:
    return xxhash.xxh3_64_intdigest(f"{doc_id}:{i}".encode())


def _sample_doc(doc_id: str, lang: str, toks: list[str], widths: set[int]) -> list[tuple[tuple[int, str], Query]]:
    """Up to SAMPLE_PER_DOC words of one article, chosen by hashing, each hidden as a mask would hide it."""
    positions = []
    for k in sorted(widths):
        width = max(k, 1)
        for i in range(2, len(toks) - 2 - width + 1):
            filler = toks[i:i + width]
            if k == 0 and len(filler[0]) >= 3 and filler[0].isalpha() and not unspaced(filler[0][0]):
                truth = filler[0].lower()
            elif k and all(len(t) == 1 and unspaced(t) for t in filler):
                truth = "".join(filler)
            else:
                continue
            positions.append((_position_hash(doc_id, i * 8 + k), i, k, truth))
    out = []
    for h, i, k, truth in sorted(positions)[:SAMPLE_PER_DOC]:
        out.append(((h, doc_id), Query(lang, k, context_hashes(toks, i, i + max(k, 1)), truth)))
    return out
