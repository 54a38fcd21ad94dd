"""The figures of a built corpus, aggregated by DuckDB.

Every figure is an aggregate over a few small columns (lang, source,
published, quality.words, the lengths of the span lists), so a corpus of any
size is summarised without reading its text; only the handful of sample rows
shown per language read `text`. The report, `newscorpus stats` and their
tests all use `gather`, so the HTML and the terminal always agree.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import duckdb

from pipeline.query import connect, corpus_columns

UNKNOWN_SOURCE = "(unknown)"  # the label task.py also uses for rows without an outlet
OTHER_OUTLETS = "(other outlets)"
UNDATED = "undated"
#: Quantiles of article length shown per language.
QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)


@dataclass
class Figures:
    output: str
    name: str
    summary: dict[str, Any]
    languages: list[dict[str, Any]]  # per language: rows, share, masks, flags, duplicates, length quantiles
    flags: list[dict[str, Any]]  # (flag, lang, rows)
    outlets: list[dict[str, Any]]  # every outlet, most rows first
    masks_over_time: list[dict[str, Any]]  # (source, period, masks, rows) for the outlets that mask most
    period: str  # "month" or "year": the bucket of masks_over_time
    rejects: list[dict[str, Any]]  # (reason, stage, rows, examples)
    samples: list[dict[str, Any]]  # a few rows per language, with an excerpt of their text

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def top_outlets(self, key: str, n: int) -> list[dict[str, Any]]:
        return top(self.outlets, key, n)


def gather(output: str | Path, samples_per_language: int = 5, timeline_outlets: int = 8) -> Figures:
    output = Path(output)
    con = connect(output)
    stats = _read_json(output / "stats.json")
    recipe = _read_json(output / "recipe.json")
    has = corpus_columns(con)
    languages = _languages(con)
    outlets = _outlets(con)
    rejects = _rejects(con)
    rows = sum(lang["rows"] for lang in languages)
    rejected = sum(r["rows"] for r in rejects)
    dropped = con.execute("SELECT count(*) FROM duplicates").fetchone()[0]
    masks_over_time, period = _masks_over_time(con, [o["source"] for o in top(outlets, "masks", timeline_outlets)])
    summary = {
        "records_read": stats.get("records_read", rows + rejected + dropped),
        "rows": rows,
        "rejected": rejected,
        "duplicates_linked": sum(lang["duplicates"] for lang in languages),
        "duplicates_dropped": dropped,
        "languages": len(languages),
        "outlets": len(outlets),
        "masks": sum(lang["masks"] for lang in languages),
        "masked_rows": sum(lang["masked_rows"] for lang in languages),
        "flagged_rows": sum(lang["flagged_rows"] for lang in languages),
        "accounting_ok": stats.get("accounting_ok"),
        "pipeline_version": stats.get("pipeline_version"),
        **_paragraph_languages(con, "paragraphs" in has),
    }
    corpus = recipe.get("corpus", {})
    return Figures(
        output=str(output),
        name=corpus.get("pretty_name") or recipe.get("name") or output.name,
        summary=summary,
        languages=languages,
        flags=_flags(con),
        outlets=outlets,
        masks_over_time=masks_over_time,
        period=period,
        rejects=rejects,
        samples=_samples(con, samples_per_language),
    )


def fmt_number(value: Any) -> str:
    """Thousands separated; one decimal for fractions; a dash for a figure that is not known."""
    if value is None:
        return "–"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}"
    return f"{int(value):,}"


def _read_json(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def _dicts(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
    result = con.execute(sql, params or [])
    names = [d[0] for d in result.description]
    return [dict(zip(names, row)) for row in result.fetchall()]


def top(items: list[dict[str, Any]], key: str, n: int) -> list[dict[str, Any]]:
    """The `n` items with the largest positive `key`, ties by outlet name."""
    return sorted((i for i in items if i[key]), key=lambda i: (-i[key], i["source"]))[:n]


def _languages(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    rows = _dicts(con, f"""
        SELECT lang, count(*) AS rows,
               sum(len(redactions))::BIGINT AS masks,
               count(*) FILTER (WHERE len(redactions) > 0) AS masked_rows,
               count(*) FILTER (WHERE len(quality_flags) > 0) AS flagged_rows,
               count(*) FILTER (WHERE dup_of IS NOT NULL) AS duplicates,
               quantile_cont(quality.words, {list(QUANTILES)}) AS words_q,
               avg(quality.words) AS words_mean
        FROM corpus GROUP BY lang ORDER BY rows DESC, lang""")
    total = sum(r["rows"] for r in rows) or 1
    for r in rows:
        r["share"] = r["rows"] / total
        q = [round(float(v), 1) for v in r.pop("words_q")]
        r["words"] = dict(zip(("p05", "q1", "median", "q3", "p95"), q))
        r["words_mean"] = round(float(r["words_mean"]), 1)
    return rows


def _paragraph_languages(con: duckdb.DuckDBPyConnection, present: bool) -> dict[str, int | None]:
    """Rows whose paragraphs carry a language, and rows with more than one: None when not computed."""
    if not present:
        return {"rows_with_paragraph_languages": None, "mixed_language_rows": None}
    tagged, mixed = con.execute("""
        SELECT count(*) FILTER (WHERE len(list_filter(paragraphs, lambda p: p.lang IS NOT NULL)) > 0),
               count(*) FILTER (WHERE len(list_distinct(list_transform(paragraphs, lambda p: p.lang))) > 1)
        FROM corpus""").fetchone()
    return {"rows_with_paragraph_languages": tagged, "mixed_language_rows": mixed}


def _flags(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    return _dicts(con, """
        SELECT flag, lang, count(*) AS rows
        FROM (SELECT unnest(quality_flags) AS flag, lang FROM corpus)
        GROUP BY flag, lang ORDER BY flag, lang""")


def _outlets(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    rows = _dicts(con, f"""
        SELECT coalesce(source, '{UNKNOWN_SOURCE}') AS source, count(*) AS rows,
               string_agg(DISTINCT lang, ', ' ORDER BY lang) AS langs,
               sum(len(redactions))::BIGINT AS masks,
               count(*) FILTER (WHERE len(redactions) > 0) AS masked_rows,
               count(*) FILTER (WHERE dup_of IS NOT NULL) AS duplicates,
               count(*) FILTER (WHERE len(quality_flags) > 0) AS flagged_rows,
               median(quality.words) AS median_words,
               min(published) AS first_published, max(published) AS last_published
        FROM corpus GROUP BY 1 ORDER BY rows DESC, source""")
    for r in rows:
        r["median_words"] = round(float(r["median_words"]), 1)
        r["masks_per_100"] = round(100 * r["masks"] / r["rows"], 1)
    return rows


def _masks_over_time(con: duckdb.DuckDBPyConnection, outlets: list[str]) -> tuple[list[dict[str, Any]], str]:
    """Masks per (outlet, month) for `outlets`, the rest summed as one row; by year when months are many."""
    cells = _dicts(con, f"""
        SELECT coalesce(source, '{UNKNOWN_SOURCE}') AS source,
               coalesce(substr(published, 1, 7), '{UNDATED}') AS period,
               sum(len(redactions))::BIGINT AS masks, count(*) AS rows
        FROM corpus GROUP BY 1, 2""")
    months = {c["period"] for c in cells if c["period"] != UNDATED}
    period = "year" if len(months) > 36 else "month"
    merged: dict[tuple[str, str], dict[str, Any]] = {}
    for c in cells:
        source = c["source"] if c["source"] in outlets else OTHER_OUTLETS
        when = c["period"][:4] if period == "year" and c["period"] != UNDATED else c["period"]
        cell = merged.setdefault((source, when), {"source": source, "period": when, "masks": 0, "rows": 0})
        cell["masks"] += c["masks"]
        cell["rows"] += c["rows"]
    with_masks = {s for (s, _), c in merged.items() if c["masks"]}
    out = [c for (s, _), c in sorted(merged.items()) if s in with_masks]
    return out, period


def _rejects(con: duckdb.DuckDBPyConnection, examples: int = 3) -> list[dict[str, Any]]:
    reasons = _dicts(con, """
        SELECT reason, string_agg(DISTINCT stage, ', ' ORDER BY stage) AS stage, count(*) AS rows
        FROM rejects GROUP BY reason ORDER BY rows DESC, reason""")
    shown = _dicts(con, """
        SELECT reason, source_path, source_index, message FROM (
            SELECT *, row_number() OVER (PARTITION BY reason ORDER BY source_path, source_index) AS n FROM rejects
        ) WHERE n <= ? ORDER BY reason, source_path, source_index""", [examples])
    for r in reasons:
        r["examples"] = [{k: e[k] for k in ("source_path", "source_index", "message")} for e in shown if e["reason"] == r["reason"]]
    return reasons


def _samples(con: duckdb.DuckDBPyConnection, per_language: int, excerpt_chars: int = 280) -> list[dict[str, Any]]:
    """Rows chosen by id (a content hash, so a fair and stable pick); text is read for these rows only."""
    ids = [r[0] for r in con.execute("""
        SELECT id FROM (SELECT id, row_number() OVER (PARTITION BY lang ORDER BY id) AS n FROM corpus)
        WHERE n <= ?""", [per_language]).fetchall()]
    if not ids:
        return []
    return _dicts(con, f"""
        SELECT lang, id, title, coalesce(source, '{UNKNOWN_SOURCE}') AS source, published,
               quality.words::BIGINT AS words, quality_flags AS flags, len(redactions) AS masks, dup_of,
               left(text, {int(excerpt_chars)}) AS excerpt, length(text) > {int(excerpt_chars)} AS truncated
        FROM corpus WHERE list_contains(?, id) ORDER BY lang, id""", [ids])
