"""Which line of a scraped page is the article's headline.

A page's text starts with whatever the scraper kept: skip links, menus, a
masthead, breadcrumbs, section names, promos, then the headline, then date
lines, bylines, a deck, a photo caption and the body. No single rule finds
the headline among them, but a few signals together do:

- it is printed twice (as the page title and as the headline, often as
  `<headline> - <Site>` and `<headline>`, or in a breadcrumb and alone);
- a date line or a byline sits right under (or above) it;
- a paragraph of body text (or a short deck and then the body) follows it;
- it is shaped like a headline: a few words to a few dozen, no sentence
  break inside, not ending in a full stop or a comma, not a known
  navigation, share or promo phrase.

Lines are cleaned before they are judged: a breadcrumb before the headline on
the same line (`Home / World / <headline>`), a list number (`3. <headline>`),
a time glued to its end (`<headline>00:42`, `<headline> (21:21)`), a run of
asterisks used as a separator, `【<headline>】` brackets and a leading
`【<Outlet>】` tag come off. When no line scores high enough the title stays
null: a page that starts with its body has no headline to find.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from pipeline.dates import find_date
from pipeline.text import CJK as _CJK
from pipeline.text import SENTENCE_ENDS, THAI_CHARS
from pipeline.text import UNSPACED as _UNSPACED

_THAI = re.compile(f"[{THAI_CHARS}]")
_NUMBERED = re.compile(r"^\d{1,2}\.\s+(?=\S)")
_CRUMB_CHARS = re.compile(r"[>＞→/»›]")
_CRUMB_SPLIT = re.compile(r"\s*(?:>>|[>＞→])\s*|\s+[/»›]\s+")
_GLUED_TIME = re.compile(r"(?<=[^\d\s:：.])\s*(?:[(（]\d{1,2}:\d{2}[)）]|\d{1,2}:\d{2})$")
_STARS = re.compile(r"\s*[*＊]{3,}$")
_WRAPPED = re.compile(r"^【([^【】]{4,})】$")
_TAG = re.compile(r"^【([^【】\d]{2,12})】\s*(?=\S)")
_SITE_SUFFIX = re.compile(r"^\s*(?:[-|｜–—_:]|::)\s*(?P<site>[^|｜]{2,40}?)\s*$")
_KEY_DROP = re.compile(r"[\W_]+")
_DIGITS_AND_SIGNS = re.compile(r"[\d!-/:-@\[-`{-~·•|｜]")
_SENTENCE_BREAK = re.compile(r"[a-zà-ÿа-яё]{3}[.]\s+[A-ZÀ-ÞА-ЯЁ]")
_FULL_STOP = re.compile(r"[^\W\d_]{2}[.。][\"”’»」)）]?\s")
_SENTENCE_MARK = re.compile(f"[{re.escape(SENTENCE_ENDS)}][\"”’»」)）]?(?:\\s|$)")
_URL = re.compile(r"https?://|www\.|\.(?:com|html?|php|jpe?g|png)\b|@\w")
_BAD_END = (".", "。", ",", "，", ";", "；", ":", "：", "、")
_BULLETS = "•▪◦●■□◆◇►▶▸‣∙▲△★☆"
_PRICE = re.compile(r"\d[.,]\d{2}\s?[€$£¥₽]|[€$£¥₽]\s?\d+[.,]\d{2}(?!\d)")
# a word glued to the next one's capital ("sitesLogin", "precedenteNext"): words of two links run together
_GLUED = re.compile(r"[a-zß-ÿа-яё]{3}[A-ZÀ-ÞА-ЯЁ][a-zß-ÿа-яё]")
_MENU_SPLIT = re.compile(r"\s{2,}|\s*[|｜【】\[\]]\s*|\s[·•]\s")
_DIGIT = re.compile(r"\d")
_NUMBERS = re.compile(r"\d+")
# a photo caption: a sentence and more after it, or a credit closing it ("（記者王立群攝）", "=東京で、山田撮影",
# "[Photo by A/B]", "(Foto: X)")
_CAPTION = re.compile(r"。\s*\S|(?:摄|攝|撮影)\s*[)）】\]]?\s*$|[(（\[【]\s*(?:photos?|fotos?|images?|pictures?|credits?|фото)"
                      r"\s*(?:by\b|[:：/])[^)）\]】]{0,40}[)）\]】]\s*$", re.IGNORECASE)  # not "(PHOTOS)", "(组图)"
HEADLINE_WINDOW = 40  # content lines looked at: a headline comes before the article


@dataclass(frozen=True, slots=True)
class Headline:
    """The headline found: its line, its text as cleaned, the other lines that repeat it, and an
    outlet named beside it (a page-title suffix `<headline> - <Site>` or a `【Site】` tag)."""

    index: int
    text: str
    repeats: tuple[int, ...]
    source: str | None


@lru_cache(maxsize=8192)
def clean(line: str) -> tuple[str, str | None]:
    """A candidate line without what scrapers glue to headlines, and an outlet tag found on it."""
    text = line.strip()
    if text[:1].isdigit():
        text = _NUMBERED.sub("", text)
    if _CRUMB_CHARS.search(text):
        parts = [p for p in _CRUMB_SPLIT.split(text) if p.strip()]
        if len(parts) >= 2 and _is_crumb_trail(parts):
            text = parts[-1].strip()
    if text.endswith(("*", "＊")):
        text = _STARS.sub("", text)
    if text[-1:].isdigit() or text.endswith((")", "）")):
        text = _GLUED_TIME.sub("", text).strip()
    source = None
    if text.startswith("【"):
        wrapped = _WRAPPED.match(text)
        if wrapped:
            text = wrapped[1].strip()
        tag = _TAG.match(text)
        if tag:
            source, text = tag[1].strip(), text[tag.end():].strip()
    return text, source


def _is_crumb_trail(parts: list[str]) -> bool:
    """Breadcrumbs before a headline: short links, then one part much longer than any of them."""
    *crumbs, last = parts
    longest = max(len(c) for c in crumbs)
    short = all(len(c.split()) <= 4 and len(c) <= 30 for c in crumbs)
    return short and len(last) >= max(2 * longest, 12) and _words(last) >= 3


@lru_cache(maxsize=8192)
def _words(text: str) -> int:
    """Words, counting each two characters of Chinese or Japanese as one and each four of Thai (whose
    words are longer and whose vowel marks are characters of their own); a dash alone is no word."""
    unspaced = len(_CJK.findall(text)) // 2 + len(_THAI.findall(text)) // 4
    tokens = sum(1 for token in text.split() if any(ch.isalnum() for ch in token))
    return tokens + unspaced - (1 if unspaced else 0)


def key(text: str) -> str:
    """A line's identity for repetition: case, spacing and punctuation folded."""
    return _KEY_DROP.sub("", text.casefold())


