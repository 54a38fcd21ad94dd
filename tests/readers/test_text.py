import bz2
import gzip

from pipeline.document import Document, Reject
from pipeline.readers import read_file
from pipeline.readers.options import ReaderOptions
from pipeline.readers.streams import file_hash
from tests.readers.samples import BRIDGE_RU, NIGHT_MARKET, RIVER_MARKET_ZH, as_text


def read_one(path, options=None):
    records = list(read_file(path, path.name, options=options))
    assert len(records) == 1
    return records[0]


def test_plain_text_with_provenance(tmp_path):
    path = tmp_path / "market.txt"
    path.write_text(as_text(NIGHT_MARKET), encoding="utf-8")
    doc = read_one(path)
    assert isinstance(doc, Document)
    assert doc.text == as_text(NIGHT_MARKET)
    assert (doc.source_path, doc.source_index, doc.format, doc.encoding) == ("market.txt", 0, "text", "utf-8")
    assert doc.source_hash == file_hash(path)


def test_legacy_encodings_are_decoded_and_recorded(tmp_path):
    zh, ru = tmp_path / "zh.txt", tmp_path / "ru.txt.bz2"
    zh.write_bytes(as_text(RIVER_MARKET_ZH).encode("gb18030"))
    ru.write_bytes(bz2.compress(as_text(BRIDGE_RU).encode("cp1251")))
    assert (read_one(zh).text, read_one(zh).encoding) == (as_text(RIVER_MARKET_ZH), "gb18030")
    assert (read_one(ru).text, read_one(ru).encoding) == (as_text(BRIDGE_RU), "cp1251")


def test_empty_and_blank_files_are_rejected(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b"\n \n\t\n")
    for name in ("empty.txt", "blank.txt"):
        r = read_one(tmp_path / name)
        assert isinstance(r, Reject) and r.reason == "empty" and r.source_path == name


def test_a_binary_file_is_rejected_with_where_it_shows(tmp_path):
    path = tmp_path / "photo.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)) * 4)
    r = read_one(path)
    assert isinstance(r, Reject) and r.reason == "binary"
    assert r.position == "byte 0"  # the PNG signature tells


def test_invalid_bytes_are_rejected_or_replaced_as_the_recipe_says(tmp_path):
    text = as_text(RIVER_MARKET_ZH)
    path = tmp_path / "broken.txt"
    path.write_bytes(text[:50].encode() + b"\xff\xc0" + text[50:].encode())
    r = read_one(path)
    assert isinstance(r, Reject) and r.reason == "decode_error"
    assert r.position == f"byte {len(text[:50].encode())}"
    kept = read_one(path, ReaderOptions(invalid_bytes="replace"))
    assert kept.text == text[:50] + "\ufffd\ufffd" + text[50:]
    assert kept.quality_flags == ["invalid_bytes_replaced"]


def test_an_enormous_file_is_rejected_before_it_is_decoded(tmp_path):
    path = tmp_path / "huge.txt.gz"
    path.write_bytes(gzip.compress(as_text(NIGHT_MARKET).encode() * 200))
    r = read_one(path, ReaderOptions(max_doc_bytes=100_000))
    assert isinstance(r, Reject) and r.reason == "too_large"
    assert "max_doc_bytes = 100000" in r.message
    assert isinstance(read_one(path, ReaderOptions(max_doc_bytes=1_000_000)), Document)


def test_a_truncated_gzip_is_rejected(tmp_path):
    packed = gzip.compress(as_text(NIGHT_MARKET).encode())
    path = tmp_path / "cut.txt.gz"
    path.write_bytes(packed[: len(packed) // 2])
    r = read_one(path)
    assert isinstance(r, Reject) and r.reason == "truncated"
