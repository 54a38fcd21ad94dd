"""Throughput of the whole build, per stage and end to end, on a generated corpus or given files.

Each measured build runs in a fresh child process with a fresh output folder,
so the figures include process start-up of the pool and nothing is reused from
an earlier run (builds are incremental), and the child's resource usage is its
own: peak RSS of the main process (RUSAGE_SELF) and, sampled from /proc, of
its largest other process (a pool worker, or a Ray worker when `--executor
ray`; both live outside getrusage's reach). Runs are repeated and medians
reported; the load average before each run is recorded, since on a shared
machine other work competes for the same cores.

    python -m bench.run --docs 20000 --workers 1 --workers 2 --repeat 3
    python -m bench.run --docs 2000 --profile      # where the time goes, per stage
    python -m bench.run --docs 50000 --workers 2 --executor local --executor ray --repeat 1
    python -m bench.run --input '/work/data/manpages/part-*.jsonl' --workers 2   # real text instead

Figures are printed and written as JSON to bench/out/ (git-ignored).
"""

from __future__ import annotations

import argparse
import cProfile
import glob
import json
import os
import pstats
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from bench.corpus import DOCS_PER_SHARD, ROOT, generate
from pipeline.recipe import TomlError, parse_toml

OUT = ROOT / "bench" / "out"
#: The per-document stages datatrove's comparison pipeline has an equivalent for.
MATCHING_STAGES = ("unicode", "language", "quality")
TASKS_PER_WORKER = 4  # enough tasks that a slow one does not leave a core idle at the end


def readable_formats() -> list[str]:
    """Input formats this checkout's build can read (the readers change while the team works)."""
    from pipeline.readers import READERS

    return sorted(READERS)


def choose_format(requested: str = "auto") -> str:
    """JSONL when the build has a reader for it (the same file datatrove reads), else the text tree."""
    formats = readable_formats()
    if requested == "auto":
        return "jsonl" if "jsonl" in formats else "txt"
    if requested == "jsonl" and "jsonl" not in formats:
        raise SystemExit(f"this checkout's build has no JSONL reader yet (readers: {', '.join(formats)}); use --format txt")
    return requested


