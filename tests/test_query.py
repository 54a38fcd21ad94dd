"""DuckDB views over a built corpus: `newscorpus query`."""

from __future__ import annotations

import json
from collections import Counter

import pyarrow.parquet as pq
import pytest
from rich.console import Console
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.query import CorpusError, connect, print_query, run_query


def _rows(out):
    return [r for shard in sorted(out.glob("data/*/*.parquet")) for r in pq.read_table(shard).to_pylist()]


def test_corpus_view_holds_every_row(messy_output):
    names, rows = run_query(messy_output, "SELECT lang, count(*) AS n FROM corpus GROUP BY lang ORDER BY lang")
    assert names == ["lang", "n"]
    assert dict(rows) == dict(Counter(r["lang"] for r in _rows(messy_output)))


def test_nested_columns_are_queryable(messy_output):
    _, rows = run_query(messy_output, "SELECT id, len(redactions), quality.words FROM corpus")
    expected = {r["id"]: (len(r["redactions"]), r["quality"]["words"]) for r in _rows(messy_output)}
    assert {i: (n, w) for i, n, w in rows} == expected


def test_rejects_and_duplicates_views(messy_output, messy_dropped_output):
    rejects = [json.loads(line) for line in (messy_output / "rejects.jsonl").read_text(encoding="utf-8").splitlines()]
    _, rows = run_query(messy_output, "SELECT reason, source_path FROM rejects ORDER BY source_path")
    assert list(rows) == sorted(((r["reason"], r["source_path"]) for r in rejects), key=lambda t: t[1])
    assert len(rejects) >= 4
    _, none = run_query(messy_output, "SELECT count(*) FROM duplicates")
    assert list(none) == [(0,)]  # marked, not dropped: no duplicates.jsonl
    dropped = [json.loads(line) for line in (messy_dropped_output / "duplicates.jsonl").read_text().splitlines()]
    _, rows = run_query(messy_dropped_output, "SELECT id, dup_of FROM duplicates ORDER BY id")
    assert list(rows) == sorted((d["id"], d["dup_of"]) for d in dropped) and dropped


def test_bad_sql_and_bad_folder_are_clear_errors(messy_output, tmp_path):
    with pytest.raises(CorpusError, match="query failed: .*no_such_column"):
        run_query(messy_output, "SELECT no_such_column FROM corpus")
    with pytest.raises(CorpusError, match="not a corpus output folder"):
        connect(tmp_path)


def test_table_output_is_limited_and_says_so(messy_output):
    console = Console(record=True, width=200)
    shown = print_query(messy_output, "SELECT id, title FROM corpus ORDER BY id", console, limit=3)
    text = console.export_text()
    assert shown == 3 and "more not shown" in text
    first = sorted(r["id"] for r in _rows(messy_output))[:3]
    assert all(i in text for i in first)


def test_query_command_json_lines(messy_output):
    result = CliRunner().invoke(app, ["query", str(messy_output), "SELECT id, authors, published FROM corpus ORDER BY id", "--json"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    rows = sorted(_rows(messy_output), key=lambda r: r["id"])
    assert [(d["id"], d["authors"], d["published"]) for d in lines] == [(r["id"], r["authors"], r["published"]) for r in rows]

    result = CliRunner().invoke(app, ["query", str(messy_output), "SELEC nonsense"])
    assert result.exit_code == 2 and "query failed" in result.output


@pytest.mark.parametrize("sql", [
    "SELECT * FROM read_text('/etc/hostname')",
    "SELECT * FROM read_csv('/etc/passwd')",
    "COPY (SELECT id FROM corpus) TO '{tmp}/leak.csv'",
    "ATTACH '{tmp}/other.duckdb'",
    "SET enable_external_access = true",
    "SET allowed_paths = ['/etc']",
])
def test_a_query_cannot_reach_outside_the_corpus(messy_output, tmp_path, sql):
    with pytest.raises(CorpusError, match="query failed"):
        list(run_query(messy_output, sql.format(tmp=tmp_path))[1])
    assert not (tmp_path / "leak.csv").exists() and not (tmp_path / "other.duckdb").exists()


def test_external_access_only_when_asked(messy_output, tmp_path):
    sql = f"COPY (SELECT id FROM corpus) TO '{tmp_path}/ids.csv'"
    refused = CliRunner().invoke(app, ["query", str(messy_output), sql])
    assert refused.exit_code == 2 and "--allow-external" in refused.output
    allowed = CliRunner().invoke(app, ["query", str(messy_output), sql, "--allow-external"])
    assert allowed.exit_code == 0, allowed.output
    assert len((tmp_path / "ids.csv").read_text().splitlines()) > 1
    _, rows = run_query(messy_output, "SELECT count(*) FROM corpus JOIN rejects USING (id)")  # the views still work
    assert list(rows)