def is_body(line: str) -> bool:
    """A paragraph of article text (or a long photo caption, which reads the same)."""
    line = line.strip()
    if len(line) >= 160:
        return True
    if _CJK.search(line):
        return len(line) >= 45 and bool(_SENTENCE_MARK.search(line)) or len(line) >= 90
    words = len(line.split())
    ended = line.rstrip("\"”’»」)） ").endswith((".", "。", "।", "۔")) or bool(_FULL_STOP.search(line.rstrip()[:-1]))
    return (words >= 12 or len(line) >= 80) and words >= 6 and ended


@lru_cache(maxsize=8192)
def headline_shaped(text: str) -> bool:
    """A few words to a few dozen, one phrase (no sentence break inside), no URL, mostly letters, and
    none of the shapes of what stands around headlines (see `_other_shape`)."""
    if not 3 <= len(text) <= 250 or _URL.search(text):
        return False
    signs = len(_DIGITS_AND_SIGNS.findall(text))  # not letters (marks of Thai or Devanagari are letters' parts)
    if signs > 0.5 * len(text.replace(" ", "")) or len(text) - signs < 3:
        return False
    words = _words(text)
    if words > 40 or is_body(text):
        return False
    pieces = [p.strip() for p in re.split(r"[|｜]", text)]
    if len(pieces) > 1 and len(set(pieces)) < len(pieces):
        return False  # "Site|Site": a page title of nothing but the site's name
    return not _SENTENCE_BREAK.search(text) and not _other_shape(text)


