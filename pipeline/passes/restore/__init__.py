"""Candidates for what a censorship mask hid, from the corpus's own evidence.

A masked word usually survives elsewhere: the outlet that masks "weapons" in
one article prints "conventional weapons equipment" in another, or a copy
from another source is unmasked. So the words that fill the same left and
right contexts in the unmasked text (`conventional ___ equipment`) are the
candidates, ranked by a small context model and scored as calibrated
probabilities. Nothing is substituted into `text` unless the recipe asks
(`restore = "apply"` with `restore_threshold`); then the substitution is an
`edit` and the redaction keeps its raw mask.

The pass is explicit and file-based, in `<work>/restore/`; the steps that read
the shards are executor jobs (a process pool, or a Ray cluster), and the
driver only sums their files and fits the model:

1. scan (`scan.py`, per shard): a row per whole-word censorship mask in `text`
   (never a swear word's or a private person's: `scan.restorable`)
   with its context, and a digest of every text;
2. sample (`scan.py`, per shard): the contexts of a deterministic, hash-chosen
   sample of ordinary words, used to calibrate the scores;
3. counts (`counts.py`, per shard and for the reference files named in the
   recipe): only the context n-grams that some query asks for are counted,
   vectorised, and each word's frequency; the driver sums the files. Exact
   copies of a text are counted once (the first in task order, by digest), or
   a syndicated article would vouch for itself;
4. context model (`model.py`): each candidate's log relative frequency under
   eight context patterns (two words either side down to one), averaged with
   more trust in specific and well-observed patterns, against a "none of
   these" option that takes the mass when evidence is thin. The "none"
   weights are fitted by leave-one-out on the sample;
5. propensity: censors mask some words and not others, so the candidates are
   reweighted by how likely each word is to be masked, learnt by EM from the
   corpus's own masks;
6. calibration: the sampled words, reweighted to the words the masks are
   estimated to hide, are guessed like masks, and one power applied to the
   posteriors makes their scores match how often the top guess was right.
   A score of 0.7 then means about 70% of such guesses were right on this
   corpus.

Counts are sums, keys are hashes of the words, masks are taken in id order
and the sample is chosen by hashing ids, so the result does not depend on how
the input was split into tasks, how many workers ran or on which executor.
What the driver holds grows with the masks (a row of a few numbers per mask
and per likely candidate) and the queried contexts, not with the text.
"""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipeline.document import Document, Edit, Paragraph, Redaction
from pipeline.executors import Executor, LocalExecutor
from pipeline.faults import Faults
from pipeline.fs import Location, location
from pipeline.passes.base import CorpusPass, PassResult
from pipeline.passes.restore.counts import (
    CountJob, count_job, keep_path, merge_contexts, word_totals, write_needed,
)
from pipeline.passes.restore.model import (
    FREQUENT_MIN_POSITIONS, FREQUENT_SHARE, Guesses, GuessesBuilder, Model, Propensity, calibrate, sharpen,
)
from pipeline.passes.restore.scan import (
    MASK_SCHEMA, digests_path, faults_path, masks_path, restorable, sample_shard, scan_shard,
)
from pipeline.passes.restore.tokens import Query
from pipeline.recipe import Recipe, RecipeError, expand_inputs
from pipeline.text import SENTENCE_ENDS

SAMPLE_DOCS = 250  # documents whose words calibrate the scores
MIN_SCORE = 0.01  # candidates below this are not listed
_OPENS_SENTENCE = SENTENCE_ENDS + "\n"
_CANDIDATES = pa.list_(pa.struct([("token", pa.string()), ("score", pa.float64()), ("evidence_count", pa.int64())]))
_RESULTS_CHUNK = 20_000  # masks whose offered candidates are made into Python objects at once


@dataclass(frozen=True)
class Options:
    mode: str
    token: str
    threshold: float
    top: int
    reference: dict[str, list[str]]


