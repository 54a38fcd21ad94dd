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
