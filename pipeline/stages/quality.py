"""Quality signals and flags. Rows are flagged, not dropped, unless the recipe
lists a flag under `drop`; a dropped row goes to rejects with the flag as its
reason. Word counts use `pipeline.text.words`, so thresholds hold across scripts.
"""

from __future__ import annotations

import re
import unicodedata

from pipeline.document import Document, Reject
from pipeline.stages.base import Stage
from pipeline.text import words

_TERMINAL = tuple(".!?。！？…\"”»')」』")
# "The first is ...", "First, ..." as a short heading paragraph: MT output of a numbered outline.
_FIRST_HEADING = re.compile(r"^(?:the\s+)?first(?:ly)?\b", re.IGNORECASE)


class QualityStage(Stage):
    name = "quality"
    defaults = {
        "min_words": 50,
        "min_lang_score": 0.8,
        "max_masks_per_100_words": 3.0,
        "max_dup_paragraph_ratio": 0.3,
        "min_terminal_punct_ratio": 0.5,
        "max_digit_ratio": 0.25,
        "max_symbol_ratio": 0.1,
        "drop": [],
    }

    def __call__(self, doc: Document) -> Document | Reject:
        if not doc.text.strip():
            return self.reject(doc, "empty_text", "no body text left after removing header and boilerplate lines")
        o = self.options
        q = signals(doc)
        doc.quality.update(q)
        flags = []
        if q["words"] < o["min_words"]:
            flags.append("too_short")
        if doc.lang_score < o["min_lang_score"]:
            flags.append("low_lang_confidence")
        if q["words"] and 100 * q["mask_count"] / q["words"] > o["max_masks_per_100_words"]:
            flags.append("mask_dense")
        if q["dup_paragraph_ratio"] > o["max_dup_paragraph_ratio"]:
            flags.append("repeated_paragraphs")
        if q["paragraphs"] >= 3 and q["terminal_punct_ratio"] < o["min_terminal_punct_ratio"]:
            flags.append("few_sentences")
        if q["digit_ratio"] > o["max_digit_ratio"]:
            flags.append("digit_heavy")
        if q["symbol_ratio"] > o["max_symbol_ratio"]:
            flags.append("symbol_heavy")
        if _restarted_enumeration(doc.text):
            flags.append("enumeration_restart")
        doc.quality_flags.extend(f for f in flags if f not in doc.quality_flags)
        for flag in doc.quality_flags:
            self.count(f"flag_{flag}")
        dropped = [f for f in doc.quality_flags if f in o["drop"]]
        if dropped:
            return self.reject(doc, dropped[0], f"quality flag {dropped[0]!r} is listed in the recipe's drop list")
        return doc


def signals(doc: Document) -> dict[str, float]:
    text = doc.text
    toks = words(text)
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    chars = len(text)
    non_space = sum(1 for ch in text if not ch.isspace()) or 1
    digits = sum(1 for ch in text if ch.isdigit())
    symbols = sum(1 for ch in text if unicodedata.category(ch)[0] == "S")
    terminal = sum(1 for p in paragraphs if p.rstrip().endswith(_TERMINAL))
    distinct = len(set(paragraphs))
    return {
        "chars": chars,
        "words": len(toks),
        "paragraphs": len(paragraphs),
        "mean_word_length": sum(map(len, toks)) / len(toks) if toks else 0.0,
        "digit_ratio": digits / non_space,
        "symbol_ratio": symbols / non_space,
        "terminal_punct_ratio": terminal / len(paragraphs) if paragraphs else 0.0,
        "dup_paragraph_ratio": 1 - distinct / len(paragraphs) if paragraphs else 0.0,
        "mask_count": len(doc.redactions),
        "apostrophes_fixed": sum(1 for e in doc.edits if e.kind == "apostrophe"),
    }


def _restarted_enumeration(text: str) -> bool:
    """A numbered outline whose section headings were lost: "The first is" appears again."""
    firsts = sum(1 for p in text.split("\n\n") if len(p) < 200 and _FIRST_HEADING.match(p))
    return firsts >= 2
