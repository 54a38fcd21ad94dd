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
    return float(pair_coverages(_member(runs_a, np.sort(runs_b)), np.array([len(runs_a)]), sentences,
                                np.array([len(sentences)]), np.array([run]))[0])


def pair_coverages(hit: np.ndarray, run_counts: np.ndarray, sentences: np.ndarray, sentence_counts: np.ndarray,
                   sizes: np.ndarray) -> np.ndarray:
    """`coverage` of many pairs at once, A's side laid end to end.

    Per pair: `run_counts` runs of A, whose `hit` says which B also has;
    `sentence_counts` of A's sentence lengths (none zero) in `sentences`;
    `sizes` words per run. A loop over pairs would pay numpy's per-call cost
    some twenty times a pair, more than the arithmetic on a few hundred words.
    """
    pairs = len(run_counts)
    words = np.zeros(pairs, np.int64)
    sentence_pair = np.repeat(np.arange(pairs), sentence_counts)
    np.add.at(words, sentence_pair, sentences)
    if not words.sum():
        return np.zeros(pairs)
    run_start = np.cumsum(run_counts) - run_counts
    seen = np.concatenate(([0], np.cumsum(hit)))
    # Word j of a pair is covered when a run starting at j-run+1 .. j is a hit.
    word_pair = np.repeat(np.arange(pairs), words)
    j = np.arange(len(word_pair)) - np.repeat(np.cumsum(words) - words, words)
    base, count = run_start[word_pair], run_counts[word_pair]
    covered = (seen[base + np.minimum(j + 1, count)]
               - seen[base + np.minimum(np.maximum(j - sizes[word_pair] + 1, 0), count)]) > 0
    starts = np.cumsum(sentences) - sentences  # on the pairs' words end to end
    shared = np.add.reduceat(covered, starts) >= SENTENCE_SHARE * sentences
    # Runs starting in the shared sentences, and how many of them B has.
    inside = starts - np.repeat(np.cumsum(words) - words, sentence_counts)
    base, count = run_start[sentence_pair], run_counts[sentence_pair]
    first, last = base + np.minimum(inside, count), base + np.minimum(inside + sentences, count)
    runs = np.bincount(sentence_pair[shared], (last - first)[shared], pairs)
    kept = np.bincount(sentence_pair[shared], (seen[last] - seen[first])[shared], pairs)
    covered_words = np.bincount(sentence_pair[shared], sentences[shared], pairs)
    ok = (runs > 0) & (kept >= SHARED_RUNS * runs)
    return np.where(ok, covered_words / np.maximum(words, 1), 0.0)


def _member(values: np.ndarray, sorted_values: np.ndarray) -> np.ndarray:
    """`np.isin(values, sorted_values)` by binary search, without sorting both sides again."""
    if not len(sorted_values):
        return np.zeros(len(values), bool)
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
        same = np.flatnonzero(self.unspaced[a] == self.unspaced[b])
        first, second = np.r_[a[same], b[same]], np.r_[b[same], a[same]]  # each pair both ways
        where = np.r_[same, same + len(a)]
        ends = np.cumsum(self.words[first])
        at = 0
        while at < len(first):
            stop = max(at + 1, int(np.searchsorted(ends, ends[at] - self.words[first[at]] + COVERAGE_WORDS)))
            out[where[at:stop]] = self._coverages(first[at:stop], second[at:stop])
            at = stop
        return out[:len(a)], out[len(a):]

    def _coverages(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Coverage of a[i] by b[i], every pair shingled alike."""
        docs, inverse = np.unique(np.r_[a, b], return_inverse=True)
        runs, run_counts, sentences, sentence_counts = self.read(docs)
        # Each document's runs tagged with its rank, sorted once: one binary search serves every pair.
        tagged = (np.repeat(np.arange(len(docs), dtype=_U64), run_counts) << _U64(32)) | runs.astype(_U64)
        rank_a, rank_b = inverse[:len(a)], inverse[len(a):]
        run_start = np.cumsum(run_counts) - run_counts
        picked = _spans(run_start[rank_a], run_counts[rank_a])
        hit = _member((np.repeat(rank_b.astype(_U64), run_counts[rank_a]) << _U64(32)) | runs[picked].astype(_U64),
                      np.sort(tagged))
        sentence_start = np.cumsum(sentence_counts) - sentence_counts
        lengths = sentences[_spans(sentence_start[rank_a], sentence_counts[rank_a])].astype(np.int64)
        positive = lengths > 0
        counts = np.bincount(np.repeat(np.arange(len(a)), sentence_counts[rank_a])[positive], minlength=len(a))
        sizes = np.where(self.unspaced[a], RUN_CHARS, RUN_WORDS)
        return pair_coverages(hit, run_counts[rank_a], lengths[positive], counts, sizes)


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
