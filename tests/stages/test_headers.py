import pytest

from pipeline.document import Author
from pipeline.stages.headers import HeadersStage, parse_authors
from tests.conftest import doc

SEED_LIKE = """Mayor s plan for the harbour will change the city! Four reasons why

Harbor Ledger Updated on 2024-03-14

Author: Li Wen (Senior Fellow of the Coastal Studies Institute).

-- A look at the plan and what it meansLast week, the council voted.

Second paragraph.
"""


def test_seed_shaped_header_block():
    d = HeadersStage()(doc(SEED_LIKE))
    assert d.title == "Mayor s plan for the harbour will change the city! Four reasons why"
    assert d.source == "Harbor Ledger"
    assert d.updated == "2024-03-14"
    assert d.published == "2024-03-14"  # the only date the article states
    assert d.authors == [Author("Li Wen", "Senior Fellow of the Coastal Studies Institute")]
    assert d.text.startswith("-- A look at the plan")
    assert [r.kind for r in d.removed] == ["title", "dateline", "byline"]


def test_published_and_updated_on_one_line():
    d = HeadersStage()(doc("Title\n\nNordwind Kurier Veröffentlicht am 14.03.2024 Aktualisiert am 15. März 2024\n\nBody."))
    assert (d.source, d.published, d.updated) == ("Nordwind Kurier", "2024-03-14", "2024-03-15")


@pytest.mark.parametrize(
    "line, source, date",
    [
        ("东方晨报 发布时间：2024年3月14日", "东方晨报", "2024-03-14"),
        ("Газета Севера Обновлено 14 марта 2024", "Газета Севера", "2024-03-14"),
        ("Diario del Sur Actualizado el 14 de marzo de 2024", "Diario del Sur", "2024-03-14"),
        ("Le Courrier Atlantique Publié le 14/03/2024", "Le Courrier Atlantique", "2024-03-14"),
        ("صحيفة الساحل نشر في 2024-03-14", "صحيفة الساحل", "2024-03-14"),
    ],
)
def test_datelines_in_several_languages(line, source, date):
    d = HeadersStage()(doc(f"A title\n\n{line}\n\nBody text here."))
    assert (d.source, d.published) == (source, date)
    assert d.text == "Body text here."


def test_unparseable_date_stays_null_and_is_flagged():
    d = HeadersStage()(doc("Title\n\nHarbor Ledger Updated on 45/13/2024\n\nBody."))
    assert d.published is None and d.updated is None
    assert "date_unparsed" in d.quality_flags


def test_body_sentence_is_not_a_header():
    text = "The minister said the report was Published on Monday after long talks with unions and employers.\n\nMore."
    d = HeadersStage()(doc(text))
    assert d.source is None and d.published is None and d.title is None
    assert d.text == text


def test_absent_fields_stay_null():
    d = HeadersStage()(doc("Only a title\n\nBody paragraph one.\n\nBody two."))
    assert d.title == "Only a title"
    assert (d.source, d.published, d.authors) == (None, None, [])


@pytest.mark.parametrize(
    "names, authors",
    [
        ("Alice Smith and Bob Jones", [Author("Alice Smith"), Author("Bob Jones")]),
        ("Alice Smith, Reuters", [Author("Alice Smith", "Reuters")]),
        ("张明（东方大学国际关系学院教授）", [Author("张明", "东方大学国际关系学院教授")]),
        ("Ana Gómez y Pedro Ruiz (Universidad del Sur).", [Author("Ana Gómez"), Author("Pedro Ruiz", "Universidad del Sur")]),
        ("Emma Lindqvist, Harbor Ledger Culture Desk", [Author("Emma Lindqvist", "Harbor Ledger Culture Desk")]),
    ],
)
def test_parse_authors(names, authors):
    assert parse_authors(names) == authors
