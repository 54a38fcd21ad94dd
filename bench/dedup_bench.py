"""Near-duplicate detection on a generated corpus with known duplicate families.

    python bench/dedup_bench.py --docs 10000 100000 [--preset default news] [--workers 2]
    python bench/dedup_bench.py --docs 1000000 --preset news     # the 1M target, ~3 KB each

Families: an original article (synthetic words with a Zipf law, a topic
vocabulary shared by many unrelated articles, stock phrases shared by all)
and copies made as outlets make them: words substituted, inserted or deleted
at a controlled rate, paragraphs reordered or cut, a byline, boilerplate and
a different headline added, spacing and case changed. Briefs from one
template with other facts, bare headlines and texts of punctuation only are
singletons that must stay apart. About 5% of families are written in a
CJK-like script (`zh`, character shingles).

Each task generates its documents from the seed alone (copies of one family
land in different tasks, as syndicated copies come from different files),
writes its signature file with the pipeline's `SignatureWriter`, and keeps
only the ground truth. Then the corpus-level stages run as in a build.

Printed: precision of linked pairs (pairs in one predicted cluster that are
in one family), recall per band of true Jaccard (measured exactly on the
configured shingles, over a sample of family pairs), recall of copies per
edit rate, same-topic unrelated pairs linked, clusters among short texts,
CPU time of the signature step (per core) and of the corpus stages (the
machine may be shared, so CPU time rather than wall time measures the work; the
corpus stages count the pool workers' CPU too),
and peak RSS of the driver and of the largest worker. Generation is excluded.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from itertools import combinations
from pathlib import Path
from typing import Any

import numpy as np
import xxhash

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.document import Document  # noqa: E402
from pipeline.executors import LocalExecutor  # noqa: E402
from pipeline.passes.dedup import find_duplicates  # noqa: E402
from pipeline.passes.minhash.body import body_sentences  # noqa: E402
from pipeline.passes.minhash.params import DedupSettings, dedup_settings  # noqa: E402
from pipeline.passes.minhash.signatures import SignatureWriter, shingle_hashes, signature_path  # noqa: E402

MASK = "[REDACTED]"
EDIT_RATES = (0.0, 0.01, 0.03, 0.06, 0.1, 0.15, 0.25, 0.4)
BANDS = ((0.0, 0.3), (0.3, 0.5), (0.5, 0.7), (0.7, 0.85), (0.85, 1.01))
TASK_DOCS = 20_000
KIND_ARTICLE, KIND_BRIEF, KIND_HEADLINE, KIND_EMPTY, KIND_SERIES = 0, 1, 2, 3, 4


class Words:
    """Synthetic vocabularies: a Zipf-ranked general one, per-topic ones, stock phrases, a CJK-like alphabet."""

    def __init__(self, seed: int) -> None:
        rng = np.random.default_rng(seed)
        syllables = [c + v for c in "bcdfghjklmnprstvwz" for v in "aeiou"] + ["an", "er", "on", "is", "or"]
        picks, lengths = rng.integers(0, len(syllables), (60_000, 4)).tolist(), rng.integers(1, 5, 60_000).tolist()
        made = dict.fromkeys("".join(syllables[i] for i in row[:k]) for row, k in zip(picks, lengths))
        self.general = np.array(list(made)[:40_000])
        self.general_cdf = np.cumsum(1.0 / (np.arange(len(self.general)) + 2.7))
        self.general_cdf /= self.general_cdf[-1]
        self.phrases = [" ".join(rng.choice(self.general[:300], rng.integers(2, 5))) for _ in range(40)]
        self.hanzi = np.array([chr(0x4E00 + int(i)) for i in rng.choice(20_000, 3000, replace=False)])
        self.hanzi_cdf = np.cumsum(1.0 / (np.arange(3000) + 5.0))
        self.hanzi_cdf /= self.hanzi_cdf[-1]

    def draw(self, rng: np.random.Generator, n: int, zh: bool) -> np.ndarray:
        """`n` tokens by Zipf frequency (inverse CDF: far faster than a weighted choice)."""
        pool, cdf = (self.hanzi, self.hanzi_cdf) if zh else (self.general, self.general_cdf)
        return pool[np.minimum(np.searchsorted(cdf, rng.random(n)), len(pool) - 1)]

    def topic(self, topic: int) -> np.ndarray:
        return np.random.default_rng([topic, 7]).choice(self.general[500:], 250, replace=False)


def article(vocab: Words, rng: np.random.Generator, topic: int, zh: bool) -> list[list[str]]:
    """Paragraphs of tokens (words, or characters for zh), about 3 KB of text."""
    counts = rng.integers(3, 6, int(rng.integers(6, 10)))
    lengths = rng.integers(8, 22, int(counts.sum())) * (2 if zh else 1)
    tokens = vocab.draw(rng, int(lengths.sum()), zh)
    if not zh:
        topical = rng.random(len(tokens)) < 0.3
        tokens = np.where(topical, vocab.topic(topic)[rng.integers(0, 250, len(tokens))], tokens)
    sentences = np.split(tokens, np.cumsum(lengths)[:-1])
    out: list[list[str]] = []
    for s in sentences:
        sentence = s.tolist()
        if zh:
            sentence.append("。")
        else:
            if rng.random() < 0.35:
                at = int(rng.integers(0, len(sentence)))
                sentence[at:at] = vocab.phrases[int(rng.integers(len(vocab.phrases)))].split()
            sentence[0] = sentence[0].capitalize()
            sentence[-1] += "."
        out.append(sentence)
    bounds = np.cumsum(counts)[:-1]
    return [sum(part, []) for part in np.split(np.array(out, dtype=object), bounds)]


def copy_of(vocab: Words, original: list[list[str]], rng: np.random.Generator, rate: float, zh: bool) -> tuple[list[list[str]], list[str]]:
    """(edited paragraphs, lines added around them) as another outlet would publish the story."""
    paragraphs = []
    for para in original:
        r = rng.random(len(para)).tolist()
        new = vocab.draw(rng, len(para), zh).tolist()
        out: list[str] = []
        for tok, x, other in zip(para, r, new):
            if x < rate / 3:  # deleted
                continue
            if x < 2 * rate / 3:  # substituted
                out.append(other)
                continue
            out.append(tok)
            if x < rate:  # a word inserted after
                out.append(other)
        paragraphs.append(out or para)
    if rng.random() < 0.3:
        rng.shuffle(paragraphs)
    if rng.random() < 0.3 and len(paragraphs) > 4:
        del paragraphs[int(rng.integers(len(paragraphs)))]
    extra = []
    if rng.random() < 0.5:
        extra.append(f"By {vocab.general[int(rng.integers(2000))].capitalize()} {vocab.general[int(rng.integers(2000))].capitalize()}")
    if rng.random() < 0.3:
        extra.append(" ".join(vocab.general[rng.integers(0, 3000, 6)]).capitalize())  # its own headline
    if rng.random() < 0.5:
        extra.append("Follow us for more news. Share this story with your friends.")
    return paragraphs, extra


def render(paragraphs: list[list[str]], extra: list[str], zh: bool, shout: bool = False) -> str:
    body = "\n\n".join(("" if zh else " ").join(p) for p in paragraphs)
    text = "\n\n".join([*extra[:2], body, *extra[2:]])
    return text.upper() if shout else text


def brief(vocab: Words, rng: np.random.Generator) -> str:
    place = vocab.general[int(rng.integers(100, 3000))].capitalize()
    day = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")[int(rng.integers(5))]
    return (f"{place} weather: {('clear', 'cloudy', 'rainy', 'windy')[int(rng.integers(4))]} skies, "
            f"high of {int(rng.integers(-5, 38))} degrees on {day}, low of {int(rng.integers(-15, 20))}. "
            f"Wind from the {('north', 'south', 'east', 'west')[int(rng.integers(4))]} at {int(rng.integers(0, 60))} km/h.")


def plan(n_docs: int, seed: int) -> np.ndarray:
    """(family, member, kind) for every document, shuffled so copies land in different tasks."""
    rng = np.random.default_rng([seed, 1])
    out: list[tuple[int, int, int]] = []
    family = 0
    while len(out) < n_docs:
        r = rng.random()
        if r < 0.06:
            kind = KIND_BRIEF
            members = 1 + (rng.random() < 0.2) * int(rng.integers(1, 3))  # some briefs reprinted verbatim
        elif r < 0.08:
            kind, members = KIND_HEADLINE, 1
        elif r < 0.085:
            kind, members = KIND_EMPTY, 1
        elif r < 0.10:
            kind, members = KIND_SERIES, int(rng.integers(3, 12))
        else:
            kind = KIND_ARTICLE
            members = 1 + (int(rng.geometric(0.35)) if rng.random() < 0.35 else 0)
        out.extend((family, m, kind) for m in range(members))
        family += 1
    items = np.array(out[:n_docs], np.int64)
    return items[rng.permutation(len(items))]


def make(vocab: Words, seed: int, n_topics: int, family: int, member: int, kind: int) -> tuple[Document, float]:
    """One document and, for a copy, the rate at which its words were edited (-1 otherwise)."""
    rng = np.random.default_rng([seed, family])
    topic = int(rng.integers(n_topics))
    zh = kind == KIND_ARTICLE and rng.random() < 0.05
    day = 1 + int(rng.integers(27))
    rate = -1.0
    if kind == KIND_BRIEF:
        text = brief(vocab, rng)
    elif kind == KIND_HEADLINE:
        text = " ".join(vocab.general[rng.integers(0, 5000, int(rng.integers(2, 5)))]).capitalize()
    elif kind == KIND_EMPTY:
        text = "* * *" if rng.random() < 0.5 else "— —"
    elif kind == KIND_SERIES:
        # A daily report cut from one template: the same sentences, a fifth to a half of the words (the facts) new.
        crng = np.random.default_rng([seed, family, member])
        paragraphs, _ = copy_of(vocab, article(vocab, rng, topic, False), crng, float(crng.uniform(0.2, 0.5)), False)
        text = render(paragraphs, [], False)
    else:
        original = article(vocab, rng, topic, zh)
        if member == 0:
            text = render(original, [], zh)
        else:
            crng = np.random.default_rng([seed, family, member])
            rate = float(crng.choice(EDIT_RATES))
            paragraphs, extra = copy_of(vocab, original, crng, rate, zh)
            text = render(paragraphs, extra, zh, shout=crng.random() < 0.05)
            day += int(crng.integers(0, 3))
    doc = Document(text=text, source_path=f"bench/{family}", source_index=member, lang="zh" if zh else "en",
                   published=f"2024-05-{day:02d}" if (member + family) % 7 else None,
                   title="t", source=f"outlet {member}")
    doc.id = xxhash.xxh3_128_hexdigest(f"{seed}/{family}/{member}".encode())
    return doc, rate


def run_task(task: tuple[int, np.ndarray], *, seed: int, n_topics: int, settings: DedupSettings, work: Path) -> dict:
    """Generate a task's documents, write their signature file; keep the truth as arrays."""
    number, items = task
    vocab = Words(seed)
    writer = SignatureWriter(signature_path(work, f"task-{number:05d}"), settings, MASK)
    ids, rates = [], []
    cpu = 0.0  # the machine may be shared: CPU time, not wall time, measures the step
    for family, member, kind in items.tolist():
        doc, rate = make(vocab, seed, n_topics, family, member, kind)
        t0 = time.process_time()
        writer.add(doc)
        cpu += time.process_time() - t0
        ids.append(doc.id)
        rates.append(rate)
    t0 = time.process_time()
    writer.close()
    writer.commit()
    cpu += time.process_time() - t0
    return {"task": number, "seconds": cpu, "items": items, "ids": np.array(ids, "S32"),
            "rates": np.array(rates, np.float32), "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def shingle_set(doc: Document, settings: DedupSettings) -> set[int]:
    params = settings.minhash
    tokens = [w for sentence in body_sentences(doc.text, doc.lang, MASK, params.min_tokens) for w in sentence]
    size = params.shingle_size_for(doc.lang)
    if len(tokens) < max(size, params.min_tokens):
        return set()
    hashes = np.array([xxhash.xxh3_64_intdigest(w.encode(), params.seed) for w in tokens], np.uint64)
    return set(shingle_hashes(hashes, np.array([len(tokens)]), size)[0].tolist())


def _cpu() -> float:
    """CPU seconds of this process."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    return me.ru_utime + me.ru_stime


def _timed(fn: Callable[[Any], Any], item: Any) -> tuple[Any, float]:
    t0 = time.process_time()
    out = fn(item)
    return out, time.process_time() - t0


class TimedExecutor:
    """The pool, adding up the CPU time its workers spend: they are children of the pool's fork
    server, not of this process, so the driver's own rusage never sees them."""

    def __init__(self, inner: LocalExecutor) -> None:
        self.inner, self.seconds = inner, 0.0

    def map(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[Any]:
        for out, seconds in self.inner.map(partial(_timed, fn), items):
            self.seconds += seconds
            yield out

    def release(self) -> None:
        self.inner.release()


def pair_count(*labels: np.ndarray) -> int:
    """Pairs of documents that agree on every labelling given."""
    _, counts = np.unique(np.stack(labels), axis=1, return_counts=True)
    return int((counts * (counts - 1) // 2).sum())


def evaluate(n: int, preset: str | None, workers: int, seed: int, sample_families: int,
             overrides: dict[str, float]) -> None:
    settings = dedup_settings({**({"preset": preset} if preset else {}), **overrides})
    items = plan(n, seed)
    n_topics = max(5, n // 400)
    task_docs = min(TASK_DOCS, -(-n // (4 * workers)))
    work = Path(tempfile.mkdtemp(prefix="dedup-bench-"))
    executor = LocalExecutor(workers)
    try:
        t0 = time.perf_counter()
        tasks = [(i, items[start:start + task_docs]) for i, start in enumerate(range(0, n, task_docs))]
        results = sorted(executor.map(partial(run_task, seed=seed, n_topics=n_topics, settings=settings, work=work),
                                      tasks), key=lambda r: r["task"])
        wall_tasks = time.perf_counter() - t0
        executor.release()  # as a build does: the corpus stages start with fresh workers
        del tasks
        sig_seconds = sum(r["seconds"] for r in results)
        files = [signature_path(work, f"task-{r['task']:05d}") for r in results]
        t0, cpu0 = time.perf_counter(), _cpu()
        timed = TimedExecutor(executor)
        dup_of, _, stats = find_duplicates(files, settings, work / "dedup", timed)
        corpus_wall, corpus_seconds = time.perf_counter() - t0, _cpu() - cpu0 + timed.seconds
        corpus_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        items = np.concatenate([r["items"] for r in results])
        ids = np.concatenate([r["ids"] for r in results])
        rates = np.concatenate([r["rates"] for r in results])
        del results[:-1]
        family, member, kind = items.T
        # A report of a series is a story of its own: its truth family is the (series, member) pair.
        truth = np.where(kind == KIND_SERIES, -(family * 1000 + member + 1), family)
        topic = np.array([np.random.default_rng([seed, f]).integers(n_topics) for f in family.tolist()])
        canonical = {k.encode(): v.encode() for k, v in dup_of.items()}
        cluster = np.unique(np.array([canonical.get(i, i) for i in ids.tolist()], "S32"), return_inverse=True)[1]
        predicted = pair_count(cluster)
        correct = pair_count(cluster, truth)
        same_topic = pair_count(cluster, topic) - correct
        series = kind == KIND_SERIES
        series_wrong = pair_count(cluster[series], family[series]) - pair_count(cluster[series], truth[series])
        short = (kind == KIND_BRIEF) | (kind == KIND_HEADLINE) | (kind == KIND_EMPTY)
        short_wrong = pair_count(cluster[short]) - pair_count(cluster[short], truth[short])

        # Recall per true Jaccard band, over all pairs of a sample of families with copies.
        members: dict[int, list[int]] = {}
        for k in np.flatnonzero(kind == KIND_ARTICLE).tolist():
            members.setdefault(int(family[k]), []).append(k)
        multi = sorted(f for f, m in members.items() if len(m) > 1)
        rng = np.random.default_rng(seed)
        sampled = rng.choice(multi, min(sample_families, len(multi)), replace=False) if multi else []
        vocab = Words(seed)
        hits = {b: [0, 0] for b in BANDS}
        for f in sampled:
            sets = {k: shingle_set(make(vocab, seed, n_topics, int(f), int(member[k]), KIND_ARTICLE)[0], settings)
                    for k in members[int(f)]}
            for a, b in combinations(sets, 2):
                union = len(sets[a] | sets[b])
                j = len(sets[a] & sets[b]) / union if union else 1.0
                band = next(bd for bd in BANDS if bd[0] <= j < bd[1])
                hits[band][0] += int(cluster[a] == cluster[b])
                hits[band][1] += 1

        # Recall of copies with their original, per edit rate.
        original = {int(family[k]): k for k in np.flatnonzero((kind == KIND_ARTICLE) & (member == 0)).tolist()}
        by_rate: dict[float, list[int]] = {}
        for k in np.flatnonzero(rates >= 0).tolist():
            if int(family[k]) in original:
                entry = by_rate.setdefault(round(float(rates[k]), 2), [0, 0])
                entry[0] += int(cluster[k] == cluster[original[int(family[k])]])
                entry[1] += 1

        total = sig_seconds / workers + corpus_seconds
        p = settings.minhash
        print(f"\n== {n:,} docs, preset {preset or 'default'} {overrides or ''}: {p.num_perm} permutations, "
              f"shingles {p.shingle_size} words / {p.char_shingle_size} chars, threshold {p.threshold}, "
              f"{p.bands} bands x {p.rows} rows, min_tokens {p.min_tokens}")
        print(f"precision of linked pairs: {correct / predicted if predicted else 1.0:.4f} ({predicted:,} pairs linked, "
              f"{predicted - correct:,} wrong: template reports {series_wrong:,}, short texts {short_wrong:,}, "
              f"other articles {predicted - correct - series_wrong - short_wrong:,}; on one topic {same_topic:,})")
        print("recall by true Jaccard: " + "  ".join(
            f"[{lo:.2f},{min(hi, 1.0):.2f}]: {h / t:.3f} ({t:,})" for (lo, hi), (h, t) in hits.items() if t))
        print("copies with their original, by edit rate: " + "  ".join(
            f"{rate:.2f}: {h / t:.3f}" for rate, (h, t) in sorted(by_rate.items())))
        print(f"clusters: {stats['clusters']:,}, largest {stats['largest_cluster']}, linked {stats['linked']:,} "
              f"(by kind: {', '.join(f'{k} {v:,}' for k, v in stats['kinds'].items())}); not sketched (short): "
              f"{stats['near']['too_short']:,}; candidates checked {stats['near']['candidates_checked']:,} "
              f"({stats['near']['candidates_read']:,} read for shared sentences), "
              f"rejected {stats['near']['candidates_rejected']:,}")
        print(f"signatures: {n / sig_seconds:,.0f} docs/s per core ({sig_seconds:.1f} CPU-s; tasks incl. generation "
              f"{wall_tasks:.1f} s wall on {workers} workers); corpus stages: {corpus_seconds:.1f} CPU-s "
              f"({corpus_wall:.1f} s wall); dedup on {workers} free cores <= {total:.1f} s ({n / total:,.0f} docs/s)")
        print(f"peak RSS: driver after the corpus stages {corpus_rss:,.0f} MB (includes the bench's own bookkeeping), "
              f"largest task worker {max(r['rss_mb'] for r in results):,.0f} MB")
    finally:
        executor.release()
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--preset", nargs="+", default=["default", "news"])
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--set", nargs="*", default=[], metavar="KEY=VALUE",
                    help="[dedup] options over the preset, e.g. threshold=0.45 shingle_size=3")
    ap.add_argument("--sample-families", type=int, default=3000, help="families whose pairs get an exact Jaccard")
    args = ap.parse_args()
    overrides = {k: float(v) if "." in v else int(v) for k, v in (kv.split("=", 1) for kv in args.set)}
    for n in args.docs:
        for preset in args.preset:
            evaluate(n, None if preset == "default" else preset, args.workers, args.seed, args.sample_families,
                     overrides)


if __name__ == "__main__":
    main()
