"""SQL over a built corpus: DuckDB views on the output folder.

`connect` is the one way the report, `stats`, `inspect` and `query` read an
output folder. DuckDB scans only the columns and row groups a query needs and
streams them, so aggregating a large corpus never loads its text into memory.

Views: `corpus` (every row of every shard), `rejects` (rejects.jsonl) and
`duplicates` (duplicates.jsonl, present when the recipe drops duplicates).

A connection reads the corpus's own files and nothing else: DuckDB's external
access is off (no `read_text('/etc/passwd')`, no `COPY ... TO`, no
`ATTACH`, no extension loading) with the files behind the views as the only
allowed paths, and the configuration is locked so SQL cannot turn it back on.
A corpus someone else built, or a query pasted from elsewhere, cannot reach
outside the folder. `newscorpus query --allow-external` is the explicit way
to have DuckDB's full access (to export a result, say).
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from pipeline.console import json_safe
from pipeline.document import SCHEMA
from pipeline.errors import UsageError

REJECT_COLUMNS = {
    "source_path": "VARCHAR",
    "source_index": "BIGINT",
    "position": "VARCHAR",
    "reason": "VARCHAR",
    "message": "VARCHAR",
    "stage": "VARCHAR",
    "id": "VARCHAR",
}
DUPLICATE_COLUMNS = {"id": "VARCHAR", "dup_of": "VARCHAR"}


class CorpusError(UsageError, ValueError):
    """An output folder or query that cannot be read; the message says what to fix."""


def shard_files(output: Path) -> list[Path]:
    """The published shards, sorted so that every scan sees rows in the same order."""
    return sorted((Path(output) / "data").glob("*/*.parquet"))


def connect(output: str | Path, external_access: bool = False) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with the corpus views over `output`, confined to its files unless
    `external_access` is asked for."""
    output = Path(output)
    if not (output / "data").is_dir() and not (output / "stats.json").is_file():
        raise CorpusError(f"{output} is not a corpus output folder (no data/ or stats.json); "
                          "build one first with `newscorpus build`")
    con = duckdb.connect()
    files = shard_files(output)
    if files:
        listed = ", ".join(_literal(f.as_posix()) for f in files)
        con.execute(f"CREATE VIEW corpus AS SELECT * FROM read_parquet([{listed}], union_by_name = true)")
    else:  # every record was rejected: an empty corpus still answers queries
        con.register("corpus", SCHEMA.empty_table())
    _jsonl_view(con, "rejects", output / "rejects.jsonl", REJECT_COLUMNS)
    _jsonl_view(con, "duplicates", output / "duplicates.jsonl", DUPLICATE_COLUMNS)
    if not external_access:
        allowed = [f.as_posix() for f in (*files, output / "rejects.jsonl", output / "duplicates.jsonl")]
        con.execute(f"SET allowed_paths = [{', '.join(map(_literal, allowed))}]")
        con.execute("SET enable_external_access = false")
        con.execute("SET lock_configuration = true")
    return con


def _jsonl_view(con: duckdb.DuckDBPyConnection, name: str, path: Path, columns: dict[str, str]) -> None:
    spec = "{" + ", ".join(f"{_literal(k)}: {_literal(v)}" for k, v in columns.items()) + "}"
    if path.is_file() and path.stat().st_size:
        source = f"read_json({_literal(path.as_posix())}, format = 'newline_delimited', columns = {spec})"
    else:
        source = "(SELECT " + ", ".join(f"NULL::{t} AS {k}" for k, t in columns.items()) + " LIMIT 0)"
    con.execute(f"CREATE VIEW {name} AS SELECT * FROM {source}")


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def corpus_columns(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Columns the shards have: corpora built by older versions may lack newer ones."""
    return {row[0] for row in con.execute("DESCRIBE corpus").fetchall()}


def run_query(output: str | Path, sql: str,
              external_access: bool = False) -> tuple[list[str], Iterator[tuple[Any, ...]]]:
    """(column names, rows) of `sql` over the corpus views; rows are streamed in batches."""
    con = connect(output, external_access)
    try:
        result = con.execute(sql)
    except duckdb.Error as exc:
        hint = " (a query reads only the corpus; `newscorpus query --allow-external` lifts this)" \
            if isinstance(exc, duckdb.PermissionException) else ""
        raise CorpusError(f"query failed: {exc}{hint}") from exc
    if result.description is None:
        return [], iter(())
    names = [d[0] for d in result.description]

    def rows() -> Iterator[tuple[Any, ...]]:
        while batch := result.fetchmany(1024):
            yield from batch

    return names, rows()


def print_query(output: str | Path, sql: str, console: Console, limit: int = 50, as_json: bool = False,
                external_access: bool = False) -> int:
    """Print the result of `sql`: a table of at most `limit` rows, or every row as a JSON line.

    Returns the number of rows printed.
    """
    names, rows = run_query(output, sql, external_access)
    if as_json:
        n = 0
        for n, row in enumerate(rows, 1):
            console.file.write(json_safe(json.dumps(dict(zip(names, row)), ensure_ascii=False, default=str)) + "\n")
        return n
    shown = list(itertools.islice(rows, limit))
    more = next(rows, None) is not None
    if names:
        table = Table(header_style="bold")
        for i, name in enumerate(names):
            numeric = bool(shown) and all(isinstance(r[i], (int, float)) or r[i] is None for r in shown)
            table.add_column(name, justify="right" if numeric else "left")
        for row in shown:
            table.add_row(*(_cell(v) for v in row))
        console.print(table)
    note = f"{len(shown)} row{'s' if len(shown) != 1 else ''}"
    if more:
        note += " shown; more not shown (add LIMIT, raise --limit, or use --json)"
    console.print(f"[dim]{note}[/dim]")
    return len(shown)


def _cell(value: Any) -> str:
    if value is None:
        return "[dim]null[/dim]"
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return escape(text if len(text) <= 200 else text[:199] + "…")
