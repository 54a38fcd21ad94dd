"""Our build beside datatrove's closest pipeline, in the same run, on the same input.

datatrove (Hugging Face's pipeline library) is what a team would reach for
instead of newscorpus, so it is the bar. Its closest pipeline to our matching
stages is

    JsonlReader -> language ID -> GopherRepetitionFilter -> GopherQualityFilter
    -> C4QualityFilter -> ParquetWriter        (2 tasks, LocalPipelineExecutor)

Its language filter needs a fastText model that cannot be downloaded here, so
the language step is a small datatrove filter calling langdetect (the library
our language stage uses), keeping what datatrove's LanguageFilter keeps with
`languages=None`: documents whose best language scores above 0.65. The Gopher
and C4 filters tokenize with spaCy's blank models (datatrove >= 0.4; older
versions used NLTK's punkt, which needs a download): no data is fetched.

datatrove pins older trafilatura and xxhash than ours, so it lives in its own
virtual environment, bench/.venv-datatrove (created on first use). Three
pipelines run in turn, `--repeat` times, interleaved so that load from other
work on the machine falls on all of them alike:

    datatrove   the pipeline above
    matching    our build with the stages datatrove has: unicode, language, quality
    full        our build with every stage and exact duplicate links

    python -m bench.vs_datatrove --docs 20000 --repeat 3
    python -m bench.vs_datatrove --input '/work/data/manpages/part-*.jsonl' --repeat 1   # real text

This module imports only the standard library at the top: the same file is
run by the datatrove venv's interpreter for the datatrove side.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / "bench" / ".venv-datatrove"
#: What the datatrove side needs; pinned so that figures from different days compare.
#: spaCy: the Gopher/C4 filters' word and sentence tokenizers; pyarrow: ParquetWriter; orjson: JsonlReader.
#: regex: datatrove.utils.text imports it without declaring it.
REQUIREMENTS = ["datatrove==0.10.1", "langdetect==1.0.9", "spacy==3.8.18", "pyarrow==26.0.1", "orjson==3.13.0",
                "regex==2026.11.19"]
LANGUAGE_THRESHOLD = 0.65  # datatrove's LanguageFilter default


def venv_python() -> Path:
    return VENV / "bin" / "python"


def ensure_venv(install: bool = True) -> Path:
    """The datatrove venv's interpreter, creating the venv if it is missing and `install` allows."""
    python = venv_python()
    check = [str(python), "-c", "import datatrove, langdetect, spacy, pyarrow, orjson, regex"]
    if python.exists() and subprocess.run(check, capture_output=True).returncode == 0:
        return python
    if not install:
        raise SystemExit(f"no usable datatrove venv at {VENV}; run without --no-install to create it")
    print(f"creating {VENV} and installing {' '.join(REQUIREMENTS)} ...", file=sys.stderr)
    subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", *REQUIREMENTS], check=True)
    subprocess.run(check, check=True)
    return python


# --- the datatrove side (runs inside the venv) ----------------------------------

def _datatrove_child(input_dir: str, work: str, tasks: int, workers: int) -> None:
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.filters import C4QualityFilter, GopherQualityFilter, GopherRepetitionFilter
    from datatrove.pipeline.filters.base_filter import BaseFilter
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import ParquetWriter

    class LangdetectFilter(BaseFilter):
        """datatrove's LanguageFilter(languages=None) with langdetect in place of the fastText model."""

        name = "🌍 Language ID (langdetect)"

        def __init__(self, language_threshold: float = LANGUAGE_THRESHOLD) -> None:
            super().__init__()
            self.language_threshold = language_threshold

        def filter(self, doc: Any) -> bool:
            from langdetect import DetectorFactory, detect_langs
            from langdetect.lang_detect_exception import LangDetectException

            DetectorFactory.seed = 0  # as our stage does: the same answer in every run and worker
            try:
                best = detect_langs(doc.text)[0]
            except LangDetectException:
                return False
            doc.metadata["language"] = best.lang
            doc.metadata["language_score"] = best.prob
            return best.prob > self.language_threshold

    executor = LocalPipelineExecutor(
        pipeline=[
            JsonlReader(input_dir, glob_pattern="*.jsonl", text_key="text", id_key="id"),
            LangdetectFilter(),
            GopherRepetitionFilter(),
            GopherQualityFilter(),
            C4QualityFilter(),
            ParquetWriter(f"{work}/output"),
        ],
        tasks=tasks,
        workers=workers,
        logging_dir=f"{work}/logs",
    )
    started = time.perf_counter()
    executor.run()
    seconds = time.perf_counter() - started
    stats = json.loads(Path(work, "logs", "stats.json").read_text())
    steps = {}
    for step in stats:
        time_stats = step.get("time_stats") or {}
        steps[step["name"]] = {
            "seconds": time_stats.get("total", 0.0),
            "total": step.get("stats", {}).get("total", {}).get("total") if isinstance(step.get("stats", {}).get("total"), dict) else step.get("stats", {}).get("total"),
            "dropped": _stat(step, "dropped"),
            "forwarded": _stat(step, "forwarded"),
            "documents": _stat(step, "documents"),
        }
    reader = next(v for k, v in steps.items() if "Jsonl" in k or "JSONL" in k.upper())
    json.dump({"seconds": seconds, "records_read": reader["documents"], "steps": steps}, sys.stdout)


