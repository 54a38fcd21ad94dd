"""Open Graph tags as the protocol reads them: the first of several holds, and none is passed over.

A page assembled from templates and plugins often carries two `og:title` or
`og:site_name` tags (the article's and the site's front page's, or a plugin's
"Site Premium"). The Open Graph protocol settles such a conflict: the first
tag, from the top, is given preference. trafilatura keeps the last one it
meets, and now and then leaves out a site name the page states, so the
extraction child asks here which value the protocol gives and notes a
conflict (`meta.markup_conflicts`), for a reader to see that the page was
ambiguous. Only the top of the page is looked at, by one pass of a regular
expression over its `<meta>` tags: no second parse of the page.
"""

from __future__ import annotations

import html
import re

#: Single-valued properties read here -> the extraction field each one gives.
#: (Not `article:published_time`: htmldate weighs dates, and one it turned down, as later than today, must stay out.)
PROPERTIES = {"og:title": "title", "og:site_name": "sitename"}
#: Past the head of any real page. Tags are read after a `</head>`: pages that close their head early
#: (a tracking snippet's markup) leave their Open Graph tags in the body, where browsers and crawlers read them.
_SCAN_BYTES = 200_000
_META = re.compile(r"<meta\s[^>]*>", re.IGNORECASE)
_WANTED = re.compile("|".join(PROPERTIES), re.IGNORECASE)
_ATTR = re.compile(r"""([a-zA-Z:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")


def og_values(page: str) -> dict[str, list[str]]:
    """The values each of `PROPERTIES` is given at the top of the page, in page order."""
    values: dict[str, list[str]] = {}
    for tag in _META.finditer(page, 0, _SCAN_BYTES):
        if not _WANTED.search(tag[0]):
            continue
        attrs = {m[1].lower(): m[2] if m[2] is not None else m[3] if m[3] is not None else m[4]
                 for m in _ATTR.finditer(tag[0])}
        name = (attrs.get("property") or attrs.get("name") or "").lower()
        content = " ".join(html.unescape(attrs.get("content") or "").split())
        if name in PROPERTIES and content:
            values.setdefault(name, []).append(content)
    return values


def first_wins(found: dict[str, object], page: str) -> list[str]:
    """Set each field of trafilatura's `found` to its first tag's value when trafilatura took one of
    the later tags or none; returns the properties stated more than once with different values."""
    stated = og_values(page)
    for name, given in stated.items():
        key = PROPERTIES[name]
        taken = found.get(key)
        if not taken or isinstance(taken, str) and taken.strip() in set(given[1:]):
            found[key] = given[0]
    return sorted(name for name, given in stated.items() if len(set(given)) > 1)

