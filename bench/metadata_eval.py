"""Metadata and boilerplate accuracy on a labelled dev set.

    python bench/metadata_eval.py [--dev tests/data/metadata_dev] [--runs 3] [--show-errors]

The dev set is a folder with `corpus.toml` (the recipe whose stage options
apply, e.g. per-source boilerplate rules), `articles/*.txt` and `labels.jsonl`
with, per article: title, source, published, updated, authors, the header
lines, the boilerplate lines, the heading paragraphs, the crawl time and the
day-first hint. Every article goes through the per-document stages up to and
including `structure`; the script prints per-field accuracy, boilerplate line
precision and recall, the share of body lines kept, heading precision and
recall, and the throughput of those stages (median over runs).

A body line counts as kept when it is still a line of the text, once a wire
byline the headers stage cut from its start ("(서울=한빛통신) 김민수 기자 =",
recorded in `removed`) is taken off it.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pipeline.document import Document  # noqa: E402
from pipeline.recipe import load_recipe  # noqa: E402
from pipeline.stages import ORDER, Stage  # noqa: E402

DEV = ROOT / "tests" / "data" / "metadata_dev"
LAST_STAGE = "structure"
FIELDS = ("title", "source", "date", "authors")


@dataclass
class Report:
    articles: int = 0
    correct: dict[str, int] = field(default_factory=dict)
    boilerplate_labelled: int = 0
    boilerplate_removed: int = 0  # labelled boilerplate lines no longer in the text
    removed_as_boilerplate: int = 0  # lines the stages removed as boilerplate
    removed_correctly: int = 0  # ... that are labelled boilerplate
    body_lines: int = 0
    body_kept: int = 0
    headings_labelled: int = 0
    headings_found: int = 0
    headings_correct: int = 0
    errors: list[str] = field(default_factory=list)

    def accuracy(self, name: str) -> float:
        return self.correct.get(name, 0) / self.articles if self.articles else 0.0

    @property
    def boilerplate_recall(self) -> float:
        return self.boilerplate_removed / self.boilerplate_labelled if self.boilerplate_labelled else 1.0

    @property
    def boilerplate_precision(self) -> float:
        return self.removed_correctly / self.removed_as_boilerplate if self.removed_as_boilerplate else 1.0

    @property
    def body_kept_ratio(self) -> float:
        return self.body_kept / self.body_lines if self.body_lines else 1.0

    @property
    def heading_precision(self) -> float:
        return self.headings_correct / self.headings_found if self.headings_found else 1.0

    @property
    def heading_recall(self) -> float:
        return self.headings_correct / self.headings_labelled if self.headings_labelled else 1.0


def load_labels(dev: Path) -> list[dict[str, Any]]:
    labels = [json.loads(line) for line in (dev / "labels.jsonl").read_text(encoding="utf-8").splitlines() if line]
    for label in labels:
        lines = {line.strip() for line in (dev / "articles" / label["file"]).read_text(encoding="utf-8").splitlines()}
        for key in ("header", "boilerplate", "headings"):
            missing = [x for x in label[key] if x.strip() not in lines]
            if missing:
                raise ValueError(f"{label['file']}: {key} lines not in the article: {missing}")
    return labels


def stage_sets(dev: Path) -> dict[bool, list[Stage]]:
    """The recipe's stages up to `structure`, once per day-first hint."""
    recipe = load_recipe(dev)
    names = [cls.name for cls in ORDER]
    chosen = ORDER[: names.index(LAST_STAGE) + 1]
    sets = {}
    for day_first in (True, False):
        stages = []
        for cls in chosen:
            stage = recipe.settings.stage(cls.name)
            options = {**stage.options, **({"day_first": day_first} if cls.name == "headers" else {})}
            if stage.enabled:
                stages.append(cls(**options))
        sets[day_first] = stages
    return sets


def run_one(label: dict[str, Any], text: str, stages: list[Stage]) -> Document:
    doc = Document(text=text, source_path=label["file"], source_index=0, crawled=label.get("crawled"))
    for stage in stages:
        doc = stage(doc)
    return doc


def _kept(line: str, text_lines: set[str], prefixes: list[str]) -> bool:
    for prefix in prefixes:
        if line.startswith(prefix):
            line = line[len(prefix):].strip()
    return line in text_lines


