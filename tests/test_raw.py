"""`newscorpus raw`: every row rebuilds the record as its reader produced it."""

from __future__ import annotations

import json

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from pipeline.build import build
from pipeline.cli import app
from pipeline.readers import read_file
from pipeline.raw import matches_id, raw_text
from pipeline.recipe import find_inputs, load_recipe
from tests.conftest import DEMO, ROOT

DEVSET = ROOT.parent / "shared" / "devset" / "docs"


def rows_of(out):
    return [row for shard in sorted(out.glob("data/*/*.parquet")) for row in pq.read_table(shard).to_pylist()]


def as_read(recipe) -> dict[tuple[str, int], str]:
    """Every record's text as the reader produced it, by where it came from."""
    return {(doc.source_path, doc.source_index): doc.text
            for f in find_inputs(recipe.inputs) for doc in read_file(f.location, f.shown) if hasattr(doc, "text")}


def test_every_demo_row_rebuilds_its_record_byte_for_byte(demo_build):
    read = as_read(load_recipe(DEMO))
    rows = rows_of(demo_build.output)
    assert rows and all(raw_text(r) == read[(r["source_path"], r["source_index"])] for r in rows)
    assert all(matches_id(r, raw_text(r)) and "raw_inexact" not in r["quality_flags"] for r in rows)
    changed = [r for r in rows if r["undo"]]
    assert len(changed) > len(rows) / 2  # the demo's headers, masks and boilerplate really were undone


def test_the_command_prints_the_record_and_refuses_an_unknown_id(demo_build):
    row = next(r for r in rows_of(demo_build.output) if r["redactions"])
    result = CliRunner().invoke(app, ["raw", str(demo_build.output), row["id"][:12]])
    assert result.exit_code == 0, result.output
    assert result.stdout == raw_text(row) and "**" in result.stdout and "[REDACTED]" not in result.stdout
    missing = CliRunner().invoke(app, ["raw", str(demo_build.output), "0" * 32])
    assert missing.exit_code == 2 and "no row" in missing.output


def test_a_row_whose_changes_were_not_all_recorded_is_refused(demo_build, tmp_path):
    import shutil

    out = shutil.copytree(demo_build.output, tmp_path / "corpus")
    shard = sorted(out.glob("data/en/*.parquet"))[0]
    table = pq.read_table(shard)
    rows = table.to_pylist()
    victim = next(r for r in rows if r["undo"])
    victim["undo"] = victim["undo"][1:]  # one change forgotten
    pq.write_table(table.from_pylist(rows, schema=table.schema), shard)
    result = CliRunner().invoke(app, ["raw", str(out), victim["id"]])
    assert result.exit_code == 3 and "does not match its id" in " ".join(result.output.split())


@pytest.mark.skipif(not DEVSET.is_dir(), reason="the labelled real-news dev set (../shared/devset) is not beside the repo")
def test_real_news_pages_rebuild_byte_for_byte(tmp_path):
    recipe = load_recipe(DEMO, inputs=[str(DEVSET / "*.txt")], output=str(tmp_path / "out"))
    result = build(recipe)
    read = as_read(recipe)
    rows = rows_of(result.output)
    assert len(rows) == len(read) == result.stats["records_read"]
    assert [r["id"] for r in rows if raw_text(r) != read[(r["source_path"], r["source_index"])]] == []
    published = [p for p in result.output.rglob("*") if p.is_file() and ".newscorpus" not in p.parts]
    assert not [p.name for p in published if str(ROOT.parent) in p.read_bytes().decode("utf-8", "replace")]
    assert json.loads((result.output / "stats.json").read_text())["provenance"]["inputs_digest"]
