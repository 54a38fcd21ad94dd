import gzip
import lzma

from pipeline.document import Author, Document, Reject
from pipeline.readers import read_file
from pipeline.readers.options import ReaderOptions
from tests.readers.samples import BRIDGE_RU, NIGHT_MARKET, NO_ARTICLE_HTML, as_html, huge_html


def read(path, options=None):
    return list(read_file(path, path.name, options=options))


def test_main_text_and_metadata_by_trafilatura(tmp_path):
    path = tmp_path / "market.html"
    path.write_text(as_html(NIGHT_MARKET), encoding="utf-8")
    [doc] = read(path)
    assert isinstance(doc, Document)
    assert doc.title == NIGHT_MARKET.title
    assert (doc.published, doc.source) == (NIGHT_MARKET.date, NIGHT_MARKET.outlet)
    assert doc.authors == [Author("Maya Okafor")]
    assert doc.url == "https://courier.example/news/night-market"  # the page's canonical url
    # Navigation, byline, related links and footer are not the article; the repeated title is in `removed`.
    assert doc.text == "\n\n".join(NIGHT_MARKET.paragraphs)
    assert [r.kind for r in doc.removed] == ["title"]
    assert (doc.format, doc.encoding, doc.meta["hostname"]) == ("html", "utf-8", "courier.example")


def test_a_page_in_its_declared_legacy_charset_compressed(tmp_path):
    path = tmp_path / "bridge.htm.xz"
    path.write_bytes(lzma.compress(as_html(BRIDGE_RU, charset="windows-1251").encode("cp1251")))
    [doc] = read(path)
    assert doc.encoding == "cp1251"
    assert doc.title == BRIDGE_RU.title and doc.text == "\n\n".join(BRIDGE_RU.paragraphs)


def test_a_page_with_no_article_is_rejected(tmp_path):
    path = tmp_path / "sections.html"
    path.write_text(NO_ARTICLE_HTML, encoding="utf-8")
    [r] = read(path)
    assert isinstance(r, Reject) and r.reason == "no_article" and r.source_path == "sections.html"


def test_a_pathological_page_is_stopped_at_the_time_limit_and_the_next_page_read(tmp_path):
    slow, fine = tmp_path / "endless.html.gz", tmp_path / "market.html"
    slow.write_bytes(gzip.compress(huge_html().encode()))
    fine.write_text(as_html(NIGHT_MARKET), encoding="utf-8")
    options = ReaderOptions(html_timeout=0.05, max_doc_bytes=50 * 2**20)
    [r] = read(slow, options)
    assert isinstance(r, Reject) and r.reason == "html_timeout"
    assert "longer than 0.05 s" in r.message
    [doc] = read(fine, ReaderOptions())
    assert doc.title == NIGHT_MARKET.title


def test_a_page_past_the_memory_ceiling_is_stopped_and_the_next_page_read(tmp_path):
    big, fine = tmp_path / "endless.html", tmp_path / "market.html"
    big.write_text(huge_html(), encoding="utf-8")
    fine.write_text(as_html(NIGHT_MARKET), encoding="utf-8")
    options = ReaderOptions(html_memory_mb=40, html_timeout=60, max_doc_bytes=50 * 2**20)
    [r] = read(big, options)
    assert isinstance(r, Reject) and r.reason == "html_memory"
    [doc] = read(fine, options)
    assert doc.title == NIGHT_MARKET.title


