"""Boilerplate from the shape of a page rather than from its words, in any language.

A scraped page is a header (site menus, prompts, breadcrumbs), the article, and a
trailer (share and comment widgets, teasers of other articles with their dates,
copyright). Phrase lists miss most of it in most languages, but its shape gives it
away: menu lines are short and end no sentence, teasers are headlines followed by a
date stamp, counters are bare numbers, a caption repeats, while the article is made of
long lines that end sentences. So each line gets a weight, positive for evidence of
boilerplate and strongly negative for prose, and the header and the trailer are cut
where the sum of weights from the edge is largest: a block of boilerplate is taken
whole, with the odd teaser lead inside it, and a paragraph of article text stops the
cut unless much more evidence lies beyond it. Inside the body only a run of several
menu-short lines goes.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from pipeline.text import SENTENCE_ENDS

STRONG, WEAK, NEUTRAL = 2, 1, 0
PROSE = -4

_SHORT_UNITS = 40  # a menu word or a label: ~6 Latin words, ~20 CJK characters
_MENU_UNITS = 30  # a line of a menu run inside the body
_HEADLINE_UNITS = 200  # a teaser headline, without a sentence end
_PROSE_UNITS = 60  # a sentence this long is article text
_LONG_UNITS = 160  # a line this long is article text whatever its end
_DECK_UNITS = 100  # a line this long below the headline is the deck, where the header ends
_MIN_CUT = 2  # the least evidence for a cut
_MIN_MENU_RUN = 4  # menu-short lines in a row inside the body
_TEASER_UNITS = 20  # the least size of another article's headline in a list of them
_MIN_TEASERS = 3  # headline-shaped lines in a row that end a text: a list of other articles

_CLOSERS = "\"'”’»)]）」』】›"
_SENTENCE_ENDS = SENTENCE_ENDS + "؟۔।॥:;"  # with Arabic, Urdu and Devanagari ends, and a line closed by : or ;
_ELLIPSIS = ("…", "...")
_STAMP_SHAPE = re.compile(r"\d{1,2}:\d{2}|\d{4}|\d{1,2}\s*[./\-年]\s*\d{1,2}\s*[./\-月]")
_DATED = re.compile(r"\d{4}|\d{1,2}\s*[./\-年]\s*\d{1,2}\s*[./\-月]")  # a stamp with a date, not a bare time
_WIRE_CREDIT = re.compile(r"^\W*(?:additional )?(?:reporting|writing|editing|compiled|translated)(?: by)?\b", re.IGNORECASE)
_CODE = re.compile(r"^(?:[0-9a-f]{20,}|[a-z0-9]+(?:_[a-z0-9]+){2,}|\[[a-z]+_\d+\])$", re.IGNORECASE)
_LABEL_ENDS = "?!؟？！:："
_WORD = re.compile(r"[^\W\d_]+")
_COUNTER = re.compile(r"^[\W\d_]*\d[\W\d_]*$|^[^\w\s]+$")
_BULLET = re.compile(r"^\s*[•·▪▫◦●○■□►▶▸→»›\-–—*+]\s*\S")
_WIDE = re.compile("[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f"
                   "\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]")
_MIN_MENU_ITEMS = 5
_ITEMS = re.compile(r"\s[|·•/»›]\s|【|】|\[|\]")
_WIDE_ITEMS = re.compile(r"\s+|[|·•/»›【】\[\]]")
_INNER_SENTENCE_END = re.compile(r"[^\W\d_]{2}[.!?]\s+[A-Z\u00c0-\u00de\u0410-\u042f]|[。！？]\s*\S")
_LIST_GOES_ON = (",", "，", "、", ";", "；")
_LINK = re.compile(r"https?://|www\.|\w\.\w{2,}/\S", re.IGNORECASE)
_FILE_OR_URL = re.compile(r"^(?:https?://|www\.)\S+$|^\S+\.(?:jpe?g|png|gif|webp|svg)\)?$", re.IGNORECASE)


def units(line: str) -> int:
    """Length with wide (CJK) characters counted twice: a line's size in Latin-letter terms."""
    return len(line) if line.isascii() else len(line) + len(_WIDE.findall(line))


def ends_sentence(line: str) -> bool:
    """Whether a line ends as a sentence does (a trailing ellipsis marks a cut teaser, not an end)."""
    line = line.rstrip().rstrip(_CLOSERS).rstrip()
    return bool(line) and line[-1] in _SENTENCE_ENDS and not line.endswith(_ELLIPSIS)


