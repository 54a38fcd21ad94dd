"""Boilerplate lines around and inside the article: share and follow prompts,
cookie and copyright notices, "Related articles" with their lists of links,
"Read also: ..." inserts, navigation, photo credits, in many languages.

The phrases live in `data/boilerplate/<lang>.toml` (one file per language, see
the README there) so that a language is added without touching code. A body
line must never be taken, so the rules are graded by where a line stands:

- at the start or end of the body (the edges), where pages put navigation,
  cookie, copyright and subscription lines, every known form is removed;
- inside the body only a line that stands alone as its own paragraph and is a
  known phrase as a whole ("Advertisement", "Share on Facebook", "Read also:
  <headline>", a photo credit) is removed, never a line that merely mentions
  one ("Share prices fell", "the related pages of the report");
- after a "Related articles"-type marker at the end, the short link-like lines
  that follow it are the list of links and go with it.

Recipe rules come on top: `lines` and `patterns` for every source, and
`per_source` for one outlet. Every removed line is kept in `removed`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from pipeline.document import Document, Removed
from pipeline.recipe import read_toml
from pipeline.text import CJK_CHARS
from pipeline.stages import captions, layout
from pipeline.stages.base import Stage
from pipeline.undo import undo_all

# How a line classifies, from weakest to strongest.
NONE, EDGE, ANYWHERE, MARKER = 0, 1, 2, 3

_MAX_EDGE_CHARS = 600  # cookie banners are long; anything longer is text
_KNOWN_LINES = 4096  # classes of lines a lexicon keeps (see `Lexicon.classify`)
_MAX_LINK_CHARS = 150  # a headline in a list of related links
_MAX_LINK_WORDS = 25
MAX_LINKS = 15
_PARAGRAPH_UNITS = 160  # a line this long is a paragraph, whatever its end
_WRAP_UNITS = 50  # a line above this long that ends no sentence may be wrapped text going on below
_SHAPE_WINDOW = 60  # content lines at each end where the page's header and trailer are looked for

_COUNT = re.compile(r"\s*(?:[(\[（【]\s*\d+\s*[)\]）】]|\d+)\s*$")
_SPACES = re.compile(r"\s+")
_LIST_NUMBER = re.compile(r"\d{1,2}\s*[.、)]\s*(?=\D)")
_SOCIAL_SPLIT = re.compile(r"[\s,;|·•/:：、!]+")
_SENTENCE_END = ("。", ".", "．", "…")
_UNSPACED_END = re.compile(f"[{CJK_CHARS}]$")
# Forms every language shares, checked on the raw line.
_EDGE_RAW = re.compile(
    r"^[<\[(（]?\s*(?:©|ⓒ|\(c\)\s|copyright\b)"  # copyright
    r"|^#[^\s#]+(?:\s+#[^\s#]+)*$"  # a line of hashtags
    r"|^[^>»›/\n]{1,40}(?:\s*[>»›]\s*[^>»›\n]{1,40}){2,}$"  # breadcrumbs: Home > News > World
    r"|^[^|\n]{1,30}(?:\s*\|\s*[^|\n]{1,30}){3,}$"  # a menu bar: News | Sport | Weather | Culture
    r"|^[\W_]+$",  # a line of symbols only
    re.IGNORECASE,
)
_NOTICE_WORDS = (
    "cookie", "куки", "كوكي", "الارتباط", "クッキー", "쿠키", "rights", "права", "derechos", "direitos", "rechte", "droits",
    "riservat", "版权", "版權", "转载", "轉載", "镜像", "鏡像", "隐私", "隱私", "無断", "무단", "재배포", "حقوق", "email",
    "cipta", "kişisel", "çerez", "website", "site", "portal", "syndicated", "commercial", "personal")
_SEPARATOR = re.compile(r"^[-=_~–—]{3,}$")  # a rule drawn between parts of a page
_COPYRIGHT_YEAR = re.compile(r"[©ⓒ]\s*\d{4}")
# A line that ends with a photo credit: a caption, not article text.
_CREDIT_WORDS = ("photo", "foto", "фото", "bild", "imag", "credit", "crédit", "图", "圖", "写真", "画像", "사진", "صورة")
_CREDIT = re.compile(
    r"(?:^|[\s(\[（—–-])(?:photos?|fotos?|фото|bild|imagen|image|crédit photo|credit|图片?|圖片?|写真|画像|사진|صورة)"
    r"\s*(?:by\b|de\b|[:：=／/])\s*[^.。!?！？]{1,60}?[)\]）]?\s*$",
    re.IGNORECASE,
)


def phrase_pattern(phrases: list[str] | set[str]) -> str:
    """An alternation of literal phrases as a regex trie.

    Python's `re` tries the branches of "a|b|c" one by one at every position,
    which is slow for hundreds of phrases; a trie ("(?:re(?:ad|lated)|...)")
    decides on each character once.
    """
    trie: dict = {}
    for phrase in phrases:
        node = trie
        for ch in phrase:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        end = "" in node
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if end:
            return "(?:" + body + ")?" if len(branches) > 1 or len(body) > 1 else body + "?"
        return body

    return emit(trie)


def line_key(line: str) -> str:
    """A line as the lexicons spell it: NFKC, casefolded, without surrounding
    punctuation, bullets, arrows, a list number ("3. Sport", "1、凡注明") or a trailing
    count ("Comments (12)")."""
    key = (line if line.isascii() else unicodedata.normalize("NFKC", line)).casefold().strip()
    if key[-1:].isdigit() or key.endswith((")", "]", "）", "】")):
        key = _COUNT.sub("", key)
    start, end = 0, len(key)
    while start < end and not key[start].isalnum():
        start += 1
    while end > start and not key[end - 1].isalnum():
        end -= 1
    key = key[start:end]
    if key[:1].isdigit() and (number := _LIST_NUMBER.match(key)):
        key = key[number.end():]
    return _SPACES.sub(" ", key) if "  " in key or "\t" in key or "\n" in key else key


def _alternation(phrases: list[str]) -> re.Pattern[str] | None:
    """One expression for phrases that start a line: "read also:" also matches "read also :",
    and a phrase ending in a letter of a spaced script must end a word there."""
    colon, word, free = set(), set(), set()
    for phrase in phrases:
        core = line_key(phrase)
        if not core:
            continue
        if phrase.rstrip().endswith((":", "：")):
            colon.add(core)
        elif _UNSPACED_END.search(core) or not core[-1].isalpha():
            free.add(core)
        else:
            word.add(core)
    parts = [f"(?:{phrase_pattern(colon)})\\s*:" if colon else "",
             f"(?:{phrase_pattern(word)})(?![^\\W\\d_])" if word else "",
             f"(?:{phrase_pattern(free)})" if free else ""]
    parts = [p for p in parts if p]
    return re.compile("^(?:" + "|".join(parts) + ")") if parts else None


@dataclass(frozen=True)
class PatternSet:
    """Many expressions, searched fast: those anchored at the start as one alternation tried at
    the start only, the others one by one (an expression that starts with literal text is then
    found at C speed, which one alternation of them all would lose)."""

    anchored: re.Pattern[str] | None
    floating: tuple[re.Pattern[str], ...]

    def search(self, key: str, floating: bool = True) -> bool:
        return bool(self.anchored and self.anchored.match(key)) or (
            floating and any(p.search(key) for p in self.floating))


def _compile_all(patterns: list[str], flags: int = 0) -> PatternSet:
    """The lexicon's expressions are written in lower case, as keys are casefolded."""
    anchored = [p[1:] for p in patterns if p.startswith("^")]
    return PatternSet(re.compile("|".join(f"(?:{p})" for p in anchored), flags) if anchored else None,
                      tuple(re.compile(p, flags) for p in patterns if not p.startswith("^")))


