"""Apostrophes lost in machine translation or scraping: "Putin s visit", "don t".

Only English, and only forms that are unambiguous there: a lone "s" after a
word and before another word is a possessive or "is" contraction, and a lone
"t" after a negative auxiliary is "n't". Every repair is recorded in `edits`.
"""

from __future__ import annotations

import re

from pipeline.document import Document, Edit
from pipeline.stages.base import Stage

# Words after which a lone "s" is not a lost apostrophe: the letter itself being discussed.
_NOT_POSSESSORS = r"(?!(?:the|a|an|letter|plural|an?d|or|of)\s)"
_RULES = [
    # "Putin s visit" -> "Putin's visit"; the word before must be letters, the word after must start with one.
    re.compile(rf"\b{_NOT_POSSESSORS}([A-Za-z][A-Za-z\-]*[A-Za-z]) (s)(?= [A-Za-z\"“(])"),
    # "don t", "can t", "isn t" -> "don't" ...
    re.compile(
        r"\b(do|does|did|is|are|was|were|has|have|had|ca|could|wo|would|should|must|need|might|ai)n (t)\b",
        re.IGNORECASE,
    ),
    re.compile(r"\b(I) (m)\b"),
    re.compile(r"\b(you|we|they|You|We|They) (re|ve|ll)\b"),
]


def repair(text: str) -> list[tuple[int, int, str]]:
    """The (start, end, replacement) changes that restore lost apostrophes in `text`."""
    changes = []
    for rule in _RULES:
        for m in rule.finditer(text):
            # Replace the space between the word and its lost suffix with an apostrophe.
            space = m.start(2) - 1
            changes.append((space, space + 1, "'"))
    return sorted(set(changes))


class ApostropheStage(Stage):
    name = "apostrophe"
    defaults = {"languages": ["en"]}

    def __call__(self, doc: Document) -> Document:
        if doc.lang not in self.options["languages"]:
            return doc
        changes = repair(doc.text)
        if changes:
            spans = doc.rewrite(changes)
            doc.edits.extend(Edit("apostrophe", s, e, " ") for s, e in spans)
            self.count("fixed", len(changes))
        if doc.title:
            title_changes = repair(doc.title)
            for start, end, new in reversed(title_changes):
                doc.title = doc.title[:start] + new + doc.title[end:]
            self.count("fixed_in_title", len(title_changes))
        return doc
