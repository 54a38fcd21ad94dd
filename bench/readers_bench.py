"""Reader throughput per format, and how much of a build reading takes.

Generates the same articles (bench/corpus.py's generator: nine languages,
realistic lengths and artifacts) as plain-text files, JSON lines, HTML pages
and gzipped WARC files (a request and a response record per page) in a
temporary folder, then, for each reader:

- records/s and MB/s (stored bytes, so compressed bytes for WARC.gz), the
  median over `--repeat` runs. HTML and WARC times are with the extraction
  sandbox already started (its start-up, about 0.3 s once per worker, is
  printed apart);
- for HTML, the extraction child's resident memory every 1000 pages: it must
  stay flat (caches reset every `html_reset_every` pages);
- for text and JSONL, one build (`--workers 1`, all stages) of the same files,
  and reading's share of its wall time: reading must not be what limits a build.

    python -m bench.readers_bench                      # 10k records per format
    python -m bench.readers_bench --records 2000 --repeat 1 --no-build   # a quick look
"""

from __future__ import annotations

import argparse
import html
import io
import json
import os
import resource
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from bench.corpus import Generator, generate
from pipeline.build import build
from pipeline.document import Document
from pipeline.readers import read_file
from pipeline.readers import html as html_reader
from pipeline.readers.options import ReaderOptions
from pipeline.recipe import load_recipe

PER_FILE = 1000  # pages per folder (HTML) and records per WARC file


def page(title: str, body: str, outlet: str, url: str, date: str) -> str:
    """An article as a news site serves it: navigation, metadata, the article, links, footer."""
    e = html.escape
    paragraphs = "\n".join(f"<p>{e(p)}</p>" for p in body.split("\n\n") if p.strip())
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{e(title)} | {e(outlet)}</title>'
            f'<meta property="og:title" content="{e(title)}"><meta property="og:site_name" content="{e(outlet)}">'
            f'<meta property="article:published_time" content="{date}"><link rel="canonical" href="{e(url)}"></head>'
            f'<body><header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>'
            f"</header><main><article><h1>{e(title)}</h1>\n{paragraphs}\n</article><aside><h2>More</h2><ul>"
            f'<li><a href="/a">Another story</a></li></ul></aside></main><footer><a href="/privacy">Privacy</a>'
            f"</footer></body></html>")


def make_inputs(root: Path, records: int) -> dict[str, list[Path]]:
    generate(root / "corpus", docs=records, formats=("jsonl", "txt"), reuse=False)
    gen = Generator(1)
    html_files, warc_files = [], []
    writer = warc_fh = None
    for i in range(records):
        a = gen.article(i)
        title = a.text.split("\n", 1)[0]
        doc = page(title, a.body, a.outlet, a.url, f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}").encode()
        path = root / "html" / f"{i // PER_FILE:04d}" / f"{i:07d}.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(doc)
        html_files.append(path)
        if i % PER_FILE == 0:
            if warc_fh:
                warc_fh.close()
            warc_files.append(root / "warc" / f"part-{i // PER_FILE:05d}.warc.gz")
            warc_files[-1].parent.mkdir(parents=True, exist_ok=True)
            warc_fh = open(warc_files[-1], "wb")
            writer = WARCWriter(warc_fh, gzip=True)
        headers = {"WARC-Date": "2024-06-03T07:12:00Z"}
        request = StatusAndHeaders(f"GET {a.url} HTTP/1.1", [("Host", "news.example")], is_http_request=True)
        writer.write_record(writer.create_warc_record(a.url, "request", payload=io.BytesIO(b""),
                                                      http_headers=request, warc_headers_dict=headers))
        response = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(a.url, "response", payload=io.BytesIO(doc),
                                                      http_headers=response, warc_headers_dict=headers))
    if warc_fh:
        warc_fh.close()
    return {
        "text": sorted((root / "corpus" / "txt").rglob("*.txt")),
        "jsonl": sorted((root / "corpus" / "jsonl").glob("*.jsonl")),
        "html": html_files,
        "warc.gz": warc_files,
    }