def restore_pass(shards: list[Path], recipe: Recipe, work_dir: Path, executor: Executor | None = None,
                 faults: Faults | None = None) -> PassResult:
    """The candidates of every whole-word mask. A mask, sampled word or document the pass fails on is
    left out of it and counted in `faults` (a mask then has no candidates), as are the jobs' own."""
    opts = recipe.settings.passes["restore"]
    faults = Faults() if faults is None else faults
    if opts.mode == "off":
        return PassResult(name="restore", stats={"mode": "off"})
    executor = executor or LocalExecutor(1)
    folder = work_dir / "restore"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    jobs = [(f"{i:05d}", shard) for i, shard in enumerate(shards)]
    names = [name for name, _ in jobs]

    scans = list(executor.map(partial(scan_shard, folder=folder), jobs))
    faults.gather([faults_path(folder, "scan", n) for n in names])
    docs_by_lang = sum((s.docs_by_lang for s in scans), Counter())
    widths: dict[str, set[int]] = {}
    for s in scans:
        for lang, ks in s.widths.items():
            widths.setdefault(lang, set()).update(ks)
    masks = pa.concat_tables([pq.read_table(masks_path(folder, n)) for n in names] or [MASK_SCHEMA.empty_table()])
    masks = masks.sort_by([("id", "ascending"), ("index", "ascending")])
    stats: dict[str, Any] = {"mode": opts.mode, "word_masks": len(masks)}
    if not len(masks):
        return PassResult(name="restore", stats={**stats, "with_candidates": 0})

    total = sum(docs_by_lang[lang] for lang in widths)
    rate = min(1.0, SAMPLE_DOCS / total)
    found = executor.map(partial(sample_shard, widths=widths, rate=rate, folder=folder), jobs)
    sample = [(doc_id, q) for (_, doc_id), q in sorted((hq for part in found for hq in part), key=lambda hq: hq[0])]
    faults.gather([faults_path(folder, "sample", n) for n in names])
    sample_queries = [q for _, q in sample]
    needed = write_needed(masks, sample_queries, folder)
    _write_keep(folder, names)
    references = _reference_files(recipe, opts)
    count_jobs: list[CountJob] = [(name, shard, []) for name, shard in jobs] + [("reference", None, references)]
    counted = sorted(executor.map(partial(count_job, folder=folder), count_jobs))
    faults.gather([faults_path(folder, "count", n) for n in counted])
    counts, surface, words = merge_contexts(folder, counted)
    for q in sample_queries:
        words[q.group].add(q.truth)
    totals, positions = word_totals(folder, counted, needed.groups, words)
    frequent = {(g, w) for (g, w), n in totals.items()
                if positions[g] >= FREQUENT_MIN_POSITIONS and n >= FREQUENT_SHARE * positions[g]}

    model = Model(counts, surface, frequent)
    sampled = []
    for doc_id, q in sample:
        with faults.item("restore.calibration", f"a sampled word of row {doc_id}"):
            sampled.append((q, model.evidence(q)))
    calibration = model.fit(sampled)
    builder = GuessesBuilder()
    for doc_id, index, q in _mask_queries(masks):
        option: tuple[list[str], np.ndarray, list[int]] = ([], np.ones(1), [])  # "none of these", if it fails
        with faults.item("restore.mask", f"mask {index} of row {doc_id}"):
            cands, feats, none, evidence = model.evidence(q)
            option = (cands, model.probabilities(feats, none), evidence)
        builder.add(q.group, *option)
    guesses = builder.build()
    masked = np.bincount(guesses.group, minlength=len(guesses.groups))
    propensity = Propensity(totals, {g: int(n) / (int(n) + positions[g]) for g, n in zip(guesses.groups, masked)})
    posteriors = propensity.fit(guesses)
    gamma, checked = calibrate(model, propensity, sampled)
    results, best = _offered(masks.select(["id", "index"]), guesses, posteriors, gamma, model, opts)
    likely = sorted(((e, g, w) for (g, w), e in propensity.expected.items() if e >= 0.5), key=lambda x: (-x[0], x[1], x[2]))
    stats.update(
        with_candidates=int(np.count_nonzero(best)),
        contexts=len(counts),
        reference_files=len(references),
        context_model=calibration,
        calibration=checked,
        likely_masked=[{"word": model.spelling(w), "lang": g[0], "masks": round(e, 1)} for e, g, w in likely[:20]],
    )
    if opts.mode == "apply":
        stats.update(threshold=opts.threshold, applied=int(np.count_nonzero(best >= opts.threshold)))
    return PassResult(name="restore", transform=partial(_transform, results=_Results(results), opts=opts), stats=stats)


