"""Mask detection on real text: a labelled dev set of news pages, and pages that hold no mask at all.

    python -m bench.masks_eval --devset ../shared/devset [--manpages '/data/manpages/part-*.jsonl'] [--show]

Every document goes through the demo recipe's per-document stages, as a build runs them (the
restoration pass does not change which masks are listed, so it is left out). For the dev set it
prints what the set's own `score.py` prints for masks, counted the same way per document: on the
real pages (`docs/`, labels in `labels.jsonl`) precision and recall, on `masked/` (planted masks)
recall, precision and the documents with `**` or `＊＊` still in `text`; and the masks by kind.
For the manual pages (a JSONL of rendered pages, which contain no censorship) it prints the
masks found by kind per 1,000 pages and each censorship mask with its page; pages with no
character that could start a mask are counted but not run, since no stage adds one. `--show`
prints the dev set's misses.
"""

from __future__ import annotations

import argparse
import glob
import json
import re
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pipeline.document import MASK_KINDS, Document  # noqa: E402
from pipeline.readers import read_file  # noqa: E402
from pipeline.recipe import load_recipe  # noqa: E402
from pipeline.stages import build_stages  # noqa: E402
from pipeline.stages.masks import MasksStage  # noqa: E402
from pipeline.task import clean_document  # noqa: E402

LEFT = re.compile(r"\*\*|＊＊")


class Cleaner:
    """The demo recipe's stages, privacy masks listed so that every kind is counted."""

    def __init__(self) -> None:
        recipe = load_recipe(ROOT / "corpora" / "demo")
        self.stages = [MasksStage(**{**s.options, "privacy": "mark"}) if s.name == "masks" else s
                       for s in build_stages(recipe)]
        self.options = recipe.settings.reader

    def documents(self, paths: list[str]) -> Iterator[tuple[str, Document]]:
        for path in paths:
            for record in read_file(path, path, options=self.options):
                if isinstance(record, Document):
                    name = Path(path).stem if path.endswith(".txt") else f"{Path(path).stem}:{record.source_index}"
                    out = clean_document(record, self.stages, Counter())
                    if isinstance(out, Document):
                        yield name, out


def dev_figures(cleaner: Cleaner, devset: Path, show: bool) -> None:
    for part, labels_path in (("docs", devset / "labels.jsonl"), ("masked", devset / "masked" / "labels.jsonl")):
        labels = {d["id"]: d for d in map(json.loads, labels_path.read_text(encoding="utf-8").splitlines()) if d}
        tp = fp = fn = left = 0
        kinds: Counter[str] = Counter()
        for name, doc in cleaner.documents(sorted(glob.glob(str(devset / part / "*.txt")))):
            # score.py counts every listed redaction; a build lists privacy masks only with privacy = "mark"
            listed = [r for r in doc.redactions if r.kind != "privacy"]
            kinds.update(r.kind for r in doc.redactions)
            gold = int(labels.get(name, {}).get("redaction_masks") or 0)
            tp, fp, fn = tp + min(gold, len(listed)), fp + max(0, len(listed) - gold), fn + max(0, gold - len(listed))
            stuck = part == "masked" and bool(LEFT.search(doc.text))
            left += stuck
            if show and (gold != len(listed) or stuck):
                print(f"  {part}/{name}: labelled {gold}, listed {len(listed)}" + (", mask left in text" if stuck else ""))
        p, r = tp / (tp + fp) if tp + fp else 1.0, tp / (tp + fn) if tp + fn else 1.0
        extra = f" | docs with a mask left in text {left}" if part == "masked" else ""
        print(f"dev {part:<6} | precision {p:.3f} recall {r:.3f} (tp {tp} fp {fp} fn {fn}){extra} | "
              f"by kind {_kinds(kinds)}")


def manpage_figures(cleaner: Cleaner, pattern: str) -> None:
    started = time.perf_counter()
    pages, run, kinds, censored = 0, [], Counter(), []
    for path in sorted(glob.glob(pattern)):
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                pages += 1
                record = json.loads(line)
                if _may_hold_a_mask(f"{record.get('title') or ''}\n{record.get('text') or ''}"):
                    run.append(line)
    if not run:
        print(f"manual pages: {pages} pages, none with a character that could start a mask")
        return
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp) / "pages.jsonl"
        scratch.write_text("".join(run), encoding="utf-8")
        for name, doc in cleaner.documents([str(scratch)]):
            kinds.update(r.kind for r in doc.redactions)
            censored += [(name, r) for r in doc.redactions if r.kind == "censorship"]
    per_1000 = 1000 * len(censored) / max(1, pages)
    print(f"manual pages: {pages} pages ({len(run)} with a candidate character, run in "
          f"{time.perf_counter() - started:.0f} s) | censorship masks {len(censored)} ({per_1000:.2f} per 1,000 pages) | "
          f"by kind {_kinds(kinds)}")
    for name, r in censored:
        print(f"  {name} [{r.field}]: …{r.left[-40:]!r} {r.raw!r} {r.right[:30]!r}…")


def _may_hold_a_mask(text: str) -> bool:
    return bool(re.search(r"[*＊×□]|[XＸ]{2}|[A-Za-z](?:—|–|[$#@!%&]{2})", text))


def _kinds(kinds: Counter[str]) -> str:
    return ", ".join(f"{k} {kinds.get(k, 0)}" for k in MASK_KINDS)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--devset", type=Path, help="a folder laid out as ../shared/devset (docs/, masked/, labels)")
    ap.add_argument("--manpages", help="glob of JSONL files of rendered manual pages")
    ap.add_argument("--show", action="store_true", help="print the dev set's misses")
    a = ap.parse_args(argv)
    if not a.devset and not a.manpages:
        ap.error("give --devset, --manpages or both")
    cleaner = Cleaner()
    if a.devset:
        dev_figures(cleaner, a.devset, a.show)
    if a.manpages:
        manpage_figures(cleaner, a.manpages)


if __name__ == "__main__":
    main()