def is_stamp(line: str) -> bool:
    """A line that is only a date or a time ("28. 01. 2026. u 07:48", "Friday, 2 May 2025, 17:30")."""
    line = line.strip()
    if len(line) > 48 or not _STAMP_SHAPE.search(line):
        return False
    words = _WORD.findall(line)
    return len(words) <= 4 and all(len(w) <= 12 for w in words)


def is_prose(line: str) -> bool:
    """A line of article text: long, or a full sentence of some length."""
    if len(line) > 2 * _LONG_UNITS:
        return True  # too long even for a teaser's lead (units are never fewer than characters)
    size = units(line)
    if line.rstrip().endswith(_ELLIPSIS) and size <= 2 * _LONG_UNITS:
        return False  # a teaser's lead, cut by the page
    return size >= _LONG_UNITS or (size >= _PROSE_UNITS and ends_sentence(line))


def is_code(line: str) -> bool:
    """A line of page machinery, not language: a hash, a template's identifier or shortcode."""
    return len(line) >= 5 and " " not in line and bool(_CODE.match(line))


def is_menu_short(line: str) -> bool:
    """A line as short as a menu entry, ending no sentence."""
    return len(line) <= _MENU_UNITS and units(line) <= _MENU_UNITS and not ends_sentence(line) and not is_stamp(line)


def line_counts(lines: list[str]) -> Counter[str]:
    """How often each line occurs in a text: a repeated caption or headline."""
    return Counter(line.strip() for line in lines)


def weigh(lines: list[str], i: int, known: Callable[[int], bool], trailer: bool, seen: Counter[str]) -> int:
    """The evidence of content line i (of `lines`, blank lines left out) being boilerplate.

    `known(i)`: the phrase lexicon knows line i; `seen`: the text's `line_counts`. A date
    stamp is evidence in the trailer (teasers carry dates) and neutral in the header (the
    article's own date sits there); in the trailer a paragraph next to a dated stamp is a
    teaser's lead, and counts for nothing either way.
    """
    line = lines[i].strip()
    size = units(line)
    if _WIRE_CREDIT.match(line):
        return NEUTRAL  # "(Reporting by ...; Editing by ...)": the byline's, for the headers stage
    if is_stamp(line):  # in the trailer, a teaser's date; a bare time may be a schedule's
        return (STRONG if _DATED.search(line) else WEAK) if trailer else NEUTRAL
    if known(i) or _COUNTER.match(line) or _FILE_OR_URL.match(line) or is_code(line):
        return STRONG
    if line[-1] in _LABEL_ENDS and size < _DECK_UNITS:
        return STRONG if seen[line] > 1 else WEAK  # a label ("Follow us:"), a headline ("... and why?")
    if is_prose(line):
        return NEUTRAL if trailer and _dated_neighbour(lines, i) else PROSE
    if (size >= 4 and seen[line] > 1) or (_BULLET.match(line) and size <= _SHORT_UNITS) or (line.endswith(_ELLIPSIS) and _cut_neighbour(lines, i)):
        return STRONG  # a caption or headline given twice, a bulleted menu entry, teasers cut short
    if size <= _HEADLINE_UNITS and not ends_sentence(line):
        return WEAK  # a menu entry, a headline
    return NEUTRAL


def _cut_neighbour(lines: list[str], i: int) -> bool:
    return any(0 <= j < len(lines) and lines[j].rstrip().endswith(_ELLIPSIS) for j in (i - 1, i + 1))


def _dated_neighbour(lines: list[str], i: int) -> bool:
    """Next to a dated stamp that is one of a list (another within a few lines): a teaser's lead,
    not an article's last paragraph under its own date."""
    def dated(j: int) -> bool:
        return 0 <= j < len(lines) and is_stamp(lines[j]) and bool(_DATED.search(lines[j]))
    return (dated(i - 1) or dated(i + 1)) and sum(dated(j) for j in range(i - 4, i + 5)) >= 2


def _title_like(line: str) -> bool:
    """Long enough to be the article's headline (kept above the body when a header cut reaches it)."""
    return units(line) >= 30 and (len(line.split()) >= 4 or units(line) > 2 * len(line))


