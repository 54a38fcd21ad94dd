"""Tokens and context keys of the restoration pass, the same in every process.

Keys are built from 64-bit hashes of the (lowercased) tokens, not from ids a
process hands out as it meets words, so shards counted by different workers,
or on different machines of a cluster, agree on every key without sharing a
vocabulary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import xxhash

from pipeline.text import CJK_CHARS

PAD = "¶"  # a paragraph boundary or the edge of a document: context like any word
BARRIER = "\x00"  # a mask: no context reaches across it
_UNSPACED = CJK_CHARS
_TOKEN = re.compile(
    rf"\n+|[{_UNSPACED}]|[^\W\d_{_UNSPACED}]+(?:['’][^\W\d_{_UNSPACED}]+)*|\d+(?:[.,:]\d+)*|[^\w\s]"
)

#: Context patterns as positions in (l2, l1, r1, r2), most specific first.
PATTERNS: tuple[tuple[int, ...], ...] = ((0, 1, 2, 3), (0, 1, 2), (1, 2, 3), (1, 2), (0, 1), (2, 3), (1,), (2,))
_MIX = np.uint64(0x9E3779B97F4A7C15)

Group = tuple[str, int]  # (language, width)


def tokens(text: str, masks: list[tuple[int, int]]) -> tuple[list[str], list[int]]:
    """Normalised tokens of `text`, padded at both ends, with each mask span as one BARRIER.

    Returns the tokens and the index of each mask's BARRIER, in the order of `masks`.
    """
    out = [PAD, PAD]
    where: dict[int, int] = {}
    pos = 0
    for n, (start, end) in sorted(enumerate(masks), key=lambda m: m[1]):
        out += _normalise(_TOKEN.findall(text, pos, start))
        where[n] = len(out)
        out.append(BARRIER)
        pos = end
    out += _normalise(_TOKEN.findall(text, pos))
    out += [PAD, PAD]
    return out, [where[n] for n in range(len(masks))]


def _normalise(found: list[str]) -> list[str]:
    return [PAD if t[0] == "\n" else ("0" if t[0].isdigit() else t) for t in found]


def unspaced(char: str) -> bool:
    return "\u3040" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"


def token_hash(token: str) -> int:
    return xxhash.xxh3_64_intdigest(token.encode("utf-8", "surrogatepass"))


BARRIER_HASH = token_hash(BARRIER)


def word_key(word: str, k: int) -> int:
    """The key a filler is counted under: its hash, or for k characters of an unspaced script the mix of theirs."""
    return token_hash(word) if k == 0 else mix_int(*(token_hash(c) for c in word))


def mix_int(*values: int) -> int:
    """`mix` of one tuple, in plain integers (numpy's per-call overhead dominates for one key)."""
    h = 0xCBF29CE484222325
    for v in values:
        h = ((h ^ v) * 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF
        h ^= h >> 31
    return h


def mix(*cols: Any) -> np.ndarray:
    """A 64-bit key for a tuple of 64-bit integers, elementwise over arrays (wrapping arithmetic)."""
    arrays = [np.atleast_1d(np.asarray(c, dtype=np.uint64)) for c in cols]
    h = np.full(np.broadcast(*arrays).shape, 0xCBF29CE484222325, dtype=np.uint64)
    for c in arrays:
        h = (h ^ c) * _MIX
        h ^= h >> np.uint64(31)
    return h


class Vocab:
    """Token ids for one process's counting, so that a batch of text becomes integer arrays.

    Each id knows its lowercased form, its kind and its hash; keys are computed
    from the hashes only.
    """

    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.words: list[str] = []
        self._lower: list[int] = []
        self._kind: list[int] = []  # 0 other, 1 word of a spaced script, 2 character of an unspaced one
        self._hash: list[int] = []
        for t in (PAD, BARRIER):
            self.add(t)

    def add(self, token: str) -> int:
        i = self.index.get(token)
        if i is not None:
            return i
        low = token.lower()
        low_id = self.add(low) if low != token else None
        i = len(self.words)
        self.index[token] = i
        self.words.append(token)
        self._lower.append(i if low_id is None else low_id)
        self._kind.append(2 if len(token) == 1 and unspaced(token) else int(token.isalpha()))
        self._hash.append(token_hash(token))
        return i

    def encode(self, toks: list[str]) -> np.ndarray:
        index, add = self.index, self.add
        return np.array([index[t] if t in index else add(t) for t in toks], dtype=np.int64)

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per id: the id of its lowercased form, its kind, its hash."""
        return (np.array(self._lower, dtype=np.int64), np.array(self._kind, dtype=np.int8),
                np.array(self._hash, dtype=np.uint64))


@dataclass
class Query:
    """A gap to fill: a mask, or a sampled word hidden to calibrate the scores."""

    lang: str
    k: int  # 0: one word of a spaced script; n: n characters of an unspaced script
    ctx: tuple[int, int, int, int]  # hashes of the lowercased l2, l1, r1, r2
    truth: str | None = None  # the hidden word, for a calibration query
    keys: dict[int, int] = field(default_factory=dict)  # pattern -> context key, for the patterns not blocked by a mask

    def __post_init__(self) -> None:
        if not self.keys:
            lang = token_hash(self.lang)
            self.keys = {pid: mix_int(pid, lang, self.k, *(self.ctx[p] for p in pat))
                         for pid, pat in enumerate(PATTERNS) if all(self.ctx[p] != BARRIER_HASH for p in pat)}

    @property
    def group(self) -> Group:
        return (self.lang, self.k)


def context_hashes(toks: list[str], before: int, after: int) -> tuple[int, int, int, int]:
    """Hashes of the two lowercased tokens before position `before` and the two from `after` on."""
    return tuple(token_hash(toks[i].lower()) for i in (before - 2, before - 1, after, after + 1))  # type: ignore[return-value]


def context_keys(pid: int, langs: np.ndarray, ks: np.ndarray, ctx: list[np.ndarray]) -> np.ndarray:
    """Pattern `pid`'s keys for arrays of language hashes, widths and the four context hashes."""
    return mix(np.uint64(pid), langs, ks, *(ctx[p] for p in PATTERNS[pid]))