@dataclass(frozen=True)
class Lexicon:
    """Boilerplate phrases of every language, compiled once per process."""

    lines: frozenset[str]
    markers: frozenset[str]
    edge_lines: frozenset[str]
    social: frozenset[str]
    prefixes: re.Pattern[str] | None
    marker_prefixes: re.Pattern[str] | None
    patterns: PatternSet
    edge_prefixes: re.Pattern[str] | None
    edge_patterns: PatternSet
    max_line_chars: int = 200
    #: The classes already found, by (line, edge): navigation, promo and header lines recur from page to
    #: page, and the headers and boilerplate stages class the same lines again. Emptied when full.
    _known: dict[tuple[str, bool], int] = field(default_factory=dict, init=False, repr=False, compare=False)

    def classify(self, line: str, edge: bool = True) -> int:
        """NONE, EDGE (boilerplate only at the start or end of the body), ANYWHERE or MARKER.

        With `edge` false the line stands inside the body, where only ANYWHERE
        and MARKER matter: the edge-only checks are skipped, and so is every
        line longer than a boilerplate line can be (most body paragraphs).
        """
        if len(line) > _MAX_EDGE_CHARS:
            return self._classify(line, edge)  # text, mostly: not worth keeping
        found = self._known.get((line, edge))
        if found is None:
            if len(self._known) >= _KNOWN_LINES:
                self._known.clear()
            found = self._known[line, edge] = self._classify(line, edge)
        return found

    def _classify(self, line: str, edge: bool) -> int:
        line = line.strip()
        short = len(line) <= self.max_line_chars
        if not line or len(line) > _MAX_EDGE_CHARS or not (short or edge):
            return NONE
        key = line_key(line)
        if not key and _SEPARATOR.match(line):
            return ANYWHERE
        if key in self.markers:
            return MARKER
        if key in self.lines:
            return ANYWHERE
        if short:
            if (self.marker_prefixes and self.marker_prefixes.match(key)) or (self.prefixes and self.prefixes.match(key)):
                return ANYWHERE
            if self.patterns.search(key) or self._is_share_bar(key) or (
                any(word in key for word in _CREDIT_WORDS) and _CREDIT.search(line)
            ):
                return ANYWHERE
        if not edge:
            return NONE
        if short and (key in self.edge_lines or key in self.social or (self.edge_prefixes and self.edge_prefixes.match(key))
                      or self._is_menu(key)):
            return EDGE
        if _EDGE_RAW.match(line) or (("©" in line or "ⓒ" in line) and _COPYRIGHT_YEAR.search(line)):
            return EDGE
        # longer than a phrase, a line is boilerplate only as a cookie or rights notice
        # a notice pattern is looked for only where a notice's word is (most lines have none);
        # a pattern anchored at the start costs nothing to try on a short line
        notice = any(word in key for word in _NOTICE_WORDS)
        if (notice or short) and self.edge_patterns.search(key, floating=notice):
            return EDGE
        return NONE

    def is_phrase(self, line: str) -> bool:
        """Whether a short piece of a line is a known phrase (menu word, share prompt, "5 min read"),
        by the cheap exact and prefix rules only."""
        key = line_key(line)
        return bool(key) and (
            key in self.lines or key in self.markers or key in self.edge_lines
            or any(p is not None and p.match(key) for p in (self.prefixes, self.marker_prefixes, self.edge_prefixes))
            or self._is_menu(key) or self._is_share_bar(key)
        )

    def menu_run(self, lines: list[str]) -> int:
        """How many of `lines` (content lines, in order) form a menu: a run of at least three one- or
        two-word lines ("Local", "Mundo", "Deportes", ...) of which at least half are known menu words."""
        n = known = 0
        for line in lines:
            line = line.strip()
            if len(line) > 25 or len(line.split()) > 2 or line.endswith(_SENTENCE_END):
                break
            n += 1
            known += self.classify(line) != NONE
        return n if n >= 3 and known * 2 >= n else 0

    def _is_menu(self, key: str) -> bool:
        """A navigation bar: several menu words on one line ("Home News Sport", "メニュー 検索")."""
        first = _SOCIAL_SPLIT.split(key, maxsplit=1)[0]
        if first not in self.edge_lines and first not in self.lines:
            return False
        tokens = [t for t in _SOCIAL_SPLIT.split(key) if t]
        return len(tokens) >= 2 and all(t in self.edge_lines or t in self.lines for t in tokens)

    def _is_share_bar(self, key: str) -> bool:
        if _SOCIAL_SPLIT.split(key, maxsplit=1)[0] not in self.social:
            return False
        tokens = [t for t in _SOCIAL_SPLIT.split(key) if t]
        return len(tokens) >= 2 and all(t in self.social for t in tokens)


