"""The report's charts as Vega-Lite specs, made with Altair from the aggregated figures.

Each chart carries only aggregates (tens of rows at most, whatever the corpus
size), so the report's size does not grow with the corpus. A chart with
nothing to show is left out and the report says so in words instead: an
empty axis answers no question.
"""

from __future__ import annotations

from typing import Any

import altair as alt

from pipeline.report.data import UNDATED, Figures

#: Outlets shown in the per-outlet bar charts.
TOP_OUTLETS = 15
_BAR_STEP = 22
#: Plot width in pixels; axis labels add up to ~270 more. A fixed width, because
#: Vega-Lite's "container" width warns on every chart with a banded height.
WIDTH = 740
_CONFIG = {
    "config": {
        "font": "system-ui, -apple-system, 'Segoe UI', 'Noto Sans', sans-serif",
        "axis": {"labelFontSize": 12, "titleFontSize": 12, "labelLimit": 260},
        "legend": {"labelFontSize": 12, "titleFontSize": 12},
        "view": {"stroke": None},
        "bar": {"color": "#3b6ea8"},
    },
}


# Counts are whole: with a small domain Vega still places a tick at 0.5, so such ticks get no label.
_COUNT_AXIS = alt.Axis(tickMinStep=1, labelExpr="datum.value % 1 ? '' : format(datum.value, ',d')")
#: Width of one column in the heatmaps, so that a few columns do not stretch across the page.
_CELL = 64


def build_charts(f: Figures) -> dict[str, dict[str, Any]]:
    """Chart id -> Vega-Lite spec, for every chart that has data."""
    makers = {
        "languages": languages_chart,
        "lengths": lengths_chart,
        "flags": flags_chart,
        "masks-by-outlet": masks_by_outlet_chart,
        "masks-over-time": masks_over_time_chart,
        "duplicates": duplicates_chart,
        "rejects": rejects_chart,
    }
    charts = {}
    for name, make in makers.items():
        chart = make(f)
        if chart is not None:
            if chart.width is alt.Undefined:
                chart = chart.properties(width=WIDTH)
            charts[name] = {**chart.to_dict(), **_CONFIG}
    return charts


def _data(rows: list[dict[str, Any]]) -> alt.Data:
    return alt.Data(values=rows)


def _lang_order(f: Figures) -> list[str]:
    return [lang["lang"] for lang in f.languages]


def languages_chart(f: Figures) -> alt.LayerChart | None:
    if not f.languages:
        return None
    rows = [{"lang": r["lang"], "articles": r["rows"], "label": f"{r['rows']:,} ({r['share']:.0%})"} for r in f.languages]
    base = alt.Chart(_data(rows)).encode(
        y=alt.Y("lang:N", sort=_lang_order(f), title="language"),
        x=alt.X("articles:Q", title="articles", axis=_COUNT_AXIS),
        tooltip=[alt.Tooltip("lang:N", title="language"), alt.Tooltip("articles:Q", format=",")],
    )
    bars = base.mark_bar()
    labels = base.mark_text(align="left", dx=4, fontSize=12).encode(text="label:N")
    return alt.layer(bars, labels).properties(height=alt.Step(_BAR_STEP))


def lengths_chart(f: Figures) -> alt.LayerChart | None:
    if not f.languages:
        return None
    rows = [{"lang": r["lang"], "articles": r["rows"], "mean": r["words_mean"], **r["words"]} for r in f.languages]
    base = alt.Chart(_data(rows)).encode(
        y=alt.Y("lang:N", sort=_lang_order(f), title="language"),
        tooltip=[alt.Tooltip("lang:N", title="language"), alt.Tooltip("articles:Q", format=","),
                 alt.Tooltip("p05:Q", title="5th percentile"), alt.Tooltip("q1:Q", title="25th percentile"),
                 alt.Tooltip("median:Q"), alt.Tooltip("q3:Q", title="75th percentile"),
                 alt.Tooltip("p95:Q", title="95th percentile"), alt.Tooltip("mean:Q")],
    )
    whiskers = base.mark_rule(color="#6b7a8f").encode(
        x=alt.X("p05:Q", title="words per article (CJK: characters)", scale=alt.Scale(zero=False)), x2="p95:Q")
    box = base.mark_bar(size=14, color="#8fb3de").encode(x="q1:Q", x2="q3:Q")
    median = base.mark_tick(color="#17324d", thickness=2, size=14).encode(x="median:Q")
    return alt.layer(whiskers, box, median).properties(height=alt.Step(_BAR_STEP))


def flags_chart(f: Figures) -> alt.LayerChart | None:
    if not f.flags:
        return None
    base = alt.Chart(_data(f.flags)).encode(
        x=alt.X("lang:N", sort=_lang_order(f), title="language", axis=alt.Axis(labelAngle=0)),
        y=alt.Y("flag:N", sort=_by_total(f.flags, "flag", "rows"), title=None),
        tooltip=[alt.Tooltip("flag:N"), alt.Tooltip("lang:N", title="language"),
                 alt.Tooltip("rows:Q", title="articles", format=",")],
    )
    cells = base.mark_rect().encode(color=alt.Color("rows:Q", title="articles", scale=alt.Scale(scheme="oranges")))
    labels = base.mark_text(fontSize=11).encode(text=alt.Text("rows:Q", format=","), color=_ink(f.flags, "rows"))
    langs = {r["lang"] for r in f.flags}
    return alt.layer(cells, labels).properties(height=alt.Step(28), width=min(WIDTH, _CELL * len(langs)))


