"""One self-contained HTML file: the figures as tables, the charts as Vega-Lite
specs drawn by the Vega libraries inlined into the page.

Nothing is fetched when the file is opened (the JavaScript bundle, styles and
data are all inside it), so it can be mailed, archived next to the corpus or
opened offline. The page's size is the bundle (~0.9 MB) plus aggregates: it
does not grow with the number of rows.
"""

from __future__ import annotations

import json
import os
import shlex
from functools import lru_cache
from pathlib import Path
from typing import Any

import altair as alt
import vl_convert
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from pipeline.fs import user_cache_dir
from pipeline.report.charts import build_charts
from pipeline.report.data import Figures, fmt_number, gather

TOP_OUTLETS_TABLE = 25
TIMELINE_OUTLETS = 8
#: What each quality flag means, for readers of the report (the thresholds are in recipe.json).
FLAG_MEANINGS = {
    "too_short": "fewer words than the recipe's min_words",
    "low_lang_confidence": "the language detector was unsure (lang_score below min_lang_score)",
    "mask_dense": "many censorship masks per 100 words",
    "repeated_paragraphs": "a large share of paragraphs occur more than once",
    "few_sentences": "most paragraphs do not end like sentences (lists, captions, fragments)",
    "digit_heavy": "a large share of characters are digits (tables, scores, prices)",
    "symbol_heavy": "a large share of characters are symbols",
    "enumeration_restart": "\u201cThe first is \u2026\u201d appears more than once: section headings were probably lost",
    "date_unparsed": "the header gave a date that could not be read",
}


@lru_cache(maxsize=1)
def vega_bundle() -> str:
    """Vega, Vega-Lite and vega-embed as one script, for the Vega-Lite version Altair writes.

    Built by vl-convert from the copies in its wheel (no download). Bundling
    takes seconds, so the result is kept in the user's cache folder, keyed by
    both versions; a cache that cannot be written only costs the time.
    """
    version = alt.SCHEMA_VERSION.lstrip("v").rsplit(".", 1)[0]
    if version not in vl_convert.get_vegalite_versions():
        version = None  # an Altair newer than vl-convert: its latest Vega-Lite
    cached = user_cache_dir() / f"vega-bundle-{vl_convert.__version__}-{version or 'latest'}.js"
    if cached.is_file():
        return cached.read_text(encoding="utf-8")
    bundle = vl_convert.javascript_bundle(vl_version=version)
    bundle = bundle.replace("</script", "<\\/script")  # the same code, but cannot end the <script> element
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_name(f"{cached.name}.{os.getpid()}.tmp")
        tmp.write_text(bundle, encoding="utf-8")
        tmp.replace(cached)
    except OSError:
        pass
    return bundle


def render_report(f: Figures, output_arg: str | None = None) -> str:
    env = Environment(loader=FileSystemLoader(Path(__file__).parent), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["num"] = fmt_number
    charts = build_charts(f)
    flag_totals: dict[str, int] = {}
    for row in f.flags:
        flag_totals[row["flag"]] = flag_totals.get(row["flag"], 0) + row["rows"]
    samples: dict[str, list[dict[str, Any]]] = {}
    for row in f.samples:
        samples.setdefault(row["lang"], []).append(row)
    specs_json = json.dumps(charts, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c")
    return env.get_template("template.html").render(
        f=f,
        s=f.summary,
        charts=charts,
        specs_json=specs_json,
        bundle=vega_bundle(),
        flag_meanings=[(flag, n, FLAG_MEANINGS.get(flag, "")) for flag, n in sorted(flag_totals.items(), key=lambda kv: (-kv[1], kv[0]))],
        top_outlets=f.outlets[:TOP_OUTLETS_TABLE],
        timeline_outlets=TIMELINE_OUTLETS,
        samples=[(lang["lang"], samples[lang["lang"]]) for lang in f.languages if lang["lang"] in samples],
        inspect_cmd="newscorpus inspect",
        output_arg=shlex.quote(output_arg or f.output),
    )


def write_report(output: str | Path, out_file: str | Path | None = None) -> Path:
    """Write the report of the corpus in `output` (default: `<output>/report.html`); return its path."""
    f = gather(output, timeline_outlets=TIMELINE_OUTLETS)
    target = Path(out_file) if out_file else Path(output) / "report.html"
    html = render_report(f, output_arg=str(output))
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_text(html, encoding="utf-8")
    tmp.replace(target)
    return target