def _other_shape(text: str) -> bool:
    """A line shaped like a headline's neighbours: a list item ("• ..."), a menu ("News  Blogs  Video",
    "首页 要闻 视频"), nav words glued together ("SignInNewsletterHelp"), a price ("from 9,99 €"), a
    dated line ("2023 令和5年4月2日(日) <headline>"), a photo caption (two sentences, or a credit at
    its end)."""
    if text[0] in _BULLETS or len(_GLUED.findall(text)) >= 2 or _CAPTION.search(text):
        return True
    if _PRICE.search(text) and any(_PRICE.search(p) and len(p.split()) <= 4 for p in re.split(r"[|｜]", text)):
        return True  # a price alone or as a piece of its own: an offer, not a headline that quotes a price
    pieces = [p for p in _MENU_SPLIT.split(text) if p]
    if len(pieces) >= 3 and all(_words(p) <= 4 and len(p) <= 20 for p in pieces):
        return True
    tokens = text.split()
    if len(tokens) >= 3 and max(len(t) for t in tokens) <= 6 and min(len(t) for t in tokens) <= 2 \
            and 2 * len(_CJK.findall(text)) > len(text):  # (clauses of a headline are longer: "台风来袭 多地停课 航班取消")
        return True
    if _DIGIT.search(text):
        found = find_date(text)
        return found is not None and found.iso is not None and not found.relative
    return False


def find_headline(lines: list[str], skip: set[int], header: set[int],
                  reject: Callable[[str], bool]) -> Headline | None:
    """The headline among the first lines of a page (see the module's docstring), or None.

    `skip` are lines already read as something else (menus, date lines, bylines); `header` are the
    date, byline and source lines, which a headline sits next to; `reject` says whether a line is a
    known navigation, share or promo phrase or a header field, which no headline is.
    """
    content = [i for i, line in enumerate(lines) if line.strip()]
    window: list[int] = []
    bodies_at: dict[int, bool] = {}
    bodies: set[str] = set()  # a paragraph printed twice is a photo's caption and its alt text: one
    for i in content[:HEADLINE_WINDOW]:
        bodies_at[i] = i not in skip and is_body(lines[i])
        if bodies_at[i]:
            bodies.add(key(lines[i]))
            if len(bodies) >= 3:
                break
        window.append(i)
    cleaned = {i: clean(lines[i]) for i in window if i not in skip}
    keys = [key(cleaned[i][0]) if i in cleaned else key(lines[i]) for i in window]
    shaped = {i for pos, i in enumerate(window) if i in cleaned and i not in header and plausible(cleaned[i][0])
              and not _rejected(cleaned[i][0], lines[i].strip(), reject) and not _joins(
                  keys[pos], {k for k in keys[pos + 1:pos + 13] if len(k) >= 8})}
    words = {i: _words(text) for i, (text, _) in cleaned.items()}
    # lines a headline may stand next to with nothing but these between: single words, widgets, images
    filler = {i for i in window if i not in header and (i in skip or (i not in shaped and not bodies_at[i])
                                                          or words[i] <= 2)}
    ctx = _Context(lines, window, cleaned, keys, header, filler, bodies_at, words, shaped)
    best: tuple[float, Headline] | None = None
    first = True
    for pos, i in enumerate(window):
        if i not in shaped or i in filler:
            continue
        score, head = ctx.score(pos)
        score += 0.5 if first else 0.0
        if best is None or score > best[0]:
            best = (score, head)
        first = False
    if best is None or best[0] < 1.5 or ctx.listing() or _teaser(lines, best[1], window[-1]):
        return None
    return best[1]


def _rejected(text: str, line: str, reject: Callable[[str], bool]) -> bool:
    """A known phrase (as cleaned, or as printed), or one glued to the words after it ("Previous
    articleThe mayor resigns": a prev/next link, its label run into the other article's title)."""
    if reject(text) or (text != line and reject(line)):
        return True
    glued = _GLUED.search(text)
    return glued is not None and reject(text[:glued.start() + 3])


