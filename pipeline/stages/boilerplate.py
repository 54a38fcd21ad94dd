"""Boilerplate lines around the article: "Related Pages", share and follow
prompts, cookie notices, and their equivalents in other languages.

Only whole lines (paragraphs) are removed, and only at the start or end of the
body, where pages put them; each removed line is kept in `removed`. The
generic list can be extended per recipe and per outlet.
"""

from __future__ import annotations

import re
import unicodedata

from pipeline.document import Document, Removed
from pipeline.stages.base import Stage

GENERIC_LINES = {
    # en
    "related pages", "related articles", "related stories", "related news", "related", "read more",
    "read also", "see also", "more on this story", "share this article", "share", "share this",
    "follow us", "subscribe", "advertisement", "back to top", "recommended", "you may also like",
    "editor", "responsible editor",
    # zh
    "相关阅读", "相关新闻", "相关文章", "相关链接", "延伸阅读", "推荐阅读", "分享到", "责任编辑", "返回顶部", "关注我们",
    # ru
    "похожие материалы", "читайте также", "по теме", "поделиться", "подписывайтесь", "реклама", "читать далее",
    # es / pt
    "noticias relacionadas", "artículos relacionados", "lee también", "leer más", "compartir", "publicidad",
    "notícias relacionadas", "leia também", "leia mais", "compartilhe",
    # de
    "mehr zum thema", "das könnte sie auch interessieren", "artikel teilen", "teilen", "anzeige", "weiterlesen",
    # fr
    "articles similaires", "à lire aussi", "lire aussi", "lire la suite", "partager", "sur le même sujet", "publicité",
    # it
    "articoli correlati", "leggi anche", "condividi",
    # ar
    "اقرأ أيضا", "اقرأ أيضاً", "مقالات ذات صلة", "شارك", "أخبار ذات صلة",
    # ja / ko
    "関連記事", "関連ニュース", "シェア", "관련기사", "관련 기사", "공유하기",
}
_PATTERNS = [
    r"^(share|follow us|subscribe)( (on|to|this))?\b.{0,60}$",
    r"^(this (web)?site uses cookies|we use cookies)\b.{0,200}$",
    r"^(copyright|©|\(c\))\s?.{0,120}$",
]


def _key(line: str) -> str:
    """Casefolded, without surrounding punctuation, arrows or bullets."""
    line = unicodedata.normalize("NFKC", line).casefold().strip()
    return line.strip(" \t.:：;,|»«>›‹<-—–•·*#[](){}!？?").strip()


class BoilerplateStage(Stage):
    name = "boilerplate"
    defaults = {"lines": [], "patterns": [], "per_source": {}, "max_line_chars": 200}

    def __init__(self, **options):
        super().__init__(**options)
        self._lines = GENERIC_LINES | {_key(x) for x in self.options["lines"]}
        self._patterns = [re.compile(p, re.IGNORECASE) for p in [*_PATTERNS, *self.options["patterns"]]]
        self._per_source = {
            source: [re.compile(p, re.IGNORECASE) for p in rules] for source, rules in self.options["per_source"].items()
        }

    def is_boilerplate(self, line: str, source: str | None) -> bool:
        if len(line) > self.options["max_line_chars"]:
            return False
        key = _key(line)
        if not key or key in self._lines:
            return True
        rules = self._patterns + self._per_source.get(source or "", [])
        return any(p.search(key) or p.search(line.strip()) for p in rules)

    def __call__(self, doc: Document) -> Document:
        paragraphs = doc.text.split("\n\n")
        start, end = 0, len(paragraphs)
        while start < end and self.is_boilerplate(paragraphs[start], doc.source):
            start += 1
        while end > start and self.is_boilerplate(paragraphs[end - 1], doc.source):
            end -= 1
        if start == 0 and end == len(paragraphs):
            return doc
        for p in (*paragraphs[:start], *paragraphs[end:]):
            doc.removed.append(Removed("boilerplate", p, -1))
        self.count("lines_removed", start + len(paragraphs) - end)
        doc.text = "\n\n".join(paragraphs[start:end])
        return doc