def restore_options(tables: Mapping[str, Any], stages: Mapping[str, Any]) -> Options:
    """The pass's options, which live with the other mask options in `[stages.masks]`."""
    masks = stages["masks"]
    if not masks.enabled:
        return Options("off", "", 1.0, 0, {})
    o = masks.options
    reference = o["reference"]
    if not isinstance(reference, dict) or not all(isinstance(v, (list, str)) for v in reference.values()):
        raise RecipeError('[stages.masks] reference must map a language to globs, e.g. {en = ["refs/*.txt"]}')
    return Options(o["restore"], o["token"], float(o["restore_threshold"]), int(o["restore_top"]),
                   {lang: [v] if isinstance(v, str) else list(v) for lang, v in reference.items()})


def _reference_files(recipe: Recipe, opts: Options) -> list[tuple[str, Location]]:
    """Plain-text files (paths or URLs) named in the recipe, with the language they are listed under."""
    files = []
    for lang, patterns in sorted(opts.reference.items()):
        globs = tuple(str(location(p, recipe.base_dir)) for p in patterns)
        files += [(lang, path) for path in expand_inputs(globs)]
    return files


def _write_keep(folder: Path, names: list[str]) -> None:
    """Which rows of each shard the counting reads: the first of every set of identical texts,
    in task order (which copy does not matter: identical texts count the same)."""
    digests = [np.load(digests_path(folder, n)) for n in names]
    first = np.unique(np.concatenate(digests), return_index=True)[1] if digests else np.zeros(0, np.int64)
    keep = np.zeros(sum(len(d) for d in digests), bool)
    keep[first] = True
    start = 0
    for name, d in zip(names, digests):
        np.save(keep_path(folder, name), keep[start:start + len(d)])
        start += len(d)
        digests_path(folder, name).unlink()


def _mask_queries(masks: pa.Table) -> Iterator[tuple[str, int, Query]]:
    """(row id, redaction index, query) of each mask, one batch of rows at a time: a query object
    lives only while it is scored."""
    for batch in masks.to_batches(max_chunksize=10_000):
        cols = [batch.column(c).to_pylist() for c in ("id", "index", "lang", "k", "l2", "l1", "r1", "r2")]
        for doc_id, index, lang, k, *ctx in zip(*cols):
            yield doc_id, index, Query(lang, k, tuple(ctx))


def _offered(masks: pa.Table, guesses: Guesses, posteriors: np.ndarray, gamma: float, model: Model, opts: Options
             ) -> tuple[pa.Table, np.ndarray]:
    """Each mask's candidates as listed in the rows (the `top` best, at least MIN_SCORE), and its best score."""
    best = np.zeros(len(masks))
    parts = []
    for start in range(0, len(masks), _RESULTS_CHUNK):
        stop = min(start + _RESULTS_CHUNK, len(masks))
        lists = []
        for j in range(start, stop):
            a, b = guesses.offsets[j], guesses.offsets[j + 1]
            post = sharpen(posteriors[a:b], gamma)[1:]
            words = [guesses.words[w][1] for w in guesses.word[a + 1:b]]
            order = sorted(range(len(words)), key=lambda i: (-post[i], words[i]))
            lists.append([{"token": model.spelling(words[i]), "score": round(float(post[i]), 4),
                           "evidence_count": int(guesses.evidence[a + 1 + i])}
                          for i in order[:opts.top] if post[i] >= MIN_SCORE])
            best[j] = lists[-1][0]["score"] if lists[-1] else 0.0
        parts.append(pa.table({"id": masks["id"].slice(start, stop - start).combine_chunks(),
                               "index": masks["index"].slice(start, stop - start).combine_chunks(),
                               "candidates": pa.array(lists, _CANDIDATES)}))
    return pa.concat_tables(parts), best