def _stat(step: dict[str, Any], key: str) -> int | None:
    value = step.get("stats", {}).get(key)
    if isinstance(value, dict):
        value = value.get("total")
    return value


# --- both sides, from the main environment --------------------------------------------

def run_datatrove(python: Path, jsonl_dir: Path, tmp: Path, tasks: int, workers: int) -> dict[str, Any]:
    from bench.run import run_measured

    work = tmp / f"datatrove-{time.monotonic_ns()}"
    work.mkdir()
    load = os.getloadavg()[0]
    out, wall, mem = run_measured([str(python), str(Path(__file__).resolve()), "--datatrove-child", str(jsonl_dir),
                                   str(work), "--tasks", str(tasks), "--workers", str(workers)])
    shutil.rmtree(work, ignore_errors=True)
    return {"seconds": out["seconds"], "records_read": out["records_read"], "process_seconds": wall,
            "load_before": load, "memory": mem, "steps": out["steps"]}


def run_ours(recipe: Path, workers: int) -> dict[str, Any]:
    from bench.run import measure_build

    out = measure_build(recipe, workers)
    return {"seconds": out["build_seconds"], "records_read": out["records_read"], "process_seconds": out["process_seconds"],
            "load_before": out["load_before"], "memory": out["memory"], "steps": out["seconds_per_stage"],
            "rows_written": out["rows_written"]}


def summarise(runs: list[dict[str, Any]], input_bytes: int) -> dict[str, Any]:
    med = statistics.median
    seconds = med(r["seconds"] for r in runs)
    docs = runs[0]["records_read"]
    return {
        "runs": len(runs),
        "docs": docs,
        "seconds": round(seconds, 2),
        "docs_per_s": round(docs / seconds, 1),
        "mb_per_s": round(input_bytes / 1e6 / seconds, 3),
        "process_seconds": round(med(r["process_seconds"] for r in runs), 2),
        "cpu_seconds": round(med(r["memory"]["cpu_seconds"] for r in runs), 2),
        "docs_per_cpu_s": round(docs / med(r["memory"]["cpu_seconds"] for r in runs), 1),
        "each_run_cpu_seconds": [r["memory"]["cpu_seconds"] for r in runs],
        "each_run_seconds": [round(r["seconds"], 2) for r in runs],
        "load_before": [round(r["load_before"], 2) for r in runs],
        "peak_rss_main_mb": max(r["memory"]["main_mb"] for r in runs),
        # a build with one task runs it in the main process: then that is the worker
        "peak_rss_per_worker_mb": max(r["memory"]["largest_worker_mb"] or r["memory"]["main_mb"] for r in runs),
        "peak_rss_tree_mb": max(r["memory"]["tree_mb"] for r in runs),
        "step_seconds": _median_steps([r["steps"] for r in runs]),
    }


