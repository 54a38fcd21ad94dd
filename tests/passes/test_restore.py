"""The restoration pass on small corpora written for the purpose: candidates come from the
contexts the masked word fills elsewhere, and nothing else about the rows changes unless
the recipe asks."""

from __future__ import annotations

import itertools
import json
import shutil

import fsspec
import pyarrow as pa
import pyarrow.parquet as pq
import xxhash

from pipeline.build import build
from pipeline.document import SCHEMA
from pipeline.executors import LocalExecutor
from pipeline.passes.restore import restore_pass
from pipeline.recipe import Recipe, load_recipe
from pipeline.stages.masks import MasksStage
from tests.conftest import DEMO, doc

SUBJECTS = ["Officials", "The ministry", "Analysts", "Customs officers", "The governor", "Traders", "Diplomats"]
VERBS = ["said that", "warned that", "confirmed that", "denied that", "reported that"]
CLAUSES = [
    "the shipment of conventional weapons equipment was delayed at the border",
    "exports of conventional weapons equipment will be reviewed next month",
    "demand for conventional weapons equipment keeps rising in the region",
    "the new hospital ordered modern medical equipment from abroad",
    "the port handled more farm machinery than last year",
    "nuclear weapons were not discussed at the meeting",
    "the ferry timetable will change in the spring",
]
MASKED = [
    "Traders denied that conventional ** equipment was hidden in the crates.",
    "The governor said that conventional** equipment must be declared.",
]


def articles(n: int, offset: int = 0) -> list[str]:
    """n different short articles of three sentences in the machine-translated style."""
    combos = itertools.product(SUBJECTS, VERBS, CLAUSES)
    out = []
    for i, (s, v, c) in enumerate(itertools.islice(combos, offset, offset + 3 * n)):
        if i % 3 == 0:
            out.append("")
        out[-1] += f"{s} {v} {c}. "
    return [a.strip() + f" The report was filed on day {k + offset}." for k, a in enumerate(out)]


def write_shard(path, texts, lang="en", first=0):
    """A work shard of these articles; ids are content hashes, as a build makes them."""
    stage = MasksStage()
    docs = []
    for i, text in enumerate(texts, start=first):
        d = doc(text, lang=lang, source="Harbor Ledger")
        d.source_index = i
        d = stage(d)
        d.id = xxhash.xxh3_128_hexdigest(f"{i}:{text}".encode())
        docs.append(d)
    pq.write_table(pa.Table.from_pylist([d.to_row() for d in docs], schema=SCHEMA), path)
    return path


def recipe(tmp_path, **masks) -> Recipe:
    return Recipe(name="t", base_dir=tmp_path, inputs=(), output=tmp_path, stages={"masks": masks})


def run(tmp_path, shards, executor=None, **masks):
    work = tmp_path / "work"
    work.mkdir(exist_ok=True)
    result = restore_pass(shards, recipe(tmp_path, **masks), work, executor)
    rows = []
    for shard in shards:
        table = pq.read_table(shard)
        rows += (result.transform(table) if result.transform else table).to_pylist()
    return result, {r["id"]: r for r in rows}


def masked_rows(rows):
    return [r for r in rows.values() if r["redactions"]]


def test_candidates_come_from_the_contexts_the_word_fills_elsewhere(tmp_path):
    shard = write_shard(tmp_path / "a.parquet", articles(40) + MASKED)
    result, rows = run(tmp_path, [shard])
    assert result.stats["word_masks"] == 2 and result.stats["with_candidates"] == 2
    for row in masked_rows(rows):
        [r] = row["redactions"]
        cands = r["candidates"]
        assert cands[0]["token"] == "weapons" and cands[0]["evidence_count"] > 0
        scores = [c["score"] for c in cands]
        assert scores == sorted(scores, reverse=True) and all(0 < s <= 1 for s in scores) and sum(scores) <= 1.0001
        assert row["text"][r["start"]:r["end"]] == "[REDACTED]" and r["raw"] == "**"


