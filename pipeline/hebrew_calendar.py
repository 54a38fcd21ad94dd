"""Dates of the Hebrew calendar, as Israeli news pages print them ("ט"ו בשבט התשפ"ד"), to ISO 8601.

Many Hebrew pages state their date only in the Hebrew calendar, with day and year written in Hebrew
letters (gematria: ה = 5, כ"ג = 23, התשפ"ד = 5784). The Gregorian day is computed by the calendar's
own arithmetic (the molad of Tishrei and the four postponement rules, as in Reingold and Dershowitz,
"Calendrical Calculations"), so nothing is looked up and every year is covered.
"""

from __future__ import annotations

import re
from datetime import date

# Months as the year counts them from Nisan (1); Adar of a leap year is Adar I (12), then Adar II (13).
_MONTHS = {
    "ניסן": 1, "אייר": 2, "איר": 2, "סיון": 3, "סיוון": 3, "תמוז": 4, "אב": 5, "מנחם אב": 5, "אלול": 6,
    "תשרי": 7, "חשון": 8, "חשוון": 8, "מרחשון": 8, "מרחשוון": 8, "כסלו": 9, "כסליו": 9, "טבת": 10, "שבט": 11,
    "אדר": 12, "אדר א": 12, "אדר ב": 13,
}
_LETTERS = dict(zip("אבגדהוזחטיכךלמםנןסעפףצץקרשת",
                    (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 20, 20, 30, 40, 40, 50, 50, 60, 70, 80, 80, 90, 90, 100, 200, 300,
                     400)))
_MARKS = "'\"׳״`’”"
_NUMBER = rf"[א-ת]{{1,2}}[{_MARKS}]?[א-ת]?"
_YEAR = rf"[א-ת]{{1,4}}[{_MARKS}][א-ת]"
_DATE = re.compile(
    rf"(?<![א-ת])(?P<day>{_NUMBER})\s+ב?(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True))
    + rf")[{_MARKS}]?\s+(?P<year>{_YEAR})(?![א-ת])"
)
_HEBREW = re.compile(r"[א-ת]")
_EPOCH = -1373427  # the calendar's day one (7 October 3761 BCE, Julian), as a proleptic Gregorian ordinal


def hebrew_date(text: str) -> tuple[str, int, int] | None:
    """The ISO date of the first Hebrew-calendar date in `text`, with where it stands; None if none or
    if it is not a day of its month."""
    if not _HEBREW.search(text):
        return None
    m = _DATE.search(text)
    if m is None:
        return None
    day, year = _value(m["day"]), _value(m["year"])
    if year < 1000:
        year += 5000  # "תשפ"ד" is 5784: the thousands are mostly left out
    month = _MONTHS[m["month"]]
    if month == 13 and not _leap(year):
        return None
    if month == 12 and m["month"] == "אדר" and _leap(year):
        month = 13  # plain "Adar" of a leap year is Adar II, where its dates fall
    if not 5600 <= year <= 5900 or not 1 <= day <= _month_days(year, month):
        return None
    return date.fromordinal(_ordinal(year, month, day)).isoformat(), m.start(), m.end()


def _value(letters: str) -> int:
    """Gematria: the sum of the letters' values; a leading ה before a three-letter year is 5000."""
    letters = "".join(ch for ch in letters if ch not in _MARKS)
    if len(letters) >= 4 and letters[0] == "ה":
        return 5000 + sum(_LETTERS[ch] for ch in letters[1:])
    return sum(_LETTERS[ch] for ch in letters)


def _leap(year: int) -> bool:
    return (7 * year + 1) % 19 < 7


def _elapsed(year: int) -> int:
    """Days from the epoch to the molad of Tishrei of `year`, with the rule that no new year falls on
    a Sunday, Wednesday or Friday."""
    months = (235 * year - 234) // 19
    parts = 12084 + 13753 * months
    days = 29 * months + parts // 25920
    return days + 1 if (3 * (days + 1)) % 7 < 3 else days


def _new_year(year: int) -> int:
    """The ordinal of 1 Tishrei, with the two postponements that keep years at lawful lengths."""
    ny0, ny1, ny2 = _elapsed(year - 1), _elapsed(year), _elapsed(year + 1)
    delay = 2 if ny2 - ny1 == 356 else 1 if ny1 - ny0 == 382 else 0
    return _EPOCH + ny1 + delay


def _month_days(year: int, month: int) -> int:
    length = _new_year(year + 1) - _new_year(year)
    if month in (2, 4, 6, 10, 13) or (month == 12 and not _leap(year)):
        return 29
    if month == 8 and length % 10 != 5:  # Heshvan has 30 days only in a complete year (355 or 385)
        return 29
    if month == 9 and length % 10 == 3:  # Kislev has 29 days in a deficient year (353 or 383)
        return 29
    return 30


def _ordinal(year: int, month: int, day: int) -> int:
    """The proleptic Gregorian ordinal of a Hebrew date: the year starts in Tishrei (7)."""
    days = _new_year(year) + day - 1
    last = 13 if _leap(year) else 12
    if month < 7:
        days += sum(_month_days(year, m) for m in range(7, last + 1))
        days += sum(_month_days(year, m) for m in range(1, month))
    else:
        days += sum(_month_days(year, m) for m in range(7, month))
    return days