@lru_cache(maxsize=1)
def _data() -> dict[str, list[str]]:
    merged: dict[str, list[str]] = {}
    folder = resources.files("pipeline.stages") / "data" / "boilerplate"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            for name, values in read_toml(entry).items():
                merged.setdefault(name, []).extend(values)
    return merged


@lru_cache(maxsize=8)
def build_lexicon(lines: tuple[str, ...] = (), patterns: tuple[str, ...] = (), max_line_chars: int = 200) -> Lexicon:
    """The generic lexicon, with a recipe's extra whole lines and patterns on top.

    Compiling it takes about 0.15 s of CPU and a build makes a stage per task, so one lexicon
    serves every stage of a process with the same rules (it is immutable)."""
    data = _data()
    markers = data.get("markers", [])
    return Lexicon(
        lines=frozenset(line_key(x) for x in [*data.get("lines", []), *lines]),
        markers=frozenset(line_key(x) for x in markers),
        edge_lines=frozenset(line_key(x) for x in data.get("edge_lines", [])),
        social=frozenset(t for x in data.get("social", []) for t in _SOCIAL_SPLIT.split(line_key(x)) if t),
        prefixes=_alternation(data.get("prefixes", [])),
        marker_prefixes=_alternation([m + ":" for m in markers]),
        patterns=_compile_all([*data.get("patterns", []), *patterns], re.IGNORECASE if patterns else 0),
        edge_prefixes=_alternation(data.get("edge_prefixes", [])),
        edge_patterns=_compile_all(data.get("edge_patterns", [])),
        max_line_chars=max_line_chars,
    )


