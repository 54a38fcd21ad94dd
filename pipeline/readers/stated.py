"""Title, outlet, date and authors as a page's markup or a record states them, made into row values.

A page's metadata (trafilatura reads `og:`/`article:` tags, JSON-LD, `<meta
name=author|date>`, `<time datetime>`, the url) and a JSONL record's fields
are what the publisher or the dump says, so they come before anything the
`headers` stage guesses from the text. They are not clean for all that:
author fields hold profile urls, "Staff", "admin", a wire's name, the
outlet's name, a role ("AP Auto Writer", "is a reporter") or a date run on
("Jane Doe Monday; November"); site names carry a tagline ("Site | Sport |
Cars"); dates may be unreadable or later than the page was fetched. Each
value is normalised as the text path normalises its own (ISO dates by
`pipeline.dates`, authors as a list of `Author`, outlets without a tagline or
desk word), and a value that does not hold is left null, so the text path may
fill the field; what was dropped is kept in `meta.dropped_values`.

Provenance: every field filled here is named in `meta.<field>_from`
(`title_from`, `source_from`, `published_from`, `authors_from`) as "markup"
(an HTML or WARC page) or "record" (a JSONL record); the `headers` stage
marks the fields it fills from the text as "text" and may not change a
stated value (`pipeline.precedence`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any
from urllib.parse import urlsplit

from pipeline.credits import WIRES, desk_credit
from pipeline.dates import WEEKDAYS, find_date, parse_crawl_time, parse_date
from pipeline.document import Author, Document
from pipeline.precedence import FIELDS
# The text path's own name particles and outlet cut, so that both paths read names and titles alike.
from pipeline.stages.headers import PARTICLES, parse_authors, strip_outlet

FUTURE_FLAG = "date_in_future"
UNPARSED_FLAG = "date_unparsed"

_SPACE = re.compile(r"\s+")
_URL = re.compile(r"(?i)^(?:https?://|www\.)\S+$|^\S+\.(?:com|net|org|html?|php)/\S*$")
_CONTACT = re.compile(r"(?i)https?://|www\.|\S+@\S+\.\w+|^@\w+$")
# A tagline or section after a site's name: "Site | Sport | Cars", "Site - The daily paper of the valley".
_TAGLINE = re.compile(r"\s+[|·•:–—-]{1,2}\s+|\s*[|｜]\s*")
# A label before the names, as bylines in markup keep it: "By", "Analysis by", "Текст", "Autor:".
_LEAD = re.compile(r"^(?:(?i:analysis|opinion|commentary|review|story|words|text|reporting|written|posted|"
                   r"published)\s+)?(?:[Bb]y|BY|[Pp]ar|[Pp]or|von|di|door|av|af|[Oo]leh)\s+"
                   r"|^(?i:text|texte|texto|текст|автор|author|authors|autor|autora|auteur|autore|作者|記者|记者)\s*[:：]?\s+")
_TRAIL_ROLE = re.compile(r"(?i)\s+(?:is|est|es|ist|é)\s+(?:a|an|the|un|une|una|um|uma|ein|eine)\s+.*$")
# Words that make an author field a desk, a site's account or the newsroom rather than a person.
_DESK = re.compile(r"(?i)(?:^|\s)(?:staff|team|desk|newsroom|bureau|editorial|editors|reports?|wire services?|"
                   r"webmaster|\w*admin\w*|redacci[oó]n|r[ée]daction|redaktion|redação|redazione|redaksi|"
                   r"редакция|编辑部|編輯部)(?:\s|$)")
# A role, or an organisation's word, after a person's name: what follows is not part of the name.
_ROLE = re.compile(r"(?i)^(?:writer|reporter|editor|editor-at-large|correspondent|columnist|contributor|journalist)$")
_ORG = re.compile(r"(?i)^(?:news|media|press|business|sport|sports|magazine|international|national|inc\.?|ltd\.?|"
                  r"llc|gmbh|group|network|publishing|agency|com)$")
_ARTICLE = {"the", "a", "an", "la", "le", "les", "el", "los", "las", "der", "die", "das", "il", "lo", "gli", "de"}
_TIMESTAMP_WORDS = {"published", "updated", "posted", "on", "at"}


@dataclass
class Stated:
    """The values one page or record states, normalised; `dropped` holds what did not hold, by field."""

    title: str | None = None
    source: str | None = None
    published: str | None = None
    authors: list[Author] = field(default_factory=list)
    dropped: dict[str, Any] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)

    def apply(self, doc: Document, origin: str) -> None:
        """Fill `doc`'s empty fields with these values and say where each came from (`origin`)."""
        for name in FIELDS:
            value = getattr(self, name)
            if value and not getattr(doc, name):
                setattr(doc, name, value)
                doc.meta[f"{name}_from"] = origin
        if self.dropped:
            doc.meta["dropped_values"] = self.dropped
        doc.quality_flags.extend(flag for flag in self.flags if flag not in doc.quality_flags)


