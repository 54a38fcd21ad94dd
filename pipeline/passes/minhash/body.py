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
import sys
from dataclasses import dataclass
from functools import cache

import numpy as np
import pyarrow as pa

from pipeline.passes.exact_dup import fold
from pipeline.text import UNSPACED, WORD_CHAR

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
#: Classes of code points for `_tokens`: none of a token, of a word, a mark of an unspaced script
#: (continues a word, else is a word alone), a character of an unspaced script (a word alone),
#: a sentence end, a line end.
_NONE, _WORD, _MARK, _ALONE, _END, _LINE = range(6)


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

    The batch's texts are tokenised together with numpy (`_tokens`); the
    lines, sentences and prose test are then array arithmetic over the whole
    batch's tokens: signatures are computed for every document, so this is on
    the build's hot path.
    """
    folded = [normalise(text, lang, mask_token) + "\n" for text, lang in zip(texts, langs)]
    n = len(folded)
    strings, classes, starts = _tokens("".join(folded))
    encoded = strings.dictionary_encode()
    # 0: a word, 1: a sentence end, 2: a line end (itself a break).
    kind = np.array([0, 0, 0, 0, 1, 2], np.int8)[classes]
    word = np.flatnonzero(kind == 0)
    sentence, line = np.cumsum(kind != 0)[word], np.cumsum(kind == 2)[word]  # no sentence or line spans two texts
    ends = np.cumsum(np.fromiter(map(len, folded), np.int64, n))
    doc = np.searchsorted(ends, starts[word], side="right")
    size = np.bincount(line)
    chars = np.bincount(line, classes[word] != _WORD, len(size))  # a word of an unspaced script is one character
    prose = ((size - chars >= PROSE_WORDS) | (chars >= PROSE_CHARS))[line]
    keep = prose | (np.bincount(doc, prose, n) < min_tokens)[doc]
    sentence, doc = sentence[keep], doc[keep]
    new = np.flatnonzero(np.r_[True, sentence[1:] != sentence[:-1]]) if len(sentence) else np.zeros(0, np.int64)
    return Bodies(
        words=pa.DictionaryArray.from_arrays(pa.array(encoded.indices.to_numpy()[word[keep]]), encoded.dictionary),
        word_counts=np.bincount(doc, minlength=n),
        sentence_lengths=np.diff(np.r_[new, len(sentence)]),
        sentence_counts=np.bincount(doc[new], minlength=n),
    )


def _tokens(text: str) -> tuple[pa.StringArray, np.ndarray, np.ndarray]:
    """The words of `text` (as `pipeline.text.words` finds them), its sentence ends and its line ends
    (`_BREAKS`, which no word holds), in order, with the class of each token's first character and
    where it starts (in characters).

    Array arithmetic on the code points' classes (`char_classes`) instead of
    the regular expression, which stepped through the alternatives of its
    character classes at every character (half of the signature step); the
    strings are cut from the text's UTF-8 bytes, not made one Python object each.
    """
    points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), np.uint32)
    classes = char_classes()[points]
    size = 1 + (points >= 0x80).view(np.uint8) + (points >= 0x800).view(np.uint8) + (points >= 0x10000).view(np.uint8)
    del points  # the batch's largest array: gone before the others are made
    in_word = classes == _WORD
    marks = np.flatnonzero(classes == _MARK)
    if len(marks):  # a chain of such marks continues a word when the character before it is a word's
        first = np.r_[True, np.diff(marks) > 1]
        prior = marks[first] - 1
        joins = (prior >= 0) & (classes[np.maximum(prior, 0)] == _WORD)
        in_word[marks] = joins[np.cumsum(first) - 1]
    alone = ~in_word & (classes >= _MARK)
    edge = np.diff(in_word.view(np.int8), prepend=np.int8(0), append=np.int8(0))
    starts = np.flatnonzero((edge[:-1] == 1) | alone)
    single = alone[starts]
    ends = starts + 1
    ends[~single] = np.flatnonzero(edge == -1)
    # Tokens neither overlap nor touch out of order: their UTF-8 bytes (`size` a character), one after
    # another, are the bytes of the characters in a token, and a token's length the bytes between its ends
    # (32-bit offsets, as Arrow's strings have).
    before = np.zeros(len(classes) + 1, np.int32)
    np.cumsum(size, out=before[1:])
    offsets = np.zeros(len(starts) + 1, np.int32)
    np.cumsum(before[ends] - before[starts], out=offsets[1:])
    data = np.frombuffer(text.encode("utf-8", "surrogatepass"), np.uint8)
    lead = (data & 0xC0) != 0x80
    kept = np.zeros(len(data), bool)
    kept[lead] = in_word | alone
    for _ in range(3):  # a character's other bytes (three at most) follow its first
        kept[1:] |= kept[:-1] & ~lead[1:]
    chars = data[kept]
    strings = pa.StringArray.from_buffers(len(starts), pa.py_buffer(offsets), pa.py_buffer(chars))
    return strings, classes[starts], starts


@cache
def char_classes() -> np.ndarray:
    """The `_tokens` class of every code point, read off the patterns of words and breaks (~0.1 s a process).

    The string of every code point is decoded from their UTF-32 bytes: joining a million `chr` calls took
    0.2 s of it."""
    every = np.arange(sys.maxunicode + 1, dtype="<u4").tobytes().decode("utf-32-le", "surrogatepass")

    def matching(pattern: str) -> np.ndarray:
        found = np.zeros(len(every), bool)
        for match in re.finditer(f"(?:{pattern})+", every):
            found[match.start():match.end()] = True
        return found

    word, unspaced = matching(WORD_CHAR), matching(UNSPACED.pattern)
    classes = np.full(len(every), _NONE, np.uint8)
    classes[word] = _WORD
    classes[unspaced] = np.where(word[unspaced], _MARK, _ALONE)
    classes[matching(f"[{_BREAKS}]")] = _END
    classes[ord("\n")] = _LINE
    return classes


def body_sentences(text: str, lang: str | None, mask_token: str, min_tokens: int) -> list[list[str]]:
    """`body_batch` of one document, as lists of words."""
    return body_batch([text], [lang], mask_token, min_tokens).sentences(0)
