"""Document language with langdetect, made deterministic.

langdetect samples n-grams at random: unseeded, the same text can get a
different answer in another run or worker. Seeding its factory once per
process (this module does it on import, so every worker is seeded) makes every
call reproducible. Chinese comes back as zh-cn / zh-tw: the corpus language is
`zh` and the variant is kept in `lang_variant`.
"""

from __future__ import annotations

from langdetect import DetectorFactory, detect_langs
from langdetect.lang_detect_exception import LangDetectException

from pipeline.document import Document
from pipeline.stages.base import Stage

DetectorFactory.seed = 0


def detect(text: str, max_chars: int = 0) -> tuple[str, float, str | None]:
    """(ISO 639-1 code, probability, variant) for `text`; ("und", 0.0, None) if undecidable."""
    sample = text[:max_chars] if max_chars else text
    try:
        best = detect_langs(sample)[0]
    except LangDetectException:
        return "und", 0.0, None
    code, variant = best.lang, None
    if "-" in code:
        variant, code = code, code.split("-")[0]
    return code, round(float(best.prob), 4), variant


class LanguageStage(Stage):
    name = "language"
    defaults = {"max_chars": 0}

    def __call__(self, doc: Document) -> Document:
        doc.lang, doc.lang_score, doc.lang_variant = detect(doc.text, self.options["max_chars"])
        self.count(f"lang_{doc.lang}")
        return doc
