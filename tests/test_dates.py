from datetime import datetime

import pytest

from pipeline.dates import find_date, is_partial, is_range, is_relative, lead_date, parse_crawl_time, parse_date

CRAWL = datetime(2024, 5, 10, 1, 30)  # early morning: "3 hours ago" is the day before


@pytest.mark.parametrize(
    "text, iso",
    [
        ("2024-02-02", "2024-02-02"),
        ("2024-02-02T23:10:00+08:00", "2024-02-02"),
        ("2024. 3. 14.", "2024-03-14"),
        ("02/03/2024", "2024-03-02"),
        ("14.03.24", "2024-03-14"),
        ("2 February 2024", "2024-02-02"),
        ("2nd of February, 2024", "2024-02-02"),
        ("Feb. 2, 2024 at 3:30 p.m. EST", "2024-02-02"),
        ("Monday, 03 February 2020 01:45", "2020-02-03"),
        ("2 февраля 2024 г.", "2024-02-02"),
        ("2024年2月2日", "2024-02-02"),
        ("２０２４年３月１４日 10時20分", "2024-03-14"),
        ("2024년 2월 2일", "2024-02-02"),
        ("2. Februar 2024, 14:30 Uhr", "2024-02-02"),
        ("14 de marzo de 2024", "2024-03-14"),
        ("5 de septiembre del 2023", "2023-09-05"),
        ("4 de março de 2024", "2024-03-04"),
        ("1er juillet 2024 à 10h20", "2024-07-01"),
        ("March 14, 2024", "2024-03-14"),
        ("22 أبريل 2024", "2024-04-22"),
        ("٢٢ أبريل ٢٠٢٤", "2024-04-22"),
        ("9 كانون الثاني 2024", "2024-01-09"),
        ("24, أغسطس 2019", "2019-08-24"),
        ("28 maggio 2024", "2024-05-28"),
    ],
)
def test_common_forms(text, iso):
    assert parse_date(text) == iso


def test_day_first_hint_decides_only_ambiguous_dates():
    assert parse_date("02/03/2024", day_first=False) == "2024-02-03"
    # only one reading is a date: the hint does not matter
    assert parse_date("03/14/2024", day_first=True) == "2024-03-14"
    assert parse_date("14/03/2024", day_first=False) == "2024-03-14"


@pytest.mark.parametrize(
    "text", ["3 hours ago", "yesterday", "вчера", "3小时前", "2024-02-31", "45/13/2024", "soon", "March 2024", "",
             "14:30", "1850-01-01"],
)
def test_never_guesses(text):
    assert parse_date(text) is None


@pytest.mark.parametrize(
    "text, iso",
    [
        ("3 days ago", "2024-05-07"),
        ("3 hours ago", "2024-05-09"),
        ("Updated 15 hr ago", "2024-05-09"),
        ("an hour ago", "2024-05-10"),
        ("вчера, 18:40", "2024-05-09"),
        ("2 часа назад", "2024-05-09"),
        ("3小时前", "2024-05-09"),
        ("昨天 10:20", "2024-05-09"),
        ("3時間前", "2024-05-09"),
        ("3시간 전", "2024-05-09"),
        ("어제", "2024-05-09"),
        ("hace 2 días", "2024-05-08"),
        ("há 3 horas", "2024-05-09"),
        ("vor 2 Stunden", "2024-05-09"),
        ("il y a 5 heures", "2024-05-09"),
        ("منذ ساعتين", "2024-05-09"),
        ("قبل يومين", "2024-05-08"),
        ("today", "2024-05-10"),
        ("2 weeks ago", "2024-04-26"),
    ],
)
def test_relative_dates_resolve_against_the_crawl_time(text, iso):
    assert is_relative(text)
    assert parse_date(text, relative_base=CRAWL) == iso


@pytest.mark.parametrize("text", ["3 months ago", "2 года назад", "hace un año"])
def test_relative_dates_that_name_no_day_stay_null(text):
    assert is_relative(text)
    assert parse_date(text, relative_base=CRAWL) is None


def test_find_date_reports_what_surrounds_the_date():
    found = find_date("Updated 10:45 PM EDT, Fri March 8, 2024")
    assert found.iso == "2024-03-08" and not found.relative
    assert "Updated" in found.rest and "March" not in found.rest
    assert find_date("The council met on Monday") is None


def test_crawl_times_as_readers_store_them():
    assert parse_crawl_time("2024-05-10T01:30:00Z") == CRAWL
    assert parse_crawl_time("2024-05-10T01:30:00+09:00") == CRAWL  # the page's own clock
    assert parse_crawl_time("2024-05-10") == datetime(2024, 5, 10)
    assert parse_crawl_time("not a date") is None and parse_crawl_time(None) is None


