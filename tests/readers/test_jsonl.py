import gzip
import json

import zstandard

from pipeline.document import Author, Document, Reject
from pipeline.readers import read_file
from pipeline.readers.options import ReaderOptions
from tests.readers.samples import BRIDGE_RU, NIGHT_MARKET, RIVER_MARKET_ZH, article_record, jsonl


def read(path, **options):
    return list(read_file(path, path.name, options=ReaderOptions.from_recipe(options)))


def test_fields_are_mapped_and_the_rest_kept_in_meta(tmp_path):
    path = tmp_path / "dump.jsonl"
    record = article_record(NIGHT_MARKET, id="bc-2024-0602-17", section="City", tags=["harbor", "food"])
    path.write_bytes(jsonl([record]))
    [doc] = read(path)
    assert doc.title == NIGHT_MARKET.title
    assert doc.text == "\n\n".join(NIGHT_MARKET.paragraphs)
    assert (doc.published, doc.source, doc.url) == ("2024-06-02", "Bayside Courier", record["url"])
    assert doc.authors == [Author("Maya Okafor")]
    assert doc.meta == {"source_id": "bc-2024-0602-17", "section": "City", "tags": ["harbor", "food"],
                        "title_from": "record", "source_from": "record", "published_from": "record",
                        "authors_from": "record"}
    assert (doc.format, doc.encoding, doc.source_index) == ("jsonl", "utf-8", 0)


def test_the_recipe_maps_other_key_names_and_nested_keys(tmp_path):
    path = tmp_path / "scrape.jsonl"
    path.write_bytes(jsonl([{"body": ["First paragraph.", "Second paragraph."], "headline": "A headline",
                             "info": {"published": 1717351200, "writer": "Li Wen (Coastal Institute)"},
                             "link": "https://x.example/a", "crawl": "2024-06-03T07:12:00Z"}]))
    [doc] = read(path, fields={"text": "body", "date": "info.published", "author": "info.writer",
                               "crawled": "crawl"})
    assert doc.text == "First paragraph.\n\nSecond paragraph."
    assert (doc.title, doc.url, doc.crawled) == ("A headline", "https://x.example/a", "2024-06-03T07:12:00Z")
    assert doc.published == "2024-06-02"  # epoch seconds
    assert doc.authors == [Author("Li Wen", "Coastal Institute")]
    assert doc.meta == {"info": {"published": 1717351200, "writer": "Li Wen (Coastal Institute)"},
                        "title_from": "record", "published_from": "record", "authors_from": "record"}


def test_a_title_repeated_as_the_first_line_of_text_moves_to_removed(tmp_path):
    path = tmp_path / "dump.jsonl"
    path.write_bytes(jsonl([{"title": NIGHT_MARKET.title,
                             "text": NIGHT_MARKET.title + "\n\n" + NIGHT_MARKET.paragraphs[0]}]))
    [doc] = read(path)
    assert doc.text == NIGHT_MARKET.paragraphs[0]
    assert [(r.kind, r.text) for r in doc.removed] == [("title", NIGHT_MARKET.title)]


def test_bad_lines_are_rejected_with_their_line_and_the_good_ones_around_them_kept(tmp_path):
    good = [article_record(a) for a in (NIGHT_MARKET, RIVER_MARKET_ZH, BRIDGE_RU)]
    lines = [
        json.dumps(good[0]),
        '{"title": "cut off in the middle", "text": "The council',  # malformed JSON
        json.dumps({"title": "A record without its text", "url": "https://x.example/b"}),
        "",  # a blank line is no record
        json.dumps(["a", "list"]),
        json.dumps(good[1], ensure_ascii=False),
        json.dumps({"text": 42}),
        json.dumps({"text": "   "}),
        json.dumps(good[2], ensure_ascii=False),
    ]
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    records = read(path)
    docs = [r for r in records if isinstance(r, Document)]
    rejects = [r for r in records if isinstance(r, Reject)]
    assert [d.title for d in docs] == [NIGHT_MARKET.title, RIVER_MARKET_ZH.title, BRIDGE_RU.title]
    assert [d.source_index for d in docs] == [0, 5, 8]
    assert [(r.reason, r.position, r.source_index) for r in rejects] == [
        ("bad_json", "line 2", 1), ("missing_text", "line 3", 2), ("bad_record", "line 5", 4),
        ("bad_field", "line 7", 6), ("empty", "line 8", 7)]
    assert all(r.source_path == "mixed.jsonl" and r.message for r in rejects)