def _teaser(lines: list[str], head: Headline, end: int) -> bool:
    """The line chosen is printed again below the article, among other headlines: a teaser of another
    article (a "Read also" list), not this page's headline."""
    k = key(head.text)
    if len(k) < 8:
        return False
    below = [i for i in range(end + 1, min(len(lines), end + 400)) if lines[i].strip()]
    size = len(head.text)
    for n, i in enumerate(below):
        if size // 2 <= len(lines[i]) <= 2 * size + 40 and key(clean(lines[i])[0]) == k:
            near = below[max(0, n - 2):n] + below[n + 1:n + 3]
            listed = [j for j in near if headline_shaped(clean(lines[j])[0]) and _words(lines[j]) >= 3]
            return len(listed) >= 2
    return False


def doubled_start(line: str) -> str | None:
    """The headline of a page flattened onto one line that opens with it printed twice (as the page
    title and as the headline: "<headline> <headline> <date> <body>"), or None."""
    text = line.strip()
    for n in range(8, min(150, len(text) // 2)):
        if text[n] == " " and text.startswith(text[:n] + " ", n + 1):
            head = text[:n].strip()
            return head if plausible(clean(head)[0]) else None
    return None


def _lower_start(text: str) -> bool:
    """Headlines start with a capital in scripts that have them."""
    return text[:1].islower()


def plausible(text: str) -> bool:
    """Shaped like a headline (`headline_shaped`) and starting as one."""
    return headline_shaped(text) and not _lower_start(text)


def joined(lines: list[str], index: int) -> bool:
    """Whether a line is two lines below it run together (a page title joining the headline and its
    deck, "<headline> <deck>"), which the page then prints one by one."""
    line = lines[index].strip()
    below = [other for other in lines[index + 1:] if other.strip()][:12]
    parts = {k for k in (key(clean(other)[0]) for other in below if len(other.strip()) < len(line)) if len(k) >= 8}
    return _joins(key(clean(line)[0]), parts)


def _joins(whole: str, parts: set[str]) -> bool:
    """Whether a line's key is two of `parts` run together."""
    return any(len(k) < len(whole) and whole.startswith(k) and whole[len(k):] in parts for k in parts)


def shape_recurs(lines: list[str], index: int) -> bool:
    """Whether a header line's shape (its words, its digits folded: "CHINA DAILY - 2 hours ago") comes
    again in the lines below it: a page listing articles, each with its date line, not one article."""
    size = len(lines[index].strip())
    shape = _NUMBERS.sub("0", key(lines[index]))
    below = [line for line in lines[index + 1:] if line.strip()][:HEADLINE_WINDOW]
    return len(shape) >= 4 and any(_NUMBERS.sub("0", key(line)) == shape for line in below
                                   if abs(len(line.strip()) - size) <= 6)


@dataclass
class _Context:
    lines: list[str]
    window: list[int]
    cleaned: dict[int, tuple[str, str | None]]
    keys: list[str]
    header: set[int]
    filler: set[int]
    bodies: dict[int, bool]
    words: dict[int, int]
    shaped: set[int]

    def __post_init__(self) -> None:
        self._bodies_before = [0]  # paragraphs of text above each position of the window
        for i in self.window:
            self._bodies_before.append(self._bodies_before[-1] + self.bodies[i])

    def listing(self) -> bool:
        """Several different headlines, each with its own date or credit line under it: a page that
        lists articles (an aggregator, a section front), with no headline of its own."""
        shapes = {_NUMBERS.sub("0", key(self.lines[i])) for i in self.window if i in self.header}
        dated: dict[str, set[str]] = {}  # the shape of a header line (digits folded) -> the headlines over it
        for pos, i in enumerate(self.window):
            if i not in self.shaped or i in self.filler:
                continue
            nxt = self.window[pos + 1] if pos + 1 < len(self.window) else None
            shape = _NUMBERS.sub("0", key(self.lines[nxt])) if nxt is not None else ""
            if shape in shapes:
                dated.setdefault(shape, set()).add(self.keys[pos])
        return any(len(heads) >= 2 and len(shape) >= 4 for shape, heads in dated.items())

    def score(self, pos: int) -> tuple[float, Headline]:
        i = self.window[pos]
        text, source = self.cleaned[i]
        words = self.words[i]
        score = 0.0
        repeats, text, site = self._repeats(pos, text)
        source = source or site
        if repeats and (words >= 4 or (_UNSPACED.search(text) and len(text) >= 8)):
            score += 3.0
        after = [p for p in range(pos + 1, min(pos + 5, len(self.window))) if self.window[p] not in self.filler][:3]
        before = next((p for p in range(pos - 1, -1, -1) if self.window[p] not in self.filler), None)
        hdr = next((n for n, p in enumerate(after) if self.window[p] in self.header), None)
        if hdr is not None:
            score += (2.0, 1.0, 0.5)[hdr]
        elif before is not None and self.window[before] in self.header:
            score += 1.0
        if after and self.window[after[0]] not in self.header:
            nxt = self.window[after[0]]
            if self.bodies[nxt] or (not repeats and self._deck(self.cleaned[nxt][0], words) and self._leads(after)):
                score += 1.5  # the body, or a deck longer than the headline
            else:
                # one or two short decks, then the body
                for n in (1, 2):
                    decks = [self.window[p] for p in after[:n]]
                    if len(after) > n and self.bodies[self.window[after[n]]] and all(
                            j not in self.header and self.words[j] < words for j in decks):
                        score += 1.5
                        break
        if _CRUMB_SPLIT.search(self.lines[i]) and text != self.lines[i].strip() or self._after_crumbs(pos):
            score += 1.5
        if words < 3 and not (_UNSPACED.search(text) and len(text) >= 6):
            score -= 1.5
        if text.endswith(_BAD_END):
            score -= 2.0
        return score, Headline(i, text, repeats, source)

    @staticmethod
    def _deck(text: str, words: int) -> bool:
        """A deck under a headline: a sentence, or a phrase much longer than the headline."""
        n = _words(text)
        return n > words and (text.endswith((".", "。")) or n >= max(15, 1.3 * words))

    def _leads(self, after: list[int]) -> bool:
        """What follows a deck is the article (a paragraph or a header line), not another headline."""
        if len(after) < 2:
            return True
        nxt = self.window[after[1]]
        return self.bodies[nxt] or nxt in self.header or nxt not in self.shaped or self.cleaned[nxt][0].endswith(
            _BAD_END)
    def _repeats(self, pos: int, text: str) -> tuple[tuple[int, ...], str, str | None]:
        """Other lines that print this headline above the body: the same text, or it with a site's name
        after it, or a page title that joins it and the deck under it, or a longer line that ends with it
        (a breadcrumb, a date or an outlet before it)."""
        k = self.keys[pos]
        if len(k) < 4:
            return (), text, None
        same = tuple(self.window[p] for p, other in enumerate(self.keys)
                     if p != pos and other == k and not self._body_between(p, pos))
        if same:
            return same, text, None
        for p, other in enumerate(self.keys):
            j = self.window[p]
            if p == pos or j not in self.cleaned or len(other) < 6 or self.bodies[j] or self._body_between(p, pos):
                continue
            longer_text, shorter_text = self.cleaned[j][0], text
            if len(other) > len(k) and len(k) >= 8 and other.startswith(k):
                site = _SITE_SUFFIX.match(longer_text[len(shorter_text):]) if longer_text.startswith(
                    shorter_text) else None
                if site or other[len(k):] in self.keys:
                    return (j,), text, site["site"] if site else None
            if len(other) > len(k) and len(k) >= 8 and other.endswith(k) and other[:-len(k)] not in self.keys:
                return (j,), text, None
            if len(other) < len(k) and len(other) >= 8 and k.startswith(other):
                site = _SITE_SUFFIX.match(text[len(longer_text):]) if text.startswith(longer_text) else None
                if site:
                    return (j,), longer_text, site["site"]
        return (), text, None

    def _body_between(self, p: int, q: int) -> bool:
        """Paragraphs of text between two lines (more than a deck): the second print is a teaser or a
        widget's label."""
        return self._bodies_before[max(p, q)] - self._bodies_before[min(p, q) + 1] >= 2

    def _after_crumbs(self, pos: int) -> bool:
        """The line above is a breadcrumb trail ("首页 > 军事 > 正文")."""
        if not pos:
            return False
        parts = [p for p in _CRUMB_SPLIT.split(self.lines[self.window[pos - 1]]) if p.strip()]
        return len(parts) >= 3 and all(len(p.split()) <= 4 and len(p.strip()) <= 16 for p in parts)
