"""Open Graph tags stated more than once with different values: the first one holds.

A page assembled from templates and plugins often carries two `og:title` or
`og:site_name` tags (the article's and the site's front page's, or a plugin's
"Site Premium"). The Open Graph protocol settles such a conflict: the first
tag, from the top, is given preference. trafilatura keeps the last one it
meets, so the extraction child asks here which value the protocol gives and
notes the conflict (`meta.markup_conflicts`), for a reader to see that the
page was ambiguous. Only the page's head is looked at, by one pass of a
regular expression over its `<meta>` tags: no second parse of the page.
"""

from __future__ import annotations

import html
import re

#: Single-valued properties read here -> the extraction field each one gives.
PROPERTIES = {"og:title": "title", "og:site_name": "sitename", "article:published_time": "date"}
_HEAD_BYTES = 200_000  # where a head ends on any real page
_META = re.compile(r"<meta\s[^>]*>", re.IGNORECASE)
_HEAD_END = re.compile(r"</head\s*>", re.IGNORECASE)
_WANTED = re.compile("|".join(PROPERTIES), re.IGNORECASE)
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_ATTR = re.compile(r"""([a-zA-Z:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")


def stated_twice(page: str) -> dict[str, list[str]]:
    """The values of each of `PROPERTIES` stated more than once and not all alike, in page order."""
    head = page[:_HEAD_BYTES]
    end = _HEAD_END.search(head)
    values: dict[str, list[str]] = {}
    for tag in _META.finditer(head, 0, end.start() if end else len(head)):
        if not _WANTED.search(tag[0]):
            continue
        attrs = {m[1].lower(): m[2] if m[2] is not None else m[3] if m[3] is not None else m[4]
                 for m in _ATTR.finditer(tag[0])}
        name = (attrs.get("property") or attrs.get("name") or "").lower()
        content = " ".join(html.unescape(attrs.get("content") or "").split())
        if name in PROPERTIES and content:
            values.setdefault(name, []).append(content)
    return {name: found for name, found in values.items() if len(set(found)) > 1}


def first_wins(found: dict[str, object], page: str) -> list[str]:
    """Set each conflicting field of trafilatura's `found` to its first tag's value, when trafilatura
    took one of the later tags; returns the properties that were in conflict."""
    conflicts = stated_twice(page)
    for name, stated in conflicts.items():
        key = PROPERTIES[name]
        taken = found.get(key)
        if not isinstance(taken, str):
            continue
        values = [_iso_day(v) for v in stated] if key == "date" else stated
        first = values[0]
        if first is not None and taken.strip() in set(values[1:]) - {first}:
            found[key] = first
    return sorted(conflicts)


def _iso_day(value: str) -> str | None:
    """The day of an ISO timestamp, as trafilatura gives dates ("2024-06-02T18:00:00Z" -> "2024-06-02")."""
    return value[:10] if _ISO_DAY.match(value) else None
