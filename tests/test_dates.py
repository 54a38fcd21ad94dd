from datetime import datetime

import pytest

from pipeline.dates import parse_date


@pytest.mark.parametrize(
    "text, iso",
    [
        ("2024-02-02", "2024-02-02"),
        ("02/03/2024", "2024-03-02"),
        ("2 February 2024", "2024-02-02"),
        ("2 февраля 2024", "2024-02-02"),
        ("2024年2月2日", "2024-02-02"),
        ("2. Februar 2024", "2024-02-02"),
        ("14 de marzo de 2024", "2024-03-14"),
        ("March 14, 2024", "2024-03-14"),
    ],
)
def test_common_forms(text, iso):
    assert parse_date(text) == iso


def test_month_first_hint():
    assert parse_date("02/03/2024", day_first=False) == "2024-02-03"


@pytest.mark.parametrize("text", ["3 hours ago", "yesterday", "2024-02-31", "soon", "March 2024", ""])
def test_never_guesses(text):
    assert parse_date(text) is None


def test_relative_dates_resolve_against_a_crawl_date():
    assert parse_date("3 days ago", relative_base=datetime(2024, 5, 10, 12)) == "2024-05-07"