def header_cut(lines: list[str], weight: Callable[[int], int]) -> int:
    """How many leading content lines are the page's header: where the running sum of weights
    peaks above the first line of the body (none without one), ending on a piece of evidence, short of a headline
    just above the body, and holding some strong evidence. `weight(i)` is asked only of the
    lines up to the first paragraph."""
    weights: list[int] = []
    best, best_at, total = 0, 0, 0
    for i in range(len(lines)):
        w = weight(i)
        if w == PROSE or (w < STRONG and units(lines[i]) >= _DECK_UNITS) or (
                w == NEUTRAL and ends_sentence(lines[i]) and not is_stamp(lines[i])):
            break  # the body, the deck that opens it, or a sentence of it
        weights.append(w)
        total += w
        if total > best:
            best, best_at = total, i + 1
    else:
        return 0  # no body below: nothing to call a header
    while best_at and (weights[best_at - 1] <= NEUTRAL or (weights[best_at - 1] == WEAK and _title_like(lines[best_at - 1]))):
        best_at -= 1
    return best_at if best >= _MIN_CUT and STRONG in weights[:best_at] else 0


def trailer_cut(lines: list[str], weight: Callable[[int], int]) -> int:
    """Where the page's trailer starts among the content lines (len(lines) for none): the
    latest start with the largest sum of weights to the end, below the last paragraph of
    article length, starting on a piece of evidence and holding some strong evidence.
    `weight(i)` is asked only of the lines below that paragraph."""
    weights: dict[int, int] = {}
    best, best_at, total = 0, len(lines), 0
    for i in range(len(lines) - 1, -1, -1):
        w = weights[i] = weight(i)
        if w == PROSE and units(lines[i]) >= _LONG_UNITS:
            break  # a paragraph of the article
        total += w
        if total > best:
            best, best_at = total, i
    while best_at < len(lines) and weights[best_at] <= NEUTRAL:
        best_at += 1
    return best_at if best >= _MIN_CUT and STRONG in (weights[k] for k in range(best_at, len(lines))) else len(lines)


def is_menu_line(line: str) -> bool:
    """A navigation bar on one line, however long: at least `_MIN_MENU_ITEMS` short items between
    separators ("News · Sport · 【Weather】 | Culture"; in scripts written without spaces, a space
    separates too), ending no sentence."""
    line = line.strip()
    items = [item for item in (_WIDE_ITEMS if _WIDE.search(line) else _ITEMS).split(line) if item.strip()]
    return len(items) >= _MIN_MENU_ITEMS and all(units(item.strip()) <= _MENU_UNITS for item in items) \
        and not ends_sentence(line)


def is_headline_shaped(line: str) -> bool:
    """A line shaped like a headline of another article: headline-sized, ending no sentence (a
    question or an exclamation may end one) and holding none, no link inside, not a piece of a
    list going on."""
    line = line.strip()
    size = units(line)
    return (_TEASER_UNITS <= size <= _HEADLINE_UNITS and (not ends_sentence(line) or line[-1] in "?!？！")
            and not line.endswith(_LIST_GOES_ON) and not _LINK.search(line)
            and not _INNER_SENTENCE_END.search(line))


def teaser_tail(lines: list[str]) -> int:
    """How many of the last content lines are a list of other articles' headlines: at least
    `_MIN_TEASERS` headline-shaped lines in a row ending the text, below a paragraph of prose
    (a text made only of such lines is left whole)."""
    n = 0
    for k in range(len(lines) - 1, -1, -1):
        line = lines[k].strip()
        if not is_headline_shaped(line) or (line[:1].islower() and not (k and ends_sentence(lines[k - 1]))):
            break  # a line going on in lower case is wrapped text, unless a sentence ends above it
        n += 1
    if n < _MIN_TEASERS or not any(is_prose(line.strip()) for line in lines[: len(lines) - n]):
        return 0
    return n


def menu_runs(lines: list[str]) -> set[int]:
    """Indices of runs of at least four menu-short lines in a row with other lines on both
    sides: a menu left inside the body (the edges are the cuts' business)."""
    found: set[int] = set()
    run: list[int] = []
    for i, line in enumerate([*lines, ""]):
        if i < len(lines) and line.strip() and is_menu_short(line.strip()):
            run.append(i)
            continue
        if len(run) >= _MIN_MENU_RUN and run[0] > 0 and i < len(lines):
            found.update(run)
        run = []
    return found
