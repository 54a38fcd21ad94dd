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


def serbian_latin(text: str) -> str:
    """Serbian Cyrillic spelt in Gaj's Latin alphabet (lower case: the text is case-folded first)."""
    return text.translate(_TO_LATIN)


def normalise(text: str, lang: str | None, mask_token: str) -> str:
    """`fold`, and Cyrillic spelt in Latin where the language is written in both with one mapping."""
    folded = fold(text, mask_token)
    return serbian_latin(folded) if lang in SERBIAN_CYRILLIC else folded


def body_sentences(text: str, lang: str | None, mask_token: str, min_tokens: int) -> list[list[str]]:
    """Words of each sentence of the prose lines; of every line when the prose has fewer than `min_tokens`.

    One regular-expression pass finds words and breaks together: signatures are
    computed for every document, so this is on the build's hot path.
    """
    folded = normalise(text, lang, mask_token)
    has_unspaced = UNSPACED.search(folded) is not None
    prose: list[list[str]] = []
    every: list[list[str]] = []
    line: list[list[str]] = []
    sentence: list[str] = []
    for token in _TOKENS.findall(folded + "\n"):
        if token not in _BREAKS:
            sentence.append(token)
            continue
        if sentence:
            line.append(sentence)
            sentence = []
        if token == "\n" and line:
            every += line
            size = sum(map(len, line))
            unspaced = sum(1 for s in line for w in s if UNSPACED.match(w)) if has_unspaced else 0
            if size - unspaced >= PROSE_WORDS or unspaced >= PROSE_CHARS:
                prose += line
            line = []
    return prose if sum(map(len, prose)) >= min_tokens else every