def stated(title: Any = None, source: Any = None, date_value: Any = None, authors: Any = None,
           url: str | None = None, crawled: str | None = None) -> Stated:
    """Normalise what a page or a record states; `url` and `crawled` help tell junk from values."""
    site = _text(source)
    out = Stated(title=_text(title), source=stated_source(site))
    if site and out.source is None:
        out.dropped["source"] = site
    if out.title and site and site != out.source:
        out.title = strip_outlet(out.title, site)  # "Headline - Site - Tagline" (the stage cuts "- Site" itself)
    if out.title and (_URL.match(out.title) or out.source and _squash(out.title) == _squash(out.source)):
        out.dropped["title"], out.title = out.title, None  # the site's name, or a url, in the title's place
    if date_value is not None and date_value != "":
        out.published, problem = stated_date(date_value, crawled)
        if problem:
            out.flags.append(problem)
            out.dropped["published"] = date_value if isinstance(date_value, (str, int, float)) else str(date_value)
    out.authors, dropped, desk = stated_authors(authors, out.source, url)
    if dropped:
        out.dropped["authors"] = dropped
    if out.source is None and desk:
        out.source = desk  # "Harbor Ledger Staff" as the only credit: the outlet, as the text path reads it
    return out


def stated_source(value: Any) -> str | None:
    """An outlet's name as markup or a record gives it, without a tagline; a url or a desk word is no name."""
    text = _text(value)
    if not text or _URL.match(text):
        return None
    name = _TAGLINE.split(text)[0].strip()
    name = desk_credit(name) or name  # "Harbor Ledger Newsroom"
    if len(name) < 2 or _DESK.fullmatch(name) or name.casefold() in ("home", "homepage", "index", "news"):
        return None
    return name


def stated_date(value: Any, crawled: str | None = None) -> tuple[str | None, str | None]:
    """(ISO date, None) or (None, the flag saying why not): unreadable, or later than the page was fetched.

    Numbers are epoch seconds (milliseconds when too large for seconds); 0 is no date but a default.
    Without a crawl time no date is "in the future": a build must not depend on the day it runs.
    """
    if isinstance(value, bool):
        return None, UNPARSED_FLAG
    if isinstance(value, (int, float)):
        if value == 0:
            return None, UNPARSED_FLAG
        seconds = value / 1000 if value > 1e11 else value  # epoch milliseconds, as JavaScript writes them
        try:
            iso: str | None = datetime.fromtimestamp(seconds, tz=timezone.utc).date().isoformat()
        except (OverflowError, OSError, ValueError):
            iso = None
    else:
        iso = parse_date(value) if isinstance(value, str) else None
    if iso is None:
        return None, UNPARSED_FLAG
    base = parse_crawl_time(crawled)
    if base is not None and date.fromisoformat(iso) > base.date() + timedelta(days=1):
        return None, FUTURE_FLAG
    return iso, None


def stated_authors(value: Any, source: str | None = None,
                   url: str | None = None) -> tuple[list[Author], list[str], str | None]:
    """(authors, the pieces that are no person's name, an outlet a desk or wire credit names).

    `value` is a string ("A; B", "A and B"), a list of strings, or a list of {name, affiliation}
    objects. A piece is dropped when it is a url or handle, a desk, a wire, the outlet itself (by
    name or by the url's host), a role, a credential, a date or a phrase with lower-case words.
    """
    items = value if isinstance(value, list) else [value] if value is not None else []
    authors: list[Author] = []
    dropped: list[str] = []
    desk: str | None = None
    seen: set[str] = set()
    own = {_squash(source)} if source else set()
    host = _host(url)
    if host:
        own.add(_squash(host.removeprefix("www.")))
        own.add(_squash(host.removeprefix("www.").rsplit(".", 1)[0]))
    for item in items:
        affiliation = None
        if isinstance(item, dict):
            raw, affiliation = item.get("name"), item.get("affiliation")
            affiliation = affiliation.strip() or None if isinstance(affiliation, str) else None
        else:
            raw = item
        if not isinstance(raw, str) or not raw.strip():
            continue
        for piece in re.split(r"\s*[;；]\s*", _SPACE.sub(" ", raw).strip()):
            if not piece:
                continue
            name = _person(piece)
            credit = desk_credit(piece) if name is None else None
            if name is None or _squash(name) in own:
                dropped.append(piece)
                desk = desk or credit
                continue
            for author in parse_authors(name) if affiliation is None else [Author(name, affiliation)]:
                if author.name.casefold() not in seen:
                    seen.add(author.name.casefold())
                    authors.append(author)
    return authors, dropped, desk


