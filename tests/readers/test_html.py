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
