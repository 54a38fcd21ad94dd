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

from pipeline.passes.exact_dup import fold
from pipeline.text import UNSPACED, words

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
_SENTENCE_END = re.compile(r"(?<=[.!?;…。！？；])\s*")


def serbian_latin(text: str) -> str:
    """Serbian Cyrillic spelt in Gaj's Latin alphabet (lower case: the text is case-folded first)."""
    return text.translate(_TO_LATIN)


def normalise(text: str, lang: str | None, mask_token: str) -> str:
    """`fold`, and Cyrillic spelt in Latin where the language is written in both with one mapping."""
    folded = fold(text, mask_token)
    return serbian_latin(folded) if lang in SERBIAN_CYRILLIC else folded


def body_sentences(text: str, lang: str | None, mask_token: str, min_tokens: int) -> list[list[str]]:
    """Words of each sentence of the prose lines; of every line when the prose has fewer than `min_tokens`."""
    prose: list[list[str]] = []
    every: list[list[str]] = []
    for line in normalise(text, lang, mask_token).split("\n"):
        sentences = [w for w in (words(s) for s in _SENTENCE_END.split(line)) if w]
        every += sentences
        size = sum(map(len, sentences))
        unspaced = sum(len(w) for s in sentences for w in s if UNSPACED.match(w))
        if size - unspaced >= PROSE_WORDS or unspaced >= PROSE_CHARS:
            prose += sentences
    return prose if sum(map(len, prose)) >= min_tokens else every
