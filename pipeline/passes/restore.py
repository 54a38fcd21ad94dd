"""Candidates for what a censorship mask hid, from the corpus's own evidence.

A masked word usually survives elsewhere: the outlet that masks "weapons" in
one article prints "conventional weapons equipment" in another, or a copy
from another source is unmasked. So the words that fill the same left and
right contexts in the unmasked text (`conventional ___ equipment`) are the
candidates, ranked by a small context model and scored as calibrated
probabilities. Nothing is substituted into `text` unless the recipe asks
(`restore = "apply"` with `restore_threshold`); then the substitution is an
`edit` and the redaction keeps its raw mask.

The pass is explicit, file-based and bounded:

1. queries: the contexts of every whole-word mask (`kind == "word"`), and of
   a deterministic sample of ordinary words used to calibrate the scores;
2. counts: each work shard (and each reference file named in the recipe) is
   read in batches and only the context n-grams that some query asks for are
   counted, vectorised, into one Parquet file per shard under
   `<work>/restore/`; the files are then summed. Memory is bounded by the
   queried contexts, not by the corpus;
3. context model: each candidate's log relative frequency under eight
   context patterns (two words either side down to one), averaged with more
   trust in specific and well-observed patterns, against a "none of these"
   option that takes the mass when evidence is thin. The "none" weights are
   fitted by leave-one-out on the sample: each sampled word is taken out of
   the counts and predicted from the rest, as a mask would be;
4. propensity: censors mask some words and not others, so the candidates are
   reweighted by how likely each word is to be masked, learnt by EM from the
   corpus's own masks (see `Propensity`);
5. calibration: the sampled words, reweighted to the words the masks are
   estimated to hide, are guessed like masks, and one power applied to the
   posteriors makes their scores match how often the top guess was right
   (see `calibrate`). A score of 0.7 then means about 70% of such guesses
   were right on this corpus.

Counts are sums and the sample is chosen by hashing ids, so the result does
not depend on how the input was split into tasks or how many workers ran.
Exact copies of a text are counted once, or a syndicated article would vouch
for itself.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import xxhash

from pipeline.document import Candidate, Document, Edit, Paragraph, Redaction
from pipeline.passes import PassResult
from pipeline.recipe import Recipe, RecipeError, expand_inputs
from pipeline.stages.masks import MasksStage

PAD = "¶"  # a paragraph boundary or the edge of a document: context like any word
BARRIER = "\x00"  # a mask: no context reaches across it
_UNSPACED = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(
    rf"\n+|[{_UNSPACED}]|[^\W\d_{_UNSPACED}]+(?:['’][^\W\d_{_UNSPACED}]+)*|\d+(?:[.,:]\d+)*|[^\w\s]"
)
_MASK_UNITS = re.compile(r"[*＊×□XＸ]+")
_OPENS_SENTENCE = ".!?。！？\n"

#: Context patterns as positions in (l2, l1, r1, r2), most specific first.
PATTERNS: tuple[tuple[int, ...], ...] = ((0, 1, 2, 3), (0, 1, 2), (1, 2, 3), (1, 2), (0, 1), (2, 3), (1,), (2,))
_LEFT, _RIGHT = 6, 7  # the one-word patterns, whose counts are a candidate's evidence

SAMPLE_DOCS = 250  # documents whose words calibrate the scores
SAMPLE_PER_DOC = 8
MIN_SAMPLE = 30  # fewer calibration positions than this: keep the prior weights
MAX_CANDIDATES = 50
_TOP_SIDE = 20  # candidates taken from each one-sided pattern
MIN_SCORE = 0.01  # candidates below this are not listed
FREQUENT_SHARE = 0.003  # a word this common (`the`, `of`, `said`) is not what a censor masks...
FREQUENT_MIN_POSITIONS = 20_000  # ...which a corpus can only tell once it has this many words
# How much each pattern is trusted before its evidence (the more specific, the more), and the
# number of observations of a context at which that trust is halved.
_TRUST = np.array([8.0, 4.0, 4.0, 4.0, 2.0, 2.0, 1.0, 1.0])
_HALF_TRUST = 2.0
_CANDIDATE_FEATURES = 1  # the trust-weighted mean of a candidate's log relative frequencies
# Weights: the candidates' sharpness, then the "none" option's bias and evidence terms. The
# sharpness stays 1, so that a context seen with a word 6 times in 10 says 0.6, not more: the
# sample is mostly words that their context decides, which would reward any sharpness.
_PRIOR = np.array([1.0] + [2.0] + [-0.3] * len(PATTERNS))
_FIXED = 1  # leading weights that are not fitted
RIDGE = 1.0  # pull of the fitted weights towards _PRIOR
PROPENSITY_PRIOR = 100.0  # printed occurrences that weigh as much as the overall mask rate
_NEGLIGIBLE = 1e-4  # candidates less likely than this before propensity do not take part in its EM
SHARPNESS_PRIOR = 0.3  # standard deviation of log(power) before any pseudo-mask is seen
MIN_EFFECTIVE = 10.0  # fewer pseudo-masks than this (weighted): leave the posteriors as they are
SHARPEN_EFFECTIVE = 50.0  # fewer than this may soften the guesses, not sharpen them
_MIX = np.uint64(0x9E3779B97F4A7C15)


def tokens(text: str, masks: list[tuple[int, int]]) -> tuple[list[str], list[int]]:
    """Normalised tokens of `text`, padded at both ends, with each mask span as one BARRIER.

    Returns the tokens and the index of each mask's BARRIER, in the order of `masks`.
    """
    out = [PAD, PAD]
    where: dict[int, int] = {}
    pos = 0
    for n, (start, end) in sorted(enumerate(masks), key=lambda m: m[1]):
        out += _normalise(_TOKEN.findall(text, pos, start))
        where[n] = len(out)
        out.append(BARRIER)
        pos = end
    out += _normalise(_TOKEN.findall(text, pos))
    out += [PAD, PAD]
    return out, [where[n] for n in range(len(masks))]


def _normalise(found: list[str]) -> list[str]:
    return [PAD if t[0] == "\n" else ("0" if t[0].isdigit() else t) for t in found]


def _unspaced(char: str) -> bool:
    return "\u3040" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"


class Vocab:
    """Token ids for one run of the pass; contexts use the id of the lowercased form."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.words: list[str] = []
        self._lower: list[int] = []
        self._kind: list[int] = []  # 0 other, 1 word of a spaced script, 2 character of an unspaced one
        for t in (PAD, BARRIER):
            self.add(t)

    def add(self, token: str) -> int:
        i = self.index.get(token)
        if i is not None:
            return i
        low = token.lower()
        low_id = self.add(low) if low != token else None
        i = len(self.words)
        self.index[token] = i
        self.words.append(token)
        self._lower.append(i if low_id is None else low_id)
        self._kind.append(2 if len(token) == 1 and _unspaced(token) else int(token.isalpha()))
        return i

    def encode(self, toks: list[str]) -> np.ndarray:
        index, add = self.index, self.add
        return np.array([index[t] if t in index else add(t) for t in toks], dtype=np.int64)

    def lower(self) -> np.ndarray:
        return np.array(self._lower, dtype=np.int64)

    def lower_ids(self, toks: list[str]) -> tuple[int, ...]:
        return tuple(self._lower[self.add(t)] for t in toks)

    def kind(self) -> np.ndarray:
        return np.array(self._kind, dtype=np.int8)


