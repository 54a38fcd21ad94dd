"""`newscorpus stats`: the report's figures as rich tables in the terminal."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from pipeline.report.charts import TOP_OUTLETS
from pipeline.report.data import Figures
from pipeline.report.data import fmt_number as _n
from pipeline.report.html import TOP_OUTLETS_TABLE


def print_stats(f: Figures, console: Console) -> None:
    for table in (_summary(f), _languages(f), _flags(f), _masks(f), _masks_over_time(f), _duplicates(f),
                  _rejects(f), _outlets(f)):
        if table is not None:
            console.print(table)


def _table(title: str, *columns: str) -> Table:
    t = Table(title=title, title_justify="left", title_style="bold")
    for c in columns:
        right = c.startswith("#")
        t.add_column(c.lstrip("#"), justify="right" if right else "left")
    return t


def _summary(f: Figures) -> Table:
    s = f.summary
    t = Table(title=f"{f.name} — {f.output}", title_justify="left", title_style="bold", show_header=False)
    t.add_column(style="bold")
    t.add_column(justify="right")
    ok = {True: "[green]adds up[/green]", False: "[red]does not add up[/red]", None: "[dim]no stats.json[/dim]"}
    for name, value in (
        ("input records read", _n(s["records_read"])), ("rows written", _n(s["rows"])),
        ("rejected", _n(s["rejected"])), ("duplicates linked / dropped", f"{_n(s['duplicates_linked'])} / {_n(s['duplicates_dropped'])}"),
        ("languages", _n(s["languages"])), ("outlets", _n(s["outlets"])),
        ("censorship masks", f"{_n(s['masks'])} in {_n(s['masked_rows'])} articles"),
        ("articles with a quality flag", _n(s["flagged_rows"])),
        ("articles with paragraph languages", _n(s["rows_with_paragraph_languages"])),
        ("accounting", ok[s["accounting_ok"]]),
    ):
        t.add_row(name, value)
    return t


def _languages(f: Figures) -> Table:
    t = _table("articles and length per language (words; CJK: characters)", "language", "#articles", "#share",
               "#p5", "#p25", "#median", "#p75", "#p95", "#masks", "#with masks", "#flagged", "#duplicates")
    for r in f.languages:
        w = r["words"]
        t.add_row(r["lang"], _n(r["rows"]), f"{r['share']:.1%}", *(_n(w[k]) for k in ("p05", "q1", "median", "q3", "p95")),
                  _n(r["masks"]), _n(r["masked_rows"]), _n(r["flagged_rows"]), _n(r["duplicates"]))
    return t


def _flags(f: Figures) -> Table | Text:
    if not f.flags:
        return Text("quality flags: no article carries one", style="dim")
    per_flag: dict[str, list[dict[str, Any]]] = {}
    for r in f.flags:
        per_flag.setdefault(r["flag"], []).append(r)
    t = _table("quality flags", "flag", "#articles", "per language")
    for flag, rows in sorted(per_flag.items(), key=lambda kv: (-sum(r["rows"] for r in kv[1]), kv[0])):
        t.add_row(Text(flag), _n(sum(r["rows"] for r in rows)), ", ".join(f"{r['lang']} {r['rows']:,}" for r in rows))
    return t


def _masks(f: Figures) -> Table | Text:
    rows = f.top_outlets("masks", TOP_OUTLETS)
    if not rows:
        return Text("censorship masks: none found", style="dim")
    t = _table("censorship masks per outlet (most first)", "outlet", "#masks", "#articles with masks", "#articles", "#masks / 100 articles")
    for o in rows:
        t.add_row(Text(o["source"]), _n(o["masks"]), _n(o["masked_rows"]), _n(o["rows"]), _n(o["masks_per_100"]))
    return t


def _masks_over_time(f: Figures) -> Table | None:
    if not f.masks_over_time:
        return None
    per_outlet: dict[str, list[dict[str, Any]]] = {}
    for c in f.masks_over_time:
        if c["masks"]:
            per_outlet.setdefault(c["source"], []).append(c)
    t = _table(f"censorship masks per outlet and {f.period}", "outlet", f"masks by {f.period}")
    for source, cells in sorted(per_outlet.items(), key=lambda kv: (-sum(c["masks"] for c in kv[1]), kv[0])):
        t.add_row(Text(source), ", ".join(f"{c['period']}: {c['masks']:,}" for c in cells))
    return t


def _duplicates(f: Figures) -> Table | Text:
    rows = f.top_outlets("duplicates", TOP_OUTLETS)
    if not rows:
        return Text(f"duplicates: no row is marked as a duplicate; {f.summary['duplicates_dropped']:,} dropped", style="dim")
    t = _table(f"duplicates per outlet (dup_of set; {f.summary['duplicates_dropped']:,} more dropped)", "outlet", "#duplicates", "#articles")
    for o in rows:
        t.add_row(Text(o["source"]), _n(o["duplicates"]), _n(o["rows"]))
    return t


def _rejects(f: Figures) -> Table | Text:
    if not f.rejects:
        return Text("rejects: none, every record read became a row or a dropped duplicate", style="green")
    t = _table("rejects by reason", "reason", "stage", "#records", "for example")
    for r in f.rejects:
        e = r["examples"][0] if r["examples"] else None
        t.add_row(r["reason"], r["stage"], _n(r["rows"]), Text(f"{e['source_path']}: {e['message']}") if e else "")
    return t


def _outlets(f: Figures) -> Table:
    t = _table(f"top outlets ({min(len(f.outlets), TOP_OUTLETS_TABLE)} of {len(f.outlets):,})", "outlet", "languages",
               "#articles", "#masks", "#duplicates", "#flagged", "#median words", "published")
    for o in f.outlets[:TOP_OUTLETS_TABLE]:
        span = o["first_published"] or "undated"
        if o["last_published"] and o["last_published"] != o["first_published"]:
            span += f" – {o['last_published']}"
        t.add_row(Text(o["source"]), Text(o["langs"]), _n(o["rows"]), _n(o["masks"]), _n(o["duplicates"]), _n(o["flagged_rows"]),
                  _n(o["median_words"]), span)
    return t
