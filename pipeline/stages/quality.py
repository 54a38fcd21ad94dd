"""Quality signals and flags, measured the same way in every language.

Every row gets its signals in `quality` and the names of the thresholds it
crosses in `quality_flags`. Rows are flagged, not dropped, unless the recipe
lists a flag under `drop`; a dropped row goes to rejects with the flag as its
reason.

English-made heuristics misfire elsewhere, so the signals are language-aware:
words are counted with `pipeline.text.words` (Chinese, Japanese and Thai by
character), stop words come from a small list per language, and thresholds can
differ per language. A threshold is looked up in this order, the last found
winning: the defaults below, the recipe's `[stages.quality]`, the language's
file `data/quality/<lang>.toml` (only what truly differs there, such as lengths
counted in characters), and the recipe's `[stages.quality.per_language.<lang>]`.

The signals follow Gopher's rules (duplicate lines and paragraphs, the share of
characters in the most frequent 2-4-grams and in repeated 5- and 10-grams,
stop words, mean word length, terminal punctuation) plus the artifacts of
machine-translated news: censorship masks, lost apostrophes, restarted
enumerations (lost section headings), fragments left in the source script, and
a second language holding a real share of the paragraphs.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from itertools import accumulate
from pathlib import Path
from typing import Any

import numpy as np

from pipeline.document import Document, Reject
from pipeline.recipe import read_toml
from pipeline.stages.base import Stage
from pipeline.text import KIND, SCRIPT, SENTENCE_ENDS, UNSPACED, codepoints, scripts_and_kinds, words

LANGUAGE_DIR = Path(__file__).parent / "data" / "quality"

THRESHOLDS: dict[str, Any] = {
    "min_words": 50,
    "min_lang_score": 0.8,
    "max_masks_per_100_words": 3.0,
    "max_dup_paragraph_ratio": 0.3,
    "max_dup_line_ratio": 0.3,
    "min_terminal_punct_ratio": 0.5,  # checked from `min_lines` lines on
    "max_short_line_ratio": 0.6,  # lines of fewer than `short_line_words` words, checked from `min_lines` lines on
    "short_line_words": 4,
    "min_lines": 4,
    "max_digit_ratio": 0.2,
    "max_symbol_ratio": 0.1,
    "min_mean_word_length": 3.0,
    "max_mean_word_length": 12.0,
    "max_top_2gram_ratio": 0.20,
    "max_top_3gram_ratio": 0.18,
    "max_top_4gram_ratio": 0.16,
    "max_dup_5gram_ratio": 0.15,
    "max_dup_10gram_ratio": 0.10,
    "min_stopword_ratio": 0.08,  # only where the language has a stop-word list
    "max_foreign_fragments": 2,
    "max_second_lang_share": 0.2,
}

# Sentence ends in many scripts (Armenian ։, Devanagari and Bengali ।, Arabic ؟, Urdu ۔, Ethiopic ።,
# Myanmar ။, Khmer ។), and closing quotes or brackets after them.
_TERMINAL = tuple(SENTENCE_ENDS + "…\"”»'’)）」』:：;；։।॥؟۔።။។")
# Short heading paragraphs that open a numbered outline: "The first is ...", "Firstly", "第一，", "Во-первых".
_FIRST_HEADING = re.compile(
    r"^(?:(?:the\s+)?first(?:ly)?\b|first\s+of\s+all\b|第一[，、,:：]|一是|首先|во-первых|erstens\b|premièrement\b|"
    r"en\s+primer\s+lugar\b|in\s+primo\s+luogo\b|em\s+primeiro\s+lugar\b)",
    re.IGNORECASE,
)
# Scripts a language is written in; letters in any other (but Latin, which names and
# acronyms bring into every language) are fragments left untranslated.
_LANGUAGE_SCRIPTS = {
    "zh": {"han"}, "ja": {"han", "kana"}, "ko": {"hangul", "han"}, "ru": {"cyrillic"}, "uk": {"cyrillic"},
    "bg": {"cyrillic"}, "mk": {"cyrillic"}, "sr": {"cyrillic"}, "be": {"cyrillic"}, "kk": {"cyrillic"},
    "el": {"greek"}, "he": {"hebrew"}, "ar": {"arabic"}, "fa": {"arabic"}, "ur": {"arabic"}, "hi": {"devanagari"},
    "mr": {"devanagari"}, "ne": {"devanagari"}, "bn": {"bengali"}, "pa": {"gurmukhi"}, "gu": {"gujarati"},
    "ta": {"tamil"}, "te": {"telugu"}, "kn": {"kannada"}, "ml": {"malayalam"}, "si": {"sinhala"}, "th": {"thai"},
    "lo": {"lao"}, "my": {"myanmar"}, "ka": {"georgian"}, "hy": {"armenian"}, "am": {"ethiopic"}, "km": {"khmer"},
}


@cache
def language_file(lang: str) -> dict[str, Any]:
    """The shipped thresholds and stop words of a language ({} if it has no file)."""
    path = LANGUAGE_DIR / f"{lang}.toml"
    if not path.is_file():
        return {}
    data = read_toml(path)
    unknown = set(data) - set(THRESHOLDS) - {"stopwords"}
    if unknown:
        raise ValueError(f"{path}: unknown key(s) {', '.join(sorted(unknown))}")
    return data


class QualityStage(Stage):
    name = "quality"
    defaults = {**THRESHOLDS, "per_language": {}, "drop": []}

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        for lang, table in self.options["per_language"].items():
            unknown = set(table) - set(THRESHOLDS)
            if unknown:
                raise ValueError(f"stage 'quality': unknown threshold(s) for {lang!r}: {', '.join(sorted(unknown))}")
        self._by_language: dict[str, dict[str, Any]] = {}

    def thresholds(self, lang: str) -> dict[str, Any]:
        """The thresholds for `lang`: defaults, recipe, language file, recipe per language."""
        if lang not in self._by_language:
            shipped = {k: v for k, v in language_file(lang).items() if k != "stopwords"}
            self._by_language[lang] = {**{k: self.options[k] for k in THRESHOLDS}, **shipped,
                                       **self.options["per_language"].get(lang, {})}
        return self._by_language[lang]

    def __call__(self, doc: Document) -> Document | Reject:
        if not doc.text.strip():
            return self.reject(doc, "empty_text", "no body text left after removing header and boilerplate lines")
        t = self.thresholds(doc.lang)
        q = signals(doc, t["short_line_words"])
        doc.quality.update(q)
        checks = [
            ("too_short", q["words"] < t["min_words"]),
            ("low_lang_confidence", doc.lang_score < t["min_lang_score"]),
            ("mask_dense", q["masks_per_100_words"] > t["max_masks_per_100_words"]),
            ("repeated_paragraphs", q["dup_paragraph_ratio"] > t["max_dup_paragraph_ratio"]),
            ("repeated_lines", q["dup_line_ratio"] > t["max_dup_line_ratio"]),
            ("repeated_ngrams", any(q[f"top_{n}gram_ratio"] > t[f"max_top_{n}gram_ratio"] for n in (2, 3, 4))
             or any(q[f"dup_{n}gram_ratio"] > t[f"max_dup_{n}gram_ratio"] for n in (5, 10))),
            ("few_sentences", q["lines"] >= t["min_lines"] and q["terminal_punct_ratio"] < t["min_terminal_punct_ratio"]),
            ("short_lines", q["lines"] >= t["min_lines"] and q["short_line_ratio"] > t["max_short_line_ratio"]),
            ("digit_heavy", q["digit_ratio"] > t["max_digit_ratio"]),
            ("symbol_heavy", q["symbol_ratio"] > t["max_symbol_ratio"]),
            ("odd_word_length", q["words"] > 0 and not
             t["min_mean_word_length"] <= q["mean_word_length"] <= t["max_mean_word_length"]),
            ("few_stopwords", q["stopword_ratio"] == q["stopword_ratio"] and q["stopword_ratio"] < t["min_stopword_ratio"]),
            ("enumeration_restart", q["enumeration_restarts"] > 0),
            ("untranslated_fragments", q["foreign_fragments"] > t["max_foreign_fragments"]),
            ("mixed_language", q["second_lang_share"] > t["max_second_lang_share"]),
        ]
        doc.quality_flags.extend(f for f, hit in checks if hit and f not in doc.quality_flags)
        for flag in doc.quality_flags:
            self.count(f"flag_{flag}")
        dropped = [f for f in doc.quality_flags if f in self.options["drop"]]
        if dropped:
            return self.reject(doc, dropped[0], f"quality flag {dropped[0]!r} is listed in the recipe's drop list")
        return doc


def signals(doc: Document, short_line_words: int = THRESHOLDS["short_line_words"]) -> dict[str, float]:
    """All quality signals of a finished document (see QUALITY_FIELDS in pipeline.document)."""
    text = doc.text
    toks = words(text)
    n_words = len(toks)
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    paragraphs = [p.strip() for p in text.split("\n\n")]
    paragraphs = [p for p in paragraphs if p]
    script, kind = scripts_and_kinds(codepoints(text))
    kinds = np.bincount(kind, minlength=len(KIND))
    non_space = max(1, len(text) - int(kinds[KIND["space"]]))
    word_chars = sum(map(len, toks))
    stops = language_file(doc.lang).get("stopwords")
    foreign_fragments, foreign_ratio = _foreign_script(doc.lang, script)
    firsts = sum(1 for p in paragraphs if len(p) < 200 and _FIRST_HEADING.match(p))
    return {
        "chars": len(text),
        "words": n_words,
        "paragraphs": len(paragraphs),
        "lines": len(lines),
        "unspaced_words": len(UNSPACED.findall(text)),
        "mean_word_length": word_chars / n_words if n_words else 0.0,
        "digit_ratio": kinds[KIND["digit"]] / non_space,
        "symbol_ratio": kinds[KIND["symbol"]] / non_space,
        "terminal_punct_ratio": sum(1 for line in lines if line.endswith(_TERMINAL)) / len(lines) if lines else 0.0,
        "short_line_ratio": sum(1 for line in lines if len(words(line)) < short_line_words) / len(lines) if lines else 0.0,
        "dup_line_ratio": _duplicate_share(lines),
        "dup_paragraph_ratio": _duplicate_share(paragraphs),
        "dup_paragraph_char_ratio": _duplicate_char_share(paragraphs),
        **_ngram_repetition(toks),
        "stopword_ratio": sum(map(frozenset(stops).__contains__, map(str.lower, toks))) / max(1, n_words)
        if stops else float("nan"),
        "mask_count": (masks := sum(r.field == "text" for r in doc.redactions)),  # title and removed lines are not text
        "masks_per_100_words": 100 * masks / max(1, n_words),
        "apostrophes_fixed": sum(1 for e in doc.edits if e.kind == "apostrophe"),
        "enumeration_restarts": max(0, firsts - 1),
        "foreign_fragments": foreign_fragments,
        "foreign_script_ratio": foreign_ratio,
        "second_lang_share": _second_language_share(doc),
    }


def _duplicate_share(items: list[str]) -> float:
    """Share of items that repeat an earlier one."""
    return 1 - len(set(items)) / len(items) if items else 0.0


def _duplicate_char_share(items: list[str]) -> float:
    """Share of characters in items that repeat an earlier one."""
    seen: set[str] = set()
    dup = 0
    for item in items:
        if item in seen:
            dup += len(item)
        seen.add(item)
    total = sum(map(len, items))
    return dup / total if total else 0.0


#: The n-gram lengths of the repetition signals: the most frequent n-gram's share for 2-4, the share
#: covered by repeated n-grams for 5 and 10.
_TOP_NS = (2, 3, 4)
_DUP_NS = (5, 10)
#: n-grams are keyed by a 64-bit polynomial hash of their word numbers, wrapping: key(w1..wn) =
#: (...(w1 * B + w2) * B + ...) * B + wn mod 2**64.
_HASH_BASE = 1_000_003
_HASH_MASK = (1 << 64) - 1
#: The same keys from shorter ones: for n = a + b, key(w1..wn) = key(w1..wa) * B**b + key(wa+1..wn) mod
#: 2**64. Five passes make the keys of n = 2, 3, 4, 5 and 10 from the word numbers (n = 1).
_KEY_SPLITS = {2: (1, 1), 3: (2, 1), 4: (2, 2), 5: (4, 1), 10: (5, 5)}
#: From this many words on, numpy computes the n-gram signals; below it, Python lists do. On a short
#: text numpy's fixed cost per call (np.unique and a few more for each of the five n) is most of the
#: time: on 30 words the lists take a fifth of numpy's time, and they break even at about 180 words
#: (measured). Both give the same values.
_NUMPY_FROM_WORDS = 150


def _ngram_repetition(toks: list[str]) -> dict[str, float]:
    """Gopher's repetition signals over word n-grams.

    top_n: share of word characters in the most frequent n-gram (n = 2, 3, 4),
    the one with the smallest key among equally frequent ones;
    dup_n: share of word characters inside n-grams that occur more than once
    (n = 5, 10), each character counted once.
    """
    out = {**{f"top_{n}gram_ratio": 0.0 for n in _TOP_NS}, **{f"dup_{n}gram_ratio": 0.0 for n in _DUP_NS}}
    if len(toks) < 2:
        return out
    vocab: dict[str, int] = {}
    ids = [vocab.setdefault(w, len(vocab)) for w in toks]
    lengths = list(map(len, toks))
    out.update((_ngram_lists if len(toks) < _NUMPY_FROM_WORDS else _ngram_arrays)(ids, lengths))
    return out


def _ngram_arrays(ids: list[int], lengths: list[int]) -> dict[str, float]:
    """`_ngram_repetition`'s signals (those whose n fits the text) with numpy, for long texts."""
    out: dict[str, float] = {}
    n_words = len(ids)
    word_ids = np.array(ids, dtype=np.uint64)
    sizes = np.array(lengths, dtype=np.int64)
    total = sizes.sum()
    csum = np.concatenate([[0], np.cumsum(sizes)])
    for n in _TOP_NS + _DUP_NS:
        if n_words < n:
            break
        key = np.zeros(n_words - n + 1, dtype=np.uint64)
        for k in range(n):
            key = key * np.uint64(_HASH_BASE) + word_ids[k: n_words - n + 1 + k]
        _, inverse, counts = np.unique(key, return_inverse=True, return_counts=True)
        if n in _TOP_NS:
            top = int(counts.argmax())  # the first of the sorted keys with the highest count
            if counts[top] > 1:
                first = int(np.flatnonzero(inverse == top)[0])
                out[f"top_{n}gram_ratio"] = counts[top] * (csum[first + n] - csum[first]) / total
        else:
            starts = np.flatnonzero(counts[inverse] > 1)
            cover = np.zeros(n_words + 1, dtype=np.int64)
            np.add.at(cover, starts, 1)
            np.add.at(cover, starts + n, -1)
            covered = np.cumsum(cover[:-1]) > 0
            out[f"dup_{n}gram_ratio"] = sizes[covered].sum() / total
    return out


