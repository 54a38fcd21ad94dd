"""Acceptance: a folder of every input format, good and bad, through the whole build."""

from __future__ import annotations

import bz2
import gzip
import json
import lzma
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import zstandard
from typer.testing import CliRunner

from pipeline.build import build
from pipeline.cli import app
from pipeline.recipe import load_recipe
from tests.readers.samples import (
    BRIDGE_RU,
    NIGHT_MARKET,
    NO_ARTICLE_HTML,
    RIVER_MARKET_ZH,
    WarcRecord,
    article_record,
    as_html,
    as_text,
    jsonl,
)
from tests.readers.test_warc import CRAWL, PAGE, URL
from tests.readers.test_warc import warc_bytes as make_warc

RECIPE = """
[corpus]
name = "mixed"

[input]
paths = ["raw"]
max_doc_bytes = 100000
max_reject_rate = {rate}

[output]
path = "out"
task_bytes = 65536
"""


def write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def make_mixed_folder(root: Path, rate: float = 0.5) -> None:
    raw = root / "raw"
    (root / "corpus.toml").write_text(RECIPE.format(rate=rate), encoding="utf-8")
    zh, ru = as_text(RIVER_MARKET_ZH), as_text(BRIDGE_RU)
    write(raw / "text/market.txt", as_text(NIGHT_MARKET).encode())
    write(raw / "text/zh-utf8.txt", zh.encode())
    write(raw / "text/zh-gb18030.txt", zh.encode("gb18030"))
    write(raw / "text/ru-utf8.txt.bz2", bz2.compress(ru.encode()))
    write(raw / "text/ru-cp1251.txt", ru.encode("cp1251"))
    write(raw / "html/market.html", as_html(NIGHT_MARKET).encode())
    write(raw / "html/bridge.htm.xz", lzma.compress(as_html(BRIDGE_RU, charset="windows-1251").encode("cp1251")))
    write(raw / "html/sections.html", NO_ARTICLE_HTML.encode())
    write(raw / "crawl/news.warc.gz", make_warc(CRAWL))
    cut = make_warc([WarcRecord("response", f"{URL}/{i}", PAGE) for i in range(3)])
    write(raw / "crawl/cut.warc.gz", cut[:-700])
    write(raw / "dumps/articles.jsonl.zst", zstandard.ZstdCompressor().compress(
        jsonl([article_record(a, n=i) for i, a in enumerate((NIGHT_MARKET, RIVER_MARKET_ZH, BRIDGE_RU))])))
    lines = jsonl([article_record(BRIDGE_RU)]) + b'{"title": "cut off", "text": "The coun\n' + jsonl([
        {"title": "no text here", "url": "https://x.example/1"}, {"text": "word " * 30_000},
        article_record(RIVER_MARKET_ZH)])
    write(raw / "dumps/mixed.jsonl", lines)
    packed = gzip.compress(jsonl([article_record(NIGHT_MARKET, n=i) for i in range(300)]))
    write(raw / "dumps/cut.jsonl.gz", packed[: len(packed) * 3 // 4])
    broken = as_text(RIVER_MARKET_ZH).encode()
    write(raw / "bad/invalid.txt", broken[:60] + b"\xff\xfe\xc0" + broken[60:])
    write(raw / "bad/empty.txt", b"")
    write(raw / "bad/photo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    write(raw / "bad/huge.txt", as_text(NIGHT_MARKET).encode() * 200)


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    root = tmp_path_factory.mktemp("mixed")
    make_mixed_folder(root)
    result = build(load_recipe(root))
    rows = [r for shard in sorted(result.output.glob("data/*/*.parquet")) for r in pq.read_table(shard).to_pylist()]
    rejects = [json.loads(line) for line in (result.output / "rejects.jsonl").read_text().splitlines()]
    return root, result, {(r["source_path"], r["source_index"]): r for r in rows}, rejects


def test_every_input_file_is_read_and_every_record_is_a_row_or_a_reject(mixed):
    root, result, rows, rejects = mixed
    stats = result.stats
    inputs = sorted(p.relative_to(root).as_posix() for p in (root / "raw").rglob("*") if p.is_file())
    assert sorted(stats["per_file"]) == inputs
    for path, counts in stats["per_file"].items():
        on_rows = sum(1 for (p, _) in rows if p == path)
        on_rejects = sum(1 for r in rejects if r["source_path"] == path)
        assert counts["read"] == counts.get("rows", 0) + counts.get("rejected", 0) == on_rows + on_rejects, path
    assert stats["accounting_ok"]
    assert stats["records_read"] == len(rows) + len(rejects)


def test_every_row_carries_its_provenance(mixed):
    _, _, rows, _ = mixed
    formats = {}
    for (path, index), r in rows.items():
        assert r["source_hash"] and r["encoding"] and index >= 0
        formats[path.split("/")[1]] = formats.get(path.split("/")[1], set()) | {r["format"]}
    assert formats == {"text": {"text"}, "html": {"html"}, "crawl": {"warc"}, "dumps": {"jsonl"}}


def test_legacy_encodings_come_out_byte_for_byte_as_their_utf8_originals(mixed):
    _, _, rows, _ = mixed
    for legacy, original, encoding in (("raw/text/zh-gb18030.txt", "raw/text/zh-utf8.txt", "gb18030"),
                                       ("raw/text/ru-cp1251.txt", "raw/text/ru-utf8.txt.bz2", "cp1251")):
        a, b = rows[(legacy, 0)], rows[(original, 0)]
        assert a["encoding"] == encoding and b["encoding"] == "utf-8"
        assert a["text"].encode("utf-8") == b["text"].encode("utf-8")
        assert (a["title"], a["published"], a["lang"]) == (b["title"], b["published"], b["lang"])


def _words(text: str) -> str:
    return " ".join(text.split())


def test_html_and_warc_give_the_same_article_as_plain_text(mixed):
    _, _, rows, _ = mixed
    text = rows[("raw/text/market.txt", 0)]
    page = rows[("raw/html/market.html", 0)]
    crawled = rows[("raw/crawl/news.warc.gz", 2)]
    for r in (page, crawled):
        assert (r["title"], r["published"]) == (text["title"], text["published"]) == (NIGHT_MARKET.title, NIGHT_MARKET.date)
        assert _words(r["text"]) == _words(text["text"])
    assert crawled["url"] == URL and crawled["crawled"] == "2024-06-03T07:12:00Z"
    bridge_page, bridge_text = rows[("raw/html/bridge.htm.xz", 0)], rows[("raw/text/ru-cp1251.txt", 0)]
    assert _words(bridge_page["text"]) == _words(bridge_text["text"]) and bridge_page["encoding"] == "cp1251"


def test_bad_inputs_are_rejects_with_a_place_a_reason_and_a_message(mixed):
    _, _, rows, rejects = mixed
    by_place = {(r["source_path"], r["position"]): r["reason"] for r in rejects}
    assert by_place[("raw/bad/invalid.txt", "byte 60")] == "decode_error"
    assert by_place[("raw/bad/empty.txt", None)] == "empty"
    assert by_place[("raw/bad/photo.png", "byte 0")] == "binary"
    assert by_place[("raw/bad/huge.txt", None)] == "too_large"
    assert by_place[("raw/html/sections.html", None)] == "no_article"
    assert by_place[("raw/dumps/mixed.jsonl", "line 2")] == "bad_json"
    assert by_place[("raw/dumps/mixed.jsonl", "line 3")] == "missing_text"
    assert by_place[("raw/dumps/mixed.jsonl", "line 4")] == "too_large"
    reasons = {(r["source_path"], r["reason"]) for r in rejects}
    assert {("raw/crawl/news.warc.gz", "not_html"), ("raw/crawl/news.warc.gz", "http_status"),
            ("raw/crawl/cut.warc.gz", "truncated"), ("raw/dumps/cut.jsonl.gz", "truncated")} <= reasons
    assert all(r["message"] and r["reason"] and r["source_path"] for r in rejects)
    warc_rejects = [r for r in rejects if r["source_path"] == "raw/crawl/news.warc.gz" and r["stage"] == "reader"]
    assert all(r["position"].startswith("offset ") and "urn:uuid:" in r["position"] for r in warc_rejects)


def test_no_bad_input_loses_a_good_neighbour(mixed):
    _, result, rows, _ = mixed
    assert {i for (p, i) in rows if p == "raw/dumps/mixed.jsonl"} == {0, 4}
    assert {i for (p, i) in rows if p == "raw/crawl/news.warc.gz"} == {2, 8}
    assert {i for (p, i) in rows if p == "raw/crawl/cut.warc.gz"} == {1, 2}
    cut_jsonl = sorted(i for (p, i) in rows if p == "raw/dumps/cut.jsonl.gz")
    assert len(cut_jsonl) > 100 and cut_jsonl == list(range(len(cut_jsonl)))
    assert len({p for (p, _) in rows if p.startswith("raw/text/")}) == 5


def test_the_cli_exits_non_zero_only_past_max_reject_rate(tmp_path):
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "good.txt").write_text(as_text(NIGHT_MARKET), encoding="utf-8")
    (tmp_path / "raw" / "empty.txt").write_bytes(b"")
    (tmp_path / "corpus.toml").write_text(RECIPE.format(rate=0.25), encoding="utf-8")
    result = CliRunner().invoke(app, ["build", str(tmp_path), "--workers", "1"])
    assert result.exit_code == 3, result.output
    assert "1 of 2 records rejected (50.0%)" in result.output and "max_reject_rate" in result.output
    assert (tmp_path / "out" / "rejects.jsonl").read_text().count("\n") == 1  # the build itself finished
    (tmp_path / "corpus.toml").write_text(RECIPE.format(rate=0.5), encoding="utf-8")
    again = CliRunner().invoke(app, ["build", str(tmp_path), "--workers", "1", "--force"])
    assert again.exit_code == 0, again.output
    assert "empty: 1" in again.output
