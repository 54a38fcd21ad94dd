"""Dates in news headers, in any common form and language, to ISO 8601.

The common numeric forms are read by regular expressions (fast, and exact
about day-first order); everything else goes to dateparser with settings that
never guess: all of day, month and year must be present, and relative dates
("3 hours ago") are resolved only against a known crawl date.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache

_ISO = re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_NUMERIC = re.compile(r"(?<!\d)(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})(?!\d)")
_CJK = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]")
_KO = re.compile(r"(\d{4})\s*년\s*(\d{1,2})\s*월\s*(\d{1,2})\s*일")


def _valid(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def parse_date(text: str, day_first: bool = True, relative_base: datetime | None = None) -> str | None:
    """The ISO date written in `text`, or None when it cannot be read for certain."""
    text = text.strip().rstrip(".,;")
    if not text or not any(ch.isdigit() for ch in text) and relative_base is None:
        return None
    return _parse(text, day_first, relative_base)


@lru_cache(maxsize=4096)
def _parse(text: str, day_first: bool, relative_base: datetime | None) -> str | None:
    for pattern in (_ISO, _CJK, _KO):
        m = pattern.search(text)
        if m:
            return _valid(int(m[1]), int(m[2]), int(m[3]))
    m = _NUMERIC.search(text)
    if m:
        a, b, y = int(m[1]), int(m[2]), int(m[3])
        day, month = (a, b) if day_first else (b, a)
        return _valid(y, month, day)
    return _dateparser(text, day_first, relative_base)


def _dateparser(text: str, day_first: bool, relative_base: datetime | None) -> str | None:
    import dateparser  # imported lazily: it costs ~0.5 s and most dates never need it

    settings = {
        "DATE_ORDER": "DMY" if day_first else "MDY",
        "REQUIRE_PARTS": ["day", "month", "year"],
        "RETURN_AS_TIMEZONE_AWARE": False,
        "PARSERS": ["timestamp", "absolute-time", "custom-formats"],
    }
    if relative_base is not None:
        settings["RELATIVE_BASE"] = relative_base
        settings["PARSERS"] = ["relative-time", *settings["PARSERS"]]
        settings.pop("REQUIRE_PARTS")
    try:
        parsed = dateparser.parse(text, settings=settings)
    except (ValueError, OverflowError):
        return None
    return parsed.date().isoformat() if parsed else None