def score(label: dict[str, Any], text: str, doc: Document, report: Report) -> None:
    name = label["file"]
    got_authors = [a.name for a in doc.authors]
    want_authors = [a["name"] for a in label["authors"]]
    checks = {
        "title": doc.title == label["title"],
        "source": doc.source == label["source"],
        "date": (doc.published, doc.updated) == (label["published"], label["updated"]),
        "published": doc.published == label["published"],
        "updated": doc.updated == label["updated"],
        "authors": got_authors == want_authors,
        "affiliations": [(a.name, a.affiliation) for a in doc.authors]
        == [(a["name"], a["affiliation"]) for a in label["authors"]],
        "date_unparsed_flag": ("date_unparsed" in doc.quality_flags) == label.get("date_unparsed", False),
    }
    report.articles += 1
    for key, ok in checks.items():
        report.correct[key] = report.correct.get(key, 0) + ok
    wrong = {
        "title": (doc.title, label["title"]),
        "source": (doc.source, label["source"]),
        "date": ((doc.published, doc.updated), (label["published"], label["updated"])),
        "authors": ([(a.name, a.affiliation) for a in doc.authors], [(a["name"], a["affiliation"]) for a in label["authors"]]),
        "date_unparsed_flag": (doc.quality_flags, label.get("date_unparsed", False)),
    }
    for key, (got, want) in wrong.items():
        if not checks["affiliations" if key == "authors" else key]:
            report.errors.append(f"{name}: {key}: got {got!r}, want {want!r}")

    text_lines = {line.strip() for line in doc.text.split("\n")}
    boilerplate = {line.strip() for line in label["boilerplate"]}
    header = {line.strip() for line in label["header"]} | {label["title"] or ""}
    report.boilerplate_labelled += len(boilerplate)
    for line in boilerplate:
        if line in text_lines:
            report.errors.append(f"{name}: boilerplate kept: {line!r}")
        else:
            report.boilerplate_removed += 1
    for removed in doc.removed:
        if removed.kind == "boilerplate":
            report.removed_as_boilerplate += 1
            if removed.text.strip() in boilerplate:
                report.removed_correctly += 1
            else:
                report.errors.append(f"{name}: removed as boilerplate but not labelled so: {removed.text.strip()!r}")
    prefixes = [r.text for r in doc.removed if r.kind == "byline" and r.line == -1]
    for line in (x.strip() for x in text.split("\n")):
        if line and line not in boilerplate and line not in header:
            report.body_lines += 1
            if _kept(line, text_lines, prefixes):
                report.body_kept += 1
            else:
                report.errors.append(f"{name}: body line lost: {line!r}")
    headings = {doc.text[p.start:p.end].strip() for p in doc.paragraphs if p.kind == "heading"}
    labelled = {line.strip() for line in label["headings"]}
    report.headings_labelled += len(labelled)
    report.headings_found += len(headings)
    report.headings_correct += len(headings & labelled)
    for line in headings - labelled:
        report.errors.append(f"{name}: taken for a heading: {line!r}")
    for line in labelled - headings:
        report.errors.append(f"{name}: heading missed: {line!r}")


def evaluate(dev: Path = DEV) -> Report:
    labels = load_labels(dev)
    sets = stage_sets(dev)
    report = Report()
    for label in labels:
        text = (dev / "articles" / label["file"]).read_text(encoding="utf-8")
        score(label, text, run_one(label, text, sets[label.get("day_first", True)]), report)
    return report


def throughput(dev: Path, runs: int) -> tuple[float, float]:
    """Median documents and megabytes per second of the stages up to `structure`."""
    labels = load_labels(dev)
    sets = stage_sets(dev)
    texts = [(label, (dev / "articles" / label["file"]).read_text(encoding="utf-8")) for label in labels]
    size = sum(len(t.encode("utf-8")) for _, t in texts)
    rounds = 20
    seconds = []
    for _ in range(runs):
        t0 = time.perf_counter()
        for _ in range(rounds):
            for label, text in texts:
                run_one(label, text, sets[label.get("day_first", True)])
        seconds.append(time.perf_counter() - t0)
    median = statistics.median(seconds)
    return rounds * len(texts) / median, rounds * size / median / 1e6


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dev", type=Path, default=DEV, help="dev set folder (corpus.toml, articles/, labels.jsonl)")
    parser.add_argument("--runs", type=int, default=3, help="timing runs (median reported); 0 to skip timing")
    parser.add_argument("--show-errors", action="store_true", help="list every wrong field and line")
    args = parser.parse_args(argv)
    report = evaluate(args.dev)
    print(f"dev set: {args.dev} ({report.articles} articles)")
    for name in (*FIELDS, "published", "updated", "affiliations", "date_unparsed_flag"):
        print(f"  {name:<20} accuracy {report.accuracy(name):7.1%}")
    print(f"  boilerplate lines    precision {report.boilerplate_precision:7.1%}  recall {report.boilerplate_recall:7.1%}"
          f"  ({report.boilerplate_labelled} labelled)")
    print(f"  body lines kept      {report.body_kept_ratio:7.1%}  ({report.body_kept}/{report.body_lines})")
    print(f"  headings             precision {report.heading_precision:7.1%}  recall {report.heading_recall:7.1%}"
          f"  ({report.headings_labelled} labelled)")
    if args.runs:
        docs, mb = throughput(args.dev, args.runs)
        print(f"  throughput (stages up to {LAST_STAGE}): {docs:,.0f} docs/s, {mb:.2f} MB/s (median of {args.runs})")
    if args.show_errors or report.errors:
        print(f"\n{len(report.errors)} errors" + (":" if args.show_errors else " (--show-errors to list)"))
        if args.show_errors:
            for line in report.errors:
                print("  " + line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