def _outlet_bars(rows: list[dict[str, Any]], value: str, title: str, label: str,
                 tooltip: list[alt.Tooltip]) -> alt.LayerChart:
    for r in rows:
        r["label"] = label.format(**r)
    base = alt.Chart(_data(rows)).encode(
        y=alt.Y("source:N", sort=[r["source"] for r in rows], title=None),
        x=alt.X(f"{value}:Q", title=title, axis=_COUNT_AXIS),
        tooltip=[alt.Tooltip("source:N", title="outlet"), *tooltip],
    )
    labels = base.mark_text(align="left", dx=4, fontSize=12).encode(text="label:N")
    return alt.layer(base.mark_bar(), labels).properties(height=alt.Step(_BAR_STEP))


def masks_by_outlet_chart(f: Figures) -> alt.LayerChart | None:
    rows = [dict(o) for o in f.top_outlets("masks", TOP_OUTLETS)]
    if not rows:
        return None
    return _outlet_bars(
        rows, "masks", "censorship masks",
        "{masks:,} in {masked_rows:,} of {rows:,} articles",
        [alt.Tooltip("masks:Q", format=","), alt.Tooltip("masked_rows:Q", title="articles with masks", format=","),
         alt.Tooltip("rows:Q", title="articles", format=","), alt.Tooltip("masks_per_100:Q", title="masks per 100 articles")],
    )


def masks_over_time_chart(f: Figures) -> alt.LayerChart | alt.Chart | None:
    """Colour is masks per 100 articles, so the summed "(other outlets)" row and busy months
    do not drown the rest; the count is in the tooltip, and on the cell when there is room."""
    if not f.masks_over_time:
        return None
    outlets = _by_total(f.masks_over_time, "source", "masks")
    periods = sorted({c["period"] for c in f.masks_over_time}, key=lambda p: (p == UNDATED, p))
    rows = [{**c, "per_100": round(100 * c["masks"] / c["rows"], 1)} for c in f.masks_over_time]
    base = alt.Chart(_data(rows)).encode(
        x=alt.X("period:O", sort=periods, title=f.period, axis=alt.Axis(labelAngle=-45 if len(periods) > 8 else 0)),
        y=alt.Y("source:N", sort=outlets, title=None),
        tooltip=[alt.Tooltip("source:N", title="outlet"), alt.Tooltip("period:O", title=f.period),
                 alt.Tooltip("masks:Q", format=","), alt.Tooltip("rows:Q", title="articles", format=","),
                 alt.Tooltip("per_100:Q", title="masks per 100 articles")],
    )
    cells = base.mark_rect().encode(color=alt.condition(
        "datum.masks > 0",
        alt.Color("per_100:Q", title="masks per 100 articles", scale=alt.Scale(scheme="reds", domainMin=0)),
        alt.value("#eef1f4"),  # articles in that period, none of them masked
    ))
    chart = cells
    if len(periods) <= 12:
        labels = base.transform_filter("datum.masks > 0").mark_text(fontSize=11).encode(
            text=alt.Text("masks:Q", format=","), color=_ink(rows, "per_100"))
        chart = alt.layer(cells, labels)
    return chart.properties(height=alt.Step(26), width=min(WIDTH, _CELL * len(periods)))


def _by_total(rows: list[dict[str, Any]], key: str, value: str) -> list[str]:
    totals: dict[str, int] = {}
    for r in rows:
        totals[r[key]] = totals.get(r[key], 0) + r[value]
    return sorted(totals, key=lambda k: (-totals[k], k))


def _ink(rows: list[dict[str, Any]], key: str) -> alt.Color:
    """Label colour on a heatmap cell: white on the darker half of the colour scale."""
    high = max(r[key] for r in rows)
    return alt.condition(f"datum.{key} > {high / 2}", alt.value("white"), alt.value("#222"))


def duplicates_chart(f: Figures) -> alt.LayerChart | None:
    rows = [dict(o) for o in f.top_outlets("duplicates", TOP_OUTLETS)]
    if not rows:
        return None
    return _outlet_bars(
        rows, "duplicates", "articles that duplicate another (dup_of set)",
        "{duplicates:,} of {rows:,} articles",
        [alt.Tooltip("duplicates:Q", format=","), alt.Tooltip("rows:Q", title="articles", format=",")],
    )


def rejects_chart(f: Figures) -> alt.LayerChart | None:
    if not f.rejects:
        return None
    rows = [{"reason": r["reason"], "stage": r["stage"], "records": r["rows"],
             "example": r["examples"][0]["message"] if r["examples"] else ""} for r in f.rejects]
    base = alt.Chart(_data(rows)).encode(
        y=alt.Y("reason:N", sort=[r["reason"] for r in rows], title=None),
        x=alt.X("records:Q", title="input records rejected", axis=_COUNT_AXIS),
        tooltip=[alt.Tooltip("reason:N"), alt.Tooltip("stage:N"), alt.Tooltip("records:Q", format=","),
                 alt.Tooltip("example:N", title="for example")],
    )
    bars = base.mark_bar().encode(color=alt.Color("stage:N", title="stage", scale=alt.Scale(scheme="tableau10"),
                                                  legend=alt.Legend(orient="bottom")))
    labels = base.mark_text(align="left", dx=4, fontSize=12).encode(text=alt.Text("records:Q", format=","))
    return alt.layer(bars, labels).properties(height=alt.Step(_BAR_STEP))
