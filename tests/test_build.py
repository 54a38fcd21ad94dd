"""The whole path: raw articles in, a corpus that `datasets` loads out."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import shutil

import datasets
import pyarrow.parquet as pq
import pytest

from pipeline.build import assign_split, build
from pipeline.document import SCHEMA
from pipeline.recipe import load_recipe
from tests.conftest import DEMO, SEED

CONTRACT = ["id", "text", "title", "source", "url", "published", "authors", "lang", "lang_score", "redactions",
            "quality_flags", "dup_of", "source_path", "source_index"]


def rows_of(out):
    rows = []
    for shard in sorted(out.glob("data/*/*.parquet")):
        rows.extend(pq.read_table(shard).to_pylist())
    return rows


def test_demo_loads_with_datasets_in_every_config(demo_build, demo_expected):
    out = demo_build.output
    card = (out / "README.md").read_text(encoding="utf-8")
    langs = sorted({e["lang"] for e in demo_expected.values()})
    total = 0
    for lang in langs:
        assert f"config_name: {lang}" in card
        ds = datasets.load_dataset(str(out), lang, split="train")
        assert set(CONTRACT) <= set(ds.column_names)
        assert set(ds["lang"]) == {lang}
        total += len(ds)
    everything = datasets.load_dataset(str(out), split="train")
    assert len(everything) == total == len(demo_expected)


def test_demo_articles_are_cleaned_as_expected(demo_build, demo_expected):
    by_file = {r["source_path"].rsplit("/", 1)[-1]: r for r in rows_of(demo_build.output)}
    for name, e in demo_expected.items():
        r = by_file[name]
        for field in ("title", "subtitle", "source", "published", "updated", "lang"):
            assert r[field] == e[field], (name, field)
        assert r["authors"] == e["authors"], name
        assert len(r["redactions"]) == e["masks"], name
        for r_ in r["redactions"]:
            assert r["text"][r_["start"]:r_["end"]] == "[REDACTED]"
        for s in e["must_contain"] + e.get("untouched", []):
            assert s in r["text"], (name, s)
        for s in e["must_not_contain"]:
            assert s not in r["text"], (name, s)
        assert set(r["quality_flags"]) <= {"enumeration_restart"}, (name, r["quality_flags"])


def test_accounting_and_stats(demo_build):
    stats = json.loads((demo_build.output / "stats.json").read_text())
    assert stats["accounting_ok"]
    assert stats["records_read"] == stats["rows_written"] + stats["rejected"] + stats["duplicates_dropped"]
    assert stats["masks"]["total"] == sum(len(r["redactions"]) for r in rows_of(demo_build.output))
    assert set(stats["stages"]) >= {"unicode", "headers", "boilerplate", "masks", "language", "quality"}


def _digest(out):
    h = hashlib.sha256()
    for shard in sorted(out.glob("data/**/*.parquet")):
        h.update(shard.relative_to(out).as_posix().encode())
        h.update(shard.read_bytes())
    return h.hexdigest()


def test_same_bytes_whatever_the_number_of_workers(demo_build, tmp_path):
    one = build(load_recipe(DEMO, output=str(tmp_path / "one")), workers=1).output
    again = build(load_recipe(DEMO, output=str(tmp_path / "again")), workers=1).output
    assert _digest(one) == _digest(again) == _digest(demo_build.output)
    assert (one / "README.md").read_text() == (demo_build.output / "README.md").read_text()


def test_bad_inputs_become_rejects_and_the_job_goes_on(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(DEMO / "articles" / "02-en-port-export-checks.txt", inputs / "good.txt")
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "binary.txt").write_bytes(b"\x00\x01\x02binary\x00" * 20)
    (inputs / "latin1.txt").write_bytes("Caf\xe9 news\n\nBody.".encode("latin-1"))
    (inputs / "only-header.txt").write_text("A title\n\nHarbor Ledger Published 2024-01-02\n\nRelated Pages\n")
    result = build(load_recipe(DEMO, inputs=[str(inputs)], output=str(tmp_path / "out")))
    rejects = [json.loads(line) for line in (result.output / "rejects.jsonl").read_text().splitlines()]
    reasons = {r["source_path"].rsplit("/", 1)[-1]: r["reason"] for r in rejects}
    assert reasons["empty.txt"] == "empty"
    assert reasons["binary.txt"] == "binary"
    assert reasons["only-header.txt"] == "empty_text"
    assert "latin1.txt" not in reasons  # not UTF-8, but decoded (as windows-1252), not rejected
    assert all(r["message"] for r in rejects)
    assert result.stats["rows_written"] == 2
    assert result.stats["records_read"] == result.stats["rows_written"] + len(rejects)


def test_exact_duplicates_are_linked_to_one_canonical_row(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    article = (DEMO / "articles" / "05-en-basketball-final.txt").read_text(encoding="utf-8")
    (inputs / "a.txt").write_text(article)
    # The same story syndicated: other spacing, other boilerplate, one word in other case.
    copy = article.replace("\n\n", "\n\n\n").replace(". ", ".  ").replace("the ", "The ", 1)
    (inputs / "b.txt").write_text(copy + "\n\nShare this article\n")
    marked = build(load_recipe(DEMO, inputs=[str(inputs)], output=str(tmp_path / "mark")))
    rows = rows_of(marked.output)
    canonical = [r for r in rows if r["dup_of"] is None]
    assert len(rows) == 2 and len(canonical) == 1
    assert canonical[0]["dup_cluster_size"] == 2
    recipe = load_recipe(DEMO, inputs=[str(inputs)], output=str(tmp_path / "drop"))
    dropped = build(dataclasses.replace(recipe, dedup={"mode": "drop"}))
    assert len(rows_of(dropped.output)) == 1 and dropped.stats["duplicates_dropped"] == 1
    assert len((dropped.output / "duplicates.jsonl").read_text().splitlines()) == 1


def test_splits_come_from_the_id():
    splits = [("train", 0.98), ("validation", 0.01), ("test", 0.01)]
    ids = [f"{i:032x}" for i in range(0, 2**32, 2**22)]
    assigned = [assign_split(f"{int(i, 16):08x}" + "0" * 24, splits) for i in ids]
    assert assigned.count("train") > 0.9 * len(ids) and "test" in assigned


@pytest.mark.skipif(not SEED.exists(), reason="the shared seed example is not beside this checkout")
def test_seed_example_acceptance(tmp_path):
    result = build(load_recipe(DEMO, inputs=[str(SEED)], output=str(tmp_path / "seed")))
    [row] = rows_of(result.output)
    assert row["title"] == "Putin's visit to the DPRK will definitely show his move! Russia will give 4 big gifts"
    assert row["source"] == "Mondo International"
    assert row["published"] == "2024-02-02"
    assert row["authors"] == [{"name": "Jiang Tao",
                               "affiliation": "Academic Committee Member of Womin High-tech Ward Research Institute"}]
    assert len(row["redactions"]) == 5
    assert all(row["text"][r["start"]:r["end"]] == "[REDACTED]" for r in row["redactions"])
    assert "**" not in row["text"] and "Related Pages" not in row["text"]
    assert "situationRecently" not in row["text"] and row["text"].startswith("Recently,")
    assert row["lang"] == "en"


def test_schema_is_the_one_schema(demo_build):
    shard = next(demo_build.output.glob("data/*/*.parquet"))
    assert pq.read_schema(shard).remove_metadata() == SCHEMA
