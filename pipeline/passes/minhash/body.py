"""The words a duplicate signature is made of: the article's prose, folded the way copies differ.

Outlets that copy a story put their own page around it: menus, section
labels, bylines, teaser headlines, share and cookie lines. What survives the
boilerplate stage of that clutter is mostly short lines (a menu entry, a
headline, "Read more") while the article is written in sentences, so a
signature is made of the lines that are prose (at least `PROSE_WORDS` words,
or `PROSE_CHARS` characters in scripts written without spaces) and of all
lines only when the prose is too little to compare (a brief, a headline).

The text is folded by `exact_dup.fold` (compatibility forms, case, masks;
`words` then drops punctuation and quotes), and Serbian, Bosnian and
Montenegrin are written in Cyrillic and in Latin with a one-to-one letter
mapping, so their Cyrillic is spelt in Latin: the two scripts of one text
give the same words. Other languages keep their script (a transliteration
there is a guess).

Sentences are kept apart: the verification of a candidate pair counts
sentences, not loose words (see `buckets.coverage`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import chain

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from pipeline.passes.exact_dup import fold
from pipeline.text import UNSPACED, WORD_PATTERN

#: A line of at least this many words (or characters, unspaced scripts) is prose.
PROSE_WORDS = 8
PROSE_CHARS = 20
#: Languages written in Cyrillic and Latin with one letter mapping.
SERBIAN_CYRILLIC = frozenset({"sr", "bs", "cnr", "me", "sh", "hr"})

_SERBIAN_LATIN = dict(zip(
    "абвгдђежзијклљмнњопрстћуфхцчџш",
    ["a", "b", "v", "g", "d", "đ", "e", "ž", "z", "i", "j", "k", "l", "lj", "m", "n", "nj", "o", "p", "r",
     "s", "t", "ć", "u", "f", "h", "c", "č", "dž", "š"],
))
_TO_LATIN = str.maketrans({ord(c): v for c, v in _SERBIAN_LATIN.items()})
_BREAKS = ".!?;…。！？；\n"
#: Words, sentence ends and line ends in one pass (no word holds a break character).
_TOKENS = re.compile(f"{WORD_PATTERN}|[{_BREAKS}]")
_BREAK_SET = pa.array(list(_BREAKS))


def serbian_latin(text: str) -> str:
    """Serbian Cyrillic spelt in Gaj's Latin alphabet (lower case: the text is case-folded first)."""
    return text.translate(_TO_LATIN)


def normalise(text: str, lang: str | None, mask_token: str) -> str:
    """`fold`, and Cyrillic spelt in Latin where the language is written in both with one mapping."""
    folded = fold(text, mask_token)
    return serbian_latin(folded) if lang in SERBIAN_CYRILLIC else folded


@dataclass(frozen=True)
class Bodies:
    """The words a signature is made of, for a batch of documents laid end to end."""

    words: pa.DictionaryArray  # every kept word, document after document
    word_counts: np.ndarray  # words of each document
    sentence_lengths: np.ndarray  # words of each sentence, document after document
    sentence_counts: np.ndarray  # sentences of each document

    def sentences(self, doc: int) -> list[list[str]]:
        """Words of each sentence of one document (slow: for tests and small tools)."""
        skip = int(self.word_counts[:doc].sum())
        words = self.words.slice(skip, int(self.word_counts[doc])).dictionary_decode().to_pylist()
        first = int(self.sentence_counts[:doc].sum())
        ends = np.cumsum(self.sentence_lengths[first:first + int(self.sentence_counts[doc])]).tolist()
        return [words[a:b] for a, b in zip([0, *ends], ends)]


def body_batch(texts: list[str], langs: list[str | None], mask_token: str, min_tokens: int) -> Bodies:
    """Words of each sentence of the prose lines; of every line when the prose has fewer than `min_tokens`.

    One regular-expression pass a document finds words and breaks together; the
    lines, sentences and prose test are then array arithmetic over the whole
    batch's tokens, their distinct strings looked at once each: signatures are
    computed for every document, so this is on the build's hot path.
    """
    found = [_TOKENS.findall(normalise(text, lang, mask_token) + "\n") for text, lang in zip(texts, langs)]
    n = len(found)
    encoded = pa.array(list(chain.from_iterable(found)), pa.string()).dictionary_encode()
    vocabulary = encoded.dictionary
    # 0: a word, 1: a sentence end, 2: a line end (itself a break).
    kinds = (pc.is_in(vocabulary, _BREAK_SET).to_numpy(zero_copy_only=False).astype(np.int8)
             + pc.equal(vocabulary, "\n").to_numpy(zero_copy_only=False))
    # A word of an unspaced script is one character.
    single = np.flatnonzero(pc.equal(pc.utf8_length(vocabulary), 1).to_numpy(zero_copy_only=False))
    unspaced = np.zeros(len(vocabulary), bool)
    unspaced[single] = [UNSPACED.match(t) is not None for t in vocabulary.take(single).to_pylist()]
    codes = encoded.indices.to_numpy()
    kind = kinds[codes]
    word = np.flatnonzero(kind == 0)
    sentence, line = np.cumsum(kind != 0)[word], np.cumsum(kind == 2)[word]  # no sentence or line spans two texts
    doc = np.repeat(np.arange(n), np.fromiter(map(len, found), np.int64, n))[word]
    size = np.bincount(line)
    chars = np.bincount(line, unspaced[codes[word]], len(size))
    prose = ((size - chars >= PROSE_WORDS) | (chars >= PROSE_CHARS))[line]
    keep = prose | (np.bincount(doc, prose, n) < min_tokens)[doc]
    sentence, doc = sentence[keep], doc[keep]
    new = np.flatnonzero(np.r_[True, sentence[1:] != sentence[:-1]]) if len(sentence) else np.zeros(0, np.int64)
    return Bodies(
        words=pa.DictionaryArray.from_arrays(pa.array(codes[word[keep]]), encoded.dictionary),
        word_counts=np.bincount(doc, minlength=n),
        sentence_lengths=np.diff(np.r_[new, len(sentence)]),
        sentence_counts=np.bincount(doc[new], minlength=n),
    )


def body_sentences(text: str, lang: str | None, mask_token: str, min_tokens: int) -> list[list[str]]:
    """`body_batch` of one document, as lists of words."""
    return body_batch([text], [lang], mask_token, min_tokens).sentences(0)
