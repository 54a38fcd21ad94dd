"""The header block of a news article: title, outlet and date line, byline.

Scraped and machine-translated news keeps its header lines in the text:

    <title>
    <Outlet> Updated on <date>
    Author: <Name> (<Affiliation>).

This stage reads them from the first lines of the text into typed fields and
takes them out of the body (kept in `removed`). It looks only at the top of
the text and only at lines that match a header form, so a body sentence is
never taken for a header. Values are never invented: a field the article does
not state stays null.
"""

from __future__ import annotations

import re

from pipeline.dates import parse_date
from pipeline.document import Author, Document, Removed
from pipeline.stages.base import Stage

# Words that introduce a date on a header line, and which field the date fills.
_UPDATED_WORDS = [
    "Updated on", "Updated", "Last updated", "更新时间", "更新於", "更新于", "Обновлено",
    "Actualizado el", "Actualizado", "Aktualisiert am", "Aktualisiert", "Mis à jour le", "Mis à jour",
    "تم التحديث في", "آخر تحديث", "Atualizado em", "Aggiornato il", "更新日", "업데이트",
]
_PUBLISHED_WORDS = [
    "Published on", "Published", "Posted on", "发布时间", "發布時間", "发布于", "发表于", "Опубликовано",
    "Publicado el", "Publicado em", "Publicado", "Veröffentlicht am", "Veröffentlicht", "Publié le", "Publié",
    "نشر في", "تاريخ النشر", "Pubblicato il", "公開日", "掲載日", "입력", "게시",
]
_DATE_KIND = {w.casefold(): "updated" for w in _UPDATED_WORDS} | {w.casefold(): "published" for w in _PUBLISHED_WORDS}
_DATE_WORD = "|".join(re.escape(w) for w in sorted([*_UPDATED_WORDS, *_PUBLISHED_WORDS], key=len, reverse=True))
_DATE_SEP = r"\s*[:：]?\s*"
# "<outlet> <word> <date> [<word> <date>]"; the outlet may be empty.
_DATELINE = re.compile(
    rf"^(?P<outlet>.*?)[\s|·•,\-—]*(?<![^\s|·•,\-—])(?P<w1>{_DATE_WORD}){_DATE_SEP}(?P<d1>.+?)"
    rf"(?:[\s|·•,;]+(?P<w2>{_DATE_WORD}){_DATE_SEP}(?P<d2>.+))?$"
)
_SOURCE_LINE = re.compile(r"^(?:来源|來源|Source|Источник|Fuente|Quelle|Fonte|المصدر)\s*[:：]\s*(?P<src>.+)$")
_BYLINE_WORDS = [
    "Authors", "Author", "Written by", "By", "作者", "撰文", "记者", "記者", "Авторы", "Автор", "Текст",
    "Por", "Autores", "Autor", "Autora", "Von", "Par", "Auteurs", "Auteur", "Di", "A cura di", "Autore",
    "بقلم", "كتب", "الكاتب", "著者", "筆者", "기자", "글",
]
_BYLINE = re.compile(
    r"^(?P<word>" + "|".join(re.escape(w) for w in sorted(_BYLINE_WORDS, key=len, reverse=True)) + r")"
    r"(?:\s*[:：]\s*|\s+)(?P<names>\S.*)$"
)
# Separators between several authors, outside parentheses.
_AND = re.compile(r"\s+(?:and|&|und|et|y|e|и|та)\s+|\s*[;；、/]\s*|\s+و\s*")
_PAREN = re.compile(r"^(?P<name>[^(（]+?)\s*[(（](?P<aff>[^)）]+)[)）]\s*$")
_ORG_HINT = re.compile(
    r"(?i)universit|institut|academ|college|school|agency|news|press|times|post|daily|journal|reuters|"
    r"center|centre|department|ministry|bureau|foundation|council|committee|correspondent|editor|reporter|"
    r"professor|researcher|analyst|desk|staff|newsroom|team|service|\bof\b|\bat\b|\bfor\b|大学|研究|学院|报|社|Университет|институт|газет"
)


def _strip_header_punct(s: str) -> str:
    return s.strip().strip(".。,，;；:：").strip()


def parse_authors(names: str) -> list[Author]:
    """Authors from a byline's name part: several names, affiliations in parentheses or after a comma."""
    names = _strip_header_punct(names)
    authors: list[Author] = []
    for piece in _split_outside_parens(names, _AND):
        piece = _strip_header_punct(piece)
        if not piece:
            continue
        m = _PAREN.match(piece)
        if m:
            authors.append(Author(_strip_header_punct(m["name"]), _strip_header_punct(m["aff"])))
            continue
        parts = [p.strip() for p in _split_outside_parens(piece, re.compile(r"\s*[,，]\s*"))]
        if len(parts) > 1 and all(_looks_like_name(p) for p in parts):
            authors.extend(Author(p) for p in parts)
        elif len(parts) > 1:
            authors.append(Author(parts[0], ", ".join(parts[1:])))
        else:
            authors.append(Author(piece))
    return authors


