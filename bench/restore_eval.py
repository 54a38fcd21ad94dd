"""How well mask restoration guesses the hidden word, how honest its scores are, and what it costs.

Restoration cannot be judged on real masked text (the hidden word is unknown),
so this bench makes text where it is known. It generates unmasked articles in
the machine-translated style, from sentence templates in several topics whose
slots are filled from word lists: sensitive words (weapons, protests,
Xinjiang, democracy, crackdown...) compete with neutral words (vehicles,
festivals, Yunnan, tourism, inspection...) for the same slots, each slot
preferring some words over others as real collocations do. Then it masks a
random share of the sensitive words' occurrences in the seed's shapes
(`** equipment`, `conventional**`, `conventional **.`, `＊＊`, `***`), adds
honest stars (markdown bold, ratings, exponents, bullets) to some articles,
and runs the masks stage and the restoration pass exactly as a build would.

Printed per corpus size (100, 1k, 10k articles by default; small sizes pool
several independent corpora, since 100 articles hold only about 200 masks):
- detection precision and recall against the masks it inserted;
- top-1 and top-5 accuracy of the candidates (an empty list counts as wrong);
- calibration: mean top-1 score beside top-1 accuracy, and by score bin;
- "slot mode": how often the hidden word was its slot's most likely word, what
  a model that knew the templates but not which words are censored would get.

With `--timing`, the demo corpus is scaled to `--scale` articles (copies of
the demo articles, each made unique) and built with restoration off and on,
and the pass is also timed alone on the first build's work shards; wall and
CPU seconds are printed (the machine may be shared).

    python -m bench.restore_eval                      # 100, 1k, 10k articles
    python -m bench.restore_eval --sizes 1000 --timing --scale 10000 --repeat 2
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import xxhash

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pipeline.build import WORK, build  # noqa: E402
from pipeline.document import SCHEMA, Document  # noqa: E402
from pipeline.passes.restore import restore_pass  # noqa: E402
from pipeline.recipe import Recipe, load_recipe  # noqa: E402
from pipeline.stages.masks import MasksStage, find_masks  # noqa: E402

# Word classes: the sensitive words first, then the neutral words that compete for the same slots.
CLASSES: dict[str, tuple[list[str], list[str]]] = {
    "MIL": (["weapons", "missiles", "ammunition", "drones", "artillery"],
            ["vehicles", "supplies", "fuel", "radios", "uniforms", "tents", "medicine"]),
    "UNREST": (["protests", "riots", "strikes", "petitions", "demonstrations"],
               ["meetings", "festivals", "concerts", "parades", "exhibitions", "ceremonies"]),
    "PLACE": (["Taiwan", "Tibet", "Xinjiang", "Tiananmen"],
              ["Hainan", "Yunnan", "Sichuan", "Fujian", "Guangdong", "Zhejiang"]),
    "IDEA": (["democracy", "independence", "freedom", "censorship", "surveillance"],
             ["growth", "stability", "development", "cooperation", "investment", "reform", "tourism"]),
    "PEOPLE": (["dissidents", "activists", "protesters", "petitioners"],
               ["farmers", "teachers", "students", "engineers", "tourists", "workers", "doctors"]),
    "ACTION": (["crackdown", "detention", "sanctions", "arrests"],
               ["inspection", "review", "subsidies", "investigation", "audit"]),
}
SENSITIVE = {w for sensitive, _ in CLASSES.values() for w in sensitive}
# Words are not interchangeable: each has phrases of its own, used in a share of its slots.
COLLOCATIONS: dict[str, list[str]] = {
    "weapons": ["nuclear {}", "{} of mass destruction"], "missiles": ["ballistic {}", "{} and rockets"],
    "ammunition": ["{} depots", "live {}"], "drones": ["{} and satellites", "attack {}"],
    "artillery": ["{} shells", "heavy {}"], "vehicles": ["armoured {}", "{} and trucks"],
    "supplies": ["{} of food", "emergency {}"], "fuel": ["diesel {}", "{} tanks"],
    "radios": ["{} and phones", "portable {}"], "uniforms": ["winter {}", "{} and boots"],
    "tents": ["{} and blankets", "field {}"], "medicine": ["{} and bandages", "traditional {}"],
    "protests": ["street {}", "{} against the plan"], "riots": ["{} and looting", "violent {}"],
    "strikes": ["{} by dock workers", "general {}"], "petitions": ["online {}", "{} to the bureau"],
    "demonstrations": ["mass {}", "{} in the square"], "meetings": ["{} of the committee", "closed-door {}"],
    "festivals": ["music {}", "{} and fairs"], "concerts": ["{} in the park", "open-air {}"],
    "parades": ["{} and fireworks", "military {}"], "exhibitions": ["art {}", "{} of paintings"],
    "ceremonies": ["opening {}", "{} and banquets"],
    "Taiwan": ["{} Strait", "{} island"], "Tibet": ["{} plateau", "monks in {}"],
    "Xinjiang": ["camps in {}", "{} cotton"], "Tiananmen": ["{} Square", "{} incident"],
    "Hainan": ["{} beaches", "{} island"], "Yunnan": ["{} tea", "{} province"], "Sichuan": ["{} pepper", "{} basin"],
    "Fujian": ["{} coast", "{} province"], "Guangdong": ["{} factories", "{} province"],
    "Zhejiang": ["{} merchants", "{} province"],
    "democracy": ["pro-{} groups", "{} movement"], "independence": ["{} activists", "{} referendum"],
    "freedom": ["{} of speech", "press {}"], "censorship": ["internet {}", "{} of the press"],
    "surveillance": ["{} cameras", "mass {}"], "growth": ["economic {}", "{} targets"],
    "stability": ["social {}", "financial {}"], "development": ["rural {}", "{} zones"],
    "cooperation": ["regional {}", "{} agreements"], "investment": ["foreign {}", "{} funds"],
    "reform": ["pension {}", "{} plans"], "tourism": ["{} revenue", "rural {}"],
    "dissidents": ["exiled {}", "jailed {}"], "activists": ["rights {}", "student {}"],
    "protesters": ["masked {}", "{} and police"], "petitioners": ["{} from the countryside", "rural {}"],
    "farmers": ["{} and herders", "tea {}"], "teachers": ["{} and parents", "retired {}"],
    "students": ["university {}", "{} and teachers"], "engineers": ["software {}", "{} and technicians"],
    "tourists": ["foreign {}", "{} and visitors"], "workers": ["migrant {}", "factory {}"],
    "doctors": ["{} and nurses", "village {}"], "crackdown": ["{} on dissent", "security {}"],
    "detention": ["{} centres", "arbitrary {}"], "sanctions": ["economic {}", "{} relief"],
    "arrests": ["mass {}", "{} of activists"], "inspection": ["safety {}", "{} teams"],
    "review": ["annual {}", "{} panel"], "subsidies": ["farm {}", "{} for buyers"],
    "investigation": ["criminal {}", "{} team"], "audit": ["tax {}", "{} office"],
}
COLLOCATION_RATE = 0.35
FILLERS = {
    "COUNTRY": ["the United States", "Russia", "Japan", "South Korea", "Vietnam", "India", "Germany", "France"],
    "CITY": ["Eastbay", "Kessing", "Northport", "Saltmere", "Linhai", "Riverton", "Westfield", "Dongcheng"],
    "OFFICIAL": ["The spokesman of the ministry", "The mayor", "A senior official", "The governor",
                 "The director of the bureau", "A foreign ministry spokesperson"],
    "ORG": ["the chamber of commerce", "a human rights group", "the industry association", "the United Nations",
            "a research institute", "the local council"],
    "MONTH": ["January", "March", "May", "July", "September", "November"],
}
TOPICS: dict[str, list[str]] = {
    "military": [
        "Under the support of {COUNTRY}, the front line received a large amount of {MIL} equipment.",
        "The lack of conventional {MIL} has slowed the operation for many weeks.",
        "The two sides agreed to strengthen cooperation in the production of {MIL}.",
        "According to the report, the army received {NUM} batches of {MIL} last {MONTH}.",
        "Experts believe that the supply of {MIL} will continue to increase this year.",
        "{OFFICIAL} said that the export of {MIL} must be strictly controlled.",
        "The customs office found {MIL} hidden among agricultural machinery.",
        "A large number of {MIL} were stored in warehouses near {CITY}.",
        "The factory in {CITY} can produce {NUM} tons of {MIL} every month.",
        "{COUNTRY} denied that it had sold {MIL} to the conflict zone.",
        "The new budget gives priority to {MIL} and the training of soldiers.",
    ],
    "unrest": [
        "In the past two months, {PEOPLE} held {UNREST} in front of the government building.",
        "The so-called {UNREST} in {CITY} attracted the attention of the whole country.",
        "The police said that the {UNREST} were organized by a small number of {PEOPLE}.",
        "Local media did not report the {UNREST}, but videos spread widely on social media.",
        "{OFFICIAL} called on residents not to take part in the {UNREST}.",
        "After the {UNREST}, the city government held {NUM} hearings.",
        "Thousands of {PEOPLE} joined the {UNREST} on the weekend.",
        "The {UNREST} near the station ended peacefully in the evening.",
    ],
    "region": [
        "The situation in {PLACE} has attracted widespread attention from the world.",
        "{OFFICIAL} visited {PLACE} last {MONTH} and met local officials.",
        "The delegation discussed the question of {PLACE} with {COUNTRY}.",
        "Tourism in {PLACE} has grown rapidly in recent years.",
        "The new railway links {PLACE} with {CITY} for the first time.",
        "Many {PEOPLE} from {PLACE} moved to {CITY} to find work.",
        "The government of {COUNTRY} issued a statement on {PLACE} on Tuesday.",
        "Critics say that the new law will limit {IDEA} in {PLACE}.",
    ],
    "politics": [
        "{PEOPLE} called for more {IDEA} and an end to corruption.",
        "The report said that {IDEA} is the key to the future of the region.",
        "{OFFICIAL} stressed that {IDEA} must not threaten national security.",
        "The forum on {IDEA} was held in {CITY} on {MONTH} {NUM}.",
        "The movement for {IDEA} in {PLACE} has a long history.",
        "Scholars have different views on {IDEA} and economic growth.",
        "The authorities detained {NUM} {PEOPLE} in {CITY} last week.",
        "{OFFICIAL} met with {PEOPLE} and listened to their opinions.",
    ],
    "economy": [
        "The {ACTION} against {PEOPLE} was criticized by {ORG}.",
        "{COUNTRY} announced new {ACTION} against companies from {COUNTRY}.",
        "The {ACTION} will last until the end of {MONTH}.",
        "{ORG} said that the {ACTION} had a serious impact on the local economy.",
        "After the {ACTION}, many companies left {CITY}.",
        "A group of {PEOPLE} gathered near the station on {MONTH} {NUM}.",
        "Many {PEOPLE} said that they were not satisfied with the new rules.",
        "The number of {PEOPLE} in the city has doubled since last year.",
    ],
}
NEUTRAL = [
    "The meeting was held in {CITY} on {MONTH} {NUM}.",
    "This will have a huge impact on the situation in the whole region.",
    "{OFFICIAL} said that the government will continue to improve the livelihood of residents.",
    "The first is to strengthen cooperation between the two countries.",
    "Reporters learned from {ORG} that the plan will be completed next year.",
    "The second is to reduce the pressure on small and medium-sized companies.",
    "Prices in {CITY} rose by {NUM} percent compared with the same period last year.",
    "The weather in {CITY} is expected to remain cold until the end of {MONTH}.",
]
HONEST = [
    "**Editor's note:** An earlier version of this article gave the wrong date.",
    "Rating: ****",
    "The sensor keeps a buffer of 2**10 readings before it sends them.",
    "* The first line opens in {MONTH}.\n* The second line opens later.",
    "Part one ends here.\n\n***\n\nPart two begins.",
    "For questions, write to d***@example.com or call 138****5678.",
]
SHAPES = (("spaced", 0.5), ("glued_left", 0.2), ("triple", 0.1), ("fullwidth", 0.1), ("glued_right", 0.1))
MASK_RATE = 0.3


@dataclass
class Article:
    text: str  # masked
    truths: list[tuple[int, int, str, bool]] = field(default_factory=list)  # mask span, hidden word, slot mode?


def _preferences(template: str, slot: int, words: list[str]) -> list[float]:
    """A slot's own preference over its class: Zipf weights over a permutation fixed by the template."""
    rng = random.Random(zlib.crc32(f"{template}#{slot}".encode()))
    order = words[:]
    rng.shuffle(order)
    rank = {w: i + 1 for i, w in enumerate(order)}
    return [1.0 / rank[w] ** 2 for w in words]


