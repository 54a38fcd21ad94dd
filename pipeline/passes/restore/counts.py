"""Step 3 of the restoration pass: count, in every shard, the words that fill the contexts
some query asks for, and how often each word occurs; then sum the shards' counts.

Each shard (and the recipe's reference files) is one executor job that reads the
queried keys from `needed.parquet` and writes `contexts-<name>.parquet` and
`totals-<name>.parquet`; the driver only sums those files. Memory is bounded by
the queried contexts and the vocabulary, not by the corpus.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipeline.faults import Faults
from pipeline.fs import Location, read_text
from pipeline.passes.restore.scan import faults_path, shard_batches, text_digest, text_masks
from pipeline.passes.restore.tokens import BARRIER_HASH, PATTERNS, Group, Query, Vocab, context_keys, mix, token_hash, tokens, word_key

Counts = tuple[np.ndarray, np.ndarray, np.ndarray]  # (key, key, n): context and filler, or group and word
#: Pending count rows at which a tally is summed up (about 24 bytes each).
COMPACT_ROWS = 1_000_000
BATCH_TOKENS = 500_000  # tokens counted at once


@dataclass
class Needed:
    """The context keys some query asks for, per group and pattern, sorted for lookups."""

    keys: dict[Group, list[np.ndarray]]

    @property
    def groups(self) -> list[Group]:
        return sorted(self.keys)


def needed_path(folder: Path) -> Path:
    return folder / "needed.parquet"


def write_needed(masks: pa.Table, sample: list[Query], folder: Path) -> Needed:
    """The keys of every mask (computed over the columns at once) and calibration query, written
    where the counting jobs read them."""
    langs = masks["lang"].to_pylist()
    lang_hash = np.array([token_hash(lang) for lang in langs], np.uint64)
    ks = masks["k"].to_numpy().astype(np.uint64)
    ctx = [masks[c].to_numpy() for c in ("l2", "l1", "r1", "r2")]

    parts = []
    for pid, pat in enumerate(PATTERNS):
        open_ = np.logical_and.reduce([ctx[p] != np.uint64(BARRIER_HASH) for p in pat])
        keys = context_keys(pid, lang_hash, ks, ctx)[open_]
        parts.append(pa.table({"lang": pa.array(np.array(langs, dtype=object)[open_], pa.string()),
                               "k": pa.array(ks[open_].astype(np.int8)),
                               "pattern": pa.array(np.full(len(keys), pid, np.int8)), "key": pa.array(keys)}))
    rows = [(q.lang, q.k, pid, key) for q in sample for pid, key in q.keys.items()]
    parts.append(pa.table({"lang": pa.array([r[0] for r in rows], pa.string()),
                           "k": pa.array([r[1] for r in rows], pa.int8()),
                           "pattern": pa.array([r[2] for r in rows], pa.int8()),
                           "key": pa.array([r[3] for r in rows], pa.uint64())}))
    table = pa.concat_tables(parts).group_by(["lang", "k", "pattern", "key"]).aggregate([])
    table = table.sort_by([("lang", "ascending"), ("k", "ascending"), ("pattern", "ascending"), ("key", "ascending")])
    pq.write_table(table, needed_path(folder), compression="zstd")
    return read_needed(folder)


def read_needed(folder: Path) -> Needed:
    table = pq.read_table(needed_path(folder))
    keys: dict[Group, list[np.ndarray]] = {}
    lang, k, pattern, key = (table[c].to_numpy(zero_copy_only=False) for c in ("lang", "k", "pattern", "key"))
    for group in sorted(set(zip(lang.tolist(), k.tolist()))):
        here = (lang == group[0]) & (k == group[1])
        keys[group] = [np.sort(key[here & (pattern == pid)]) for pid in range(len(PATTERNS))]
    return Needed(keys)


@dataclass
class _Tally:
    """What one job adds: context counts, and how often each word occurs."""

    contexts: list[Counts] = field(default_factory=list)  # (context key, filler key, n)
    totals: list[Counts] = field(default_factory=list)  # (group, word key, n)
    fillers: dict[int, str] = field(default_factory=dict)  # hashed filler key -> its text (else a token id)

    def compact(self) -> None:
        """Sum what is pending once it is large, so memory follows distinct pairs, not occurrences:
        a big work shard must not cost more than several small ones."""
        if sum(len(p[0]) for p in self.contexts) > COMPACT_ROWS:
            self.contexts = [summed(self.contexts)]
        if sum(len(p[0]) for p in self.totals) > COMPACT_ROWS:
            self.totals = [summed(self.totals)]


CountJob = tuple[str, Path | None, list[tuple[str, Location]]]  # (name, work shard, reference files)


def count_job(job: CountJob, folder: Path) -> str:
    """Count one work shard (its rows that `keep-<name>.npy` keeps) or the reference files.

    Writes `contexts-<name>.parquet` (context key, filler as written, count) and
    `totals-<name>.parquet` (group, word key, count); returns the name.
    """
    name, shard, references = job
    needed = read_needed(folder)
    docs = _shard_docs(shard, np.load(keep_path(folder, name))) if shard else _reference_docs(references)
    wanted_langs = {lang for lang, _ in needed.keys}
    vocab, tally = Vocab(), _Tally()
    batch: dict[str, list[np.ndarray]] = defaultdict(list)
    size = 0
    faults = Faults(logged=False)
    for doc_id, lang, text, spans in docs:
        if lang not in wanted_langs:
            continue
        with faults.item("restore.count", f"row {doc_id}" if shard else doc_id):  # it vouches for nothing
            toks, _ = tokens(text, spans)
            batch[lang].append(vocab.encode(toks))
            size += len(toks)
        if size > BATCH_TOKENS:
            _count_batch(batch, vocab, needed, tally)
            tally.compact()
            batch.clear()
            size = 0
    _count_batch(batch, vocab, needed, tally)
    keys, fkeys, n = summed(tally.contexts)
    fillers = [tally.fillers.get(f) or vocab.words[f] for f in fkeys.tolist()]
    pq.write_table(pa.table({"key": pa.array(keys, pa.uint64()), "filler": pa.array(fillers, pa.string()),
                             "count": pa.array(n, pa.int64())}), contexts_path(folder, name), compression="zstd")
    groups, words, n = summed(tally.totals)
    pq.write_table(pa.table({"group": pa.array(groups, pa.uint64()), "word": pa.array(words, pa.uint64()),
                             "count": pa.array(n, pa.int64())}), totals_path(folder, name), compression="zstd")
    faults.save(faults_path(folder, "count", name))
    return name


def contexts_path(folder: Path, name: str) -> Path:
    return folder / f"contexts-{name}.parquet"


def totals_path(folder: Path, name: str) -> Path:
    return folder / f"totals-{name}.parquet"


def keep_path(folder: Path, name: str) -> Path:
    return folder / f"keep-{name}.npy"


def _shard_docs(shard: Path, keep: np.ndarray) -> Iterator[tuple[str, str, str, list[tuple[int, int]]]]:
    """(id, lang, text, mask spans) of each kept row of a work shard."""
    row = 0
    for batch in shard_batches(shard, ["id", "lang", "text", "redactions"]):
        lengths = pc.list_value_length(batch.column("redactions")).to_numpy(zero_copy_only=False)
        ids, langs, texts = (batch.column(c).to_pylist() for c in ("id", "lang", "text"))
        reds = batch.column("redactions")
        for i, (doc_id, lang, text) in enumerate(zip(ids, langs, texts)):
            if keep[row + i]:
                spans = text_masks(reds[i].as_py())[1] if lengths[i] else []
                yield doc_id, lang, text or "", spans
        row += len(batch)


def _reference_docs(files: list[tuple[str, Location]]) -> Iterator[tuple[str, str, str, list[tuple[int, int]]]]:
    """(file, lang, text, no spans) of the reference files (local or URLs), each distinct text once."""
    seen: set[int] = set()
    for lang, where in files:
        text = read_text(where)
        if text_digest(text) not in seen:
            seen.add(text_digest(text))
            yield str(where), lang, text, []


def summed(parts: list[Counts]) -> Counts:
    """One (key, key, n) triple: the parts concatenated, n summed over equal key pairs, sorted by keys."""
    if not parts:
        return np.zeros(0, np.uint64), np.zeros(0, np.uint64), np.zeros(0, np.int64)
    keys, fkeys, counts = (np.concatenate(c) for c in zip(*parts))
    table = pa.table({"key": pa.array(keys, pa.uint64()), "fkey": pa.array(fkeys, pa.uint64()),
                      "n": pa.array(counts, pa.int64())})
    table = table.group_by(["key", "fkey"]).aggregate([("n", "sum")]).sort_by([("key", "ascending"), ("fkey", "ascending")])
    return (table["key"].to_numpy(), table["fkey"].to_numpy(), table["n_sum"].to_numpy())


def _count_batch(batch: dict[str, list[np.ndarray]], vocab: Vocab, needed: Needed, tally: _Tally) -> None:
    if not batch:
        return
    lower, kind, hashes = vocab.arrays()
    for g, (lang, k) in enumerate(needed.groups):
        if lang not in batch:
            continue
        t = np.concatenate(batch[lang])
        low, kd = hashes[lower[t]], kind[t]
        width = max(k, 1)
        ok = kd[: len(t) - width + 1] == (1 if k == 0 else 2)
        for j in range(1, width):
            ok &= kd[j: len(t) - width + 1 + j] == 2
        pos = np.nonzero(ok)[0]
        # the filler as written (its spelling is kept), and folded (for its frequency)
        fkey = t[pos].astype(np.uint64) if k == 0 else mix(*(hashes[t[pos + j]] for j in range(width)))
        folded = low[pos] if k == 0 else fkey
        words, n = np.unique(folded, return_counts=True)
        tally.totals.append((np.full(len(words), g, np.uint64), words, n.astype(np.int64)))
        ctx = [low[pos - 2], low[pos - 1], low[pos + width], low[pos + width + 1]]
        wanted = needed.keys[(lang, k)]
        lang_hash, kk = np.uint64(token_hash(lang)), np.uint64(k)
        for pid in range(len(PATTERNS)):
            if not len(wanted[pid]):
                continue
            key = context_keys(pid, lang_hash, kk, ctx)
            at = np.minimum(np.searchsorted(wanted[pid], key), len(wanted[pid]) - 1)
            hit = wanted[pid][at] == key
            if not hit.any():
                continue
            tally.contexts.append((key[hit], fkey[hit], np.ones(int(hit.sum()), np.int64)))
            if k:  # a string of characters has a hashed key: remember its text
                hit_pos = pos[hit]
                for f, first in zip(*np.unique(fkey[hit], return_index=True)):
                    if int(f) not in tally.fillers:
                        start = int(hit_pos[first])
                        tally.fillers[int(f)] = "".join(vocab.words[x] for x in t[start:start + width])


def merge_contexts(folder: Path, names: list[str]) -> tuple[dict[int, dict[str, int]], dict[str, Counter[str]], dict[Group, set[str]]]:
    """Sum the context counts: context key -> {word (case folded): count}, each word's spellings,
    and the words seen in each group's contexts."""
    table = pa.concat_tables([pq.read_table(contexts_path(folder, n)) for n in names])
    table = table.group_by(["key", "filler"]).aggregate([("count", "sum")])
    table = table.sort_by([("key", "ascending"), ("filler", "ascending")])
    groups = pq.read_table(needed_path(folder), columns=["lang", "k", "key"]).group_by(["key"]).aggregate(
        [("lang", "min"), ("k", "min")])
    table = table.join(groups, "key").sort_by([("key", "ascending"), ("filler", "ascending")])
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    surface: dict[str, Counter[str]] = defaultdict(Counter)
    words: dict[Group, set[str]] = defaultdict(set)
    for key, filler, n, lang, k in zip(*(table[c].to_pylist() for c in ("key", "filler", "count_sum", "lang_min", "k_min"))):
        low = filler.lower()
        bucket = counts[key]
        bucket[low] = bucket.get(low, 0) + n
        surface[low][filler] += n
        words[(lang, k)].add(low)
    return counts, surface, words


def word_totals(folder: Path, names: list[str], groups: list[Group], words: dict[Group, set[str]]
                ) -> tuple[dict[tuple[Group, str], int], dict[Group, int]]:
    """How often each of `words` occurs in its group, and how many word positions each group has."""
    lookup: dict[int, tuple[Group, str]] = {}
    for g, group in enumerate(groups):
        for w in words.get(group, ()):
            lookup[int(mix(np.uint64(g), np.uint64(word_key(w, group[1])))[0])] = (group, w)
    wanted = np.array(sorted(lookup), np.uint64)
    found: Counter[tuple[Group, str]] = Counter()
    positions = np.zeros(len(groups), np.int64)
    for name in names:
        table = pq.read_table(totals_path(folder, name))
        g, key, n = (table[c].to_numpy() for c in ("group", "word", "count"))
        positions += np.bincount(g.astype(np.int64), weights=n, minlength=len(groups)).astype(np.int64)
        combined = mix(g, key)
        hit = np.isin(combined, wanted)
        for c, count in zip(combined[hit].tolist(), n[hit].tolist()):
            found[lookup[c]] += count
    return dict(found), {group: int(positions[g]) for g, group in enumerate(groups)}