def corpus_inputs(corpus_dir: Path, fmt: str, limit_docs: int | None = None, manifest: dict[str, Any] | None = None) -> list[str]:
    """Input paths of the corpus in `fmt`; with `limit_docs`, only the first whole shards/folders."""
    if fmt == "jsonl":
        paths = sorted((corpus_dir / "jsonl").glob("*.jsonl"))
        per = (manifest or {}).get("docs_per_shard", DOCS_PER_SHARD)
    else:
        paths = sorted(p for p in (corpus_dir / "txt").iterdir() if p.is_dir())
        per = 1000
    if limit_docs:
        paths = paths[: max(1, -(-limit_docs // per))]
    return [str(p) for p in paths]


def given_inputs(patterns: list[str]) -> tuple[list[str], str, dict[str, Any]]:
    """(files, format, manifest) for `--input` files or globs instead of the generated corpus: JSON
    lines if every file is, else text files; the manifest has the generated corpus's size figures."""
    paths = sorted({p for pattern in patterns for p in (glob.glob(pattern) or [pattern]) if Path(p).is_file()})
    if not paths:
        raise SystemExit(f"--input matches no file: {' '.join(patterns)}")
    fmt = "jsonl" if all(p.endswith(".jsonl") for p in paths) else "txt"
    sizes = sorted(len(line) for p in paths for line in open(p, "rb") if line.strip()) if fmt == "jsonl" \
        else sorted(Path(p).stat().st_size for p in paths)
    manifest = {"docs": len(sizes), "seed": None, "bytes": sum(Path(p).stat().st_size for p in paths),
                "median_bytes": sizes[len(sizes) // 2], "p99_bytes": sizes[int(len(sizes) * 0.99)],
                "max_bytes": sizes[-1], "inputs": patterns}
    return paths, fmt, manifest


def write_recipe(folder: Path, inputs: list[str], fmt: str, output: Path, pipeline: str = "full",
                 task_bytes: int = 8 * 2**20, overrides: dict[str, Any] | None = None) -> Path:
    """A corpus.toml for the benchmark: every stage ("full") or only those datatrove has too ("matching")."""
    from pipeline.stages import ORDER

    recipe: dict[str, Any] = {
        "corpus": {"name": f"bench-{pipeline}", "license": "cc-by-4.0"},
        "input": {"paths": inputs, **({"format": "jsonl"} if fmt == "jsonl" else {})},
        "output": {"path": str(output), "task_bytes": task_bytes},
        "stages": {},
        "dedup": {"mode": "mark"},  # the build's defaults: exact and near-duplicate links
    }
    if pipeline == "matching":
        recipe["stages"] = {cls.name: {"enabled": False} for cls in ORDER if cls.name not in MATCHING_STAGES}
        recipe["dedup"] = {"exact": False, "near": False, "mode": "mark"}
    elif pipeline != "full":
        raise ValueError(f"pipeline must be 'full' or 'matching', not {pipeline!r}")
    for dotted, value in (overrides or {}).items():
        node = recipe
        *parents, leaf = dotted.split(".")
        for key in parents:
            node = node.setdefault(key, {})
        node[leaf] = value
    path = folder / "corpus.toml"
    path.write_text(_toml(recipe), encoding="utf-8")
    return path


def _toml(data: dict[str, Any], prefix: str = "") -> str:
    scalars = [f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in data.items() if not isinstance(v, dict)]
    out = ([f"[{prefix}]"] if prefix and scalars else []) + scalars
    for k, v in data.items():
        if isinstance(v, dict):
            out.append(_toml(v, f"{prefix}.{k}" if prefix else k))
    return "\n".join(out) + "\n"


def parse_overrides(items: list[str]) -> dict[str, Any]:
    """`--set stages.quality.min_words=50`: TOML values, bare words as strings."""
    found = {}
    for item in items:
        key, sep, raw = item.partition("=")
        if not sep:
            raise SystemExit(f"--set needs key=value, got {item!r}")
        try:
            found[key.strip()] = parse_toml(f"v = {raw}")["v"]
        except TomlError:
            found[key.strip()] = raw
    return found


def task_bytes_for(total_bytes: int, workers: int) -> int:
    """About TASKS_PER_WORKER tasks per worker on a small corpus; the build's default task size
    on a large one, as a user's build would have (memory per worker follows the task size)."""
    from pipeline.settings import TASK_BYTES

    return max(2**20, min(TASK_BYTES, total_bytes // (TASKS_PER_WORKER * max(2, workers))))


# --- one measured build, in its own process -----------------------------------

def _child(recipe_path: str, workers: int, executor: str) -> None:
    from pipeline.build import build
    from pipeline.executors import make_executor
    from pipeline.recipe import load_recipe

    result = build(load_recipe(recipe_path), workers=workers, executor=make_executor(executor, workers))
    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    s = result.stats
    json.dump({
        "build_seconds": result.seconds,
        "records_read": s["records_read"],
        "rows_written": s.get("rows_written"),
        "rejected": s.get("rejected"),
        "tasks": s.get("inputs", {}).get("tasks"),
        "seconds_per_stage": s.get("seconds_per_stage", {}),
        "seconds_wall": s.get("seconds_wall", {}),
        "peak_rss_main_mb": self_kb / 1024,
    }, sys.stdout)


#: Command lines of Ray's own processes (GCS, raylet and its object store, dashboard, monitors, agents):
#: part of the tree, but not workers, so they are reported apart.
RAY_SERVICES = ("/ray/core/src/", "/ray/autoscaler/", "/ray/dashboard/", "/ray/_private/log_monitor",
                "/ray/_private/runtime_env/", "ray::DashboardAgent", "ray::RuntimeEnvAgent")


class TreeMemory:
    """Peak memory of a process and all its descendants, sampled from /proc.

    getrusage only sees children that were waited for; pools started through
    a fork server (datatrove's default) are not, so both pipelines are measured
    the same way, from outside: each process's own high-water mark (VmHWM) and
    the largest sum of resident sizes over the tree at any sample. Ray's own
    processes (`RAY_SERVICES`) are told apart from its workers by command line.
    """

    def __init__(self, pid: int, interval: float = 0.25) -> None:
        self.pid = pid
        self.interval = interval
        self.hwm_kb: dict[int, int] = {}
        self.cpu_ticks: dict[int, int] = {}  # user + system time of each process, last seen
        self.tree_peak_kb = 0
        self.cmdlines: dict[int, str] = {}  # each process's command line, last seen
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)

    def sample(self) -> None:
        children: dict[int, list[int]] = {}
        ticks: dict[int, int] = {}
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                stat = Path(entry.path, "stat").read_text()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2:].split()
            children.setdefault(int(fields[1]), []).append(int(entry.name))
            ticks[int(entry.name)] = int(fields[11]) + int(fields[12])  # utime + stime
        tree, todo = [], [self.pid]
        while todo:
            p = todo.pop()
            tree.append(p)
            todo.extend(children.get(p, []))
        total = 0
        for p in tree:
            self.cpu_ticks[p] = max(self.cpu_ticks.get(p, 0), ticks.get(p, 0))
            status = _proc_status(p)
            if status:
                self.hwm_kb[p] = max(self.hwm_kb.get(p, 0), status.get("VmHWM", 0))
                total += status.get("VmRSS", 0)
                self.cmdlines[p] = _cmdline(p) or self.cmdlines.get(p, "")
        self.tree_peak_kb = max(self.tree_peak_kb, total)

    @property
    def services(self) -> set[int]:
        """Ray's own processes, by their last command line (a process seen between fork and exec
        still shows its parent's)."""
        return {p for p, cmd in self.cmdlines.items() if any(name in cmd for name in RAY_SERVICES)}

    def figures(self) -> dict[str, float]:
        """Main process peak, largest other process peak (a worker), Ray's own processes' peaks summed,
        the tree's peak sum (MB); CPU seconds.

        CPU seconds (user + system over the tree, up to the last sample) say
        what the work costs whatever else the machine is doing; wall time on
        a shared machine does not.
        """
        services = self.services
        others = [kb for p, kb in self.hwm_kb.items() if p != self.pid and p not in services]
        return {
            "cpu_seconds": round(sum(self.cpu_ticks.values()) / os.sysconf("SC_CLK_TCK"), 2),
            "main_mb": round(self.hwm_kb.get(self.pid, 0) / 1024, 1),
            "largest_worker_mb": round(max(others, default=0) / 1024, 1),
            "services_mb": round(sum(self.hwm_kb[p] for p in services) / 1024, 1),
            "tree_mb": round(self.tree_peak_kb / 1024, 1),
            "processes": len(self.hwm_kb),
        }


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def _proc_status(pid: int) -> dict[str, int]:
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return {}
    found = {}
    for line in text.splitlines():
        if line.startswith(("VmHWM:", "VmRSS:")):
            key, value = line.split(":", 1)
            found[key] = int(value.split()[0])
    return found


def run_measured(cmd: list[str]) -> tuple[dict[str, Any], float, dict[str, float]]:
    """Run `cmd` (which prints one JSON line last) with its memory watched; (its JSON, wall seconds, memory)."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    with TreeMemory(proc.pid) as mem:
        stdout, stderr = proc.communicate()
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed (exit {proc.returncode}):\n{stderr[-3000:]}")
    return json.loads(stdout.strip().splitlines()[-1]), wall, mem.figures()


def measure_build(recipe_path: Path, workers: int, executor: str = "local") -> dict[str, Any]:
    """One build in a child process: wall time, stats and peak memory."""
    load = os.getloadavg()[0]
    out, wall, mem = run_measured([sys.executable, "-m", "bench.run", "--child", str(recipe_path),
                                   "--workers", str(workers), "--executor", executor])
    out["process_seconds"] = wall
    out["load_before"] = load
    out["memory"] = mem
    # With one local worker the tasks run in the main process; otherwise in other processes (pool workers
    # forked from a fork server, or Ray's workers), which getrusage does not see: /proc does.
    one = workers <= 1 and executor == "local"
    out["peak_rss_per_worker_mb"] = out["peak_rss_main_mb"] if one else mem["largest_worker_mb"]
    return out


def summarise(runs: list[dict[str, Any]], input_bytes: int, workers: int, executor: str) -> dict[str, Any]:
    """Medians over repeated runs; per stage, summed over tasks (so CPU-seconds across workers)."""
    med = statistics.median
    docs = runs[0]["records_read"]
    seconds = med(r["build_seconds"] for r in runs)
    stage_names = sorted({k for r in runs for k in r["seconds_per_stage"]})
    stage_seconds = {k: med(r["seconds_per_stage"].get(k, 0.0) for r in runs) for k in stage_names}
    in_stages = sum(stage_seconds.values()) or 1.0
    wall = {k: med(r["seconds_wall"][k] for r in runs) for k in runs[0]["seconds_wall"]}
    return {
        "workers": workers,
        "executor": executor,
        "runs": len(runs),
        "docs": docs,
        "input_mb": round(input_bytes / 1e6, 2),
        "seconds": round(seconds, 2),
        "docs_per_s": round(docs / seconds, 1),
        # the per-document stages alone (the tasks), without the corpus passes and writing that follow
        "task_phase_seconds": round(wall["tasks"], 2),
        "task_phase_docs_per_s": round(docs / (wall["tasks"] or 1), 1),
        "seconds_wall": {k: round(v, 2) for k, v in wall.items()},
        "mb_per_s": round(input_bytes / 1e6 / seconds, 3),
        "process_seconds": round(med(r["process_seconds"] for r in runs), 2),
        "cpu_seconds": round(med(r["memory"]["cpu_seconds"] for r in runs), 2),
        "docs_per_cpu_s": round(docs / med(r["memory"]["cpu_seconds"] for r in runs), 1),
        "each_run_cpu_seconds": [r["memory"]["cpu_seconds"] for r in runs],
        "peak_rss_per_worker_mb": round(max(r["peak_rss_per_worker_mb"] for r in runs), 1),
        "peak_rss_main_mb": round(max(r["peak_rss_main_mb"] for r in runs), 1),
        "peak_rss_tree_mb": round(max(r["memory"]["tree_mb"] for r in runs), 1),
        "peak_rss_ray_services_mb": round(max(r["memory"]["services_mb"] for r in runs), 1),
        "load_before": [round(r["load_before"], 2) for r in runs],
        "rows_written": runs[0]["rows_written"],
        "rejected": runs[0]["rejected"],
        "tasks": runs[0]["tasks"],
        "stages": {
            k: {
                "seconds": round(v, 3),
                "share": round(v / in_stages, 3),
                "docs_per_s_one_core": round(docs / v, 1) if v else None,
                "mb_per_s_one_core": round(input_bytes / 1e6 / v, 3) if v else None,
            }
            for k, v in stage_seconds.items()
        },
        "each_run_seconds": [round(r["build_seconds"], 2) for r in runs],
    }


# --- where the time goes --------------------------------------------------------

class _ProfiledStage:
    """A stage whose calls are recorded by its own profiler, so hot spots are attributed to stages."""

    def __init__(self, stage: Any, profiler: cProfile.Profile) -> None:
        self._stage = stage
        self._profiler = profiler

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stage, name)

    def __call__(self, doc: Any) -> Any:
        self._profiler.enable()
        try:
            return self._stage(doc)
        finally:
            self._profiler.disable()


def profile_stages(recipe_path: Path, top: int = 6) -> dict[str, Any]:
    """Build once in this process, one worker, with a profiler per stage; top functions by own time."""
    import pipeline.task as task_module
    from pipeline.build import build
    from pipeline.recipe import load_recipe

    profilers: dict[str, cProfile.Profile] = {}
    original = task_module.build_stages

    def profiled_stages(recipe: Any) -> list[Any]:
        return [_ProfiledStage(s, profilers.setdefault(s.name, cProfile.Profile())) for s in original(recipe)]

    task_module.build_stages = profiled_stages
    try:
        result = build(load_recipe(recipe_path), workers=1)
    finally:
        task_module.build_stages = original
    report: dict[str, Any] = {"docs": result.stats["records_read"], "build_seconds": round(result.seconds, 2), "stages": {}}
    for name, prof in profilers.items():
        st = pstats.Stats(prof)
        total = sum(v[2] for v in st.stats.values())  # type: ignore[attr-defined]
        rows = sorted(st.stats.items(), key=lambda kv: kv[1][2], reverse=True)[:top]  # type: ignore[attr-defined]
        report["stages"][name] = {
            "profiled_seconds": round(total, 3),
            "top_own_time": [
                {"function": _where(key), "seconds": round(v[2], 3), "share": round(v[2] / total, 3) if total else 0,
                 "calls": v[1]}
                for key, v in rows
            ],
        }
    return report


def _where(key: tuple[str, int, str]) -> str:
    path, line, func = key
    if path == "~":
        return func  # a builtin
    p = Path(path)
    parts = p.parts
    for anchor in ("site-packages", "pipeline"):
        if anchor in parts:
            i = len(parts) - 1 - parts[::-1].index(anchor)
            rel = "/".join(parts[i + 1:] if anchor == "site-packages" else parts[i:])
            return f"{rel}:{line} {func}"
    return f"{p.name}:{line} {func}"


# --- the command ----------------------------------------------------------------------

def run(docs: int, seed: int, workers: list[int], repeat: int, fmt: str, pipeline: str,
        overrides: dict[str, Any], corpus_dir: Path, executors: list[str],
        given: list[str] | None = None) -> dict[str, Any]:
    if given:
        inputs, fmt, manifest = given_inputs(given)
    else:
        manifest = generate(corpus_dir, docs, seed, jobs=max(workers))
        fmt = choose_format(fmt)
        inputs = corpus_inputs(corpus_dir, fmt, manifest=manifest)
    results = []
    with tempfile.TemporaryDirectory(prefix="newscorpus-bench-") as tmp:
        for executor in executors:
            for w in workers:
                runs = []
                for r in range(repeat):
                    folder = Path(tmp) / f"{executor}-w{w}-r{r}"
                    folder.mkdir()
                    recipe = write_recipe(folder, inputs, fmt, folder / "output", pipeline,
                                          task_bytes_for(manifest["bytes"], w), overrides)
                    runs.append(measure_build(recipe, w, executor))
                    print(f"  {executor}, {w} worker(s), run {r + 1}/{repeat}: {runs[-1]['build_seconds']:.1f} s",
                          file=sys.stderr)
                results.append(summarise(runs, manifest["bytes"], w, executor))
    return {
        "bench": "run",
        "command": "python -m bench.run " + " ".join(sys.argv[1:]),
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": {"cores": os.cpu_count(), "python": sys.version.split()[0]},
        "corpus": {k: manifest[k] for k in ("docs", "seed", "bytes", "median_bytes", "p99_bytes", "max_bytes")
                   if k in manifest} | ({"inputs": given} if given else {}),
        "input_format": fmt,
        "pipeline": pipeline,
        "overrides": overrides,
        "results": results,
    }


def print_report(report: dict[str, Any]) -> None:
    c = report["corpus"]
    print(f"corpus: {c['docs']} docs, {c['bytes'] / 1e6:.1f} MB (median {c['median_bytes']} B, max {c['max_bytes']} B), "
          f"input {report['input_format']}, pipeline {report['pipeline']}")
    for r in report["results"]:
        print(f"\n{r['executor']}, {r['workers']} worker(s), median of {r['runs']}: {r['seconds']:.1f} s  {r['docs_per_s']:.0f} docs/s  "
              f"{r['mb_per_s']:.2f} MB/s  {r['docs_per_cpu_s']:.0f} docs/CPU-s  peak RSS per worker {r['peak_rss_per_worker_mb']:.0f} MB "
              f"(main {r['peak_rss_main_mb']:.0f} MB, tree {r['peak_rss_tree_mb']:.0f} MB"
              + (f", Ray's own processes {r['peak_rss_ray_services_mb']:.0f} MB" if r["peak_rss_ray_services_mb"] else "")
              + f")  tasks {r['tasks']}  load before {r['load_before']}")
        print(f"  phases (wall s): {r['seconds_wall']}; tasks alone {r['task_phase_docs_per_s']:.0f} docs/s")
        print(f"  {'stage':<12} {'s (all tasks)':>13} {'share':>6} {'docs/s/core':>12} {'MB/s/core':>10}")
        for name, s in sorted(r["stages"].items(), key=lambda kv: -kv[1]["seconds"]):
            rate = f"{s['docs_per_s_one_core']:.0f}" if s["docs_per_s_one_core"] else "-"
            mb = f"{s['mb_per_s_one_core']:.2f}" if s["mb_per_s_one_core"] else "-"
            print(f"  {name:<12} {s['seconds']:>13.2f} {s['share']:>6.1%} {rate:>12} {mb:>10}")
    first = report["results"][0]
    for r in report["results"][1:]:
        print(f"\n{r['executor']} {r['workers']} vs {first['executor']} {first['workers']} worker(s): "
              f"{first['task_phase_seconds'] / r['task_phase_seconds']:.2f}x the speed on the tasks (per-document "
              f"stages), {first['seconds'] / r['seconds']:.2f}x end to end (medians)")


def print_profile(report: dict[str, Any]) -> None:
    print(f"\nprofile: {report['docs']} docs, one worker, {report['build_seconds']} s with profilers on")
    stages = sorted(report["stages"].items(), key=lambda kv: -kv[1]["profiled_seconds"])
    for name, s in stages:
        print(f"  {name}: {s['profiled_seconds']:.2f} s")
        for f in s["top_own_time"]:
            print(f"      {f['share']:>6.1%} {f['seconds']:>7.2f} s  {f['calls']:>8}x  {f['function']}")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--docs", type=int, default=20_000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--workers", type=int, action="append", help="repeatable (default: 1 and 2)")
    p.add_argument("--executor", action="append", choices=("local", "ray"),
                   help="repeatable (default: local); ray starts a local Ray with --workers CPUs")
    p.add_argument("--repeat", type=int, default=3, help="runs per worker count; medians are reported")
    p.add_argument("--format", default="auto", choices=("auto", "jsonl", "txt"),
                   help="input the build reads (auto: JSONL if the build has a JSONL reader, else text files)")
    p.add_argument("--pipeline", default="full", choices=("full", "matching"),
                   help="full: every stage and duplicate links; matching: only what datatrove's pipeline does")
    p.add_argument("--set", dest="overrides", action="append", default=[], metavar="KEY=VALUE",
                   help="recipe override, e.g. --set stages.language.sample_chars=2000 (repeatable)")
    p.add_argument("--profile", action="store_true", help="also profile one single-worker build per stage")
    p.add_argument("--profile-docs", type=int, default=2000, help="articles in the profiled build (whole shards)")
    p.add_argument("--corpus", type=Path, help="corpus folder (default bench/out/corpus-<docs>-<seed>)")
    p.add_argument("--input", action="append", metavar="FILE_OR_GLOB",
                   help="build these files (JSONL, else text) instead of the generated corpus (repeatable)")
    p.add_argument("--out", type=Path, default=OUT, help="where the JSON figures go")
    p.add_argument("--child", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        _child(args.child, (args.workers or [1])[0], (args.executor or ["local"])[0])
        return 0

    corpus_dir = args.corpus or OUT / f"corpus-{args.docs}-{args.seed}"
    overrides = parse_overrides(args.overrides)
    report = run(args.docs, args.seed, args.workers or [1, 2], args.repeat, args.format, args.pipeline, overrides,
                 corpus_dir, args.executor or ["local"], args.input)
    if args.profile and args.input:
        raise SystemExit("--profile profiles the generated corpus: leave out --input")
    if args.profile:
        manifest = json.loads((corpus_dir / "manifest.json").read_text(encoding="utf-8"))
        with tempfile.TemporaryDirectory(prefix="newscorpus-profile-") as tmp:
            inputs = corpus_inputs(corpus_dir, report["input_format"], args.profile_docs, manifest)
            recipe = write_recipe(Path(tmp), inputs, report["input_format"], Path(tmp) / "output", args.pipeline,
                                  overrides=overrides)
            report["profile"] = profile_stages(recipe)
    print_report(report)
    if "profile" in report:
        print_profile(report["profile"])
    args.out.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for name in (f"run-{stamp}.json", "run-latest.json"):
        (args.out / name).write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nfigures: {args.out / f'run-{stamp}.json'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
