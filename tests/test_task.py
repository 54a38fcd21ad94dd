"""One task's output: a row Arrow refuses is a reject, and a reject's message stays short and writable."""

from __future__ import annotations

import json

import pyarrow.parquet as pq

from pipeline.document import SCHEMA, Reject
from pipeline.recipe import bytes_safe
from pipeline.task import MESSAGE_CHARS, _reject_row, _writable
from tests.conftest import doc


def test_a_row_arrow_refuses_becomes_a_reject_and_its_batch_is_written(tmp_path):
    good = [doc(f"Article number {i} about the council budget.", id=f"{i:032x}") for i in range(3)]
    bad = doc("An article whose index no column can hold.", id="f" * 32)
    bad.source_index = 2**70
    writer = pq.ParquetWriter(tmp_path / "t.parquet", SCHEMA)
    rejects: list[Reject] = []
    done = _writable([(good[0], "a"), (bad, "a"), (good[1], "b"), (good[2], "b")], writer, rejects)
    writer.close()
    assert [written for _, _, written in done] == [True, False, True, True]
    assert [r.reason for r in rejects] == ["unwritable"] and rejects[0].id == "f" * 32
    assert pq.read_table(tmp_path / "t.parquet")["id"].to_pylist() == [d.id for d in good]


def test_reject_rows_are_truncated_and_encodable():
    payload = "<html>" + "\x00" * 50_000 + "\udc80"
    row = _reject_row(Reject("crawl-\udc80.warc", 3, "corrupt_warc", f"bad header: {payload}", position="offset 9"))
    line = json.dumps(row, ensure_ascii=False).encode("utf-8")
    assert len(line) < 3 * MESSAGE_CHARS + 300  # U+FFFD is 3 bytes
    assert row["message"].startswith("bad header: <html>") and "more characters left out" in row["message"]
    assert row["source_path"] == "crawl-\ufffd.warc"


def test_file_names_that_are_not_utf8_are_kept_as_escapes():
    assert bytes_safe("Stra\udcdfe.txt") == "Stra\\xdfe.txt"
    assert bytes_safe("Straße.txt") == "Straße.txt"