def _mix_int(*values: int) -> int:
    """`_mix` of one tuple, in plain integers (numpy's per-call overhead dominates for one key)."""
    h = 0xCBF29CE484222325
    for v in values:
        h = ((h ^ v) * 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF
        h ^= h >> 31
    return h


def _mix(*cols: Any) -> np.ndarray:
    """A 64-bit key for a tuple of small integers, elementwise over arrays (wrapping arithmetic)."""
    arrays = [np.atleast_1d(np.asarray(c)).astype(np.uint64) for c in cols]
    h = np.full(np.broadcast(*arrays).shape, 0xCBF29CE484222325, dtype=np.uint64)
    for c in arrays:
        h = (h ^ c) * _MIX
        h ^= h >> np.uint64(31)
    return h


@dataclass
class Query:
    """A gap to fill: a mask, or a sampled word hidden to calibrate the scores."""

    lang: str
    k: int  # 0: one word of a spaced script; n: n characters of an unspaced script
    ctx: tuple[int, int, int, int]  # lowercased ids of l2, l1, r1, r2
    truth: str | None = None  # the hidden word, for a calibration query
    keys: dict[int, int] = field(default_factory=dict)  # pattern -> context key, for the patterns not blocked by a mask


@dataclass
class Options:
    mode: str
    token: str
    threshold: float
    top: int
    reference: dict[str, list[str]]


def restore_pass(shards: list[Path], recipe: Recipe, work_dir: Path) -> PassResult:
    opts = _options(recipe)
    if opts.mode == "off":
        return PassResult(name="restore", stats={"mode": "off"})
    vocab = Vocab()
    langs: dict[str, int] = {}
    masks, sample = _queries(shards, vocab, langs)
    mask_queries = [q for doc_id in sorted(masks) for _, q in masks[doc_id]]
    stats: dict[str, Any] = {"mode": opts.mode, "word_masks": len(mask_queries)}
    if not mask_queries:
        return PassResult(name="restore", stats={**stats, "with_candidates": 0})
    needed = _needed(mask_queries + sample, langs)
    folder = work_dir / "restore"
    folder.mkdir(exist_ok=True)
    seen: set[int] = set()  # exact copies of a text are counted once, across all shards
    references = _reference_files(recipe, opts)
    inputs = [(f"{i:05d}", _shard_docs(shard)) for i, shard in enumerate(shards)]
    written = [_count(docs, vocab, needed, seen, folder, name)
               for name, docs in inputs + [("reference", _reference_docs(references))]]
    counts, surface = _merge([c for c, _ in written])

    group_of = {key: (q.lang, q.k) for q in mask_queries + sample for key in q.keys.values()}
    words: dict[Group, set[str]] = defaultdict(set)
    for key, fillers in counts.items():
        words[group_of[key]].update(fillers)
    for q in sample:
        words[(q.lang, q.k)].add(q.truth)
    totals, positions = _totals([t for _, t in written], vocab, needed, words)
    frequent = {(g, w) for (g, w), n in totals.items()
                if positions[g] >= FREQUENT_MIN_POSITIONS and n >= FREQUENT_SHARE * positions[g]}

    model = Model(counts, surface, frequent)
    calibration = model.fit(sample)
    evidence = [model.evidence(q) for q in mask_queries]
    bases = [((q.lang, q.k), cands, model.probabilities(feats, none))
             for q, (cands, feats, none, _) in zip(mask_queries, evidence)]
    masked = Counter((q.lang, q.k) for q in mask_queries)
    propensity = Propensity(totals, {g: n / (n + positions[g]) for g, n in masked.items()})
    posteriors = propensity.fit(bases)
    gamma, checked = calibrate(model, propensity, sample)
    posteriors = [_sharpen(p, gamma) for p in posteriors]
    expected = propensity.expected

    offered = []
    for (group, cands, _), post, (_, _, _, ev) in zip(bases, posteriors, evidence):
        order = sorted(range(len(cands)), key=lambda i: (-post[1 + i], cands[i]))
        offered.append([Candidate(model.spelling(cands[i]), round(float(post[1 + i]), 4), int(ev[i]))
                        for i in order[:opts.top] if post[1 + i] >= MIN_SCORE])
    results: dict[str, list[tuple[int, list[Candidate]]]] = {}
    it = iter(offered)
    for doc_id in sorted(masks):
        results[doc_id] = [(index, next(it)) for index, _ in masks[doc_id]]
    likely = sorted(((e, g, w) for (g, w), e in expected.items() if e >= 0.5), key=lambda x: (-x[0], x[1], x[2]))
    stats.update(
        with_candidates=sum(bool(c) for c in offered),
        contexts=len(counts),
        reference_files=len(references),
        context_model=calibration,
        calibration=checked,
        likely_masked=[{"word": model.spelling(w), "lang": g[0], "masks": round(e, 1)} for e, g, w in likely[:20]],
    )
    if opts.mode == "apply":
        stats.update(threshold=opts.threshold, applied=sum(bool(c) and c[0].score >= opts.threshold for c in offered))
    return PassResult(name="restore", transform=lambda table: _transform(table, results, opts), stats=stats)


def _options(recipe: Recipe) -> Options:
    masks = recipe.stage_options("masks")
    if not masks.get("enabled", True):
        return Options("off", "", 1.0, 0, {})
    o = {**MasksStage.defaults, **{k: v for k, v in masks.items() if k != "enabled"}}
    reference = o["reference"]
    if not isinstance(reference, dict) or not all(isinstance(v, (list, str)) for v in reference.values()):
        raise RecipeError('[stages.masks] reference must map a language to globs, e.g. {en = ["refs/*.txt"]}')
    return Options(o["restore"], o["token"], float(o["restore_threshold"]), int(o["restore_top"]),
                   {lang: [v] if isinstance(v, str) else list(v) for lang, v in reference.items()})


# --- 1. queries ---------------------------------------------------------------------------------------------


def _shard_batches(shard: Path, columns: list[str]) -> Iterator[pa.RecordBatch]:
    yield from pq.ParquetFile(shard).iter_batches(batch_size=1000, columns=columns)


def _queries(shards: list[Path], vocab: Vocab, langs: dict[str, int]) -> tuple[dict[str, list[tuple[int, Query]]], list[Query]]:
    """Mask queries by document id (with the redaction's index) and the calibration sample."""
    masks: dict[str, list[tuple[int, Query]]] = {}
    ks: dict[str, set[int]] = defaultdict(set)
    docs_by_lang: Counter[str] = Counter()
    for shard in shards:
        for batch in _shard_batches(shard, ["id", "lang", "text", "redactions"]):
            docs_by_lang.update(batch.column("lang").to_pylist())
            lengths = pc.list_value_length(batch.column("redactions")).to_numpy(zero_copy_only=False)
            for i in np.nonzero(lengths)[0]:
                row = {c: batch.column(c)[int(i)].as_py() for c in ("id", "lang", "text", "redactions")}
                qs = _mask_queries(row, vocab, langs)
                if qs:
                    masks[row["id"]] = qs
                    ks[row["lang"]].update(q.k for _, q in qs)
    sample = _sample(shards, ks, docs_by_lang, vocab, langs)
    return masks, sample


def _mask_queries(row: dict[str, Any], vocab: Vocab, langs: dict[str, int]) -> list[tuple[int, Query]]:
    text, reds = row["text"], row["redactions"]
    toks, marks = tokens(text, [(r["start"], r["end"]) for r in reds])
    out = []
    for n, (r, j) in enumerate(zip(reds, marks)):
        if r["kind"] != "word":
            continue
        k = _width(text, r["start"], r["end"], r["raw"])
        q = Query(row["lang"], k, vocab.lower_ids([toks[j - 2], toks[j - 1], toks[j + 1], toks[j + 2]]))
        out.append((n, _keyed(q, langs)))
    return out


def _width(text: str, start: int, end: int, raw: str) -> int:
    """0 for a word of a spaced script; for Chinese or Japanese, how many characters the mask hid."""
    left = text[:start].rstrip()[-1:]
    right = text[end:].lstrip()[:1]
    if not (left and _unspaced(left)) and not (right and _unspaced(right)):
        return 0
    units = "".join(_MASK_UNITS.findall(raw))
    return min(max(len(units), 1), 4) if units else 2


def _keyed(q: Query, langs: dict[str, int]) -> Query:
    lang = langs.setdefault(q.lang, len(langs))
    barrier = 1  # the id of BARRIER in every Vocab
    for pid, pat in enumerate(PATTERNS):
        if all(q.ctx[p] != barrier for p in pat):
            q.keys[pid] = _mix_int(pid, lang, q.k, *(q.ctx[p] for p in pat))
    return q


def _position_hash(doc_id: str, i: int) -> int:
    return xxhash.xxh3_64_intdigest(f"{doc_id}:{i}".encode())


def _sample(shards: list[Path], ks: dict[str, set[int]], docs_by_lang: Counter[str], vocab: Vocab,
            langs: dict[str, int]) -> list[Query]:
    """Calibration queries: ordinary words in a hash-chosen sample of documents of the masked languages,
    in the order of their hashes (not of the shards, which depends on how the input was split)."""
    total = sum(docs_by_lang[lang] for lang in ks)
    rate = min(1.0, SAMPLE_DOCS / total) if total else 0.0
    sample = []
    for shard in shards:
        for batch in _shard_batches(shard, ["id", "lang", "text", "redactions"]):
            ids, lang_col = batch.column("id").to_pylist(), batch.column("lang").to_pylist()
            for i, (doc_id, lang) in enumerate(zip(ids, lang_col)):
                if lang not in ks or xxhash.xxh3_64_intdigest(doc_id.encode()) / 2**64 >= rate:
                    continue
                reds = batch.column("redactions")[i].as_py()
                toks, _ = tokens(batch.column("text")[i].as_py(), [(r["start"], r["end"]) for r in reds])
                sample += _sample_doc(doc_id, lang, toks, ks[lang], vocab, langs)
    return [q for _, q in sorted(sample, key=lambda hq: hq[0])]


def _sample_doc(doc_id: str, lang: str, toks: list[str], widths: set[int], vocab: Vocab,
                langs: dict[str, int]) -> list[tuple[tuple[int, str], Query]]:
    """Up to SAMPLE_PER_DOC words of one article, chosen by hashing, each hidden as a mask would hide it."""
    positions = []
    for k in sorted(widths):
        width = max(k, 1)
        for i in range(2, len(toks) - 2 - width + 1):
            filler = toks[i:i + width]
            if k == 0 and len(filler[0]) >= 3 and filler[0].isalpha() and not _unspaced(filler[0][0]):
                truth = filler[0].lower()
            elif k and all(len(t) == 1 and _unspaced(t) for t in filler):
                truth = "".join(filler)
            else:
                continue
            positions.append((_position_hash(doc_id, i * 8 + k), i, k, truth))
    out = []
    for h, i, k, truth in sorted(positions)[:SAMPLE_PER_DOC]:
        width = max(k, 1)
        ctx = vocab.lower_ids([toks[i - 2], toks[i - 1], toks[i + width], toks[i + width + 1]])
        out.append(((h, doc_id), _keyed(Query(lang, k, ctx, truth), langs)))
    return out


# --- 2. counts ----------------------------------------------------------------------------------------------


Group = tuple[str, int]  # (language, width)
Counts = tuple[np.ndarray, np.ndarray, np.ndarray]  # (key, key, n): context and filler, or group and word
#: Pending count rows at which a tally is summed up (about 24 bytes each).
COMPACT_ROWS = 1_000_000


@dataclass
class _Needed:
    """The context keys some query asks for, per group and pattern, sorted for lookups."""

    keys: dict[Group, list[np.ndarray]]
    lang_ids: dict[str, int]

    @property
    def groups(self) -> list[Group]:
        return sorted(self.keys)


def _needed(queries: list[Query], langs: dict[str, int]) -> _Needed:
    per: dict[Group, list[set[int]]] = defaultdict(lambda: [set() for _ in PATTERNS])
    for q in queries:
        for pid, key in q.keys.items():
            per[(q.lang, q.k)][pid].add(key)
    return _Needed({g: [np.array(sorted(s), dtype=np.uint64) for s in sets] for g, sets in per.items()}, langs)


def _shard_docs(shard: Path) -> Iterator[tuple[str, str, list[tuple[int, int]]]]:
    """(lang, text, mask spans) of each row of a work shard."""
    for batch in _shard_batches(shard, ["lang", "text", "redactions"]):
        lengths = pc.list_value_length(batch.column("redactions")).to_numpy(zero_copy_only=False)
        langs, texts = batch.column("lang").to_pylist(), batch.column("text").to_pylist()
        reds = batch.column("redactions")
        for i, (lang, text) in enumerate(zip(langs, texts)):
            spans = [(r["start"], r["end"]) for r in reds[i].as_py()] if lengths[i] else []
            yield lang, text or "", spans


def _reference_files(recipe: Recipe, opts: Options) -> list[tuple[str, Path]]:
    """Plain-text files named in the recipe, with the language they are listed under."""
    files = []
    for lang, patterns in sorted(opts.reference.items()):
        globs = tuple(p if Path(p).is_absolute() else str(recipe.base_dir / p) for p in patterns)
        files += [(lang, path) for path in expand_inputs(globs)]
    return files


def _reference_docs(files: list[tuple[str, Path]]) -> Iterator[tuple[str, str, list[tuple[int, int]]]]:
    for lang, path in files:
        yield lang, path.read_text(encoding="utf-8", errors="replace"), []


@dataclass
class _Tally:
    """What one input (a shard, the references) adds: context counts, and how often each word occurs."""

    contexts: list[Counts] = field(default_factory=list)  # (context key, filler key, n)
    totals: list[Counts] = field(default_factory=list)  # (group, word key, n)
    fillers: dict[int, str] = field(default_factory=dict)  # hashed filler key -> its text (else a token id)

    def compact(self) -> None:
        """Sum what is pending once it is large, so memory follows distinct pairs, not occurrences:
        a big work shard must not cost more than several small ones."""
        if sum(len(p[0]) for p in self.contexts) > COMPACT_ROWS:
            self.contexts = [_summed(self.contexts)]
        if sum(len(p[0]) for p in self.totals) > COMPACT_ROWS:
            self.totals = [_summed(self.totals)]


def _count(docs: Iterator[tuple[str, str, list[tuple[int, int]]]], vocab: Vocab, needed: _Needed,
           seen: set[int], folder: Path, name: str) -> tuple[Path, Path]:
    """Count, for every queried context, the words that fill it in `docs`, and every word's frequency.

    Writes `contexts-<name>.parquet` (context key, filler, count) and `totals-<name>.parquet`
    (group, word key, count); returns their paths.
    """
    wanted_langs = {lang for lang, _ in needed.keys}
    tally = _Tally()
    batch: dict[str, list[np.ndarray]] = defaultdict(list)
    size = 0
    for lang, text, spans in docs:
        if lang not in wanted_langs:
            continue
        digest = xxhash.xxh3_64_intdigest(text.encode("utf-8", "surrogatepass"))
        if digest in seen:
            continue
        seen.add(digest)
        toks, _ = tokens(text, spans)
        batch[lang].append(vocab.encode(toks))
        size += len(toks)
        if size > 500_000:
            _count_batch(batch, vocab, needed, tally)
            tally.compact()
            batch.clear()
            size = 0
    _count_batch(batch, vocab, needed, tally)
    keys, fkeys, n = _summed(tally.contexts)
    contexts = folder / f"contexts-{name}.parquet"
    pq.write_table(pa.table({
        "key": pa.array(keys, pa.uint64()),
        "filler": pa.array([tally.fillers.get(f) or vocab.words[f] for f in fkeys.tolist()], pa.string()),
        "count": pa.array(n, pa.int64()),
    }), contexts, compression="zstd")
    groups, words, n = _summed(tally.totals)
    totals = folder / f"totals-{name}.parquet"
    pq.write_table(pa.table({"group": pa.array(groups, pa.uint64()), "word": pa.array(words, pa.uint64()),
                             "count": pa.array(n, pa.int64())}), totals, compression="zstd")
    return contexts, totals


def _summed(parts: list[Counts]) -> Counts:
    """One (key, key, n) triple: the parts concatenated, n summed over equal key pairs, sorted by keys."""
    if not parts:
        return np.zeros(0, np.uint64), np.zeros(0, np.uint64), np.zeros(0, np.int64)
    keys, fkeys, counts = (np.concatenate(c) for c in zip(*parts))
    table = pa.table({"key": pa.array(keys, pa.uint64()), "fkey": pa.array(fkeys, pa.uint64()),
                      "n": pa.array(counts, pa.int64())})
    table = table.group_by(["key", "fkey"]).aggregate([("n", "sum")]).sort_by([("key", "ascending"), ("fkey", "ascending")])
    return (table["key"].to_numpy(), table["fkey"].to_numpy(), table["n_sum"].to_numpy())


def _count_batch(batch: dict[str, list[np.ndarray]], vocab: Vocab, needed: _Needed, tally: _Tally) -> None:
    if not batch:
        return
    lower, kind = vocab.lower(), vocab.kind()
    for g, (lang, k) in enumerate(needed.groups):
        if lang not in batch:
            continue
        t = np.concatenate(batch[lang])
        low, kd = lower[t], kind[t]
        width = max(k, 1)
        ok = kd[: len(t) - width + 1] == (1 if k == 0 else 2)
        for j in range(1, width):
            ok &= kd[j: len(t) - width + 1 + j] == 2
        pos = np.nonzero(ok)[0]
        # the filler as written (its spelling is kept), and folded (for its frequency)
        fkey = t[pos].astype(np.uint64) if k == 0 else _mix(*(t[pos + j] for j in range(width)))
        folded = low[pos].astype(np.uint64) if k == 0 else fkey
        words, n = np.unique(folded, return_counts=True)
        tally.totals.append((np.full(len(words), g, np.uint64), words, n.astype(np.int64)))
        ctx = (low[pos - 2], low[pos - 1], low[pos + width], low[pos + width + 1])
        wanted = needed.keys[(lang, k)]
        for pid, pat in enumerate(PATTERNS):
            if not len(wanted[pid]):
                continue
            key = _mix(pid, needed.lang_ids[lang], k, *(ctx[p] for p in pat))
            at = np.minimum(np.searchsorted(wanted[pid], key), len(wanted[pid]) - 1)
            hit = wanted[pid][at] == key
            if not hit.any():
                continue
            tally.contexts.append((key[hit], fkey[hit], np.ones(int(hit.sum()), np.int64)))
            if k:  # a string of characters has a hashed key: remember its text
                hit_pos = pos[hit]
                for f, first in zip(*np.unique(fkey[hit], return_index=True)):
                    if int(f) not in tally.fillers:
                        start = int(hit_pos[first])
                        tally.fillers[int(f)] = "".join(vocab.words[x] for x in t[start:start + width])


def _merge(files: list[Path]) -> tuple[dict[int, dict[str, int]], dict[str, Counter[str]]]:
    """Sum the context counts: context key -> {word (case folded): count}, and each word's spellings."""
    table = pa.concat_tables([pq.read_table(f) for f in files])
    table = table.group_by(["key", "filler"]).aggregate([("count", "sum")])
    table = table.sort_by([("key", "ascending"), ("filler", "ascending")])
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    surface: dict[str, Counter[str]] = defaultdict(Counter)
    for key, filler, n in zip(table["key"].to_pylist(), table["filler"].to_pylist(), table["count_sum"].to_pylist()):
        low = filler.lower()
        bucket = counts[key]
        bucket[low] = bucket.get(low, 0) + n
        surface[low][filler] += n
    return counts, surface


def _totals(files: list[Path], vocab: Vocab, needed: _Needed, words: dict[Group, set[str]]
            ) -> tuple[dict[tuple[Group, str], int], dict[Group, int]]:
    """How often each of `words` occurs in its group, and how many word positions each group has."""
    groups = needed.groups
    lookup: dict[tuple[int, int], str] = {}
    for g, group in enumerate(groups):
        for w in words.get(group, ()):
            if group[1] == 0:
                key = vocab.index.get(w)
            elif all(c in vocab.index for c in w):
                key = _mix_int(*(vocab.index[c] for c in w))
            else:
                key = None
            if key is not None:
                lookup[(g, key)] = w
    found: dict[tuple[Group, str], int] = Counter()
    positions: dict[Group, int] = Counter()
    for f in files:
        table = pq.read_table(f)
        for g, key, n in zip(*(table[c].to_numpy() for c in ("group", "word", "count"))):
            positions[groups[int(g)]] += int(n)
            w = lookup.get((int(g), int(key)))
            if w is not None:
                found[(groups[int(g)], w)] += int(n)
    return found, positions


# --- 3. model -----------------------------------------------------------------------------------------------


class Model:
    """Conditional logit over a gap's candidates plus a "none of these" option.

    Words too frequent to be what a censor masks (`the`, `of`: more than FREQUENT_SHARE of a
    group's words) are neither offered nor used to calibrate.
    """

    def __init__(self, counts: dict[int, dict[str, int]], surface: dict[str, Counter[str]],
                 frequent: set[tuple[Group, str]]) -> None:
        self.counts = counts
        self.totals = {key: sum(c.values()) for key, c in counts.items()}
        self.surface = surface
        self.frequent = frequent
        self.weights = _PRIOR.copy()
        self._order: dict[int, list[str]] = {}
        # by id(query): every query lives until the pass ends
        self._cache: dict[int, tuple[list[str], np.ndarray, np.ndarray, list[int]]] = {}

    def evidence(self, q: Query) -> tuple[list[str], np.ndarray, np.ndarray, list[int]]:
        """Candidates, their features, the "none" features and each candidate's evidence count.

        A calibration query's own occurrence is taken out of the counts first (leave one out).
        """
        cached = self._cache.get(id(q))
        if cached is not None:
            return cached
        per: list[dict[str, int]] = []
        totals = np.zeros(len(PATTERNS))
        ranked: dict[str, None] = {}
        group = (q.lang, q.k)
        for pid in range(len(PATTERNS)):
            key = q.keys.get(pid)
            c = self.counts.get(key, {}) if key is not None else {}
            own = 1 if q.truth is not None and c.get(q.truth) else 0  # leave one out
            per.append(c)
            totals[pid] = self.totals.get(key, 0) - own if key is not None else 0
            taken = 0
            for w in self._ranked(key):
                if taken >= _TOP_SIDE and pid >= 4:
                    break
                if (group, w) in self.frequent or (own and w == q.truth and c[w] == 1):
                    continue
                ranked[w] = None
                taken += 1
        cands = list(ranked)[:MAX_CANDIDATES]

        counts = np.array([[c.get(w, 0) for c in per] for w in cands], float).reshape(len(cands), len(PATTERNS))
        if q.truth in ranked:
            counts[cands.index(q.truth)] = np.maximum(counts[cands.index(q.truth)] - 1, 0)
        trust = _TRUST * totals / (totals + _HALF_TRUST)
        trust /= trust.sum() or 1.0
        seen = totals > 0
        logs = np.log(counts[:, seen] + 0.5) - np.log(totals[seen] + 0.5)
        feats = (logs @ trust[seen]).reshape(len(cands), _CANDIDATE_FEATURES)
        none = np.concatenate([[1.0], np.log1p(totals)])
        evidence = [int(x) for x in counts[:, _LEFT] + counts[:, _RIGHT]]
        self._cache[id(q)] = result = (cands, feats, none, evidence)
        return result

    def _ranked(self, key: int | None) -> list[str]:
        """A context's words, most frequent first (computed once per context)."""
        if key is None:
            return []
        words = self._order.get(key)
        if words is None:
            c = self.counts.get(key, {})
            words = self._order[key] = sorted(c, key=lambda w: (-c[w], w))
        return words

    def probabilities(self, feats: np.ndarray, none: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
        """P(none), then P(candidate) for each row of `feats`."""
        weights = self.weights if weights is None else weights
        d = _CANDIDATE_FEATURES
        scores = np.concatenate([[none @ weights[d:]], feats @ weights[:d]])
        scores -= scores.max()
        p = np.exp(scores)
        return p / p.sum()

    def fit(self, sample: list[Query]) -> dict[str, Any]:
        """Fit the weights on the sample by leave-one-out; report held-out calibration (two folds)."""
        data = [(self.evidence(q), q.truth) for q in sample if ((q.lang, q.k), q.truth) not in self.frequent]
        report: dict[str, Any] = {"positions": len(data)}
        if len(data) < MIN_SAMPLE:
            report["fitted"] = False
            return report
        half = [i % 2 for i in range(len(data))]
        held: list[tuple[float, bool]] = []
        for fold in (0, 1):
            w = _newton([d for d, f in zip(data, half) if f != fold])
            for (cands, feats, none, _), truth in (d for d, f in zip(data, half) if f == fold):
                p = self.probabilities(feats, none, w)[1:]
                held.append((float(p.max()), cands[int(np.argmax(p))] == truth) if len(p) else (0.0, False))
        self.weights = _newton(data)
        report.update(
            fitted=True,
            held_out_top1_accuracy=round(sum(ok for _, ok in held) / len(held), 4),
            held_out_mean_top1_score=round(sum(s for s, _ in held) / len(held), 4),
        )
        return report

    def spelling(self, word: str) -> str:
        """The word as the corpus writes it: lowercase if it ever appears so (a capital may only
        mean a sentence start), else its most frequent form (`Taiwan`)."""
        forms = self.surface.get(word)
        if not forms or word in forms:
            return word
        return min(forms.items(), key=lambda kv: (-kv[1], kv[0]))[0]


def _newton(data: list[tuple[tuple[list[str], np.ndarray, np.ndarray, list[int]], str | None]]) -> np.ndarray:
    """Maximum penalised likelihood of the observed words (or "none" when absent) by Newton's method."""
    d = _CANDIDATE_FEATURES
    dim = len(_PRIOR)
    width = 1 + max((len(c) for (c, *_), _ in data), default=0)
    feats = np.zeros((len(data), width, dim))
    valid = np.zeros((len(data), width), bool)
    target = np.zeros(len(data), np.int64)
    for i, ((cands, f, none, _), truth) in enumerate(data):
        feats[i, 0, d:] = none
        feats[i, 1:1 + len(cands), :d] = f
        valid[i, : 1 + len(cands)] = True
        if truth in cands:
            target[i] = 1 + cands.index(truth)
    rows = np.arange(len(data))

    def objective(w: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
        s = np.where(valid, feats @ w, -np.inf)
        s -= s.max(axis=1, keepdims=True)
        p = np.where(valid, np.exp(s), 0.0)
        z = p.sum(axis=1, keepdims=True)
        p /= z
        ll = float(np.sum(s[rows, target] - np.log(z[:, 0]))) - RIDGE / 2 * float(np.sum((w - _PRIOR) ** 2))
        mean = np.einsum("qo,qod->qd", p, feats)
        grad = np.sum(feats[rows, target] - mean, axis=0) - RIDGE * (w - _PRIOR)
        second = np.einsum("qo,qod,qoe->de", p, feats, feats) - mean.T @ mean
        return ll, grad, -second - RIDGE * np.eye(dim)

    w = _PRIOR.copy()
    free = np.arange(_FIXED, dim)
    ll, grad, hess = objective(w)
    for _ in range(50):
        step = np.zeros(dim)
        step[free] = np.linalg.solve(hess[np.ix_(free, free)], grad[free])
        t = 1.0
        while t > 1e-4:
            trial = w - t * step
            new_ll, new_grad, new_hess = objective(trial)
            if new_ll >= ll:
                break
            t /= 2
        else:
            break
        converged = new_ll - ll < 1e-7
        w, ll, grad, hess = trial, new_ll, new_grad, new_hess
        if converged:
            break
    return w


class Propensity:
    """How likely a censor is to mask each word, learnt from the corpus's own masks.

    A mask hides word w with probability m(w), so P(w | context, masked) is proportional to
    P(w | context) * m(w) / (1 - m(w)): the odds, because the printed counts behind
    P(w | context) lack the occurrences that were masked. m(w) is estimated by EM: the expected
    number of masks that hid w (leaving out the mask at hand, so that a mask cannot vouch for
    itself) against the times w was printed, shrunk towards the overall mask rate of its
    language. "None of these" keeps that overall rate.
    """

    def __init__(self, totals: dict[tuple[Group, str], int], rates: dict[Group, float]) -> None:
        self.totals, self.rates = totals, rates
        self.expected: dict[tuple[Group, str], float] = {}

    def odds(self, group: Group, word: str) -> float:
        e = self.expected.get((group, word), 0.0)
        m = (e + PROPENSITY_PRIOR * self.rates[group]) / (e + self.totals.get((group, word), 0) + PROPENSITY_PRIOR)
        return m / (1 - m)

    def none_odds(self, group: Group) -> float:
        return self.rates[group] / (1 - self.rates[group])

    def posterior(self, group: Group, cands: list[str], p: np.ndarray) -> np.ndarray:
        """P(none), then P(candidate), for a gap that is known to be a mask."""
        post = p * np.array([self.none_odds(group)] + [self.odds(group, w) for w in cands])
        return post / post.sum()

    def fit(self, bases: list[tuple[Group, list[str], np.ndarray]]) -> list[np.ndarray]:
        """EM over the masks; returns each mask's posterior (none first)."""
        index: dict[tuple[Group, str], int] = {}
        word_of, mask_of, prior = [], [], []
        none = np.array([p[0] * self.none_odds(group) for group, _, p in bases])
        kept: list[list[int]] = []  # per mask, the candidates that take part (the rest stay at 0)
        for j, (group, cands, p) in enumerate(bases):
            kept.append([i for i, pw in enumerate(p[1:]) if pw >= _NEGLIGIBLE])
            for i in kept[-1]:
                word_of.append(index.setdefault((group, cands[i]), len(index)))
                mask_of.append(j)
                prior.append(p[1 + i])
        word_of, mask_of, prior = np.array(word_of, np.int64), np.array(mask_of, np.int64), np.array(prior)
        printed = np.array([self.totals.get(key, 0) for key in index], float)
        rate = np.array([self.rates[key[0]] for key in index])
        post, z = prior.copy(), np.ones(len(bases))
        for _ in range(100):
            expected = np.bincount(word_of, weights=post, minlength=len(index))
            others = expected[word_of] - post
            m = (others + PROPENSITY_PRIOR * rate[word_of]) / (others + printed[word_of] + PROPENSITY_PRIOR)
            weight = prior * m / (1 - m)
            z = np.bincount(mask_of, weights=weight, minlength=len(bases)) + none
            new = weight / z[mask_of]
            done = np.max(np.abs(new - post), initial=0.0) < 1e-6
            post = new
            if done:
                break
        expected = np.bincount(word_of, weights=post, minlength=len(index))
        self.expected = {key: float(expected[i]) for key, i in index.items()}
        out, start = [], 0
        for j, (_, cands, _) in enumerate(bases):
            full = np.zeros(1 + len(cands))
            full[0] = none[j] / z[j]
            full[1 + np.array(kept[j], np.int64)] = post[start:start + len(kept[j])]
            out.append(full)
            start += len(kept[j])
        return out


def _sharpen(p: np.ndarray, gamma: float) -> np.ndarray:
    logp = gamma * np.log(np.maximum(p, 1e-300))
    q = np.exp(logp - logp.max())
    return q / q.sum()


def _fit_sharpness(rows: list[tuple[np.ndarray, int, float]]) -> float:
    """The power that best calibrates posteriors: rows of (posterior, index of the truth, weight).

    The weights are scaled to sum to the effective sample size, and the log of the power has
    a normal prior around 0 (no change): a few pseudo-masks move it a little, many move it
    as far as they say. Below SHARPEN_EFFECTIVE the power is at most 1: pseudo-masks stand for
    masks only as well as the corpus knows which words it masks, which a small corpus does
    not, so there they may make the guesses more cautious, never bolder. The objective is
    unimodal, so a golden-section search finds it.
    """
    width = max(len(p) for p, _, _ in rows)
    logp = np.full((len(rows), width), -np.inf)
    for i, (p, _, _) in enumerate(rows):
        logp[i, : len(p)] = np.log(np.maximum(p, 1e-300))
    truth = logp[np.arange(len(rows)), [t for _, t, _ in rows]]
    weights = np.array([w for _, _, w in rows])
    weights *= weights.sum() / (weights ** 2).sum()  # now they sum to the effective sample size

    def loglik(gamma: float) -> float:
        scaled = gamma * logp
        top = scaled.max(axis=1)
        norm = top + np.log(np.exp(scaled - top[:, None]).sum(axis=1))
        return float(weights @ (gamma * truth - norm)) - math.log(gamma) ** 2 / (2 * SHARPNESS_PRIOR ** 2)

    lo, hi = 0.05, (3.0 if weights.sum() >= SHARPEN_EFFECTIVE else 1.0)
    ratio = (math.sqrt(5) - 1) / 2
    a, b = hi - ratio * (hi - lo), lo + ratio * (hi - lo)
    fa, fb = loglik(a), loglik(b)
    for _ in range(40):
        if fa < fb:
            lo, a, fa = a, b, fb
            b = lo + ratio * (hi - lo)
            fb = loglik(b)
        else:
            hi, b, fb = b, a, fa
            a = hi - ratio * (hi - lo)
            fa = loglik(a)
    return round((lo + hi) / 2, 4)


def calibrate(model: Model, propensity: Propensity, sample: list[Query]) -> tuple[float, dict[str, Any]]:
    """Calibrate mask posteriors on pseudo-masks: sampled words hidden and guessed like masks.

    The sample is reweighted to the words the masks are estimated to hide: each sampled
    occurrence of w weighs (expected masks of w) / (sampled occurrences of w). That turns
    printed words into the population of masked ones, in the slots where masks fall, and
    keeps words that no mask hides (`widespread` in `attracted widespread attention`) from
    making the guesses look better than they are. The power that calibrates them is fitted
    on each half and checked on the other, then fitted on all.
    """
    usable = [q for q in sample if ((q.lang, q.k), q.truth) not in model.frequent]
    sampled = Counter(((q.lang, q.k), q.truth) for q in usable)
    rows = []
    for q in usable:
        group = (q.lang, q.k)
        weight = propensity.expected.get((group, q.truth), 0.0) / sampled[(group, q.truth)]
        if weight <= 0:
            continue
        cands, feats, none, _ = model.evidence(q)
        post = propensity.posterior(group, cands, model.probabilities(feats, none))
        truth = 1 + cands.index(q.truth) if q.truth in cands else 0
        rows.append((post, truth, weight))
    weights = np.array([w for *_, w in rows])
    effective = float(weights.sum() ** 2 / (weights ** 2).sum()) if len(rows) and weights.sum() else 0.0
    report: dict[str, Any] = {"pseudo_masks": len(rows), "effective": round(effective, 1)}
    if effective < MIN_EFFECTIVE:
        return 1.0, report | {"fitted": False}
    held, mass = [0.0, 0.0], 0.0
    for fold in (0, 1):
        gamma = _fit_sharpness([r for i, r in enumerate(rows) if i % 2 != fold])
        for post, truth, w in (r for i, r in enumerate(rows) if i % 2 == fold):
            p = _sharpen(post, gamma)[1:]
            if len(p):
                held[0] += w * float(p.max())
                held[1] += w * (int(np.argmax(p)) + 1 == truth)
            mass += w
    gamma = _fit_sharpness(rows)
    return gamma, report | {
        "fitted": True,
        "sharpness": gamma,
        "held_out_mean_top1_score": round(held[0] / mass, 4),
        "held_out_top1_accuracy": round(held[1] / mass, 4),
    }


# --- the rows -----------------------------------------------------------------------------------------------


def _transform(table: pa.Table, results: dict[str, list[tuple[int, list[Candidate]]]], opts: Options) -> pa.Table:
    ids = table["id"].to_pylist()
    rows = [i for i, doc_id in enumerate(ids) if doc_id in results]
    if not rows:
        return table
    reds = table["redactions"].to_pylist()
    columns = {"redactions": reds}
    if opts.mode == "apply":
        columns.update(text=table["text"].to_pylist(), edits=table["edits"].to_pylist(),
                       paragraphs=table["paragraphs"].to_pylist())
    for i in rows:
        for index, cands in results[ids[i]]:
            reds[i][index]["candidates"] = [{"token": c.token, "score": c.score, "evidence_count": c.evidence_count}
                                            for c in cands]
        if opts.mode == "apply":
            _apply(columns, i, opts)
    for name, values in columns.items():
        at = table.schema.get_field_index(name)
        table = table.set_column(at, name, pa.array(values, table.schema.field(name).type))
    return table


def _apply(columns: dict[str, list], i: int, opts: Options) -> None:
    """Put each top candidate that reaches the threshold into the text, as an edit; spans stay true."""
    doc = Document(
        text=columns["text"][i], source_path="", source_index=0,
        redactions=[Redaction(**{**r, "candidates": []}) for r in columns["redactions"][i]],
        edits=[Edit(**e) for e in columns["edits"][i]],
        paragraphs=[Paragraph(**p) for p in columns["paragraphs"][i]],
    )
    changes = []
    for r in columns["redactions"][i]:
        cands = r["candidates"]
        if r["kind"] == "word" and cands and cands[0]["score"] >= opts.threshold:
            word = cands[0]["token"]
            before = doc.text[: r["start"]].rstrip(" ")
            if (not before or before[-1] in _OPENS_SENTENCE) and word[:1].islower():
                word = word[0].upper() + word[1:]
            changes.append((r["start"], r["end"], word))
    if not changes:
        return
    before = [doc.text[s:e] for s, e, _ in changes]
    spans = doc.rewrite(changes)
    for (start, end), old in zip(spans, before):
        doc.edits.append(Edit("restore", start, end, old))
    columns["text"][i] = doc.text
    columns["edits"][i] = [{"kind": e.kind, "start": e.start, "end": e.end, "before": e.before} for e in doc.edits]
    columns["paragraphs"][i] = [
        {"start": p.start, "end": p.end, "kind": p.kind, "lang": p.lang, "lang_score": p.lang_score} for p in doc.paragraphs
    ]
    for r, moved in zip(columns["redactions"][i], doc.redactions):
        r["start"], r["end"] = moved.start, moved.end