def test_a_sampled_word_ranked_past_the_candidate_cut_is_not_offered_and_the_pass_completes(tmp_path):
    # One context ("saw the ___.") filled by 60 invented words, each printed twice: every
    # calibration word sampled there has evidence, and most rank past the 50 candidates kept.
    syllables = ["ka", "lo", "mi", "ne", "ru", "ta", "vo", "zi"]
    words = ["".join(p) for p in itertools.product(syllables, repeat=2)][:60]
    texts = [" ".join(f"We saw the {w}." for w in words[i:i + 6]) for i in range(0, 60, 6)]
    texts += [" ".join(f"They saw the {w}." for w in words[i:i + 5]) for i in range(0, 60, 5)]
    shard = write_shard(tmp_path / "a.parquet", texts + ["At dawn we saw the ** again."])
    result, rows = run(tmp_path, [shard])
    [row] = masked_rows(rows)
    cands = row["redactions"][0]["candidates"]
    assert result.stats["context_model"]["positions"] > 0 and result.stats["with_candidates"] == 1
    assert cands and {c["token"] for c in cands} <= set(words)


def test_only_censorship_masks_in_text_get_candidates(tmp_path):
    stage = MasksStage(privacy="mark")
    texts = articles(40) + ["Traders said the f**k word on air, and Jo** Ke** wrote that conventional ** equipment was late."]
    docs = []
    for i, text in enumerate(texts):
        d = stage(doc(text, lang="en", source="Harbor Ledger", title="Customs hold conventional ** equipment" if i == 40 else None))
        d.source_index, d.id = i, xxhash.xxh3_128_hexdigest(f"{i}:{text}".encode())
        docs.append(d)
    shard = tmp_path / "a.parquet"
    pq.write_table(pa.Table.from_pylist([d.to_row() for d in docs], schema=SCHEMA), shard)
    _, rows = run(tmp_path, [shard], restore="apply", restore_threshold=0.01)
    [row] = masked_rows(rows)
    by_kind = {(r["kind"], r["field"]): r for r in row["redactions"]}
    assert sorted(by_kind) == [("censorship", "text"), ("censorship", "title"), ("privacy", "text"), ("profanity", "text")]
    assert by_kind["censorship", "text"]["candidates"][0]["token"] == "weapons"
    assert all(r["candidates"] == [] for key, r in by_kind.items() if key != ("censorship", "text"))
    # the swear word and the names keep their letters; only the censored word was filled in
    assert row["text"].startswith("Traders said the f**k word on air, and Jo** Ke** wrote that conventional weapons equipment")
    for r in row["redactions"]:
        if r["field"] == "text" and r["kind"] != "censorship":
            assert row["text"][r["start"]:r["end"]] == r["raw"]
    assert row["title"] == "Customs hold conventional [REDACTED] equipment"


def test_with_little_evidence_nothing_is_offered_with_confidence(tmp_path):
    shard = write_shard(tmp_path / "a.parquet", ["The lighthouse keeper painted the ** blue before winter came.",
                                                 "A short note on the weather, with nothing in it."])
    result, rows = run(tmp_path, [shard])
    [row] = masked_rows(rows)
    assert all(c["score"] < 0.2 for c in row["redactions"][0]["candidates"])
    assert result.stats["calibration"]["fitted"] is False


def test_same_candidates_however_the_corpus_is_split_into_shards(tmp_path):
    texts = articles(45) + MASKED
    one = write_shard(tmp_path / "one.parquet", texts)
    parts = [write_shard(tmp_path / f"p{i}.parquet", texts[i * 16:(i + 1) * 16], first=i * 16) for i in range(3)]
    (tmp_path / "w1").mkdir()
    (tmp_path / "w2").mkdir()
    _, whole = run(tmp_path / "w1", [one])
    _, split = run(tmp_path / "w2", parts)
    assert {r["text"]: r["redactions"] for r in whole.values()} == {r["text"]: r["redactions"] for r in split.values()}


def test_the_shard_steps_give_the_same_result_on_a_process_pool(tmp_path):
    texts = articles(45) + MASKED
    parts = [write_shard(tmp_path / f"p{i}.parquet", texts[i * 16:(i + 1) * 16], first=i * 16) for i in range(3)]
    (tmp_path / "w1").mkdir()
    (tmp_path / "w2").mkdir()
    inline, a = run(tmp_path / "w1", parts)
    pooled, b = run(tmp_path / "w2", parts, executor=LocalExecutor(2))
    assert any(r["redactions"][0]["candidates"] for r in masked_rows(a))
    assert a == b
    assert inline.stats == pooled.stats


