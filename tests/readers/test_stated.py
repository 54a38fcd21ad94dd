"""What a page's markup or a record states, normalised: author fields as real sites fill them, site
names with taglines, dates that cannot be publication dates. All names and outlets are invented."""

from pipeline.document import Author, Document
from pipeline.readers.stated import FUTURE_FLAG, UNPARSED_FLAG, stated, stated_authors, stated_date, stated_source


def names(value, source=None, url=None):
    authors, dropped, desk = stated_authors(value, source, url)
    return [a.name for a in authors], dropped, desk


def test_people_are_kept_and_split_from_what_markup_runs_into_them():
    assert names("Marta Ilves; Kofi Mensah") == (["Marta Ilves", "Kofi Mensah"], [], None)
    assert names("Analysis by Marta Ilves")[0] == ["Marta Ilves"]
    assert names("Текст Анна Берестова")[0] == ["Анна Берестова"]
    assert names("Kofi Mensah is a reporter covering the port")[0] == ["Kofi Mensah"]
    assert names("Kofi Mensah News reporter")[0] == ["Kofi Mensah"]
    assert names("Kofi Mensah Coastal International")[0] == ["Kofi Mensah"]
    assert names("Lotte Vermeer Monday; November")[0] == ["Lotte Vermeer"]
    assert names("Teodora May")[0] == ["Teodora May"]  # a month that is also a name stays
    assert names("PETRA NOVAKOVA; ANDRES SOLIS Associated Press")[0] == ["Petra Novakova", "Andres Solis"]
    assert names([{"name": "Li Wen", "affiliation": "Coastal Institute"}]) == (["Li Wen"], [], None)
    assert names("Jana Dvořák, staff writer")[0] == ["Jana Dvořák"]


def test_desks_wires_roles_and_the_outlet_itself_are_no_authors():
    assert names("Reuters") == ([], ["Reuters"], "Reuters")
    assert names("Bayside Courier Staff") == ([], ["Bayside Courier Staff"], "Bayside Courier")
    for junk in ("admin", "Siteadmin", "Staff", "Staff Reports", "Editorial", "Newsroom", "https://social.example/jdoe",
                 "@harborwriter", "The Harbor Team", "Valley Advance Media", "Harbor Sport", "Valley Post News Weekly", "AP Auto Writer",
                 "Senior Political Writer", "MS", "coastal defense ministries"):
        authors, dropped, _ = names(junk)
        assert authors == [] and dropped == [junk], junk
    assert names("Maya Okafor; Bayside Courier", source="Bayside Courier")[0] == ["Maya Okafor"]
    assert names("Maya Okafor; Harbor Ledger com", url="https://www.harborledger.com/a")[0] == ["Maya Okafor"]
    assert names("Maya Okafor", url="http://[harbor/a")[0] == ["Maya Okafor"]  # a url no parser reads


def test_site_names_lose_their_tagline_and_urls_are_no_names():
    assert stated_source("Harbor Ledger | News from the coast | Sport") == "Harbor Ledger"
    assert stated_source("Radio Valle - La voz del valle") == "Radio Valle"
    assert stated_source("Harbor Ledger Newsroom") == "Harbor Ledger"
    assert stated_source("https://www.harborledger.example") is None
    assert stated_source("Home") is None
    assert stated_source("Harbor-Ledger.com") == "Harbor-Ledger.com"


def test_dates_are_iso_and_impossible_ones_stay_null_with_a_flag():
    assert stated_date("2024-06-02T18:00:00+02:00") == ("2024-06-02", None)
    assert stated_date("2 June 2024") == ("2024-06-02", None)
    assert stated_date(1717351200) == ("2024-06-02", None)  # epoch seconds
    assert stated_date(1717351200000) == ("2024-06-02", None)  # epoch milliseconds
    assert stated_date(0) == (None, UNPARSED_FLAG)  # a default, not a date
    assert stated_date("soon") == (None, UNPARSED_FLAG)
    assert stated_date("2031-01-05", crawled="2024-06-03T07:12:00Z") == (None, FUTURE_FLAG)
    assert stated_date("2024-06-04", crawled="2024-06-03T07:12:00Z") == ("2024-06-04", None)  # time zones
    assert stated_date("2031-01-05") == ("2031-01-05", None)  # no crawl time: the build never asks the clock


def test_values_fill_only_empty_fields_and_say_where_they_come_from():
    values = stated("Ferry returns - Harbor Ledger | News from the coast", "Harbor Ledger | News from the coast",
                    "2024-06-02", "admin; Maya Okafor")
    assert (values.title, values.source, values.published) == ("Ferry returns", "Harbor Ledger", "2024-06-02")
    doc = Document(text="Body.", source_path="p", source_index=0, published="2024-01-01")
    values.apply(doc, "markup")
    assert doc.published == "2024-01-01" and "published_from" not in doc.meta
    assert doc.authors == [Author("Maya Okafor")]
    assert doc.meta == {"title_from": "markup", "source_from": "markup", "authors_from": "markup",
                        "dropped_values": {"authors": ["admin"]}}


def test_a_title_that_is_only_the_site_name_is_dropped():
    values = stated("Harbor Ledger", "Harbor Ledger")
    assert values.title is None and values.dropped == {"title": "Harbor Ledger"}


def test_a_bad_date_is_flagged_and_kept_among_the_dropped_values():
    doc = Document(text="Body.", source_path="p", source_index=0)
    stated(date_value="2099-02-30").apply(doc, "record")
    assert doc.published is None and doc.quality_flags == [UNPARSED_FLAG]
    assert doc.meta == {"dropped_values": {"published": "2099-02-30"}}