def generic_lexicon() -> Lexicon:
    """The lexicon without recipe rules, shared by the stages that look at the top of a text."""
    return build_lexicon()


def _link_like(line: str) -> bool:
    """A short line that reads as a headline in a list of links, not as a sentence."""
    line = line.strip()
    return len(line) <= _MAX_LINK_CHARS and not line.endswith(_SENTENCE_END) and len(line.split()) <= _MAX_LINK_WORDS


def _own_line(above: str, line: str, below: str) -> bool:
    """Whether `line`, between two lines of the same paragraph, is a line of its own rather than a
    piece of a sentence wrapped over lines ("... prices rose as / share on the market / fell"):
    the line above ends a sentence or is too short for wrapped text, and the one below does not
    go on in lower case. A single Latin word ("Editor", "Summary") may be a heading there, and stays."""
    above, line, below = above.strip(), line.strip(), below.strip()
    wrapped = bool(above) and not layout.ends_sentence(above) and layout.units(above) >= _WRAP_UNITS
    return not wrapped and not below[:1].islower() and not (line.isascii() and line.isalpha())


def links_block(kept: list[int], lines: list[str], kinds: Kinds) -> set[int]:
    """A marker near the end followed only by link-like lines: the indices of the marker and its links."""
    for pos in range(len(kept) - 1, max(-1, len(kept) - 2 - MAX_LINKS), -1):
        if kinds.inner(kept[pos]) == MARKER and pos > 0:
            rest = kept[pos + 1:]
            if all(_link_like(lines[i]) or kinds[i] != NONE for i in rest):
                return set(kept[pos:])
            return set()
    return set()


class Kinds:
    """Line classes of one text, computed when first asked: as a line inside the body, and for
    the few lines the edge scans reach, also with the edge-only rules."""

    def __init__(self, lines: list[str], classify: Callable[[str, bool], int]) -> None:
        self.lines, self._classify = lines, classify
        self._inner: dict[int, int] = {}
        self._edge: dict[int, int] = {}

    def inner(self, i: int) -> int:
        if i not in self._inner:
            self._inner[i] = self._classify(self.lines[i], False) if self.lines[i].strip() else NONE
        return self._inner[i]

    def __getitem__(self, i: int) -> int:
        if self.inner(i) != NONE or not self.lines[i].strip():
            return self._inner[i]
        if i not in self._edge:
            self._edge[i] = self._classify(self.lines[i], True)
        return self._edge[i]


