import pytest

from pipeline.hebrew_calendar import hebrew_date


@pytest.mark.parametrize("text, iso", [
    ("פורסם ג' אייר התשפ\"ג", "2023-04-24"),
    ("א' תשרי תשפ\"ה", "2024-10-03"),           # a new year, thousands left out
    ("ט\"ו בשבט התשפ\"ד", "2024-01-25"),        # the month after the preposition ב-
    ("י\"ד אדר ב' התשפ\"ד", "2024-03-24"),      # Adar II of a leap year
    ("כ\"ה כסלו התשפ\"ה", "2024-12-26"),
    ("יום שני 02.10.2023 / י\"ז תשרי התשפ\"ד", "2023-10-02"),
])
def test_hebrew_calendar_dates(text, iso):
    found = hebrew_date(text)
    assert found is not None and found[0] == iso


@pytest.mark.parametrize("text", [
    "י\"ד אדר ב' התשפ\"ה",   # no Adar II in a common year
    "ל' אייר התשפ\"ד",        # Iyyar has 29 days
    "The port opens on 5 May",
    "הנמל נפתח מחדש השבוע",   # Hebrew without a date
])
def test_no_date_where_there_is_none_or_no_such_day(text):
    assert hebrew_date(text) is None