def test_exact_copies_of_an_article_count_once(tmp_path):
    base = articles(30)
    once = write_shard(tmp_path / "once.parquet", base + MASKED[:1])
    many = write_shard(tmp_path / "many.parquet", base + [base[0]] * 25 + MASKED[:1])
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    _, a = run(tmp_path / "a", [once])
    _, b = run(tmp_path / "b", [many])
    ca, cb = (masked_rows(rows)[0]["redactions"][0]["candidates"] for rows in (a, b))
    # the copies are not evidence; they only change which words are sampled for calibration
    assert [(c["token"], c["evidence_count"]) for c in ca] == [(c["token"], c["evidence_count"]) for c in cb]
    assert all(abs(x["score"] - y["score"]) < 0.05 for x, y in zip(ca, cb))


def test_copies_in_other_shards_count_once_too(tmp_path):
    base = articles(30)
    once = write_shard(tmp_path / "once.parquet", base + MASKED[:1])
    spread = [write_shard(tmp_path / "s0.parquet", base + MASKED[:1]),
              write_shard(tmp_path / "s1.parquet", [base[0], base[1]] * 6, first=100),
              write_shard(tmp_path / "s2.parquet", [base[1]] * 9, first=200)]
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    _, a = run(tmp_path / "a", [once])
    _, b = run(tmp_path / "b", spread)
    ca, cb = (masked_rows(rows)[0]["redactions"][0]["candidates"] for rows in (a, b))
    assert ca and [(c["token"], c["evidence_count"]) for c in ca] == [(c["token"], c["evidence_count"]) for c in cb]


def test_a_reference_collection_named_in_the_recipe_adds_evidence(tmp_path):
    shard = write_shard(tmp_path / "a.parquet", ["Traders denied that conventional ** equipment was hidden.",
                                                 "The ferry timetable will change in the spring."])
    refs = tmp_path / "refs"
    refs.mkdir()
    (refs / "background.txt").write_text("\n".join(f"{c}." for c in CLAUSES * 6), encoding="utf-8")
    without, rows = run(tmp_path, [shard])
    assert masked_rows(rows)[0]["redactions"][0]["candidates"] == []
    with_refs, rows = run(tmp_path, [shard], reference={"en": ["refs/*.txt"]})
    assert with_refs.stats["reference_files"] == 1
    assert masked_rows(rows)[0]["redactions"][0]["candidates"][0]["token"] == "weapons"


def test_a_reference_collection_may_be_a_url(tmp_path):
    shard = write_shard(tmp_path / "a.parquet", ["Traders denied that conventional ** equipment was hidden.",
                                                 "The ferry timetable will change in the spring."])
    memory = fsspec.filesystem("memory")
    memory.pipe("/restore-refs/background.txt", ("\n".join(f"{c}." for c in CLAUSES * 6) + "\udcff").encode(
        "utf-8", "surrogateescape"))  # a stray bad byte at the end does not stop the pass
    try:
        result, rows = run(tmp_path, [shard], reference={"en": ["memory://restore-refs/*.txt"]})
    finally:
        memory.rm("/restore-refs", recursive=True)
    assert result.stats["reference_files"] == 1
    assert masked_rows(rows)[0]["redactions"][0]["candidates"][0]["token"] == "weapons"


def test_chinese_masks_are_filled_with_as_many_characters_as_they_hide(tmp_path):
    texts = [f"{who}表示，美国向乌克兰提供了大量武器装备，{tail}。" for who, tail in itertools.product(
        ["外交部发言人", "专家", "记者", "分析人士", "官员"], ["局势更加紧张", "冲突可能延长", "各方高度关注", "谈判更加困难"])]
    texts += ["报道称，美国向乌克兰提供了大量**装备，引发关注。"]
    shard = write_shard(tmp_path / "zh.parquet", texts, lang="zh")
    _, rows = run(tmp_path, [shard])
    [row] = masked_rows(rows)
    assert row["redactions"][0]["candidates"][0]["token"] == "武器"


def test_apply_substitutes_above_the_threshold_and_records_it(tmp_path):
    text = "Traders denied that conventional ** equipment was hidden.\n\nThe governor said that conventional** equipment must be declared."
    shard = write_shard(tmp_path / "a.parquet", articles(40) + [text])
    result, rows = run(tmp_path, [shard], restore="apply", restore_threshold=0.3)
    [row] = masked_rows(rows)
    assert result.stats["applied"] == 2
    assert row["text"] == ("Traders denied that conventional weapons equipment was hidden.\n\n"
                           "The governor said that conventional weapons equipment must be declared.")
    restores = [e for e in row["edits"] if e["kind"] == "restore"]
    assert [e["before"] for e in restores] == ["[REDACTED]", "[REDACTED]"]
    for r, e in zip(row["redactions"], restores):
        assert r["raw"] == "**" and (r["start"], r["end"]) == (e["start"], e["end"])
        assert row["text"][r["start"]:r["end"]] == "weapons"


