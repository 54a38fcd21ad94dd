from pipeline.readers.opengraph import first_wins, og_values

HEAD = """<html><head>
<meta property="og:title" content="Ferry returns to its summer timetable">
<meta property="og:site_name" content="Harbor Ledger">
<meta content="Harbor Ledger &amp; Friends" property="og:site_name">
<meta property='og:title' content='Harbor Ledger - Front page'>
<meta property="article:published_time" content="2024-06-02T08:00:00Z">
<meta property="article:published_time" content="2021-01-01T00:00:00Z">
</head><body><meta property="og:site_name" content="Harbor Ledger Shop"></body></html>"""


def test_tags_are_read_in_page_order_also_after_a_head_closed_early():
    assert og_values(HEAD) == {
        "og:title": ["Ferry returns to its summer timetable", "Harbor Ledger - Front page"],
        "og:site_name": ["Harbor Ledger", "Harbor Ledger & Friends", "Harbor Ledger Shop"],
    }
    found = {"title": "A"}
    assert first_wins(found, '<head><meta property="og:title" content="A"><meta property="og:title" content="A">') == []


def test_the_first_tag_replaces_a_later_one_trafilatura_took():
    found = {"title": "Harbor Ledger - Front page", "sitename": "Harbor Ledger & Friends", "date": "2021-01-01"}
    assert first_wins(found, HEAD) == ["og:site_name", "og:title"]
    # dates are htmldate's to weigh: it turns down one later than today, which must not come back here
    assert found == {"title": "Ferry returns to its summer timetable", "sitename": "Harbor Ledger",
                     "date": "2021-01-01"}


def test_a_value_from_elsewhere_in_the_markup_is_left_alone_and_a_missing_one_filled():
    found = {"title": "Ferry returns (from the h1)", "sitename": None, "date": "2024-06-02"}
    first_wins(found, HEAD)
    assert found == {"title": "Ferry returns (from the h1)", "sitename": "Harbor Ledger", "date": "2024-06-02"}
