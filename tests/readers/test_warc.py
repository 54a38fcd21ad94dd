import gzip
import io
import resource
import zlib

import pytest
import zstandard
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from pipeline.document import Document, Reject
from pipeline.readers import read_file
from pipeline.readers.options import ReaderOptions
from tests.readers.samples import (
    BRIDGE_RU,
    NIGHT_MARKET,
    NO_ARTICLE_HTML,
    WarcRecord,
    arc_bytes,
    as_html,
    warc_bytes,
)

URL = "https://courier.example/news/night-market"
PAGE = as_html(NIGHT_MARKET).encode()

# A crawl as a crawler writes it: requests and metadata beside the responses, and responses that are no articles.
CRAWL = [
    WarcRecord("request", URL),
    WarcRecord("response", URL, PAGE),
    WarcRecord("metadata", URL, b"fetchTimeMs: 212\r\n"),
    WarcRecord("response", "https://courier.example/logo.png", b"\x89PNG\r\n\x1a\n\x00\x00", "image/png"),
    WarcRecord("response", "https://courier.example/feed.xml", b"<?xml version='1.0'?><rss/>", "application/rss+xml"),
    WarcRecord("response", "https://courier.example/old", b"<html>Moved</html>", status="301 Moved Permanently"),
    WarcRecord("response", "https://courier.example/sections", NO_ARTICLE_HTML.encode()),
    WarcRecord("response", "https://vestnik.example/most",
               as_html(BRIDGE_RU, charset="windows-1251").encode("cp1251"), "text/html; charset=windows-1251"),
]


def read(path, options=None):
    return list(read_file(path, path.name, options=options))


