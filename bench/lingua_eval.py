"""Language identification on public and real data: lingua's test data and the dev set, beside plain langdetect.

    python bench/lingua_eval.py /tmp/language-testdata [--devset ../shared/devset] [--items 300] [--lingua]

The test data is the `language-testdata/` folder of the public lingua-py
repository (sentences/, word-pairs/, single-words/, one item a line per
language); it is not part of this repository: bring it and pass its path.
Scored are the languages both it and langdetect know (51, Norwegian Bokmål
standing for langdetect's `no`), the first --items lines of each file.

Printed per detector (the language stage's `detect`; plain seeded langdetect;
with --lingua, lingua alone with all its languages): accuracy on sentences and
on word pairs, their mean ("overall"), the languages below 95% on either, the
commonest confusions, and throughput in sentences per CPU-second of this
process (after a warm-up on every 10th item that loads lingua's models, the
profiles' word cache then emptied). With --devset: document
accuracy of the stage on the dev set's docs against their `lang` labels (the
stage run on the raw text, before boilerplate removal), per language.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import langdetect  # noqa: E402

from bench.lang_eval import plain  # noqa: E402  (plain seeded langdetect, as lang_eval scores it)
from pipeline.document import Document  # noqa: E402
from pipeline.stages import language  # noqa: E402
from pipeline.stages.language import LanguageStage, detect  # noqa: E402

KINDS = ("sentences", "word-pairs")
# lingua's file names that langdetect writes otherwise.
LABEL = {"nb": "no"}


def langdetect_codes() -> set[str]:
    return {p.name.split("-")[0] for p in (Path(langdetect.__file__).parent / "profiles").iterdir()}


def load(folder: Path, kind: str, n: int) -> list[tuple[str, str]]:
    known = langdetect_codes()
    items = []
    for path in sorted((folder / kind).glob("*.txt")):
        label = LABEL.get(path.stem, path.stem)
        if label in known:
            lines = [x.strip() for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
            items += [(label, x) for x in lines[:n]]
    return items


def lingua_all() -> Callable[[str], str]:
    from lingua import LanguageDetectorBuilder

    detector = LanguageDetectorBuilder.from_all_languages().build()

    def run(text: str) -> str:
        found = detector.detect_language_of(text)
        iso = found.iso_code_639_1.name.lower() if found else "und"
        return "no" if iso in ("nb", "nn") else iso
    return run


def score(fn: Callable[[str], str], items: list[tuple[str, str]]) -> tuple[float, float, dict[str, float], Counter]:
    """(accuracy, items per CPU-second, accuracy per language, confusions)."""
    right, total, confusions = Counter(), Counter(), Counter()
    start = time.process_time()
    answers = [fn(text) for _, text in items]
    seconds = time.process_time() - start
    for (label, _), got in zip(items, answers):
        total[label] += 1
        right[label] += got == label
        if got != label:
            confusions[f"{label}->{got}"] += 1
    return sum(right.values()) / len(items), len(items) / seconds, {k: right[k] / total[k] for k in total}, confusions


def report(name: str, fn: Callable[[str], str], data: dict[str, list[tuple[str, str]]]) -> None:
    for items in data.values():  # warm-up: lingua's models loaded, as in a build past its first documents
        for _, text in items[::10]:
            fn(text)
    language.forget_words()  # but every word new to the profiles' cache
    accuracies = []
    print(f"{name}")
    for kind, items in data.items():
        acc, speed, per, confusions = score(fn, items)
        accuracies.append(acc)
        low = ", ".join(f"{k} {v:.2f}" for k, v in sorted(per.items(), key=lambda kv: kv[1]) if v < 0.95)
        print(f"  {kind:11} {acc:.4f}  {speed:7.0f} items per CPU-second  (n={len(items)})")
        print(f"    below 0.95: {low or 'none'}")
        print(f"    confusions: {', '.join(f'{k} {n}' for k, n in confusions.most_common(10))}")
    print(f"  overall     {sum(accuracies) / len(accuracies):.4f}")


def devset(folder: Path) -> None:
    labels = [json.loads(line) for line in (folder / "labels.jsonl").read_text(encoding="utf-8").splitlines()]
    stage = LanguageStage()
    right, total, misses = Counter(), Counter(), []
    for label in labels:
        if not label.get("lang"):
            continue
        text = (folder / "docs" / f"{label['id']}.txt").read_text(encoding="utf-8", errors="replace")
        doc = stage(Document(text, label["id"], 0))
        total[label["lang"]] += 1
        right[label["lang"]] += doc.lang == label["lang"]
        if doc.lang != label["lang"]:
            misses.append(f"{label['id']} {label['lang']}->{doc.lang}")
    print(f"Dev set (raw text, stage): {sum(right.values()) / sum(total.values()):.4f} of {sum(total.values())} docs")
    print("  per language: " + ", ".join(f"{k} {right[k]}/{total[k]}" for k in sorted(total)))
    print("  misses: " + (", ".join(misses) or "none"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("testdata", type=Path, help="lingua-py's language-testdata folder")
    parser.add_argument("--items", type=int, default=300, help="lines read per language and kind")
    parser.add_argument("--devset", type=Path, help="the dev set folder (labels.jsonl, docs/)")
    parser.add_argument("--lingua", action="store_true", help="also lingua alone, all its languages (slow, ~1.4 GB)")
    parser.add_argument("--no-plain", action="store_true", help="skip plain langdetect (slow)")
    args = parser.parse_args()
    data = {kind: load(args.testdata, kind, args.items) for kind in KINDS}
    print(f"lingua test data: {len({lb for lb, _ in data['sentences']})} languages, {args.items} items per file")
    report("language stage (detect)", lambda t: detect(t)[0], data)
    if not args.no_plain:
        report("plain langdetect (seed 0)", plain, data)
    if args.lingua:
        report("lingua, all languages, high accuracy", lingua_all(), data)
    if args.devset:
        devset(args.devset)


if __name__ == "__main__":
    main()
