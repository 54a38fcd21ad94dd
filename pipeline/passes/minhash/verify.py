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
(`runs.u32`, `sentences.i32`) with per-document offsets; candidate pairs are
checked a batch at a time, the batch's documents read once.
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
#: Words of the pairs' documents whose coverage is computed at once (memory: some 40 bytes a word).
COVERAGE_WORDS = 1_000_000
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


def coverage(runs_a: np.ndarray, sentences_a: np.ndarray, runs_b: np.ndarray, run: int) -> float:
    """Share of A's words in sentences of which at least half the words are covered by runs also in B.

    0 when those sentences keep fewer than `SHARED_RUNS` of their runs in B:
    they share their frame, not their wording (reports cut from one template
    with other facts, see the module's docstring).
    """
    sentences = sentences_a[sentences_a > 0]
    words = int(sentences.sum())
    hit = np.zeros(words, bool)
    hit[:min(len(runs_a), words)] = np.isin(runs_a, runs_b)[:words]
    return float(pair_coverages(hit, np.array([words]), np.array([len(runs_a)]), sentences,
                                np.array([len(sentences)]), run)[0])


def pair_coverages(hit: np.ndarray, words: np.ndarray, run_counts: np.ndarray, sentences: np.ndarray,
                   sentence_counts: np.ndarray, run: int) -> np.ndarray:
    """`coverage` of many pairs at once, A's words laid end to end.

    Per pair: `words` words of A, `hit[j]` when A's run starting at word j is
    also in B (false where no run starts: A's last `run - 1` words), of
    `run_counts` runs; `sentence_counts` of A's sentence lengths (none zero)
    in `sentences`. A loop over pairs would pay numpy's per-call cost some
    twenty times a pair, more than the arithmetic on a few hundred words.
    """
    pairs = len(words)
    if not words.sum():
        return np.zeros(pairs)
    # Word j is covered when a run starting at j-run+1 .. j is a hit; the run-1
    # words without a run end each pair, so no pair's hits cover the next one's words.
    covered = hit.copy()
    for shift in range(1, run):
        covered[shift:] |= hit[:-shift]
    starts = np.cumsum(sentences) - sentences  # on the pairs' words end to end
    shared = np.add.reduceat(covered, starts) >= SENTENCE_SHARE * sentences
    # Runs starting in the shared sentences, and how many of them B has.
    sentence_pair = np.repeat(np.arange(pairs), sentence_counts)[shared]
    base = np.repeat(np.cumsum(words) - words, sentence_counts)[shared]
    inside, lengths, count = starts[shared] - base, sentences[shared], run_counts[sentence_pair]
    first, last = base + np.minimum(inside, count), base + np.minimum(inside + lengths, count)
    seen = np.concatenate(([0], np.cumsum(hit)))
    runs = np.bincount(sentence_pair, last - first, pairs)
    kept = np.bincount(sentence_pair, seen[last] - seen[first], pairs)
    ok = (runs > 0) & (kept >= SHARED_RUNS * runs)
    return np.where(ok, np.bincount(sentence_pair, lengths, pairs) / np.maximum(words, 1), 0.0)


