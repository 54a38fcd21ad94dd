"""The report at scale: size of the HTML and how long Chromium takes to draw it.

A corpus of N rows is synthesised directly as Parquet in the output layout
(data/<lang>/train-*.parquet, rejects.jsonl, stats.json, recipe.json): the
report reads only that layout, and building 100k articles through the whole
pipeline would measure the build, not the report. Rows have realistic shapes:
a dozen languages with skewed shares, hundreds of outlets of which some mask
heavily, three years of dates, ~2.5 KB texts, flags, duplicates and rejects.

Measured, medians over --repeat runs:
- report: wall time of `newscorpus report` (a fresh process: imports,
  aggregation, charts, template), its peak RSS (the text column is never
  loaded whole), size of the HTML (limit 5 MB);
- Chromium: the page's own time from navigation start to every chart drawn
  (`data-render-ms`, limit 3 s), and the wall time of the browser process
  next to that of an empty page (start-up cost, not the report's).

    python -m bench.report_bench --rows 100000 --repeat 3
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.document import SCHEMA, Document, Paragraph, Redaction

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
VERSION = 2  # bump when the synthetic corpus changes, so a cached one is rebuilt
LANGS = {"en": 40, "zh": 18, "ru": 9, "es": 8, "de": 6, "fr": 5, "ar": 4, "pt": 3, "it": 3, "ja": 2, "ko": 1, "und": 1}
FLAGS = {"too_short": 0.06, "low_lang_confidence": 0.03, "mask_dense": 0.02, "repeated_paragraphs": 0.02,
         "few_sentences": 0.04, "digit_heavy": 0.01, "enumeration_restart": 0.03, "date_unparsed": 0.01}
REJECTS = {"empty": 0.4, "binary": 0.1, "decode_error": 0.2, "empty_text": 0.2, "too_short": 0.1}
WORDS = ("council port budget river market school ferry harbour report minister plan village storm trade "
         "museum station energy water price workers festival league hospital bridge court data island").split()
MASK = "[REDACTED]"


def synthesise(out: Path, rows: int, seed: int = 1) -> Path:
    """Write the corpus (or reuse one made with the same parameters); returns `out`."""
    manifest = {"rows": rows, "seed": seed, "version": VERSION}
    if (out / "manifest.json").is_file() and json.loads((out / "manifest.json").read_text()) == manifest:
        return out
    rng = random.Random(seed)
    paragraphs = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(30, 90))).capitalize() + "." for _ in range(3000)]
    outlets = [(f"Outlet {i:03d}", rng.choices(list(LANGS), weights=list(LANGS.values()))[0],
                rng.choice((0.0, 0.0, 0.0, 0.2, 1.5, 4.0))) for i in range(600)]
    by_lang: dict[str, list[dict]] = {lang: [] for lang in LANGS}
    ids: list[str] = []
    for i in range(rows):
        source, lang, mask_rate = rng.choice(outlets)
        doc = _row(rng, i, source, lang, mask_rate, paragraphs, ids)
        ids.append(doc.id)
        by_lang[lang].append(doc.to_row())
    for lang, docs in by_lang.items():
        if docs:
            path = out / "data" / lang / "train-00000-of-00001.parquet"
            path.parent.mkdir(parents=True, exist_ok=True)
            # Row groups of about the size a build writes (one per work batch and language).
            pq.write_table(pa.Table.from_pylist(docs, schema=SCHEMA), path, compression="zstd", row_group_size=1000)
    n_rejects = rows // 30
    with open(out / "rejects.jsonl", "w", encoding="utf-8") as fh:
        for i in range(n_rejects):
            reason = rng.choices(list(REJECTS), weights=list(REJECTS.values()))[0]
            fh.write(json.dumps({"source_path": f"in/part-{i % 50:03d}.jsonl", "source_index": i, "position": None,
                                 "reason": reason, "message": f"synthetic {reason}", "stage": "reader", "id": None}) + "\n")
    (out / "stats.json").write_text(json.dumps({"records_read": rows + n_rejects, "accounting_ok": True,
                                                "pipeline_version": "bench"}))
    (out / "recipe.json").write_text(json.dumps({"name": f"synthetic-{rows}", "corpus": {}}))
    (out / "manifest.json").write_text(json.dumps(manifest))
    return out


def _row(rng: random.Random, i: int, source: str, lang: str, mask_rate: float, paragraphs: list[str],
         ids: list[str]) -> Document:
    parts = rng.sample(paragraphs, rng.randint(2, 9))
    masks = min(len(parts), int(rng.expovariate(1 / mask_rate))) if mask_rate else 0
    for k in range(masks):
        parts[k] = f"{MASK} {parts[k]}"
    text = "\n\n".join(parts)
    doc = Document(text=text, source_path=f"in/part-{i // 5000:03d}.jsonl", source_index=i, id=f"{rng.getrandbits(128):032x}",
                   source=source, lang=lang, lang_score=round(rng.uniform(0.7, 1.0), 4), title=parts[-1][:60],
                   published=f"{rng.randint(2022, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
                   if rng.random() > 0.05 else None)
    start = 0
    for part in parts:
        if part.startswith(MASK):
            doc.redactions.append(Redaction(start, start + len(MASK), "**", "censorship"))
        doc.paragraphs.append(Paragraph(start, start + len(part), lang=lang, lang_score=0.99))
        start += len(part) + 2
    doc.quality_flags = [f for f, p in FLAGS.items() if rng.random() < p]
    doc.quality = {"chars": len(text), "words": len(text.split()), "paragraphs": len(parts), "mask_count": masks}
    if ids and rng.random() < 0.05:
        doc.dup_of = rng.choice(ids[-5000:])
    return doc


def chromium_load(report: Path) -> tuple[int, float]:
    """(the page's navigation-to-charts-drawn ms, wall seconds of the browser run)."""
    from tests.report.chromium import load

    page = load(report, virtual_time_ms=None)
    root = re.search(r"<html[^>]*>", page.dom).group()
    drawn = re.search(r'data-render-ms="(\d+)"', root)
    if not drawn or page.console or "data-errors" in root:
        raise RuntimeError(f"report did not draw cleanly: {root} {page.console}")
    return int(drawn.group(1)), page.seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from tests.report.chromium import CHROMIUM, load

    corpus = OUT / f"report-corpus-{args.rows}"
    t0 = time.perf_counter()
    synthesise(corpus, args.rows)
    print(f"corpus: {args.rows:,} rows in {corpus} ({time.perf_counter() - t0:.1f} s to make or reuse)")

    report = OUT / f"report-{args.rows}.html"
    render_s = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "pipeline", "report", str(corpus), "--out", str(report)], check=True,
                       stdout=subprocess.DEVNULL)
        render_s.append(time.perf_counter() - t0)
    size = report.stat().st_size
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # only the report runs so far
    print(f"report: {size / 2**20:.2f} MB ({'OK' if size < 5 * 2**20 else 'OVER'} the 5 MB limit), "
          f"`newscorpus report` median {statistics.median(render_s):.2f} s over {args.repeat}, peak RSS {rss:.0f} MB")
    if not CHROMIUM.exists():
        print(f"chromium: {CHROMIUM} not installed, load time not measured")
        sys.exit(0)
    blank = OUT / "blank.html"
    blank.write_text("<!doctype html><title>blank</title>")
    drawn_ms, wall = zip(*(chromium_load(report) for _ in range(args.repeat)))
    blank_wall = statistics.median(load(blank, virtual_time_ms=None).seconds for _ in range(args.repeat))
    median_ms = statistics.median(drawn_ms)
    print(f"chromium: charts drawn {median_ms:.0f} ms after navigation start (median of {args.repeat}: "
          f"{', '.join(map(str, drawn_ms))}; {'OK' if median_ms < 3000 else 'OVER'} the 3 s limit); "
          f"browser run {statistics.median(wall):.2f} s vs {blank_wall:.2f} s for an empty page")


if __name__ == "__main__":
    main()