def child_rss_mb() -> float | None:
    pid = html_reader._sandbox.pid if html_reader._sandbox else None
    if pid is None:
        return None
    with open(f"/proc/{pid}/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return None


def read_all(files: list[Path], options: ReaderOptions, sample_rss: bool) -> dict[str, Any]:
    docs = rejects = 0
    rss: list[float] = []
    started = time.perf_counter()
    for path in files:
        for record in read_file(path, path.name, options=options):
            if isinstance(record, Document):
                docs += 1
            else:
                rejects += 1
            if sample_rss and (docs + rejects) % 1000 == 0:
                rss.append(child_rss_mb() or 0.0)
    return {"seconds": time.perf_counter() - started, "docs": docs, "rejects": rejects, "child_rss_mb": rss}


def bench_reader(fmt: str, files: list[Path], repeat: int) -> dict[str, Any]:
    options = ReaderOptions()
    startup = None
    if fmt in ("html", "warc.gz"):
        t0 = time.perf_counter()
        html_reader.extractor(options)("<html><body><p>warm up</p></body></html>", None)
        startup = time.perf_counter() - t0
    runs = [read_all(files, options, sample_rss=fmt == "html") for _ in range(repeat)]
    seconds = statistics.median(r["seconds"] for r in runs)
    size = sum(f.stat().st_size for f in files)
    out = {"format": fmt, "files": len(files), "records": runs[0]["docs"] + runs[0]["rejects"],
           "rejects": runs[0]["rejects"], "mb": round(size / 1e6, 2), "seconds": round(seconds, 3),
           "records_per_s": round((runs[0]["docs"] + runs[0]["rejects"]) / seconds),
           "mb_per_s": round(size / 1e6 / seconds, 2)}
    if startup is not None:
        out["sandbox_start_s"] = round(startup, 2)
    if fmt == "html":
        out["child_rss_mb_every_1000"] = [round(x, 1) for x in runs[-1]["child_rss_mb"]]
    return out


def build_share(root: Path, name: str, pattern: str) -> dict[str, Any]:
    folder = root / f"build-{name}"
    folder.mkdir()
    (folder / "corpus.toml").write_text(f'[corpus]\nname = "bench-{name}"\n[input]\npaths = [{json.dumps(pattern)}]\n'
                                        '[output]\npath = "out"\n', encoding="utf-8")
    result = build(load_recipe(folder), workers=1)
    read = result.stats["seconds_per_stage"].get("read", 0.0)
    return {"format": name, "records": result.stats["records_read"], "build_s": round(result.seconds, 2),
            "read_s": round(read, 3), "read_share": f"{read / result.seconds:.2%}"}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--records", type=int, default=10_000, help="records per format (default 10000)")
    ap.add_argument("--repeat", type=int, default=3, help="read runs per format; the median is reported")
    ap.add_argument("--no-build", action="store_true", help="skip the two end-to-end builds")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="readers-bench-") as tmp:
        root = Path(tmp)
        t0 = time.perf_counter()
        inputs = make_inputs(root, args.records)
        print(f"generated {args.records} records per format in {time.perf_counter() - t0:.1f} s "
              f"(load average {os.getloadavg()[0]:.1f})")
        readers = []
        for fmt, files in inputs.items():
            r = bench_reader(fmt, files, args.repeat)
            readers.append(r)
            print(f"  {fmt:8s} {r['records']:6d} records {r['mb']:8.1f} MB  {r['records_per_s']:7d} records/s "
                  f"{r['mb_per_s']:7.2f} MB/s" + (f"  (sandbox start {r['sandbox_start_s']} s)" if "sandbox_start_s" in r else ""))
        html_rss = next(r for r in readers if r["format"] == "html")["child_rss_mb_every_1000"]
        print(f"  html extraction child RSS every 1000 pages (MB): {html_rss}")
        builds = []
        if not args.no_build:
            for name, pattern in (("text", str(root / "corpus" / "txt")), ("jsonl", str(root / "corpus" / "jsonl"))):
                b = build_share(root, name, pattern)
                builds.append(b)
                print(f"  build of {name}: {b['records']} records in {b['build_s']} s, reading {b['read_s']} s "
                      f"= {b['read_share']} of it")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"  peak RSS of this process: {peak:.0f} MB")
        if args.json:
            args.json.write_text(json.dumps({"readers": readers, "builds": builds, "peak_rss_mb": round(peak)},
                                            indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