def test_an_empty_page_and_a_binary_file_named_html(tmp_path):
    (tmp_path / "empty.html").write_bytes(b"  \n")
    (tmp_path / "logo.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert read(tmp_path / "empty.html")[0].reason == "empty"
    assert read(tmp_path / "logo.html")[0].reason == "binary"


WRAPPED_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Configuring the mirror tool</title></head>
<body><main><article>
<h1>Configuring the mirror tool</h1>
<p>The tool reads its settings from the file given with
<code>--config</code>, and it writes a report to the folder named
by <a href="/docs/output">the output option</a> when that option is
given; otherwise the report goes to standard output.</p>
<p>Les paramètres par défaut conviennent à la plupart des
installations, mais <em>un serveur lent</em> demande un délai plus
long, fixé par <code>--timeout</code> en secondes.</p>
<p>Ein dritter Absatz ohne jede Auszeichnung, der im Quelltext
ebenfalls über mehrere Zeilen umbrochen ist und trotzdem ganz bleibt.</p>
</article></main></body></html>
"""


def test_a_paragraph_wrapped_over_source_lines_around_inline_markup_stays_one_paragraph(tmp_path):
    path = tmp_path / "manual.html"
    path.write_text(WRAPPED_PAGE, encoding="utf-8")
    [doc] = read(path)
    assert isinstance(doc, Document)
    paragraphs = doc.text.split("\n\n")
    assert len(paragraphs) == 3, paragraphs
    assert paragraphs[0].startswith("The tool reads its settings from the file given with --config, and it writes")
    assert "named by the output option when that option is given;" in paragraphs[0]
    assert paragraphs[1].endswith("long, fixé par --timeout en secondes.")
    assert all("\n" not in p and "  " not in p for p in paragraphs)


# ---- metadata as markup states it: each common form, and the bad markup real pages carry
FERRY = ("Die Fähre zwischen den beiden Inseln fährt ab Montag wieder nach dem Sommerfahrplan, teilte die Reederei am "
         "Freitag mit. Die Abfahrten am Morgen werden um eine halbe Stunde vorverlegt.",
         "Pendler hatten sich seit Monaten über die späten Verbindungen beschwert. Nach Angaben der Reederei nutzen an "
         "Werktagen rund achthundert Menschen die erste Fähre des Tages.",
         "Für Fahrräder gilt weiterhin ein eigener Tarif. Die Preise für Einzelfahrten bleiben unverändert, nur die "
         "Monatskarte wird um zwei Euro teurer.")
TITLE = "Fähre fährt wieder früher"


def ferry_page(head: str, above: str = "") -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in FERRY)
    return (f"<!DOCTYPE html><html lang='de'><head><meta charset='utf-8'><title>{TITLE}</title>{head}</head>"
            f"<body><article>{above}{paragraphs}</article></body></html>")


def read_page(tmp_path, page: str) -> Document:
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    [doc] = read(path)
    return doc


def origins(doc: Document) -> dict[str, str]:
    return {k: v for k, v in doc.meta.items() if k.endswith("_from")}


def test_json_ld_news_article_fills_every_field(tmp_path):
    doc = read_page(tmp_path, ferry_page(
        '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", '
        f'"headline": "{TITLE}", "datePublished": "2023-05-12T08:00:00+02:00", '
        '"author": [{"@type": "Person", "name": "Lena Vogt"}, {"@type": "Person", "name": "Jonas Brandt"}], '
        '"publisher": {"@type": "Organization", "name": "Inselbote"}}</script>'))
    assert (doc.title, doc.source, doc.published) == (TITLE, "Inselbote", "2023-05-12")
    assert doc.authors == [Author("Lena Vogt"), Author("Jonas Brandt")]
    assert origins(doc) == {"title_from": "markup", "source_from": "markup", "published_from": "markup",
                            "authors_from": "markup"}


def test_meta_name_tags_and_a_time_element_fill_author_and_date(tmp_path):
    doc = read_page(tmp_path, ferry_page('<meta name="author" content="Lena Vogt"><meta name="date" content="2023-05-12">'))
    assert (doc.published, doc.authors) == ("2023-05-12", [Author("Lena Vogt")])
    doc = read_page(tmp_path, ferry_page("", f'<h1>{TITLE}</h1><time datetime="2023-05-12T08:00">12. Mai</time>'))
    assert doc.published == "2023-05-12" and doc.meta["published_from"] == "markup"


def test_malformed_json_ld_costs_nothing_but_what_cannot_be_read(tmp_path):
    doc = read_page(tmp_path, ferry_page(
        '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2023-05-12", '
        '"author": {"@type": "Person", "name": "Lena Vogt"</script>'))  # cut off: no closing braces
    assert doc.text == "\n\n".join(FERRY) and doc.title == TITLE
    # trafilatura reads the date and the name out of the broken script; nothing else is made up
    assert (doc.published, doc.authors, doc.source) == ("2023-05-12", [Author("Lena Vogt")], None)


def test_conflicting_open_graph_tags_the_first_one_holds(tmp_path):
    doc = read_page(tmp_path, ferry_page(
        f'<meta property="og:title" content="{TITLE}"><meta property="og:title" content="Inselbote - Startseite">'
        '<meta property="og:site_name" content="Inselbote"><meta property="og:site_name" content="Inselbote Abo">'))
    assert (doc.title, doc.source) == (TITLE, "Inselbote")
    assert doc.meta["markup_conflicts"] == ["og:site_name", "og:title"]


def test_junk_in_author_and_site_fields_is_left_out_not_published(tmp_path):
    doc = read_page(tmp_path, ferry_page(
        '<meta name="author" content="admin"><meta property="article:author" content="https://social.example/inselbote">'
        '<meta property="og:site_name" content="https://www.inselbote.example">'))
    assert doc.authors == [] and doc.source is None
    doc = read_page(tmp_path, ferry_page('<meta name="author" content="Inselbote Staff">'))
    assert doc.authors == [] and doc.source == "Inselbote"  # a desk credit names the outlet
    assert doc.meta["dropped_values"] == {"authors": ["Inselbote Staff"]}


def test_a_date_later_than_today_is_no_publication_date(tmp_path):
    doc = read_page(tmp_path, ferry_page('<meta property="article:published_time" content="2091-05-12T08:00:00Z">'))
    assert doc.published is None