@pytest.mark.parametrize("text", ["Mar 8", "Updated Mar 8, 10:45 AM", "8. März", "3月14日 10:20", "14.03.", "2 июня",
                                  "March 2024"])
def test_dates_without_a_year_or_a_day_are_seen_but_not_read(text):
    assert is_partial(text)
    assert parse_date(text, relative_base=CRAWL) is None


@pytest.mark.parametrize("text", ["The 8 members voted", "2024-03-14", "Room 12"])
def test_text_without_a_partial_date(text):
    assert not is_partial(text)


@pytest.mark.parametrize(
    "text, iso",
    [
        ("令和5年4月1日(土)", "2023-04-01"),  # Japanese era
        ("平成元年2月3日", "1989-02-03"),
        ("中華民國112年7月9日", "2023-07-09"),  # Republic of China
        ("วันที่ 3 มกราคม 2567", "2024-01-03"),  # Thai Buddhist era
        ("(2 ก.พ. 67)", "2024-02-02"),  # the short Thai form
        ("۱۴۰۲/۰۱/۰۱", "2023-03-21"),  # Solar Hijri, Persian digits
        ("12 مهر 1401", "2022-10-04"),
        ("শনিবার ০৪ মে ২০২৪", "2024-05-04"),  # Bengali digits and month
        ("5 अगस्त 2023", "2023-08-05"),
        ("7. februar 2022", "2022-02-07"),
        ("Søndag d. 14. August, 2022", "2022-08-14"),
        ("Rabu, 6 Maret 2024", "2024-03-06"),
        ("9 Ekim 2021 - 10:30", "2021-10-09"),
        ("15 березня 2023", "2023-03-15"),
        ("06. 11. 2020. u 08:15", "2020-11-06"),
    ],
)
def test_local_calendars_and_forms(text, iso):
    assert parse_date(text) == iso


@pytest.mark.parametrize("text", ["令和5年4月", "民國112年", "1402/13/01", "3 มกราคม", "1399/12/31"])
def test_era_dates_never_guessed(text):
    assert parse_date(text) is None


@pytest.mark.parametrize("text, iso", [
    ("14 października 2023", "2023-10-14"),
    ("3. listopadu 2022, 10:15", "2022-11-03"),
    ("9. marca 2023", "2023-03-09"),
    ("13. veljače 2020.", "2020-02-13"),
    ("5 Μαΐου 2021", "2021-05-05"),
    ("12 martie 2024", "2024-03-12"),
    ("12 de març de 2024", "2024-03-12"),
    ("1 Pebrero 2023", "2023-02-01"),
    ("4 בנובמבר 2022", "2022-11-04"),
    ("5 ต.ค. 2566", "2023-10-05"),
])
def test_month_names_of_more_languages(text, iso):
    assert parse_date(text) == iso


@pytest.mark.parametrize("text", ["2023/05/01-2023/05/07", "3 - 9 March 2024", "2024年3月1日至2024年3月7日"])
def test_a_span_of_days_is_no_date(text):
    assert is_range(text) and parse_date(text) is None


@pytest.mark.parametrize("text", ["14.03.2024 - 10:20", "Published 2024-01-01 | Updated 2024-01-03",
                                  "12 March 2024, 18-20 Uhr"])
def test_a_date_with_a_time_or_a_second_field_is_no_span(text):
    assert not is_range(text) and parse_date(text) is not None


@pytest.mark.parametrize("lead, month, iso", [
    ("(3 ก.พ. 67) ท่าเรือประกาศตารางเดินเรือใหม่", None, "2024-02-03"),      # Buddhist era, short year
    ("เมื่อวาน (11 ม.ค. 2567) และวันนี้ (12 ม.ค. 2567) ท่าเรือประกาศ", None, "2024-01-12"),  # "today (...)"
    ("Der Hafen meldet heute (12.03.2024) neue Fahrpläne.", None, "2024-03-12"),
    ("HAMBURG, 12. März 2024 (NDW) - Der Hafen", None, "2024-03-12"),
    ("Gdańsk, 14. maja - Port ogłosił nowy rozkład", "2024-05", "2024-05-14"),  # the year from the stamp
    ("Gdańsk, 14. maja - Port ogłosił nowy rozkład", "2024-06", None),          # the stamp's month differs
    ("Gdańsk, 14. maja - Port ogłosił nowy rozkład", None, None),
    ("The harbour board, 54 members strong, said - well", None, None),
])
def test_the_date_a_lead_opens_with(lead, month, iso):
    assert lead_date(lead, True, month) == iso