def article(seed: int, index: int) -> Article:
    """One masked article; a pure function of (seed, index), so a small corpus is a prefix of a large one."""
    rng = random.Random(f"{seed}:{index}")
    topic = rng.choice(sorted(TOPICS))
    paragraphs: list[list[tuple[str, list[tuple[int, int, str, bool]]]]] = []
    for _ in range(rng.randint(4, 7)):
        sentences = []
        for _ in range(rng.randint(2, 4)):
            pool = TOPICS[topic] if rng.random() < 0.7 else (NEUTRAL if rng.random() < 0.6 else TOPICS[rng.choice(sorted(TOPICS))])
            sentences.append(_fill(rng.choice(pool), rng))
        paragraphs.append(sentences)
    text, truths = "", []
    for p, sentences in enumerate(paragraphs):
        if p:
            text += "\n\n"
        for s, (sentence, occurrences) in enumerate(sentences):
            if s:
                text += " "
            base = len(text)
            text += sentence
            truths += [(base + a, base + b, w, mode) for a, b, w, mode in occurrences]
    if rng.random() < 0.15:
        text += "\n\n" + rng.choice(HONEST).replace("{MONTH}", rng.choice(FILLERS["MONTH"]))
    return _mask(text, truths, rng)


def _fill(template: str, rng: random.Random) -> tuple[str, list[tuple[int, int, str, bool]]]:
    out, occurrences = "", []
    pos = 0
    slot = 0
    while True:
        open_ = template.find("{", pos)
        if open_ < 0:
            out += template[pos:]
            break
        close = template.index("}", open_)
        out += template[pos:open_]
        name = template[open_ + 1:close]
        if name == "NUM":
            word = str(rng.randint(2, 28))
        elif name in FILLERS:
            word = rng.choice(FILLERS[name])
            if out and not out.endswith(("\n", ". ")) and word.startswith("The "):
                word = "t" + word[1:]
        else:
            words = CLASSES[name][0] + CLASSES[name][1]
            weights = _preferences(template, slot, words)
            word = rng.choices(words, weights)[0]
            phrase = rng.choice(COLLOCATIONS[word]) if rng.random() < COLLOCATION_RATE else "{}"
            at = len(out) + phrase.index("{}")
            if word in SENSITIVE:
                occurrences.append((at, at + len(word), word, weights[words.index(word)] == max(weights)))
            word = phrase.replace("{}", word)
            slot += 1
        if not out:
            word = word[0].upper() + word[1:]
        out += word
        pos = close + 1
    return out, occurrences


