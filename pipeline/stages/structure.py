"""Paragraph structure: section headings told apart from body paragraphs.

Scraped and machine-translated articles lose their markup, so a section
heading becomes a paragraph like any other ("The first is to provide strategic
support to the port."). This stage records, without changing `text`, the span
and the role of every paragraph in `paragraphs`; the language stage later
fills each paragraph's language.

A paragraph is a heading when it is a single short line that introduces a
longer paragraph, and either does not end like a sentence or opens an
enumeration ("The first is ...", "一是 ...", "Во-первых ..."). Lines that end
like a sentence without such a cue are body text even when short ("He declined
to comment."); list items, quotes, "label: value" lines and lines that
introduce a list (ending with a colon) are body text too.
"""

from __future__ import annotations

import re

from pipeline.document import Document, Paragraph
from pipeline.stages.base import Stage
from pipeline.text import HAN_CHARS, HANGUL_CHARS, KANA_CHARS, words

_SENTENCE_END = tuple(".!。！…")
_NOT_HEADING_END = tuple(":：,，;；、")
_QUESTION = ("?", "？", "؟")
_LIST_ITEM = re.compile(r"^\s*(?:[-*•·▪►▶–—]\s|\(?\d{1,2}[.)]\s.*[.;。]$)")
_QUOTE_START = tuple("\"“”«„'‘「『‹")
_KEY_VALUE = re.compile(r"^[^\s:：]{1,20}[:：]\s*\S")
_CJK = re.compile(f"[{KANA_CHARS}{HAN_CHARS}{HANGUL_CHARS}]")
# Openings of an enumerated point, in the corpus languages.
_ENUMERATION = re.compile(
    r"(?i)^(?:"
    r"(?:the\s+)?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last|final)(?:ly)?\b"
    r"|[一二三四五六七八九十]+(?:是|、)|第[一二三四五六七八九十\d]+(?:[，、,是]|に)|首先|其次|再次|最后|最後|まず|次に"
    r"|во-первых|во-вторых|в-третьих|в-четв[её]ртых|в-пятых|наконец|первое|второе|третье"
    r"|(?:el|la|lo)\s+(?:primer[oa]?|segund[oa]|tercer[oa]?|cuart[oa]|quint[oa]|últim[oa])\b"
    r"|(?:primero|segundo|tercero|en primer lugar|en segundo lugar|en tercer lugar|por último)\b"
    r"|(?:o|a)\s+(?:primeir[oa]|segund[oa]|terceir[oa]|quart[oa]|quint[oa]|últim[oa])\b"
    r"|(?:primeiro|terceiro|em primeiro lugar|em segundo lugar|em terceiro lugar)\b"
    r"|(?:erstens|zweitens|drittens|viertens|fünftens|schließlich)\b|(?:der|die|das)\s+(?:erste|zweite|dritte|vierte|letzte)\b"
    r"|(?:premièrement|deuxièmement|troisièmement|quatrièmement|enfin)\b"
    r"|(?:le|la)\s+(?:premi(?:er|ère)|deuxième|second(?:e)?|troisième|quatrième|dernier|dernière)\b"
    r"|(?:il|la)\s+(?:prim[oa]|second[oa]|terz[oa]|quart[oa]|ultim[oa])\b|(?:in primo luogo|in secondo luogo|infine)\b"
    r"|(?:أولا|أولاً|ثانيا|ثانياً|ثالثا|ثالثاً|رابعا|رابعاً|خامسا|خامساً|أخيرا|أخيراً)"
    r"|(?:첫째|둘째|셋째|넷째|다섯째|마지막으로|첫 번째|두 번째|세 번째)"
    r"|(?:一つ目|二つ目|三つ目|最後に)"
    r")"
)


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph of `text` (paragraphs are separated by blank lines)."""
    spans = []
    for m in re.finditer(r"[^\n](?:.|\n(?![ \t]*\n))*", text):
        start, end = m.start(), m.end()
        while end > start and text[end - 1] in " \t":
            end -= 1
        spans.append((start, end))
    return spans


class StructureStage(Stage):
    name = "structure"
    defaults = {"max_heading_words": 15, "max_heading_chars": 120, "max_cjk_heading_chars": 40, "min_ratio": 1.5}

    def __call__(self, doc: Document) -> Document:
        spans = paragraph_spans(doc.text)
        texts = [doc.text[s:e] for s, e in spans]
        doc.paragraphs = [
            Paragraph(s, e, "heading" if self.is_heading(texts, k) else "body") for k, (s, e) in enumerate(spans)
        ]
        headings = sum(p.kind == "heading" for p in doc.paragraphs)
        self.count("headings", headings)
        self.count("paragraphs", len(spans))
        return doc

    def is_heading(self, texts: list[str], k: int) -> bool:
        p = texts[k].strip()
        if k + 1 >= len(texts) or "\n" in p or not p:
            return False
        o = self.options
        cjk = len(_CJK.findall(p)) * 2 > len(p)
        if cjk and len(p) > o["max_cjk_heading_chars"]:
            return False
        n_words = len(words(p))
        if not cjk and (n_words > o["max_heading_words"] or len(p) > o["max_heading_chars"]):
            return False
        if p.endswith(_NOT_HEADING_END) or p.startswith(_QUOTE_START) or _LIST_ITEM.match(p) or _KEY_VALUE.match(p):
            return False
        following = texts[k + 1].strip()
        if len(following) < o["min_ratio"] * len(p) or self._heading_shaped(following):
            return False
        if p.endswith(_SENTENCE_END):
            return bool(_ENUMERATION.match(p))
        if p.endswith(_QUESTION):
            return cjk or n_words <= 12
        return True

    def _heading_shaped(self, text: str) -> bool:
        """A paragraph too short to be the body a heading introduces."""
        return "\n" not in text and len(text) <= self.options["max_heading_chars"] and not text.endswith(_SENTENCE_END)