class RunStore:
    """The flat files of runs and sentence lengths, and each document's place in them."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        index = np.load(folder / INDEX)
        self.run_start, self.run_count = index["run_start"], index["run_count"]
        self.sentence_start, self.sentence_count = index["sentence_start"], index["sentence_count"]
        self.unspaced, self.shingles, self.words = index["unspaced"], index["shingles"], index["words"]

    def read(self, docs: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(runs, run counts, sentence lengths, sentence counts) of `docs`, one after another."""
        runs = _pread_many(self.folder / RUNS, np.uint32, self.run_start[docs], self.run_count[docs])
        sentences = _pread_many(self.folder / SENTENCES, np.int32, self.sentence_start[docs],
                                self.sentence_count[docs])
        return runs, self.run_count[docs], sentences, self.sentence_count[docs]

    def coverages(self, a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(coverage of a by b, of b by a) for each pair; 0 when the two are shingled differently.

        Pairs are taken `COVERAGE_WORDS` words at a time, so memory stays that of a batch.
        """
        out = np.zeros(2 * len(a))
        for unspaced in (False, True):
            same = np.flatnonzero((self.unspaced[a] == unspaced) & (self.unspaced[b] == unspaced))
            first, second = np.r_[a[same], b[same]], np.r_[b[same], a[same]]  # each pair both ways
            where = np.r_[same, same + len(a)]
            ends = np.cumsum(self.words[first])
            at = 0
            while at < len(first):
                stop = max(at + 1, int(np.searchsorted(ends, ends[at] - self.words[first[at]] + COVERAGE_WORDS)))
                out[where[at:stop]] = self._coverages(first[at:stop], second[at:stop],
                                                      RUN_CHARS if unspaced else RUN_WORDS)
                at = stop
        return out[:len(a)], out[len(a):]

    def _coverages(self, a: np.ndarray, b: np.ndarray, run: int) -> np.ndarray:
        """Coverage of a[i] by b[i], every pair shingled in runs of `run`.

        Each document's runs are tagged with its rank and sorted once; each pair then
        looks up A's runs, in sorted order, among B's, pairs taken in order of B: the
        lookups come in ascending order, which a binary search serves from cache.
        """
        docs, inverse = np.unique(np.r_[a, b], return_inverse=True)
        runs, run_counts, sentences, sentence_counts = self.read(docs)
        sentences = sentences.astype(np.int64)
        words = np.bincount(np.repeat(np.arange(len(docs)), sentence_counts), sentences, len(docs)).astype(np.int64)
        tagged = (np.repeat(np.arange(len(docs), dtype=_U64), run_counts) << _U64(32)) | runs.astype(_U64)
        order = np.argsort(tagged)
        tagged = tagged[order]  # each document's runs sorted, where they were (the rank leads)
        run_start = np.cumsum(run_counts) - run_counts
        rank_a, rank_b = inverse[:len(a)], inverse[len(a):]
        by_b = np.argsort(rank_b, kind="stable")
        first, count = run_start[rank_a[by_b]], run_counts[rank_a[by_b]]
        source = _spans(first, count)
        query = (np.repeat(rank_b[by_b].astype(_U64), count) << _U64(32)) | (tagged[source] & _U64(0xFFFFFFFF))
        at = np.minimum(np.searchsorted(tagged, query), len(tagged) - 1)
        # Back to A's word order: a run's place in its document is the word it starts on.
        pair_start = np.cumsum(words[rank_a]) - words[rank_a]
        hit = np.zeros(int(words[rank_a].sum()), bool)
        hit[np.repeat(pair_start[by_b] - first, count) + order[source]] = tagged[at] == query
        sentence_start = np.cumsum(sentence_counts) - sentence_counts
        lengths = sentences[_spans(sentence_start[rank_a], sentence_counts[rank_a])]
        positive = lengths > 0
        counts = np.bincount(np.repeat(np.arange(len(a)), sentence_counts[rank_a])[positive], minlength=len(a))
        return pair_coverages(hit, words[rank_a], run_counts[rank_a], lengths[positive], counts, run)


def _spans(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Indices start..start+count-1 of each span, one span after another."""
    return np.repeat(starts - (np.cumsum(counts) - counts), counts) + np.arange(int(counts.sum()))


def _pread_many(path: Path, dtype, starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """The spans (start, count) of a flat file of `dtype`, one after another."""
    size = np.dtype(dtype).itemsize
    fd = os.open(path, os.O_RDONLY)
    try:
        data = b"".join(os.pread(fd, int(count) * size, int(start) * size)
                        for start, count in zip(starts.tolist(), counts.tolist()))
    finally:
        os.close(fd)
    return np.frombuffer(data, dtype)
