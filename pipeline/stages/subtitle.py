"""A subtitle glued onto the first body sentence.

Scrapers often lose the line break between a deck (subtitle) and the body:
"-- An analysis of the regional situationRecently, the news ...". The glue
point is a lowercase word running straight into a capitalised one. To avoid
splitting names such as "iPhone", "McDonald" or "YouTube", the left part must
be an all-lowercase word of at least three letters, and the subtitle before
it must read as a phrase (no sentence end inside it).
"""

from __future__ import annotations

import re

from pipeline.document import Document, Removed
from pipeline.stages.base import Stage
from pipeline.text import SENTENCE_ENDS

_MARKER = re.compile(r"^\s*(?:--+|—+|–|――)\s*")
_GLUE = re.compile(r"(?<![^\W\d_])([^\W\d_A-Z]*?[a-zà-ÿ]{3,})([A-ZÀ-Þ][a-zà-ÿ])")
_SENTENCE_END = re.compile(rf"[{SENTENCE_ENDS}]\s")


class SubtitleStage(Stage):
    name = "subtitle"
    defaults = {"max_subtitle_chars": 250, "min_subtitle_words": 3}

    def __call__(self, doc: Document) -> Document:
        first, sep, rest = doc.text.partition("\n\n")
        marker = _MARKER.match(first)
        body = first[marker.end():] if marker else first
        glue = self._find_glue(body)
        if glue is None:
            if marker and "\n" not in first and len(body) <= self.options["max_subtitle_chars"] and rest:
                # "-- subtitle" on a paragraph of its own: a deck, not body text.
                return self._take(doc, body, rest)
            return doc
        subtitle, remainder = body[:glue].strip(), body[glue:]
        return self._take(doc, subtitle, remainder + sep + rest)

    def _find_glue(self, paragraph: str) -> int | None:
        limit = self.options["max_subtitle_chars"]
        for m in _GLUE.finditer(paragraph, 0, limit + 3):
            prefix = paragraph[: m.end(1)]
            if _SENTENCE_END.search(prefix) or len(prefix.split()) < self.options["min_subtitle_words"]:
                return None
            word_start = prefix.rfind(" ") + 1
            if prefix[word_start:].islower():
                return m.end(1)
        return None

    def _take(self, doc: Document, subtitle: str, body: str) -> Document:
        subtitle = subtitle.strip()
        if not doc.subtitle:
            doc.subtitle = subtitle
        doc.removed.append(Removed("subtitle", subtitle, -1))
        doc.text = body.lstrip()
        self.count("split")
        return doc