class _Results:
    """The candidates by document, sorted by id: a lookup made of arrays, not objects.

    A batch's ids are found by binary search over the documents' ids as bytes:
    O(batch x log masks). (Arrow's `index_in` would rebuild a hash table of every
    masked document for each batch, which makes writing quadratic in the corpus.)
    """

    def __init__(self, table: pa.Table) -> None:
        self.table = table.combine_chunks()
        runs = pc.run_end_encode(self.table["id"].combine_chunks())
        self.ids = _as_bytes(runs.values)  # distinct, in id order as the masks were sorted
        self.ends = runs.run_ends.to_numpy()

    def rows_of(self, ids: pa.ChunkedArray | pa.Array) -> list[tuple[int, list[tuple[int, list[dict[str, Any]]]]]]:
        """(row number, [(redaction index, candidates)]) for each of `ids` that has results."""
        wanted = _as_bytes(ids)
        if not len(self.ids) or not len(wanted):
            return []
        if wanted.dtype.itemsize > self.ids.dtype.itemsize:  # compared at one width, never truncated
            self.ids = self.ids.astype(wanted.dtype)
        at = np.minimum(np.searchsorted(self.ids, wanted), len(self.ids) - 1)
        out = []
        for row in np.flatnonzero(self.ids[at] == wanted):
            run = int(at[row])
            start = int(self.ends[run - 1]) if run else 0
            part = self.table.slice(start, int(self.ends[run]) - start)
            out.append((int(row), list(zip(part["index"].to_pylist(), part["candidates"].to_pylist()))))
        return out


def _as_bytes(ids: pa.ChunkedArray | pa.Array) -> np.ndarray:
    """Ids as a fixed-width bytes array, which numpy compares bytewise, as Arrow sorts strings."""
    return np.array([i.encode() for i in ids.to_pylist()], dtype=bytes)


def _transform(table: pa.Table, results: _Results, opts: Options) -> pa.Table:
    found = results.rows_of(table["id"])
    if not found:
        return table
    reds = table["redactions"].to_pylist()
    columns = {"redactions": reds}
    if opts.mode == "apply":
        columns.update(text=table["text"].to_pylist(), edits=table["edits"].to_pylist(),
                       paragraphs=table["paragraphs"].to_pylist(), undo=table["undo"].to_pylist())
    for i, entries in found:
        for index, cands in entries:
            reds[i][index]["candidates"] = cands
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
        if restorable(r) and cands and cands[0]["score"] >= opts.threshold:
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
    columns["undo"][i] = [*columns["undo"][i], *({"stage": "restore", "start": e.start, "end": e.end,
                                                  "before": e.before} for e in doc.edits if e.kind == "restore")]
    columns["text"][i] = doc.text
    columns["edits"][i] = [{"kind": e.kind, "start": e.start, "end": e.end, "before": e.before} for e in doc.edits]
    columns["paragraphs"][i] = [
        {"start": p.start, "end": p.end, "kind": p.kind, "lang": p.lang, "lang_score": p.lang_score} for p in doc.paragraphs
    ]
    for r, moved in zip(columns["redactions"][i], doc.redactions):
        r["start"], r["end"] = moved.start, moved.end


RESTORE = CorpusPass(name="restore", options=restore_options, run=restore_pass)
