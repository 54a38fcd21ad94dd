"""Markup and record values win over the text's; the text fills what they leave empty. Invented articles."""

from pipeline.document import Author, Document
from pipeline.stages.headers import HeadersStage

BODY = ("Die Fähre zwischen den beiden Inseln fährt ab Montag wieder nach dem Sommerfahrplan, teilte die "
        "Reederei am Freitag mit. Die Abfahrten am Morgen werden um eine halbe Stunde vorverlegt.\n\n"
        "Pendler hatten sich seit Monaten über die späten Verbindungen beschwert. Nach Angaben der Reederei "
        "nutzen an Werktagen rund achthundert Menschen die erste Fähre des Tages.")
TEXT = f"Fähre fährt wieder früher\n\nInselbote | 12.05.2023\nVon Lena Vogt\n\n{BODY}"


def doc(**fields):
    meta = fields.pop("meta", {})
    return Document(text=TEXT, source_path="page.html", source_index=0, meta=dict(meta), **fields)


def test_the_text_fills_every_field_the_markup_left_empty_and_says_so():
    out = HeadersStage()(doc())
    assert (out.title, out.source, out.published) == ("Fähre fährt wieder früher", "Inselbote", "2023-05-12")
    assert out.authors == [Author("Lena Vogt")]
    assert {k: v for k, v in out.meta.items() if k.endswith("_from")} == {
        "title_from": "text", "source_from": "text", "published_from": "text", "authors_from": "text"}


def test_stated_values_are_never_replaced_by_what_the_text_says():
    stated = {"title_from": "markup", "source_from": "markup", "published_from": "markup", "authors_from": "markup"}
    out = HeadersStage()(doc(title="Fähre fährt ab Montag früher", source="Inselbote Online", published="2023-05-11",
                             authors=[Author("Jonas Brandt")], meta=stated))
    assert (out.title, out.source, out.published) == ("Fähre fährt ab Montag früher", "Inselbote Online", "2023-05-11")
    assert out.authors == [Author("Jonas Brandt")]
    assert {k: v for k, v in out.meta.items() if k.endswith("_from")} == stated
    assert "Von Lena Vogt" not in out.text  # the header lines are still read out of the body


def test_a_crawl_date_gives_way_to_the_date_the_article_states():
    out = HeadersStage()(doc(published="2023-06-30", meta={"published_from": "warc_date"}))
    assert out.published == "2023-05-12" and out.meta["published_from"] == "text"
    undated = Document(text=f"Fähre fährt wieder früher\n\nVon Lena Vogt\n\n{BODY}", source_path="p", source_index=0,
                       published="2023-06-30", meta={"published_from": "warc_date"})
    out = HeadersStage()(undated)
    assert out.published == "2023-06-30" and out.meta["published_from"] == "warc_date"


def test_a_stated_title_may_lose_the_outlet_name_the_stage_cuts_off_every_title():
    out = HeadersStage()(doc(title="Fähre fährt wieder früher | Inselbote", source="Inselbote",
                             meta={"title_from": "markup", "source_from": "markup"}))
    assert out.title == "Fähre fährt wieder früher" and out.meta["title_from"] == "markup"