def test_an_oversized_line_is_skipped_not_loaded(tmp_path):
    path = tmp_path / "big.jsonl"
    path.write_bytes(jsonl([article_record(NIGHT_MARKET), {"text": "word " * 50_000},
                            article_record(BRIDGE_RU)]))
    records = read(path, max_doc_bytes=20_000)
    assert [type(r).__name__ for r in records] == ["Document", "Reject", "Document"]
    assert (records[1].reason, records[1].position) == ("too_large", "line 2")
    assert records[2].title == BRIDGE_RU.title and records[2].source_index == 2


def test_a_truncated_gzip_keeps_every_line_before_the_cut(tmp_path):
    records = [article_record(NIGHT_MARKET, n=i) for i in range(400)]
    packed = gzip.compress(jsonl(records))
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(packed[: len(packed) * 3 // 4])
    out = read(path)
    docs, tail = out[:-1], out[-1]
    assert docs and all(isinstance(d, Document) for d in docs)
    assert [d.meta["n"] for d in docs] == list(range(len(docs)))
    assert isinstance(tail, Reject) and tail.reason == "truncated"
    assert tail.source_index == len(docs) and tail.position == f"line {len(docs) + 1}"


def test_zstd_compressed_lines(tmp_path):
    path = tmp_path / "dump.jsonl.zst"
    path.write_bytes(zstandard.ZstdCompressor().compress(jsonl([article_record(a) for a in (NIGHT_MARKET, BRIDGE_RU)])))
    assert [d.title for d in read(path)] == [NIGHT_MARKET.title, BRIDGE_RU.title]


def test_lines_in_a_legacy_encoding(tmp_path):
    path = tmp_path / "ru.jsonl"
    path.write_bytes(json.dumps(article_record(BRIDGE_RU), ensure_ascii=False).encode("cp1251") + b"\n")
    [doc] = read(path)
    assert doc.text == "\n\n".join(BRIDGE_RU.paragraphs) and doc.encoding == "cp1251"


def test_an_unreadable_date_is_flagged_and_kept_in_meta(tmp_path):
    path = tmp_path / "d.jsonl"
    path.write_bytes(jsonl([{"text": "Body of the article.", "date": "sometime last spring"}]))
    [doc] = read(path)
    assert doc.published is None and "date_unparsed" in doc.quality_flags
    assert doc.meta == {"date": "sometime last spring"}


def test_empty_and_binary_files_are_one_reject_each(tmp_path):
    (tmp_path / "empty.jsonl").write_bytes(b"\n\n")
    (tmp_path / "blob.jsonl").write_bytes(b"\x00\x01\x02\n" * 1000)
    [empty] = read(tmp_path / "empty.jsonl")
    [blob] = read(tmp_path / "blob.jsonl")
    assert (empty.reason, blob.reason) == ("empty", "binary")


def test_a_line_cut_inside_a_string_says_where_the_string_starts(tmp_path):
    path = tmp_path / "cut.jsonl"
    path.write_text('{"text": "Die Brücke wird im Mai eröffnet, sagte\n', encoding="utf-8")
    [reject] = read(path)
    assert (reject.reason, reject.position) == ("bad_json", "line 1")
    assert reject.message == "not valid JSON: Unterminated string starting at column 10"


def test_record_fields_are_normalised_like_the_text_path_and_junk_left_out(tmp_path):
    path = tmp_path / "dump.jsonl"
    path.write_bytes(jsonl([{
        "text": "\n\n".join(NIGHT_MARKET.paragraphs), "title": NIGHT_MARKET.title,
        "publisher": "Bayside Courier | News from the harbor", "published": "2024-06-02T18:00:00+00:00",
        "authors": ["MAYA OKAFOR", "admin", "https://social.example/maya", "Bayside Courier"],
        "url": "https://courier.example/news/night-market"}]))
    [doc] = read(path)
    assert (doc.source, doc.published) == ("Bayside Courier", "2024-06-02")
    assert doc.authors == [Author("Maya Okafor")]
    assert doc.meta["dropped_values"] == {"authors": ["admin", "https://social.example/maya", "Bayside Courier"]}
    assert doc.meta["authors_from"] == doc.meta["source_from"] == "record"


def test_a_date_after_the_crawl_is_dropped_flagged_and_kept_in_meta(tmp_path):
    path = tmp_path / "dump.jsonl"
    path.write_bytes(jsonl([{"text": "Body of the article.", "date": "2031-03-01", "crawled": "2024-06-03T07:12:00Z",
                             "author": "Staff"}]))
    [doc] = read(path)
    assert doc.published is None and doc.authors == [] and "date_in_future" in doc.quality_flags
    assert doc.meta == {"date": "2031-03-01", "author": "Staff"}  # unused: under their own keys
