"""The report's figures against an independent reading of the same output folder."""

from __future__ import annotations

import json
from collections import Counter

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline.document import SCHEMA, Document, Paragraph, Redaction
from pipeline.query import CorpusError
from pipeline.report.data import OTHER_OUTLETS, UNKNOWN_SOURCE, gather


def _rows(out):
    return [r for shard in sorted(out.glob("data/*/*.parquet")) for r in pq.read_table(shard).to_pylist()]


def _rejects(out):
    return [json.loads(line) for line in (out / "rejects.jsonl").read_text(encoding="utf-8").splitlines() if line]


def test_counts_match_the_shards_and_rejects(messy_output):
    f = gather(messy_output)
    rows, rejects = _rows(messy_output), _rejects(messy_output)
    stats = json.loads((messy_output / "stats.json").read_text(encoding="utf-8"))

    assert {lang["lang"]: lang["rows"] for lang in f.languages} == dict(Counter(r["lang"] for r in rows))
    assert {r["reason"]: r["rows"] for r in f.rejects} == dict(Counter(r["reason"] for r in rejects))
    assert f.summary["rows"] == len(rows) and f.summary["rejected"] == len(rejects)
    assert f.summary["records_read"] == stats["records_read"] == len(rows) + len(rejects) + f.summary["duplicates_dropped"]
    assert f.summary["accounting_ok"] is True
    # The messy corpus has something in every section.
    assert f.flags and f.rejects and f.summary["masks"] and f.summary["duplicates_linked"]
    assert {r["reason"] for r in f.rejects} >= {"empty", "binary", "empty_text", "too_short"}


def test_masks_and_duplicates_per_outlet(messy_output):
    f = gather(messy_output)
    masks, masked, dups = Counter(), Counter(), Counter()
    for r in _rows(messy_output):
        source = r["source"] or UNKNOWN_SOURCE
        masks[source] += len(r["redactions"])
        masked[source] += bool(r["redactions"])
        dups[source] += r["dup_of"] is not None
    by_source = {o["source"]: o for o in f.outlets}
    assert {s: o["masks"] for s, o in by_source.items() if o["masks"]} == {s: n for s, n in masks.items() if n}
    assert {s: o["masked_rows"] for s, o in by_source.items() if o["masked_rows"]} == {s: n for s, n in masked.items() if n}
    assert {s: o["duplicates"] for s, o in by_source.items() if o["duplicates"]} == {s: n for s, n in dups.items() if n}
    # Most masks first, ties by name: the question "which outlets mask the most".
    ranked = f.top_outlets("masks", 50)
    assert [o["source"] for o in ranked] == sorted((s for s in masks if masks[s]), key=lambda s: (-masks[s], s))
    # The timeline adds up to the same totals.
    timeline = Counter()
    for cell in f.masks_over_time:
        timeline[cell["source"]] += cell["masks"]
    assert dict(timeline) == {s: n for s, n in masks.items() if n}
    assert f.period == "month"


def test_length_quantiles_are_ordered_and_from_the_rows(messy_output):
    f = gather(messy_output)
    words = {}
    for r in _rows(messy_output):
        words.setdefault(r["lang"], []).append(r["quality"]["words"])
    for lang in f.languages:
        w = lang["words"]
        assert w["p05"] <= w["q1"] <= w["median"] <= w["q3"] <= w["p95"]
        assert min(words[lang["lang"]]) <= w["p05"] and w["p95"] <= max(words[lang["lang"]])


def test_samples_are_real_rows_with_a_prefix_of_their_text(messy_output):
    f = gather(messy_output, samples_per_language=2)
    by_id = {r["id"]: r for r in _rows(messy_output)}
    per_lang = Counter(s["lang"] for s in f.samples)
    assert per_lang and max(per_lang.values()) <= 2
    for s in f.samples:
        row = by_id[s["id"]]
        assert row["lang"] == s["lang"] and row["text"].startswith(s["excerpt"])
        assert s["truncated"] == (len(row["text"]) > len(s["excerpt"]))


def test_same_output_same_figures(messy_output):
    assert gather(messy_output).to_dict() == gather(messy_output).to_dict()


def _write_corpus(out, docs, schema=SCHEMA):
    for lang in sorted({d.lang for d in docs}):
        path = out / "data" / lang / "train-00000-of-00001.parquet"
        path.parent.mkdir(parents=True)
        rows = [d.to_row() for d in docs if d.lang == lang]
        table = pa.Table.from_pylist(rows, schema=SCHEMA).select(schema.names)
        pq.write_table(table, path)


def _doc(i, lang="en", source="Harbor Ledger", published="2024-01-05", masks=0):
    text = "Word " * 60 + "** " * masks
    d = Document(text=text, source_path=f"a/{i}.txt", source_index=0, id=f"{i:032x}", lang=lang, source=source,
                 published=published)
    d.redactions = [Redaction(0, 2, "**", "word") for _ in range(masks)]
    d.quality = {"words": 60.0 + i}
    return d


def test_many_months_become_years_and_small_outlets_are_summed(tmp_path):
    docs = [_doc(i, source=f"Outlet {i % 12}", published=f"{2010 + i % 10}-{1 + i % 12:02d}-01", masks=1 + i % 12)
            for i in range(240)]
    docs.append(_doc(999, source=None, published=None, masks=2))
    _write_corpus(tmp_path, docs)
    f = gather(tmp_path, timeline_outlets=3)
    assert f.period == "year"
    assert {c["period"] for c in f.masks_over_time} == {str(y) for y in range(2010, 2020)} | {"undated"}
    shown = {c["source"] for c in f.masks_over_time}
    assert len(shown - {OTHER_OUTLETS}) == 3 and OTHER_OUTLETS in shown
    assert sum(c["masks"] for c in f.masks_over_time) == sum(len(d.redactions) for d in docs)
    assert f.summary["records_read"] == len(docs)  # no stats.json: what the folder holds


def test_an_older_corpus_without_paragraphs_still_reports(tmp_path):
    schema = pa.schema([fld for fld in SCHEMA if fld.name != "paragraphs"])
    _write_corpus(tmp_path, [_doc(1), _doc(2, lang="de")], schema)
    f = gather(tmp_path)
    assert f.summary["rows_with_paragraph_languages"] is None
    assert [lang["lang"] for lang in f.languages] == ["de", "en"]


def test_paragraph_languages_are_counted(tmp_path):
    mixed = _doc(1)
    mixed.paragraphs = [Paragraph(0, 10, lang="en", lang_score=0.99), Paragraph(12, 20, lang="fr", lang_score=0.9)]
    plain = _doc(2)
    plain.paragraphs = [Paragraph(0, 10, lang="en", lang_score=0.99)]
    _write_corpus(tmp_path, [mixed, plain, _doc(3)])
    s = gather(tmp_path).summary
    assert (s["rows_with_paragraph_languages"], s["mixed_language_rows"]) == (2, 1)


def test_an_empty_corpus_and_a_wrong_folder(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "rejects.jsonl").write_text(json.dumps(
        {"source_path": "a.txt", "source_index": 0, "reason": "empty", "message": "file is empty", "stage": "reader"}) + "\n")
    f = gather(tmp_path)
    assert f.languages == [] and f.samples == [] and f.summary["rows"] == 0
    assert [(r["reason"], r["rows"]) for r in f.rejects] == [("empty", 1)]
    with pytest.raises(CorpusError, match="not a corpus output folder"):
        gather(tmp_path / "nowhere")