def _person(piece: str) -> str | None:
    """The person's name a piece of an author field holds, or None when it holds none."""
    head, _, rest = piece.partition(",")
    if rest and (_DESK.search(rest) or any(_ROLE.match(t) for t in rest.split())):
        piece = head  # "Jane Doe, staff writer"
    if _CONTACT.search(piece) or piece.casefold() in WIRES or _DESK.search(piece):
        return None
    piece = _TRAIL_ROLE.sub("", _LEAD.sub("", piece)).strip(" ,.-–—|")
    tokens = piece.split()
    if any(_ROLE.match(token) and token[0].isupper() for token in tokens):
        return None  # "Senior Political Writer": a job title, not a name
    while tokens and (_calendar_word(tokens[-1]) or tokens[-1].casefold() in _TIMESTAMP_WORDS):
        tokens.pop()  # "Jane Doe Monday", "Jane Doe Published": a date ran into the field
    for k in (3, 2, 1):
        if len(tokens) > k and " ".join(tokens[-k:]).casefold() in WIRES:
            tokens = tokens[:-k]  # "JANE DOE Associated Press": the wire she writes for
            break
    for n, token in enumerate(tokens):
        if n and (_ORG.match(token) or _ROLE.match(token)):
            if _ORG.match(token) and n == len(tokens) - 1:
                # "Valley Advance Media": an organisation's name; "Jane Doe Valley Press": hers, after her name
                n = n - 1 if n >= 3 else 0
            elif _ORG.match(token) and (n == 1 or not any(_ROLE.match(t) for t in tokens[n + 1:])):
                n = 0  # "Harbor Sport", "Valley Post News Weekly"
            tokens = tokens[:n]  # "Jane Doe News reporter", "Jane Doe reporter"
            break
    if not tokens or len(tokens) > 6 or tokens[0].casefold() in _ARTICLE or _ORG.match(tokens[0]):
        return None
    name = " ".join(tokens)
    if any(ch.isdigit() for ch in name) or (len(tokens) == 1 and tokens[0].isupper() and len(tokens[0]) <= 4):
        return None  # "MS", "RDN": a credential; "AP": a wire
    cased = [t for t in tokens if t[0].isalpha() and t[0].lower() != t[0].upper()]
    if any(not t[0].isupper() and t.casefold() not in PARTICLES for t in cased):
        return None  # a phrase ("defense ministries"), not a name
    if len(name) > 60:
        return None
    if cased and all(t.isupper() for t in cased) and len(name) > 4:
        name = " ".join(t if t.casefold() in PARTICLES else t.capitalize() for t in name.split())  # "JANE DOE"
    return name


def _calendar_word(token: str) -> bool:
    """A weekday or a month written out, in any language `pipeline.dates` reads. Short forms and the
    months that are also names ("May", "June", "August") are not taken for one."""
    word = token.strip(",.").casefold()
    return len(word) >= 6 and word in WEEKDAYS or len(word) >= 7 and find_date(f"1 {word} 2000") is not None


def _host(url: str | None) -> str | None:
    """The url's host name, if it has one a parser can read (a record's url may be anything)."""
    try:
        return urlsplit(url).hostname if url else None
    except ValueError:  # "http://[broken/": an IPv6 host that does not close
        return None


def _squash(name: str) -> str:
    """A name compared with an outlet's or a host's: letters and digits only ("Cleveland com" ~ cleveland.com)."""
    return re.sub(r"[\W_]+", "", name.casefold())


def _text(value: Any) -> str | None:
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        return None
    text = _SPACE.sub(" ", str(value)).strip()
    return text or None
