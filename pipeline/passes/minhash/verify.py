"""What a candidate pair is checked on: the body's word runs in order, and its sentences.

A sketch compares whole documents, so a copy that holds half of another, or
an article inside a page twice its size, looks unlike it. Each document
therefore also keeps the hashes of its runs of `RUN_WORDS` words
(`RUN_CHARS` characters in scripts written without spaces) in text order,
and the length of each of its sentences. A word of A is *covered* by B when
one of the runs it is part of is also in B: an edited word uncovers itself
and little more, a name or a stock phrase shared by two different stories
covers a few words of a sentence. A sentence is *shared* when at least half
of its words are covered, and the coverage of A by B is the share of A's
words that are in shared sentences. Two agencies' reports of one event share
names, figures and a quote, not their sentences; a copy shares its sentences
even when each has a word changed.

The sentences of at least `KEY_WORDS` words (or `KEY_CHARS` characters) also
give candidate keys (a hash of the sentence), so that a copy cut to its first
paragraphs, or buried in clutter, meets its original in one bucket even when
their sketches are far apart. A sentence printed on more than `KEY_BUCKET`
pages is boilerplate, not evidence: its bucket is skipped.

Runs and sentence lengths of all documents are gathered into two flat files
(`runs.u32`, `sentences.i32`) with per-document offsets, read a pair at a time.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

RUN_WORDS = 3
RUN_CHARS = 6
KEY_WORDS = 8
KEY_CHARS = 16
#: Sentence keys per document (the first ones: a copy keeps the lead).
MAX_KEYS = 32
KEY_BUCKET = 100
#: A sentence is shared when this share of its words is covered.
SENTENCE_SHARE = 0.5
#: Shared sentences count only when this share of their runs is in the other document.
SHARED_RUNS = 0.5
#: Sentence keys have this bit set, band keys have it clear.
SENTENCE_BIT = np.uint64(1)
_U64 = np.uint64
RUNS, SENTENCES, INDEX = "runs.u32", "sentences.i32", "runs-index.npz"
#: A candidate key record (band or sentence key, document number), as the partitions hold them.
KEY = np.dtype([("key", "<u8"), ("doc", "<u4")])


def run_size(unspaced: bool) -> int:
    return RUN_CHARS if unspaced else RUN_WORDS


def sentence_keys(runs: np.ndarray, at: np.ndarray, sizes: np.ndarray, sentence_lengths: np.ndarray,
                  long: np.ndarray, mix) -> tuple[np.ndarray, np.ndarray]:
    """(keys, sentence of each key) of the long sentences of a batch: the least hash of the runs inside each.

    Two sentences get one key with the probability that they share their
    least run, that is about the Jaccard similarity of their runs: a
    sentence with a word changed keeps its key most of the time, and a
    copy has many sentences, so it meets its original in some bucket.
    The batch's documents are laid end to end: `at` is where each run starts
    and `sizes` how many words it covers, on the scale of `sentence_lengths`
    (every sentence of every document, in order); `long` marks the sentences
    that may give a key. The caller keeps each document's first `MAX_KEYS`.
    """
    ends = np.cumsum(sentence_lengths)
    sentence = np.searchsorted(ends, at, side="right")
    inside = at + sizes <= ends[np.minimum(sentence, len(ends) - 1)] if len(ends) else np.zeros(0, bool)
    keep = inside & long[np.minimum(sentence, len(long) - 1)] if len(long) else inside
    if not keep.any():
        return np.zeros(0, _U64), np.zeros(0, np.int64)
    mine = sentence[keep]  # runs are in text order, so a sentence's runs are next to each other
    first = np.flatnonzero(np.r_[True, mine[1:] != mine[:-1]])
    least = np.minimum.reduceat(runs[keep], first)
    return mix(least ^ _U64(0x5E57E7CE)) | SENTENCE_BIT, mine[first]


def is_sentence_key(keys: np.ndarray) -> np.ndarray:
    return (keys & SENTENCE_BIT).astype(bool)


def coverage(runs_a: np.ndarray, sentences_a: np.ndarray, runs_b: np.ndarray, run: int,
             sorted_b: np.ndarray | None = None) -> float:
    """Share of A's words in sentences of which at least half the words are covered by runs also in B.

    0 when those sentences keep fewer than `SHARED_RUNS` of their runs in B:
    they share their frame, not their wording (reports cut from one template
    with other facts, see the module's docstring). `sorted_b`: B's runs
    sorted, when the caller keeps them (a document is met in many pairs).
    """
    words = int(sentences_a.sum())
    if not words or not len(runs_a) or not len(runs_b):
        return 0.0
    hit = _member(runs_a, np.sort(runs_b) if sorted_b is None else sorted_b)
    # Word j is covered when a run starting at j-run+1 .. j is a hit.
    seen = np.concatenate(([0], np.cumsum(hit)))
    j = np.arange(words)
    covered = seen[np.minimum(j + 1, len(hit))] - seen[np.maximum(j - run + 1, 0).clip(max=len(hit))] > 0
    keep = sentences_a > 0
    lengths = sentences_a[keep]
    starts = np.cumsum(lengths) - lengths
    shared = np.add.reduceat(covered, starts) >= SENTENCE_SHARE * lengths
    # Runs starting in the shared sentences, and how many of them B has.
    first, last = np.minimum(starts[shared], len(hit)), np.minimum(starts[shared] + lengths[shared], len(hit))
    runs = int((last - first).sum())
    if not runs or int((seen[last] - seen[first]).sum()) < SHARED_RUNS * runs:
        return 0.0
    return float(lengths[shared].sum()) / words


def _member(values: np.ndarray, sorted_values: np.ndarray) -> np.ndarray:
    """`np.isin(values, sorted_values)` by binary search, without sorting both sides again."""
    at = np.searchsorted(sorted_values, values)
    at[at == len(sorted_values)] = 0
    return sorted_values[at] == values


class RunStore:
    """The flat files of runs and sentence lengths, and each document's place in them."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        index = np.load(folder / INDEX)
        self.run_start, self.run_count = index["run_start"], index["run_count"]
        self.sentence_start, self.sentence_count = index["sentence_start"], index["sentence_count"]
        self.unspaced, self.shingles, self.words = index["unspaced"], index["shingles"], index["words"]

    def read(self, doc: int) -> tuple[np.ndarray, np.ndarray]:
        return (_pread(self.folder / RUNS, np.uint32, self.run_start[doc], self.run_count[doc]),
                _pread(self.folder / SENTENCES, np.int32, self.sentence_start[doc], self.sentence_count[doc]))

    def coverages(self, a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(coverage of a by b, of b by a) for each pair; 0 when the two are shingled differently."""
        out_a, out_b = np.zeros(len(a)), np.zeros(len(a))
        cache: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
        for i, (x, y) in enumerate(zip(a.tolist(), b.tolist())):
            if self.unspaced[x] != self.unspaced[y]:
                continue
            rx = cache[x] if x in cache else cache.setdefault(x, self._sorted(x))
            ry = cache[y] if y in cache else cache.setdefault(y, self._sorted(y))
            size = run_size(bool(self.unspaced[x]))
            out_a[i] = coverage(rx[0], rx[1], ry[0], size, ry[2])
            out_b[i] = coverage(ry[0], ry[1], rx[0], size, rx[2])
        return out_a, out_b

    def _sorted(self, doc: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        runs, sentences = self.read(doc)
        return runs, sentences, np.sort(runs)


def _pread(path: Path, dtype, start: int, count: int) -> np.ndarray:
    size = np.dtype(dtype).itemsize
    fd = os.open(path, os.O_RDONLY)
    try:
        data = os.pread(fd, int(count) * size, int(start) * size)
    finally:
        os.close(fd)
    return np.frombuffer(data, dtype)