def _ngram_lists(ids: list[int], lengths: list[int]) -> dict[str, float]:
    """`_ngram_repetition`'s signals (those whose n fits the text) with Python lists, for short texts.

    The same keys as `_ngram_arrays` (made from shorter n-grams' keys, see `_KEY_SPLITS`), the same
    choice among equally frequent n-grams (the smallest key) and the same integer quotients, so the
    same floats.
    """
    out: dict[str, float] = {}
    total = sum(lengths)
    csum = list(accumulate(lengths, initial=0))
    keys = {1: ids}
    for n, (a, b) in _KEY_SPLITS.items():
        if len(ids) < n:
            break
        shift = pow(_HASH_BASE, b, 1 << 64)
        keys[n] = ngrams = [(head * shift + tail) & _HASH_MASK for head, tail in zip(keys[a], keys[b][a:])]
        counts = Counter(ngrams)
        if n in _TOP_NS:
            most = max(counts.values())
            if most > 1:
                first = ngrams.index(min(key for key, count in counts.items() if count == most))
                out[f"top_{n}gram_ratio"] = most * (csum[first + n] - csum[first]) / total
        else:
            covered = [False] * len(ids)
            if len(counts) < len(ngrams):  # some n-gram repeats
                for start, key in enumerate(ngrams):
                    if counts[key] > 1:
                        covered[start:start + n] = [True] * n
            out[f"dup_{n}gram_ratio"] = sum(size for size, hit in zip(lengths, covered) if hit) / total
    return out


def _foreign_script(lang: str, script: np.ndarray) -> tuple[int, float]:
    """Runs of letters in a script the language is not written in (Latin never counts), and their share."""
    own = _LANGUAGE_SCRIPTS.get(lang, {"latin"})
    letters = script > 0
    if not letters.any():
        return 0, 0.0
    allowed = np.zeros(256, dtype=bool)
    allowed[[SCRIPT[s] for s in own | {"latin", "none"}]] = True
    foreign = ~allowed[script]
    runs = int(np.count_nonzero(foreign[1:] & ~foreign[:-1]) + foreign[0])
    return runs, float(foreign.sum() / letters.sum())


def _second_language_share(doc: Document) -> float:
    """Share of the words, over paragraphs with a language, held by the commonest language but the document's."""
    held: Counter[str] = Counter()
    for p in doc.paragraphs:
        if p.lang and p.lang != "und":
            held[p.lang] += len(words(doc.text[p.start:p.end]))
    total = sum(held.values())
    others = [n for lang, n in held.items() if lang != doc.lang]
    return max(others) / total if others and total else 0.0