def test_apply_below_the_threshold_changes_nothing(tmp_path):
    shard = write_shard(tmp_path / "a.parquet", articles(40) + MASKED)
    result, rows = run(tmp_path, [shard], restore="apply", restore_threshold=1.0)
    assert result.stats["applied"] == 0
    assert all("[REDACTED]" in r["text"] and not r["edits"] for r in masked_rows(rows))


def test_off_leaves_rows_alone_and_counts_live_in_files(tmp_path):
    shard = write_shard(tmp_path / "a.parquet", articles(20) + MASKED)
    result, _ = run(tmp_path, [shard], restore="off")
    assert result.transform is None and result.stats == {"mode": "off"}
    run(tmp_path, [shard])
    assert sorted(p.name for p in (tmp_path / "work" / "restore").iterdir()) == [
        "contexts-00000.parquet", "contexts-reference.parquet", "keep-00000.npy", "masks-00000.parquet",
        "needed.parquet", "totals-00000.parquet", "totals-reference.parquet"]


def test_the_build_reports_restoration_and_masks_per_outlet(demo_build):
    out = demo_build.output
    stats = json.loads((out / "stats.json").read_text(encoding="utf-8"))
    assert stats["restore"]["mode"] == "candidates"
    assert stats["restore"]["word_masks"] == stats["masks"]["total"]
    rows = [r for shard in sorted(out.glob("data/*/*.parquet")) for r in pq.read_table(shard).to_pylist()]
    by_source: dict[str, list[int]] = {}
    for r in rows:
        if r["redactions"]:
            counts = by_source.setdefault(r["source"] or "(unknown)", [0, 0, 0])
            counts[0] += len(r["redactions"])
            counts[1] += sum(x["kind"] == "censorship" for x in r["redactions"])
            counts[2] += 1
    assert {k: [v["masks"], v.get("censorship", 0), v["documents"]]
            for k, v in stats["masks"]["by_source"].items()} == by_source
    card = (out / "README.md").read_text(encoding="utf-8")
    for source, (masks, censorship, documents) in by_source.items():
        assert f"| {source} | {masks} | {censorship} | {documents} |" in card


def test_mask_counts_are_over_the_rows_written_not_dropped_copies(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(DEMO / "articles", corpus / "articles")
    shutil.copy(corpus / "articles" / "02-en-port-export-checks.txt", corpus / "articles" / "27-en-port-copy.txt")
    toml = (DEMO / "corpus.toml").read_text(encoding="utf-8")
    (corpus / "corpus.toml").write_text(toml.replace('mode = "mark"', 'mode = "drop"'), encoding="utf-8")
    out = build(load_recipe(corpus, output=str(tmp_path / "out"))).output
    stats = json.loads((out / "stats.json").read_text(encoding="utf-8"))
    rows = [r for shard in sorted(out.glob("data/*/*.parquet")) for r in pq.read_table(shard).to_pylist()]
    assert stats["duplicates_dropped"] == 1
    assert stats["masks"]["total"] == sum(len(r["redactions"]) for r in rows) == 10
    assert stats["masks"]["by_source"]["Harbor Ledger"] == {"masks": 5, "censorship": 5, "documents": 1}


def test_candidates_are_found_by_id_for_a_batch_in_any_order():
    from pipeline.passes.restore import _CANDIDATES, _Results

    def cands(word):
        return [{"token": word, "score": 0.5, "evidence_count": 3}]

    results = _Results(pa.table({
        "id": pa.array(["a1", "b2", "b2", "c3"]),  # sorted by id, as the pass makes them; b2 has two masks
        "index": pa.array([0, 0, 2, 1], pa.int32()),
        "candidates": pa.array([cands("x"), cands("y"), cands("z"), []], _CANDIDATES),
    }))
    batch = pa.chunked_array([["c3", "zz", "a1"], ["b22", "b2", "a"]])  # "b22" must not pass for "b2"
    assert results.rows_of(batch) == [(0, [(1, [])]), (2, [(0, cands("x"))]),
                                      (4, [(0, cands("y")), (2, cands("z"))])]
    assert results.rows_of(pa.array([], pa.string())) == []