def headline_line(doc: Document, lines: list[str]) -> int | None:
    """The index in `lines` (this stage's lines of `doc.text`) of the first line that stood below
    the headline the headers stage cut out, or None when no stage before this one did.

    The headers stage's `Undo` record (written as it ran) gives back the text it read; its
    `Removed` entry for the headline says which line of that text the headline was; the lines
    it left are that text's other lines in order (the first may have lost a date stamp)."""
    title = next((r for r in reversed(doc.removed) if r.kind == "title" and r.line >= 0), None)
    group = [u for u in doc.undo if u.stage == "headers"]
    if title is None or not group:
        return None
    read = undo_all(doc.text, group).split("\n")
    if title.line >= len(read) or read[title.line].strip() != title.text.strip():
        return None
    j = 0
    for i, line in enumerate(lines):
        text = line.strip()
        if not text:
            continue
        while j < len(read) and not (read[j].strip().endswith(text) and read[j].strip()):
            j += 1
        if j >= title.line:
            return i
        j += 1
    return len(lines)


def _above_headline(lines: list[str], content: list[int], below: int | None) -> set[int]:
    """Content lines above the headline: the page's menus, section names, site slogans, browser
    and app prompts (the date, byline and outlet lines the headers stage read are gone already).
    A date stamp stays, being header; and everything stays when a line of paragraph length stands
    above the headline (then the line taken for the headline is not the top of the article)."""
    found: set[int] = set()
    for i in content:
        if below is None or i >= below:
            break
        text = lines[i].strip()
        if layout.units(text) >= _PARAGRAPH_UNITS and not layout.is_menu_line(text):
            return set()
        if not layout.is_stamp(text):
            found.add(i)
    return found


def normalise_paragraphs(text: str) -> str:
    """Paragraphs separated by exactly one blank line, no trailing spaces."""
    paragraphs = [p.strip() for p in re.split(r"\n[ \t]*\n+", text)]
    return "\n\n".join("\n".join(line.rstrip() for line in p.split("\n")) for p in paragraphs if p)