def _split_outside_parens(s: str, sep: re.Pattern[str]) -> list[str]:
    pieces, depth, start, i = [], 0, 0, 0
    while i < len(s):
        ch = s[i]
        if ch in "(（":
            depth += 1
        elif ch in ")）":
            depth = max(0, depth - 1)
        elif depth == 0:
            m = sep.match(s, i)
            if m and m.end() > i:
                pieces.append(s[start:i])
                start = i = m.end()
                continue
        i += 1
    pieces.append(s[start:])
    return pieces


def _looks_like_name(s: str) -> bool:
    if _ORG_HINT.search(s):
        return False
    words = s.split()
    return 1 <= len(words) <= 4 and len(s) <= 40


class HeadersStage(Stage):
    name = "headers"
    defaults = {"max_header_lines": 6, "max_title_chars": 250, "day_first": True}

    def __call__(self, doc: Document) -> Document:
        lines = doc.text.split("\n")
        consumed: list[int] = []
        seen_nonblank = 0
        for i, raw in enumerate(lines):
            line = raw.strip()
            if not line:
                continue
            seen_nonblank += 1
            if seen_nonblank > self.options["max_header_lines"]:
                break
            kind = self._read_line(doc, line, first=seen_nonblank == 1, next_blank=_next_is_blank(lines, i))
            if kind is None:
                break
            doc.removed.append(Removed(kind, raw, i))
            consumed.append(i)
            self.count(kind)
        if consumed:
            doc.text = "\n".join(lines[consumed[-1] + 1:])
        doc.text = _normalise_paragraphs(doc.text)
        return doc

    def _read_line(self, doc: Document, line: str, first: bool, next_blank: bool) -> str | None:
        """Fill the fields `line` states and return its kind, or None if it is no header line."""
        if len(line) <= 200:
            m = _BYLINE.match(line)
            if m and (m["word"] not in ("By", "Von", "Par", "Por", "Di") or m["names"][:1].isupper()):
                authors = parse_authors(m["names"])
                if authors and not doc.authors:
                    doc.authors = authors
                return "byline" if authors else None
            m = _SOURCE_LINE.match(line)
            if m:
                rest = m["src"]
                dm = _DATELINE.match(rest)
                if dm:
                    self._read_dates(doc, dm)
                    rest = dm["outlet"]
                if not doc.source and _strip_header_punct(rest):
                    doc.source = _strip_header_punct(rest)
                return "source"
            m = _DATELINE.match(line)
            if m and len(m["d1"]) <= 60 and any(ch.isdigit() for ch in m["d1"]) and len(m["outlet"]) <= 80:
                self._read_dates(doc, m)
                outlet = _strip_header_punct(m["outlet"])
                if outlet and not doc.source:
                    doc.source = outlet
                return "dateline"
            if len(line) <= 40 and (iso := parse_date(line, self.options["day_first"])):
                if not doc.published:
                    doc.published = iso
                return "dateline"
        # A headline is short, stands alone and does not end like a sentence.
        if first and not doc.title and len(line) <= self.options["max_title_chars"] and next_blank \
                and not line.endswith((".", "。")):
            doc.title = line
            return "title"
        return None

    def _read_dates(self, doc: Document, m: re.Match[str]) -> None:
        for word, text in ((m["w1"], m["d1"]), (m["w2"], m["d2"])):
            if not word:
                continue
            field = _DATE_KIND[word.casefold()]
            iso = parse_date(text, self.options["day_first"])
            if iso is None:
                self.count("date_unparsed")
                doc.quality_flags.append("date_unparsed")
            elif getattr(doc, field) is None:
                setattr(doc, field, iso)
        if doc.published is None and doc.updated is not None:
            # The header states only when the article was updated: that is the
            # article's date as its outlet gives it, so it is also `published`.
            doc.published = doc.updated
            self.count("published_from_updated")


def _next_is_blank(lines: list[str], i: int) -> bool:
    return i + 1 >= len(lines) or not lines[i + 1].strip() or bool(
        _DATELINE.match(lines[i + 1].strip()) or _BYLINE.match(lines[i + 1].strip())
    )


def _normalise_paragraphs(text: str) -> str:
    """Paragraphs separated by exactly one blank line, no trailing spaces."""
    paragraphs = [p.strip() for p in re.split(r"\n[ \t]*\n+", text)]
    return "\n\n".join(
        "\n".join(line.rstrip() for line in p.split("\n")) for p in paragraphs if p
    )
