"""Unicode repair that does not change meaning.

ftfy fixes mojibake and strips control characters, but several of its default
fixes rewrite correct text: curly quotes become straight ones and CJK
full-width punctuation is folded to ASCII. A research corpus must keep each
language's own punctuation, so those fixes are off. Line ends are unified so
that the header and paragraph stages see one convention.
"""

from __future__ import annotations

import ftfy

from pipeline.document import Document
from pipeline.stages.base import Stage


class UnicodeStage(Stage):
    name = "unicode"
    defaults = {
        "normalization": "NFC",
        "uncurl_quotes": False,
        "fix_character_width": False,
        "fix_latin_ligatures": False,
        "unescape_html": False,
    }

    def __init__(self, **options):
        super().__init__(**options)
        self._config = ftfy.TextFixerConfig(**self.options)

    def __call__(self, doc: Document) -> Document:
        text = doc.text.replace("\r\n", "\n").replace("\r", "\n")
        fixed = ftfy.fix_text(text, config=self._config)
        if fixed != doc.text:
            self.count("changed")
        doc.text = fixed
        if doc.title:
            doc.title = ftfy.fix_text(doc.title, config=self._config)
        return doc
