"""Every figure of a labelled real-news folder, measured on a build by this repository's pipeline.

    python bench/devset_eval.py [DEVSET] [--masked] [--recipe corpora/demo] [--keep OUT] [--show FIELD]

DEVSET is a folder laid out like the team's dev set (default `../shared/devset` beside the
repository): `docs/*.txt`, `labels.jsonl`, `score.py`, and optionally `masked/`. The script
builds `docs/*.txt` with the given recipe (and `masked/*.txt` with `--masked`), by running
`python -m pipeline build` with this checkout first on the path so that the code measured is
the code in front of you, then prints the folder's own `score.py` figures (every field) and
the build's throughput in documents per second (wall time of the whole build, start-up
included, so small sets read low). `--show FIELD` prints that field's misses after the figures.

The dev set's text belongs to its publishers: this script reads it in place and writes only
to a temporary folder (or `--keep`); nothing of it enters the repository.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
DEVSET = ROOT.parent / "shared" / "devset"


def load_scorer(devset: Path) -> ModuleType:
    """The folder's own score.py, so that the figures are the ones its README defines."""
    spec = importlib.util.spec_from_file_location("devset_score", devset / "score.py")
    if spec is None or spec.loader is None:
        raise SystemExit(f"no score.py in {devset}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build(recipe: Path, pattern: str, out: Path) -> float:
    """Run this checkout's pipeline on the files; the wall time in seconds."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "pipeline", "build", str(recipe), "--input", pattern, "--output", str(out), "--quiet"],
        cwd=ROOT, env=env, check=True,
    )
    return time.perf_counter() - start


def evaluate(devset: Path, recipe: Path, out: Path, masked: bool) -> tuple[dict, dict, float, int]:
    """Build, score; the figures, the misses per field, the docs/s of the docs build, the docs count."""
    docs = sorted((devset / "docs").glob("*.txt"))
    if not docs:
        raise SystemExit(f"no docs/*.txt in {devset}")
    seconds = build(recipe, str(devset / "docs" / "*.txt"), out / "docs")
    masked_out = None
    if masked and (devset / "masked").is_dir():
        masked_out = out / "masked"
        build(recipe, str(devset / "masked" / "*.txt"), masked_out)
    scorer = load_scorer(devset)
    figures, misses = scorer.score(str(out / "docs"), str(devset / "labels.jsonl"),
                                   str(masked_out) if masked_out else None)
    return figures, misses, len(docs) / seconds, len(docs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("devset", nargs="?", type=Path, default=DEVSET)
    parser.add_argument("--recipe", type=Path, default=ROOT / "corpora" / "demo")
    parser.add_argument("--masked", action="store_true", help="also build and score masked/*.txt")
    parser.add_argument("--keep", type=Path, help="build into this folder and keep it (default: a temporary one)")
    parser.add_argument("--show", help="print the misses of one field (title source date author boilerplate ...)")
    args = parser.parse_args(argv)
    devset = args.devset.resolve()
    with tempfile.TemporaryDirectory(prefix="devset-eval-") as tmp:
        out = args.keep.resolve() if args.keep else Path(tmp)
        figures, misses, docs_per_s, n = evaluate(devset, args.recipe.resolve(), out, args.masked)
    print(f"dev set: {devset} ({n} docs)")
    for name, value in figures.items():
        print(f"  {name:24} {round(value, 3) if isinstance(value, float) else value}")
    print(f"  {'docs/s (whole build)':24} {docs_per_s:.1f}")
    if args.show:
        for line in misses.get(args.show, []):
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
