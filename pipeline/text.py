"""Counting words and characters across scripts, and the script tables every part shares.

Space-separated counting is wrong for Chinese, Japanese and Thai, which write
words without spaces: there every ideograph, kana or Thai letter counts as one
unit, so that length thresholds mean roughly the same in every language.

Language identification and quality signals both need, for every character,
its script and its kind (letter, digit, symbol, space...). Asking
`unicodedata` character by character in Python is the slowest part of a
per-document stage, so both are looked up at once in tables built on first use
and indexed with the whole text as a numpy array of code points.

The character classes below are the one definition of each script range the
stages and passes test text against (as bodies of a regex character class,
to compose: `f"[{CJK_CHARS}{HANGUL_CHARS}]"`).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import numpy as np

#: Hiragana and katakana.
KANA_CHARS = "\u3040-\u30ff"
#: CJK unified ideographs (extension A and the main block), without the compatibility ideographs.
HAN_CHARS = "\u3400-\u4dbf\u4e00-\u9fff"
#: Chinese and Japanese: kana, the unified ideographs and the compatibility ones.
CJK_CHARS = f"{KANA_CHARS}{HAN_CHARS}\uf900-\ufaff"
#: Thai, the other unspaced script.
THAI_CHARS = "\u0e00-\u0e7f"
#: Scripts written without spaces between words: Thai, Chinese, Japanese.
_UNSPACED = f"{THAI_CHARS}{CJK_CHARS}"
#: Hangul syllables: Korean is spaced, but its syllables stand alone as ideographs do for some checks.
HANGUL_CHARS = "\uac00-\ud7af"
#: Languages written in an unspaced script: their units are characters, not words.
UNSPACED_LANGS = frozenset({"zh", "ja", "th"})
#: Marks that end a sentence, half- and full-width.
SENTENCE_ENDS = ".!?。！？"
CJK = re.compile(f"[{CJK_CHARS}]")  # one character of Chinese or Japanese


def _mark_ranges() -> str:
    """Combining marks of the BMP as a character-class body: `re`'s \\w leaves them out, which would
    cut Devanagari, Bengali or vowelled Arabic words apart at every vowel sign."""
    marks = [cp for cp in range(0x10000) if unicodedata.category(chr(cp)) in ("Mn", "Mc", "Me")]
    ranges, start = [], marks[0]
    for prev, cp in zip(marks, marks[1:] + [-1]):
        if cp != prev + 1:
            ranges.append(f"\\u{start:04x}-\\u{prev:04x}" if prev > start else f"\\u{start:04x}")
            start = cp
    return "".join(ranges)


#: A character a word of a spaced script is made of (marks of unspaced scripts too: they continue a word).
WORD_CHAR = rf"[^\W{_UNSPACED}]|[{_mark_ranges()}]"
_WORD = re.compile(rf"[{_UNSPACED}]|(?:{WORD_CHAR})+")
UNSPACED = re.compile(f"[{_UNSPACED}]")  # one character of a script written without spaces: one word


def words(text: str) -> list[str]:
    """Words of spaced scripts and single characters of unspaced ones."""
    return _WORD.findall(text)


# Scripts of letters (and combining marks). 0 is "not a letter". Han includes
# bopomofo, kana includes half-width katakana: the ranges that decide a language.
SCRIPTS = (
    "none", "latin", "greek", "cyrillic", "armenian", "hebrew", "arabic", "syriac", "thaana", "devanagari",
    "bengali", "gurmukhi", "gujarati", "oriya", "tamil", "telugu", "kannada", "malayalam", "sinhala", "thai",
    "lao", "tibetan", "myanmar", "georgian", "hangul", "ethiopic", "khmer", "mongolian", "kana", "han", "other",
)
SCRIPT = {name: i for i, name in enumerate(SCRIPTS)}

_SCRIPT_RANGES = {
    "latin": [(0x41, 0x24F), (0x250, 0x2AF), (0x1E00, 0x1EFF), (0x2C60, 0x2C7F), (0xA720, 0xA7FF), (0xFF21, 0xFF5A)],
    "greek": [(0x370, 0x3FF), (0x1F00, 0x1FFF)],
    "cyrillic": [(0x400, 0x52F), (0x1C80, 0x1C8F), (0x2DE0, 0x2DFF), (0xA640, 0xA69F)],
    "armenian": [(0x530, 0x58F), (0xFB13, 0xFB17)],
    "hebrew": [(0x590, 0x5FF), (0xFB1D, 0xFB4F)],
    "arabic": [(0x600, 0x6FF), (0x750, 0x77F), (0x8A0, 0x8FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF)],
    "syriac": [(0x700, 0x74F)],
    "thaana": [(0x780, 0x7BF)],
    "devanagari": [(0x900, 0x97F), (0xA8E0, 0xA8FF)],
    "bengali": [(0x980, 0x9FF)],
    "gurmukhi": [(0xA00, 0xA7F)],
    "gujarati": [(0xA80, 0xAFF)],
    "oriya": [(0xB00, 0xB7F)],
    "tamil": [(0xB80, 0xBFF)],
    "telugu": [(0xC00, 0xC7F)],
    "kannada": [(0xC80, 0xCFF)],
    "malayalam": [(0xD00, 0xD7F)],
    "sinhala": [(0xD80, 0xDFF)],
    "thai": [(0xE00, 0xE7F)],
    "lao": [(0xE80, 0xEFF)],
    "tibetan": [(0xF00, 0xFFF)],
    "myanmar": [(0x1000, 0x109F)],
    "georgian": [(0x10A0, 0x10FF), (0x1C90, 0x1CBF), (0x2D00, 0x2D2F)],
    "hangul": [(0x1100, 0x11FF), (0x3130, 0x318F), (0xA960, 0xA97F), (0xAC00, 0xD7FF), (0xFFA0, 0xFFDC)],
    "ethiopic": [(0x1200, 0x139F), (0x2D80, 0x2DDF)],
    "khmer": [(0x1780, 0x17FF), (0x19E0, 0x19FF)],
    "mongolian": [(0x1800, 0x18AF)],
    "kana": [(0x3040, 0x30FF), (0x31F0, 0x31FF), (0xFF66, 0xFF9F)],
    "han": [(0x2E80, 0x2FDF), (0x3005, 0x3007), (0x3100, 0x312F), (0x31A0, 0x31BF), (0x3400, 0x4DBF),
            (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3FFFF)],
}

# Kinds of characters, for ratios. Digits are decimal digits (Nd) of any script.
KINDS = ("other", "letter", "mark", "digit", "number", "punct", "symbol", "space")
KIND = {name: i for i, name in enumerate(KINDS)}
_KIND_OF_CATEGORY = {"L": "letter", "M": "mark", "N": "number", "P": "punct", "S": "symbol", "Z": "space"}

_TABLE_SIZE = 0x40000  # the BMP, the supplementary planes of emoji and symbols, and the CJK extensions


@cache
def _tables() -> tuple[np.ndarray, np.ndarray]:
    """(script, kind) of every code point below `_TABLE_SIZE`; built once per process (~0.1 s)."""
    kind = np.zeros(_TABLE_SIZE, dtype=np.uint8)
    for cp in range(_TABLE_SIZE):
        ch = chr(cp)
        cat = unicodedata.category(ch)
        if ch.isspace():
            kind[cp] = KIND["space"]
        elif cat == "Nd":
            kind[cp] = KIND["digit"]
        else:
            kind[cp] = KIND[_KIND_OF_CATEGORY.get(cat[0], "other")]
    kind[0x20000:] = np.where(kind[0x20000:] == KIND["other"], KIND["letter"], kind[0x20000:])  # unassigned CJK
    script = np.zeros(_TABLE_SIZE, dtype=np.uint8)
    lettered = (kind == KIND["letter"]) | (kind == KIND["mark"])
    script[lettered] = SCRIPT["other"]
    for name, ranges in _SCRIPT_RANGES.items():
        for lo, hi in ranges:
            block = slice(lo, hi + 1)
            script[block] = np.where(lettered[block], SCRIPT[name], 0)
    return script, kind


def codepoints(text: str) -> np.ndarray:
    """The code points of `text` as a uint32 array (lone surrogates kept as they are)."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def scripts_and_kinds(cps: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Script id (index into SCRIPTS) and kind id (index into KINDS) of every code point."""
    script, kind = _tables()
    idx = np.minimum(cps, _TABLE_SIZE - 1)
    return script[idx], kind[idx]