def test_html_responses_become_documents_and_other_records_rejects_or_nothing(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(warc_bytes(CRAWL))
    records = read(path)
    docs = [r for r in records if isinstance(r, Document)]
    rejects = [r for r in records if isinstance(r, Reject)]
    # warcinfo (0), request (1) and metadata (3) records carry no article: they are no records at all.
    assert [d.source_index for d in docs] == [2, 8]
    assert [(r.source_index, r.reason) for r in rejects] == [
        (4, "not_html"), (5, "not_html"), (6, "http_status"), (7, "no_article")]
    png = rejects[0]
    assert "image/png" in png.message and png.position.endswith("<urn:uuid:00000000-0000-4000-8000-000000000003>")
    assert png.position.startswith("offset ")

    market, bridge = docs
    assert (market.url, market.crawled, market.published) == (URL, "2024-06-03T07:12:00Z", NIGHT_MARKET.date)
    assert market.title == NIGHT_MARKET.title and market.text == "\n\n".join(NIGHT_MARKET.paragraphs)
    assert (market.format, market.encoding) == ("warc", "utf-8")
    assert (bridge.encoding, bridge.title) == ("cp1251", BRIDGE_RU.title)


def test_the_crawl_date_is_the_fallback_date(tmp_path):
    undated = b"\n".join(line for line in PAGE.split(b"\n") if b"2024-06-02" not in line)
    path = tmp_path / "undated.warc"
    path.write_bytes(warc_bytes([WarcRecord("response", URL, undated, date="2024-07-01T05:00:00Z")], gzip=False))
    [doc] = read(path)
    assert doc.published == "2024-07-01" and doc.meta["published_from"] == "warc_date"


def test_a_truncated_warc_gz_keeps_the_records_before_the_cut(tmp_path):
    data = warc_bytes([WarcRecord("response", f"{URL}/{i}", PAGE) for i in range(4)])
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(data[:-700])  # inside the last record's gzip member
    records = read(path)
    assert [type(r).__name__ for r in records] == ["Document"] * 3 + ["Reject"]
    assert records[-1].reason == "truncated" and records[-1].source_index == 4


def test_an_uncompressed_warc_cut_inside_a_record(tmp_path):
    data = warc_bytes([WarcRecord("response", f"{URL}/{i}", PAGE) for i in range(2)], gzip=False)
    path = tmp_path / "cut.warc"
    path.write_bytes(data[:-900])
    records = read(path)
    assert isinstance(records[0], Document)
    assert (records[-1].reason, records[-1].source_index) == ("truncated", 2)
    assert "bytes are missing" in records[-1].message


def test_garbage_where_a_record_should_start_ends_the_file_with_a_reject(tmp_path):
    data = warc_bytes([WarcRecord("response", URL, PAGE)], gzip=False)
    path = tmp_path / "tail.warc"
    path.write_bytes(data + b"this is not a WARC header\r\n\r\n" * 3)
    records = read(path)
    assert isinstance(records[0], Document)
    assert records[-1].reason == "corrupt_warc" and records[-1].source_index == 2


def test_a_record_over_the_size_cap(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(warc_bytes([WarcRecord("response", URL, PAGE + b"<!--" + b"x" * 50_000 + b"-->"),
                                 WarcRecord("response", URL + "/2", PAGE)]))
    rejected, kept = read(path, ReaderOptions(max_doc_bytes=20_000))
    assert (rejected.reason, rejected.source_index) == ("too_large", 1)
    assert isinstance(kept, Document) and kept.source_index == 2


def test_an_arc_file_gzipped_whole_and_a_zstd_warc(tmp_path):
    arc, zst = tmp_path / "old.arc.gz", tmp_path / "crawl.warc.zst"
    arc.write_bytes(gzip.compress(arc_bytes(URL, PAGE) + arc_bytes(URL + "/2", PAGE).split(b"\n", 4)[4]))
    zst.write_bytes(zstandard.ZstdCompressor().compress(warc_bytes([WarcRecord("response", URL, PAGE)], gzip=False)))
    [from_arc, second] = read(arc)
    [from_zst] = read(zst)
    assert (from_arc.source_index, second.source_index, second.url) == (1, 2, URL + "/2")
    assert from_arc.format == "arc" and from_zst.format == "warc"
    assert from_arc.crawled == "2024-06-03T07:12:00Z"
    assert from_arc.text == from_zst.text == "\n\n".join(NIGHT_MARKET.paragraphs)


def test_an_empty_warc_is_one_reject(tmp_path):
    path = tmp_path / "empty.warc.gz"
    path.write_bytes(gzip.compress(b""))
    [r] = read(path)
    assert r.reason == "empty"


def _bomb_member(parts: list[bytes], repeat: int) -> bytes:
    """One gzip member: the head, then the last part `repeat` times (a few hundred KB for hundreds of MB)."""
    c = zlib.compressobj(9, zlib.DEFLATED, 31)
    out = [c.compress(p) for p in parts[:-1]] + [c.compress(parts[-1]) for _ in range(repeat)]
    return b"".join(out) + c.flush()


@pytest.mark.parametrize("head", [
    b"",  # nothing but zeros where a record should start
    b"WARC/1.0\r\nWARC-Type: response\r\nX-Junk: ",  # a WARC header line that never ends
    b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://courier.example/x\r\n"
    b"Content-Type: application/http; msgtype=response\r\n"
    b"Content-Length: 200000000\r\n\r\nHTTP/1.1 200 OK\r\nX-Junk: ",  # an HTTP header line that never ends
])
def test_a_gzip_bomb_in_a_warc_header_is_a_reject_in_bounded_memory(tmp_path, head):
    path = tmp_path / "bomb.warc.gz"
    path.write_bytes(warc_bytes([WarcRecord("response", URL, PAGE)]) + _bomb_member([head, b"0" * 2**20], 64))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    records = read(path)
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert [type(r).__name__ for r in records] == ["Document", "Reject"]
    assert records[1].reason == "corrupt_warc" and "longer than" in records[1].message
    assert len(records[1].message) < 300
    assert grown_mb < 40  # 64 MB of one line, never held whole


def _three_pages() -> list[bytes]:
    """Three response records of an uncompressed WARC, as separate byte strings (the warcinfo record first)."""
    pages = [PAGE.replace(b"first night market", b"night market number %d" % i) for i in range(3)]
    raw = warc_bytes([WarcRecord("response", f"{URL}/{i}", p) for i, p in enumerate(pages)], gzip=False)
    return [b"WARC/1.0\r\n" + part for part in raw.split(b"WARC/1.0\r\n")[1:]]


@pytest.mark.parametrize("compressed", [False, True])
@pytest.mark.parametrize("change", ["shorter", "longer"])
def test_a_record_whose_content_length_is_wrong_is_rejected_and_the_next_one_read(tmp_path, change, compressed):
    records = _three_pages()
    middle = records[2]
    cut = middle.index(b"<p>", len(middle) // 2)
    records[2] = middle[:cut] + middle[cut + 300:] if change == "shorter" else \
        middle[:cut] + b"<p>" + b"More words nobody declared. " * 20 + b"</p>" + middle[cut:]
    path = tmp_path / ("crawl.warc.gz" if compressed else "crawl.warc")
    path.write_bytes(b"".join(gzip.compress(r) for r in records) if compressed else b"".join(records))
    out = read(path)
    assert [(type(r).__name__, r.source_index) for r in out] == [("Document", 1), ("Reject", 2), ("Document", 3)]
    assert out[1].reason in ("bad_length", "truncated")
    assert "number 2" in out[2].text and "number 0" in out[0].text


def test_warcio_warnings_stay_off_stderr(tmp_path, capfd):
    records = _three_pages()
    records[2] = records[2][:-800] + records[2][-500:]
    path = tmp_path / "crawl.warc"
    path.write_bytes(b"".join(records))
    assert [r.reason for r in read(path) if isinstance(r, Reject)] == ["bad_length"]
    assert "WARNING" not in capfd.readouterr().err


def _response(page: bytes, http_headers: list[tuple[str, str]], warc_headers: dict[str, str]) -> bytes:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8"), *http_headers],
                            protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(URL, "response", payload=io.BytesIO(page), http_headers=http,
                                                  warc_headers_dict={"WARC-Date": "2024-06-03T07:12:00Z",
                                                                     **warc_headers}))
    return buf.getvalue()


@pytest.mark.parametrize("http_headers, warc_headers, flagged", [
    ([("Content-Length", str(len(PAGE) + 4000))], {}, True),  # the crawler stored less than the server sent
    ([], {"WARC-Truncated": "length"}, True),  # the crawler says it cut the payload
    ([("Content-Length", str(len(PAGE)))], {}, False),
])
def test_a_payload_cut_before_it_was_stored_is_a_flagged_row(tmp_path, http_headers, warc_headers, flagged):
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(_response(PAGE, http_headers, warc_headers))
    [doc] = read(path)
    assert isinstance(doc, Document) and doc.title == NIGHT_MARKET.title
    assert ("payload_truncated" in doc.quality_flags) == flagged
    assert ("payload_truncated" in doc.meta) == flagged


def test_a_markup_date_after_the_crawl_is_dropped_and_flagged(tmp_path):
    # a date before today (htmldate drops later ones itself) but months after the page was fetched
    later = PAGE.replace(b"2024-06-02", b"2025-03-02")
    path = tmp_path / "later.warc"
    path.write_bytes(warc_bytes([WarcRecord("response", URL, later, date="2024-07-01T05:00:00Z")], gzip=False))
    [doc] = read(path)
    assert "date_in_future" in doc.quality_flags
    assert doc.published == "2024-07-01" and doc.meta["published_from"] == "warc_date"