def _median_steps(all_steps: list[dict[str, Any]]) -> dict[str, float]:
    names = sorted({k for steps in all_steps for k in steps})
    out = {}
    for name in names:
        values = [s[name]["seconds"] if isinstance(s.get(name), dict) else s.get(name, 0.0) for s in all_steps]
        out[name] = round(statistics.median(values), 3)
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--datatrove-child", nargs=2, metavar=("JSONL_DIR", "WORK"), help=argparse.SUPPRESS)
    p.add_argument("--docs", type=int, default=20_000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--workers", type=int, default=2, help="datatrove tasks and workers, and our build's workers")
    p.add_argument("--tasks", type=int, default=2, help=argparse.SUPPRESS)
    p.add_argument("--only", action="append", choices=("datatrove", "matching", "full"),
                   help="run only these pipelines (repeatable; default all three)")
    p.add_argument("--format", default="auto", choices=("auto", "jsonl", "txt"),
                   help="what our build reads (auto: the same JSONL as datatrove if the build has a JSONL reader)")
    p.add_argument("--no-install", action="store_true", help="fail instead of creating the datatrove venv")
    p.add_argument("--corpus", type=Path)
    p.add_argument("--input", action="append", metavar="FILE_OR_GLOB",
                   help="JSONL files (with `id` and `text`) to run on instead of the generated corpus (repeatable)")
    p.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    args = p.parse_args(argv)
    if args.datatrove_child:
        _datatrove_child(*args.datatrove_child, tasks=args.tasks, workers=args.workers)
        return 0

    sys.path.insert(0, str(ROOT))
    from bench.corpus import generate
    from bench.run import choose_format, corpus_inputs, given_inputs, task_bytes_for, write_recipe

    only = args.only or ["datatrove", "matching", "full"]
    python = ensure_venv(not args.no_install) if "datatrove" in only else None
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in only}
    with tempfile.TemporaryDirectory(prefix="newscorpus-vs-datatrove-") as tmp_name:
        tmp = Path(tmp_name)
        if args.input:
            inputs, fmt, manifest = given_inputs(args.input)
            if fmt != "jsonl":
                raise SystemExit("--input: datatrove's side reads JSON lines; give .jsonl files")
            jsonl_dir = tmp / "jsonl"  # datatrove reads a folder: the given files, linked into one
            jsonl_dir.mkdir()
            for i, path in enumerate(inputs):
                (jsonl_dir / f"{i:05d}-{Path(path).name}").symlink_to(Path(path).resolve())
        else:
            corpus_dir = args.corpus or args.out / f"corpus-{args.docs}-{args.seed}"
            manifest = generate(corpus_dir, args.docs, args.seed, jobs=args.workers)
            fmt = choose_format(args.format)
            inputs = corpus_inputs(corpus_dir, fmt, manifest=manifest)
            jsonl_dir = corpus_dir / "jsonl"
        for r in range(args.repeat):
            for name in only:
                if name == "datatrove":
                    result = run_datatrove(python, jsonl_dir, tmp, args.tasks, args.workers)
                else:
                    folder = tmp / f"{name}-{r}"
                    folder.mkdir()
                    recipe = write_recipe(folder, inputs, fmt, folder / "output", name,
                                          task_bytes_for(manifest["bytes"], args.workers))
                    result = run_ours(recipe, args.workers)
                    shutil.rmtree(folder / "output", ignore_errors=True)
                runs[name].append(result)
                print(f"  run {r + 1}/{args.repeat} {name}: {result['seconds']:.1f} s "
                      f"({result['records_read'] / result['seconds']:.0f} docs/s)", file=sys.stderr)

    summary = {name: summarise(rs, manifest["bytes"]) for name, rs in runs.items()}
    ratios = {}
    if "datatrove" in summary:
        base = summary["datatrove"]["docs_per_s"]
        cpu_base = summary["datatrove"]["docs_per_cpu_s"]
        for name, s in summary.items():
            if name != "datatrove":
                ratios[f"{name}_vs_datatrove"] = round(s["docs_per_s"] / base, 2)
                ratios[f"{name}_vs_datatrove_per_cpu_s"] = round(s["docs_per_cpu_s"] / cpu_base, 2)
    report = {
        "bench": "vs_datatrove",
        "command": "python -m bench.vs_datatrove " + " ".join(sys.argv[1:]),
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": {"cores": os.cpu_count(), "python": sys.version.split()[0]},
        "corpus": {k: manifest[k] for k in ("docs", "seed", "bytes", "median_bytes", "max_bytes", "inputs") if k in manifest},
        "our_input_format": fmt,
        "workers": args.workers,
        "datatrove": REQUIREMENTS[0],
        "results": summary,
        "ratios": ratios,
    }
    print(f"corpus: {manifest['docs']} docs, {manifest['bytes'] / 1e6:.1f} MB; datatrove reads JSONL, ours reads {fmt}; "
          f"{args.workers} workers; medians of {args.repeat}")
    print(f"{'pipeline':<10} {'seconds':>8} {'docs/s':>8} {'MB/s':>7} {'docs/CPU-s':>10} {'RSS/worker':>11} {'RSS tree':>9}  load before")
    for name, s in summary.items():
        print(f"{name:<10} {s['seconds']:>8.1f} {s['docs_per_s']:>8.0f} {s['mb_per_s']:>7.2f} {s['docs_per_cpu_s']:>10.1f} "
              f"{s['peak_rss_per_worker_mb']:>8.0f} MB {s['peak_rss_tree_mb']:>6.0f} MB  {s['load_before']}")
    for name, ratio in ratios.items():
        print(f"{name}: {ratio:.2f}x")
    if ratios:
        print("(docs/s is wall clock and suffers from other load on the machine; docs per CPU-second does not)")
    for name, s in summary.items():
        total = sum(s["step_seconds"].values()) or 1.0
        shares = ", ".join(f"{k} {v / total:.0%}" for k, v in sorted(s["step_seconds"].items(), key=lambda kv: -kv[1]) if v)
        print(f"  {name} time by step: {shares}")
    args.out.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for fname in (f"vs-datatrove-{stamp}.json", "vs-datatrove-latest.json"):
        (args.out / fname).write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"figures: {args.out / f'vs-datatrove-{stamp}.json'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
