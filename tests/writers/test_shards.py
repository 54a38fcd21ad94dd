"""Published shards: each language's rows, in order, cut into shards of whole row groups that
are gathered across the incoming batches rather than one per batch."""

from __future__ import annotations

from collections import Counter

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.document import SCHEMA
from pipeline.writers import shards
from pipeline.writers.shards import write_shards
from tests.conftest import doc

LANGS = ["en"] * 8 + ["de", "zh"]  # one language fills most rows, two fill one row in ten


def batches(n_batches: int, rows: int) -> list[pa.Table]:
    """Work-shard batches as the build reads them: every language mixed in every batch."""
    out = []
    for b in range(n_batches):
        docs = []
        for i in range(rows):
            d = doc(f"Article {b}-{i}: the harbour reopened after the storm. " * 5, lang=LANGS[i % len(LANGS)])
            d.id = f"{b:04d}{i:04d}"
            docs.append(d.to_row())
        out.append(pa.Table.from_pylist(docs, schema=SCHEMA))
    return out


def with_split(table: pa.Table) -> pa.Table:
    return table.append_column("split", pa.array(["train"] * table.num_rows))


def counts(tables: list[pa.Table]) -> Counter:
    return Counter((lang, "train") for t in tables for lang in t["lang"].to_pylist())


def test_rows_of_many_batches_are_gathered_into_few_row_groups(tmp_path, monkeypatch):
    monkeypatch.setattr(shards, "ROW_GROUP_BYTES", 200_000)  # about 400 rows
    given = batches(40, 50)  # 40 batches: a row group per batch would give every file 40
    written = write_shards(tmp_path, iter(given), counts(given), 10_000, with_split)
    assert written == {("de", "train"): ["data/de/train-00000-of-00001.parquet"],
                       ("en", "train"): ["data/en/train-00000-of-00001.parquet"],
                       ("zh", "train"): ["data/zh/train-00000-of-00001.parquet"]}
    for lang in ("en", "de", "zh"):
        pf = pq.ParquetFile(tmp_path / f"data/{lang}/train-00000-of-00001.parquet")
        ids = pf.read(columns=["id"])["id"].to_pylist()
        assert ids == [r["id"] for t in given for r in t.to_pylist() if r["lang"] == lang]  # in order, all there
        assert pf.metadata.num_row_groups < 10
    groups = pq.ParquetFile(tmp_path / "data/en/train-00000-of-00001.parquet").metadata.num_row_groups
    assert groups > 1  # the byte size, not the end of the input, closes a row group


def test_shards_are_cut_at_rows_per_shard_and_the_languages_buffer_together_is_capped(tmp_path, monkeypatch):
    monkeypatch.setattr(shards, "ROW_GROUP_BYTES", 10**9)  # no language reaches it alone
    monkeypatch.setattr(shards, "BUFFER_BYTES", 100_000)  # all of them together do
    given = batches(30, 50)
    write_shards(tmp_path, iter(given), counts(given), 700, with_split)
    en = sorted((tmp_path / "data/en").glob("*.parquet"))
    assert [p.name for p in en] == [f"train-0000{i}-of-00002.parquet" for i in range(2)]  # 1,200 rows, 700 a shard
    assert [pq.ParquetFile(p).metadata.num_rows for p in en] == [700, 500]
    assert sum(pq.ParquetFile(p).metadata.num_row_groups for p in en) > 2  # flushed under the shared cap
    de = pq.ParquetFile(tmp_path / "data/de/train-00000-of-00001.parquet")
    assert de.metadata.num_rows == 150 and not list(tmp_path.glob("data/*/*.tmp"))