class BoilerplateStage(Stage):
    name = "boilerplate"
    defaults = {"lines": [], "patterns": [], "per_source": {}, "max_line_chars": 200}

    def __init__(self, **options):
        super().__init__(**options)
        for pattern in [*self.options["patterns"], *(p for rules in self.options["per_source"].values() for p in rules)]:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"stage 'boilerplate': bad pattern {pattern!r}: {exc}") from exc
        self.lexicon = build_lexicon(tuple(self.options["lines"]), tuple(self.options["patterns"]),
                                     self.options["max_line_chars"])
        self._per_source = {
            source.casefold(): re.compile("|".join(f"(?:{p})" for p in rules), re.IGNORECASE)
            for source, rules in self.options["per_source"].items() if rules
        }

    def classify(self, line: str, source: str | None, edge: bool = True) -> int:
        rule = self._per_source.get((source or "").casefold())
        if rule is not None and len(line) <= self.options["max_line_chars"] and (
            rule.search(line.strip()) or rule.search(line_key(line))
        ):
            return ANYWHERE
        return self.lexicon.classify(line, edge)

    def __call__(self, doc: Document) -> Document:
        lines = doc.text.split("\n")
        content = [i for i, line in enumerate(lines) if line.strip()]
        kinds = Kinds(lines, lambda line, edge: self.classify(line, doc.source, edge))
        seen = layout.line_counts([lines[i] for i in content])
        drop: set[int] = self._by_shape(content, lines, kinds, seen) | _above_headline(lines, content, headline_line(doc, lines))
        changed = True
        while changed:  # edges, then a related-links block, then the edges it uncovered
            before = len(drop)
            kept = [i for i in content if i not in drop]
            drop.update(kept[: self.lexicon.menu_run([lines[i] for i in kept])])
            kept = [i for i in content if i not in drop]
            for i in kept:
                if kinds[i] == NONE:
                    break
                drop.add(i)
            for i in reversed(kept):
                if kinds[i] == NONE or i in drop:
                    break
                drop.add(i)
            kept = [i for i in content if i not in drop]
            drop.update(kept[len(kept) - layout.teaser_tail([lines[i] for i in kept]):] if kept else ())
            drop |= links_block([i for i in content if i not in drop], lines, kinds)
            changed = len(drop) > before
        kept = [i for i in content if i not in drop]
        kept_lines = [lines[i] for i in kept]
        drop.update(kept[k] for k in layout.menu_runs(kept_lines) | captions.doubled(kept_lines))
        drop.update(i for i in kept if captions.is_caption(lines[i]) or layout.is_code(lines[i].strip()))
        drop |= self._isolated(lines, kinds, drop)
        spans = self._credit_spans(lines, [i for i in content if i not in drop])
        if not drop and not spans:
            return doc
        for i in sorted(drop):
            doc.removed.append(Removed("boilerplate", lines[i].strip(), -1))
        for i, span in spans:
            doc.removed.append(Removed("boilerplate", span, -1))
        self.count("lines_removed", len(drop))
        self.count("spans_removed", len(spans))
        doc.text = normalise_paragraphs("\n".join(line for i, line in enumerate(lines) if i not in drop))
        return doc

    @staticmethod
    def _credit_spans(lines: list[str], kept: list[int]) -> list[tuple[int, str]]:
        """Photo credits glued to the end of lines of text, and the second copy of a line given twice,
        cut off those lines (`lines` is edited)."""
        spans = []
        for i in kept:
            twice = captions.second_copy(lines[i])
            if twice is not None:
                spans.append((i, lines[i][twice:].strip()))
                lines[i] = lines[i][:twice].rstrip()
            found = captions.credit_span(lines[i].rstrip())
            if found and found.start() > 0:
                spans.append((i, found.group().strip()))
                lines[i] = lines[i][: found.start()]
        return spans

    @staticmethod
    def _by_shape(kept: list[int], lines: list[str], kinds: Kinds, seen) -> set[int]:
        """The page's header and trailer as `layout` finds them: the header among the first
        `_SHAPE_WINDOW` content lines, the trailer among the last ones after the first line of prose."""
        def weight(window: list[int], trailer: bool) -> Callable[[int], int]:
            texts = [lines[i] for i in window]
            return lambda k: layout.weigh(texts, k, lambda j: kinds[window[j]] != NONE, trailer, seen)

        head = kept[:_SHAPE_WINDOW]
        cut = layout.header_cut([lines[i] for i in head], weight(head, False))
        rest = kept[cut:]
        first = next((k for k, i in enumerate(rest) if layout.is_prose(lines[i].strip())), None)
        if first is None:
            return set(head[:cut])
        tail = rest[max(first + 1, len(rest) - _SHAPE_WINDOW):]
        return set(head[:cut]) | set(tail[layout.trailer_cut([lines[i] for i in tail], weight(tail, True)):])

    @staticmethod
    def _isolated(lines: list[str], kinds: Kinds, drop: set[int]) -> set[int]:
        """Paragraphs inside the body made only of known phrases, or of a marker and its links."""
        found: set[int] = set()
        i = 0
        while i < len(lines):
            if not lines[i].strip():
                i += 1
                continue
            j = i
            while j < len(lines) and lines[j].strip():
                j += 1
            para = [k for k in range(i, j) if k not in drop]
            if para and all(kinds.inner(k) >= ANYWHERE for k in para):
                found.update(para)
            elif para and kinds.inner(para[0]) == MARKER and len(para) <= 4 and all(_link_like(lines[k]) for k in para[1:]):
                found.update(para)  # "Read also" with its link on the next line
            else:  # a text with a paragraph a line: a known phrase on a line of its own
                found.update(k for n, k in enumerate(para) if kinds.inner(k) >= ANYWHERE and _own_line(
                    lines[para[n - 1]] if n else "", lines[k], lines[para[n + 1]] if n + 1 < len(para) else ""))
            i = j
        return found