def _mask(text: str, occurrences: list[tuple[int, int, str, bool]], rng: random.Random) -> Article:
    """Replace a random share of the sensitive words by a mask, in the seed's shapes."""
    pieces, truths, cursor, out_len = [], [], 0, 0
    for start, end, word, mode in occurrences:
        if rng.random() >= MASK_RATE:
            continue
        shape = rng.choices([s for s, _ in SHAPES], [w for _, w in SHAPES])[0]
        before = text[cursor:start]
        mask = {"triple": "***", "fullwidth": "＊＊"}.get(shape, "**")
        after_space = False
        if shape == "glued_left" and before.endswith(" ") and before[:-1][-1:].isalpha():
            before = before[:-1]
        if shape == "glued_right" and text[end:end + 1] == " " and text[end + 1:end + 2].isalpha():
            after_space = True
        pieces.append(before)
        out_len += len(before)
        pieces.append(mask)
        truths.append((out_len, out_len + len(mask), word, mode))
        out_len += len(mask)
        cursor = end + (1 if after_space else 0)
    pieces.append(text[cursor:])
    return Article("".join(pieces), truths)


# --- evaluation ---------------------------------------------------------------------------------------------


@dataclass
class Scores:
    articles: int
    inserted: int = 0
    found: int = 0
    matched: int = 0
    scored: list[tuple[float, bool, bool, bool]] = field(default_factory=list)  # top-1 score, top-1 ok, top-5 ok, slot mode
    seconds: float = 0.0
    calibration: dict = field(default_factory=dict)
    corpora: int = 1

    def merge(self, other: Scores) -> Scores:
        """Two independent corpora of the same size, pooled (their masks counted together)."""
        return Scores(self.articles, self.inserted + other.inserted, self.found + other.found,
                      self.matched + other.matched, self.scored + other.scored, self.seconds + other.seconds,
                      self.calibration, self.corpora + other.corpora)


