"""Language identification: accuracy on the team's labelled set, agreement with plain langdetect, speed.

    python bench/lang_eval.py [--runs 3] [--data tests/data/lang]
    python bench/lang_eval.py --texts 'some/corpus/*.txt' more.jsonl   # real, unlabelled documents

The labelled set (tests/data/lang/<label>.txt, documents separated by a line
"%%") holds, per language, one news article of several paragraphs and three
one-sentence items, all written by the team. Figures printed:

- document accuracy of the language stage and of plain seeded langdetect,
  short and long texts, and per language where either misses;
- paragraph accuracy on mixed documents (an article with a paragraph of
  another language put in the middle);
- same answers as plain langdetect, on documents and on paragraphs read alone,
  with every difference listed (the deliberate ones are the languages
  langdetect has no profile for or reads wrongly by script);
- docs/s on full texts, articles and one-sentence items apart (median of
  --runs, CPU time of this process): plain langdetect; the stage as a build
  runs it (word cache filled as it goes, each text read once); the worst case
  (cache emptied before every text); and with every word already cached.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from langdetect import DetectorFactory, detect_langs  # noqa: E402
from langdetect.lang_detect_exception import LangDetectException  # noqa: E402

from pipeline.document import Document  # noqa: E402
from pipeline.stages import language  # noqa: E402
from pipeline.stages.language import LanguageStage, detect, paragraph_spans  # noqa: E402

# langdetect has no profile for these, or reads their script as another language.
DELIBERATE = {"ka", "hy", "sr", "zh-tw"}
# (article, inserted paragraph) pairs for mixed documents.
MIXED = [("en", "es"), ("de", "en"), ("zh-cn", "en"), ("ru", "uk"), ("fr", "it"), ("ar", "en"), ("ja", "en"),
         ("es", "pt"), ("pl", "cs"), ("sv", "da"), ("el", "en"), ("tr", "de"), ("ko", "en"), ("uk", "ru")]


def load(folder: Path) -> list[tuple[str, str]]:
    docs = []
    for path in sorted(folder.glob("*.txt")):
        docs += [(path.stem, text.strip()) for text in path.read_text(encoding="utf-8").split("\n%%\n")]
    return docs


def plain(text: str) -> str:
    DetectorFactory.seed = 0
    try:
        return detect_langs(text)[0].lang.split("-")[0]
    except LangDetectException:
        return "und"


def base(label: str) -> str:
    return label.split("-")[0]


def accuracy(docs: list[tuple[str, str]]) -> None:
    ours = {i: detect(t)[0] for i, (_, t) in enumerate(docs)}
    theirs = {i: plain(t) for i, (_, t) in enumerate(docs)}
    print(f"Labelled set: {len(docs)} documents, {len({base(lb) for lb, _ in docs})} languages "
          f"({len({lb for lb, _ in docs})} labels with zh-cn/zh-tw)")
    for kind, pick in (("all", lambda t: True), ("short (< 200 chars)", lambda t: len(t) < 200),
                       ("long (>= 200 chars)", lambda t: len(t) >= 200)):
        rows = [i for i, (_, t) in enumerate(docs) if pick(t)]
        ok = sum(ours[i] == base(docs[i][0]) for i in rows)
        ok_plain = sum(theirs[i] == base(docs[i][0]) for i in rows)
        print(f"  document accuracy, {kind:20}: stage {ok / len(rows):6.1%}   plain langdetect {ok_plain / len(rows):6.1%}"
              f"   (n={len(rows)})")
    misses = Counter()
    for i, (label, _) in enumerate(docs):
        if ours[i] != base(label):
            misses[f"{label}: stage said {ours[i]}"] += 1
        if theirs[i] != base(label):
            misses[f"{label}: langdetect said {theirs[i]}"] += 1
    for what, n in sorted(misses.items()):
        print(f"    {n} x {what}")


def mixed_paragraphs(docs: list[tuple[str, str]]) -> None:
    articles = {}
    for label, text in docs:
        articles.setdefault(label, text)  # the first document of each label is its article
    stage = LanguageStage()
    right = total = doc_right = 0
    wrong = []
    for a, b in MIXED:
        paras = articles[a].split("\n\n")
        insert = articles[b].split("\n\n")[1]
        text = "\n\n".join(paras[:2] + [insert] + paras[2:])
        expected = [base(a)] * 2 + [base(b)] + [base(a)] * (len(paras) - 2)
        d = stage(Document(text, "bench", 0))
        got = [p.lang for p in d.paragraphs]
        right += sum(g == e for g, e in zip(got, expected))
        total += len(expected)
        doc_right += d.lang == base(a)
        if got != expected:
            wrong.append(f"{a}+{b}: {got}")
    print(f"Mixed documents: {len(MIXED)}; paragraph accuracy {right / total:.1%} ({right}/{total}), "
          f"document language {doc_right}/{len(MIXED)}")
    for w in wrong:
        print(f"    {w}")


def agreement(docs: list[tuple[str, str]]) -> None:
    units = [(label, text, "document") for label, text in docs]
    units += [(label, text[s:e], "paragraph") for label, text in docs if "\n\n" in text
              for s, e in paragraph_spans(text)]
    for kind in ("document", "paragraph"):
        rows = [(label, text) for label, text, k in units if k == kind]
        differ = [(label, detect(text)[0], plain(text), text) for label, text in rows]
        differ = [d for d in differ if d[1] != d[2]]
        kept = [d for d in differ if d[0] not in DELIBERATE]
        profiled = [r for r in rows if r[0] not in DELIBERATE]
        print(f"Same answer as plain langdetect, {kind}s: {1 - len(differ) / len(rows):.1%} of {len(rows)}; "
              f"{1 - len(kept) / len(profiled):.1%} of the {len(profiled)} in languages it reads by profile")
        for label, ours, theirs, text in differ:
            tag = "deliberate" if label in DELIBERATE else "OTHER"
            print(f"    {tag:10} {label:6} stage={ours:4} langdetect={theirs:4} {text[:50]!r}")


def timed(fn, texts: list[str]) -> float:
    start = time.process_time()
    for t in texts:
        fn(t)
    return time.process_time() - start


def speed(name: str, texts: list[str], runs: int) -> None:
    stage = LanguageStage()
    stage(Document("warm up the profiles", "bench", 0))
    plain("warm up the profiles")

    def run_stage(text: str) -> None:
        stage(Document(text, "bench", 0))

    def run_cold(text: str) -> None:
        language.forget_words()
        stage(Document(text, "bench", 0))

    figures: dict[str, list[float]] = {"plain langdetect": [], "stage, as in a build": [],
                                       "stage, every word new": [], "stage, every word cached": []}
    for _ in range(runs):
        figures["plain langdetect"].append(timed(plain, texts))
        language.forget_words()
        figures["stage, as in a build"].append(timed(run_stage, texts))
        figures["stage, every word cached"].append(timed(run_stage, texts))
        figures["stage, every word new"].append(timed(run_cold, texts))
    chars = sum(map(len, texts))
    print(f"Speed on {name}: {len(texts)} full texts, {chars / len(texts):.0f} characters on average, "
          f"median of {runs} runs (CPU seconds of this process)")
    reference = statistics.median(figures["plain langdetect"])
    for name, seconds in figures.items():
        s = statistics.median(seconds)
        print(f"  {name:26} {len(texts) / s:8.0f} docs/s  {chars / s / 1e6:6.2f} MB/s  x{reference / s:5.1f}")


def read_texts(paths: list[str]) -> list[str]:
    """Documents to time and compare: .txt files (one document each) or .jsonl files (a "text" field per line)."""
    texts = []
    for pattern in paths:
        for path in sorted(Path().glob(pattern)) if not Path(pattern).is_file() else [Path(pattern)]:
            if path.suffix == ".jsonl":
                texts += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
            else:
                texts.append(path.read_text(encoding="utf-8", errors="replace"))
    return [t for t in texts if t.strip()]


def agreement_on(texts: list[str]) -> None:
    same = 0
    differ = Counter()
    for text in texts:
        ours, theirs = detect(text)[0], plain(text)
        same += ours == theirs
        if ours != theirs:
            differ[f"stage={ours} langdetect={theirs}"] += 1
    print(f"Same answer as plain langdetect on the given texts: {same / len(texts):.2%} of {len(texts)}")
    for what, n in differ.most_common():
        print(f"    {n} x {what}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--data", type=Path, default=ROOT / "tests" / "data" / "lang")
    parser.add_argument("--demo", type=Path, default=ROOT / "corpora" / "demo" / "articles",
                        help="more full texts for the speed figures (the demo articles)")
    parser.add_argument("--texts", nargs="*", default=[],
                        help="instead: unlabelled real documents (.txt files or .jsonl with a text field, globs "
                             "allowed) for agreement and speed")
    args = parser.parse_args()
    if args.texts:
        texts = read_texts(args.texts)
        agreement_on(texts)
        speed("the given texts", texts, args.runs)
        return
    docs = load(args.data)
    accuracy(docs)
    mixed_paragraphs(docs)
    agreement(docs)
    articles = [t for _, t in docs if "\n\n" in t] + [p.read_text(encoding="utf-8") for p in sorted(args.demo.glob("*.txt"))]
    speed("news articles (labelled set and demo)", articles, args.runs)
    speed("one-sentence items", [t for _, t in docs if "\n\n" not in t], args.runs)


if __name__ == "__main__":
    main()