def evaluate(n: int, seed: int, work: Path) -> Scores:
    scores = Scores(n)
    stage = MasksStage()
    docs, truth_by_id = [], {}
    for i in range(n):
        a = article(seed, i)
        found = find_masks(a.text)
        spans = {(m.start, m.end) for m in found}
        inserted = {(s, e) for s, e, _, _ in a.truths}
        scores.inserted += len(inserted)
        scores.found += len(found)
        scores.matched += len(spans & inserted)
        doc = stage(Document(text=a.text, source_path=f"eval/{i:06d}.txt", source_index=0, lang="en"))
        doc.id = xxhash.xxh3_128_hexdigest(f"{seed}:{i}".encode())
        order = {(m.start, m.end): k for k, m in enumerate(found)}
        truth_by_id[doc.id] = {order[(s, e)]: (w, mode) for s, e, w, mode in a.truths if (s, e) in order}
        docs.append(doc)
    shards = []
    for k, chunk in enumerate((docs[: n // 2], docs[n // 2:])):
        path = work / f"task-{k:05d}.parquet"
        pq.write_table(pa.Table.from_pylist([d.to_row() for d in chunk], schema=SCHEMA), path)
        shards.append(path)
    recipe = Recipe(name="restore-eval", base_dir=work, inputs=(), output=work, stages={"masks": {}})
    t0 = time.perf_counter()
    result = restore_pass(shards, recipe, work)
    for shard in shards:
        table = result.transform(pq.read_table(shard))
        for doc_id, reds in zip(table["id"].to_pylist(), table["redactions"].to_pylist()):
            for k, (word, mode) in truth_by_id[doc_id].items():
                cands = [c["token"].lower() for c in reds[k]["candidates"]]
                word = word.lower()
                top = reds[k]["candidates"][0]["score"] if cands else 0.0
                scores.scored.append((top, cands[:1] == [word], word in cands[:5], mode))
    scores.seconds = time.perf_counter() - t0
    scores.calibration = result.stats.get("calibration", {})
    return scores


def report(s: Scores) -> None:
    n = len(s.scored) or 1
    top1 = sum(ok for _, ok, _, _ in s.scored) / n
    top5 = sum(ok for _, _, ok, _ in s.scored) / n
    mean = sum(score for score, *_ in s.scored) / n
    offered = sum(score > 0 for score, *_ in s.scored) / n
    mode = sum(m for *_, m in s.scored) / n
    precision = s.matched / s.found if s.found else 1.0
    recall = s.matched / s.inserted if s.inserted else 1.0
    pooled = f" x{s.corpora}" if s.corpora > 1 else ""
    print(f"{s.articles:>7} articles{pooled} | masks {s.inserted:>6} | detection P {precision:.4f} R {recall:.4f} | "
          f"top-1 {top1:.3f} top-5 {top5:.3f} | mean top-1 score {mean:.3f} (|diff| {abs(mean - top1):.3f}) | "
          f"with candidates {offered:.3f} | slot mode {mode:.3f} | pass {s.seconds / s.corpora:.1f} s")
    bins = [(0.0, 0.01), (0.01, 0.2), (0.2, 0.4), (0.4, 0.6), (0.6, 0.8), (0.8, 1.01)]
    cells = []
    for lo, hi in bins:
        inside = [(score, ok) for score, ok, _, _ in s.scored if lo <= score < hi]
        if inside:
            cells.append(f"[{lo:.2f},{min(hi, 1):.2f}) n={len(inside)} score {statistics.mean(x for x, _ in inside):.2f} "
                         f"acc {statistics.mean(ok for _, ok in inside):.2f}")
    print("          by top-1 score: " + "; ".join(cells))
    if s.calibration:
        c = s.calibration  # of the first corpus
        print(f"          the pass's own check on {c.get('pseudo_masks')} pseudo-masks (effective {c.get('effective')}, "
              f"sharpness {c.get('sharpness')}): top-1 accuracy {c.get('held_out_top1_accuracy')}, "
              f"mean top-1 score {c.get('held_out_mean_top1_score')}")


# --- cost on the demo corpus, scaled ------------------------------------------------------------------------


def scaled_demo(n: int, folder: Path) -> Path:
    """The demo recipe over `n` articles: copies of the demo articles, each changed so none is an exact copy."""
    demo = ROOT / "corpora" / "demo"
    sources = sorted((demo / "articles").glob("*.txt"))
    articles = folder / "articles"
    for i in range(n):
        src = sources[i % len(sources)]
        sub = articles / f"{i // 1000:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        text = src.read_text(encoding="utf-8")
        head, sep, body = text.partition("\n\n\n") if "\n\n\n" in text else ("", "", text)
        (sub / f"{i:06d}-{src.name}").write_text(f"{head}{sep}{body.rstrip()}\n\n(Copy {i} of the desk.)\n", encoding="utf-8")
    recipe = (demo / "corpus.toml").read_text(encoding="utf-8").replace('paths = ["articles/*.txt"]', 'paths = ["articles"]')
    (folder / "corpus.toml").write_text(recipe, encoding="utf-8")
    return folder


def _cpu() -> float:
    """CPU seconds of this process and of its reaped children (the build's pool workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timing(n: int, repeat: int, workers: int) -> None:
    """Builds with restoration off and on; and the pass alone on the first build's work shards.

    On a shared machine wall time swings with other people's load, so CPU seconds (this
    process and its pool workers) are printed too; the pass alone, timed on the same work
    shards, is the cleanest figure of what restoration adds.
    """
    with tempfile.TemporaryDirectory(prefix="restore-timing-") as tmp:
        folder = scaled_demo(n, Path(tmp))
        builds: dict[str, list[tuple[float, float]]] = {"off": [], "candidates": []}
        alone: list[tuple[float, float]] = []
        for r in range(repeat):
            for mode in ("off", "candidates"):
                out = Path(tmp) / f"out-{mode}-{r}"
                recipe = load_recipe(folder, output=str(out))
                masks = {**recipe.stages.get("masks", {}), "restore": mode}
                recipe = dataclasses.replace(recipe, stages={**recipe.stages, "masks": masks})
                t0, c0 = time.perf_counter(), _cpu()
                build(recipe, workers=workers)
                builds[mode].append((time.perf_counter() - t0, _cpu() - c0))
                if mode == "off":
                    alone.append(_pass_alone(out / WORK, load_recipe(folder, output=str(out))))
                shutil.rmtree(out)
        wall_off, cpu_off = (statistics.median(x) for x in zip(*builds["off"]))
        wall_on, cpu_on = (statistics.median(x) for x in zip(*builds["candidates"]))
        wall_pass, cpu_pass = (statistics.median(x) for x in zip(*alone))
        print(f"demo scaled to {n} articles, {workers} workers, median of {repeat}:")
        print(f"  build without restoration: {wall_off:.1f} s wall, {cpu_off:.1f} s CPU")
        print(f"  build with restoration:    {wall_on:.1f} s wall, {cpu_on:.1f} s CPU "
              f"(+{(wall_on - wall_off) / wall_off:.1%} wall, +{(cpu_on - cpu_off) / cpu_off:.1%} CPU)")
        print(f"  restoration pass alone, on the same work shards: {wall_pass:.1f} s wall, {cpu_pass:.1f} s CPU "
              f"= {wall_pass / wall_off:.1%} of the build's wall time, {cpu_pass / cpu_off:.1%} of its CPU time")


def _pass_alone(work: Path, recipe: Recipe) -> tuple[float, float]:
    """The restoration pass and its transform over every batch, as the build's writer applies it."""
    shards = sorted(p for p in work.glob("task-*.parquet") if p.name.count(".") == 1)  # not the signature files
    t0, c0 = time.perf_counter(), _cpu()
    result = restore_pass(shards, recipe, work)
    for shard in shards:
        for batch in pq.ParquetFile(shard).iter_batches(batch_size=1000):
            result.transform(pa.Table.from_batches([batch]))
    return time.perf_counter() - t0, _cpu() - c0


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="*", default=[100, 1000, 10000])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--corpora", type=int, default=0,
                    help="independent corpora per size, pooled (default: 5 for 100 articles, else 1000 // size, at least 1)")
    ap.add_argument("--timing", action="store_true", help="also time the demo corpus scaled to --scale articles")
    ap.add_argument("--scale", type=int, default=10000)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args(argv)
    for n in args.sizes:
        pooled = None
        corpora = args.corpora or min(5, max(1, 1000 // n))
        for k in range(corpora):
            with tempfile.TemporaryDirectory(prefix="restore-eval-") as tmp:
                s = evaluate(n, args.seed + k, Path(tmp))
            pooled = s if pooled is None else pooled.merge(s)
        report(pooled)
    if args.timing:
        timing(args.scale, args.repeat, args.workers)


if __name__ == "__main__":
    main()
