"""`newscorpus inspect`: one article, from an input file or a built corpus, with every change shown."""

from __future__ import annotations

import json

import pyarrow.parquet as pq
import pytest
from rich.console import Console
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.document import Document, Edit, Paragraph, Redaction
from pipeline.inspect import inspect_file, inspect_id, marked_text, render
from pipeline.query import CorpusError
from pipeline.recipe import load_recipe
from tests.conftest import DEMO

# Our own article in the shape of scraped machine-translated news: header lines, a glued
# subtitle, masks, a lost apostrophe and a boilerplate line at the end.
ARTICLE = """Ferry operator s new timetable angers island commuters

Bay Courier Updated on 2024-02-11
Author: Tomas Berg (Island Transport Forum).

-- Why the early boat matters to workersLast week, the ferry company cut the first morning crossing and moved it forty minutes later. Island residents who work in the city say the change makes them late for shifts at the hospital and the port.

The company blamed the cost of fuel and said the early boat carried too few passengers. A spokesman added that the ** rules for night crossings had also become stricter, and that the crew of the old vessel could not be replaced before the summer.

Commuters gathered at the pier on Saturday with signs asking for the old timetable. One nurse said the mayor s office had promised to help but nothing had changed. The council will discuss the ferry contract and the conventional** subsidy at its next meeting.

Related Pages
"""


def _console() -> Console:
    return Console(record=True, width=140, color_system=None)


def _rows(out):
    return {r["id"]: r for shard in sorted(out.glob("data/*/*.parquet")) for r in pq.read_table(shard).to_pylist()}


@pytest.fixture()
def article(tmp_path):
    path = tmp_path / "ferry.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_a_file_is_cleaned_and_every_change_is_shown(article):
    ins = inspect_file(article)
    row = ins.row
    assert ins.origin == "file" and ins.reject is None
    kinds = {r["kind"] for r in row["removed"]}
    assert {"title", "dateline", "byline", "subtitle", "boilerplate"} <= kinds
    assert len(row["redactions"]) == 2 and any(e["kind"] == "apostrophe" for e in row["edits"])

    console = _console()
    render(ins, console)
    out = console.export_text()
    for removed in row["removed"]:
        assert removed["text"].strip() in out
    for r in row["redactions"]:
        assert r["raw"] in out and row["text"][r["start"]:r["end"]] in out
    assert "mayor␣'s office" in out  # the repair: what was there, then what is now
    assert "censorship masks" in out and "what each stage did" in out
    assert ins.stages["masks"]["masks"] == len(row["redactions"])


def test_marked_text_keeps_the_text_and_labels_each_change():
    d = Document(text="Der Rat tagte.\n\nThe mayor's [REDACTED] plan.", source_path="x", source_index=0)
    d.paragraphs = [Paragraph(0, 14, lang="de", lang_score=0.97), Paragraph(16, 44, kind="heading", lang="en", lang_score=0.99)]
    d.edits = [Edit("apostrophe", 25, 26, " ")]
    d.redactions = [Redaction(28, 38, "**", "word")]
    text = marked_text(d.to_row())
    assert text.plain == "¶1 de 0.97 Der Rat tagte.\n\n¶2 en 0.99 heading The mayor␣'s [REDACTED]¹ plan."
    styled = {text.plain[s.start:s.end]: str(s.style) for s in text.spans}
    assert styled["␣"] == "strike red" and styled["'"] == "bold green" and "on dark_red" in styled["[REDACTED]"]


def test_a_file_cleaned_with_the_recipe_is_the_row_the_build_wrote(demo_build):
    path = DEMO / "articles" / "02-en-port-export-checks.txt"
    ins = inspect_file(path, load_recipe(DEMO, inputs=[str(path)]))
    built = _rows(demo_build.output)[ins.row["id"]]
    for column in ("text", "title", "source", "published", "authors", "lang", "removed", "edits", "quality_flags"):
        assert ins.row[column] == built[column], column
    assert [(r["start"], r["end"], r["raw"]) for r in ins.row["redactions"]] == \
        [(r["start"], r["end"], r["raw"]) for r in built["redactions"]]


def test_a_rejected_file_says_why(tmp_path):
    path = tmp_path / "header-only.txt"
    path.write_text("Bay Courier Updated on 2024-02-11\nAuthor: Tomas Berg.\n", encoding="utf-8")
    ins = inspect_file(path)
    assert ins.row is None and ins.reject["reason"] == "empty_text"
    console = _console()
    render(ins, console)
    out = console.export_text()
    assert "rejected" in out and ins.reject["message"] in out
    with pytest.raises(CorpusError, match="no record number 3"):
        inspect_file(path, record=3)


def test_an_id_or_a_prefix_finds_the_row(messy_output):
    rows = _rows(messy_output)
    doc_id = sorted(rows)[0]
    for key in (doc_id, doc_id[:8], doc_id.upper()):
        ins = inspect_id(messy_output, key)
        assert ins.origin == "corpus" and ins.row["id"] == doc_id
        assert ins.row["text"] == rows[doc_id]["text"] and ins.row["redactions"] == rows[doc_id]["redactions"]


def test_a_rejected_id_shows_the_reject(messy_output):
    rejects = [json.loads(line) for line in (messy_output / "rejects.jsonl").read_text(encoding="utf-8").splitlines()]
    with_id = next(r for r in rejects if r["id"])
    ins = inspect_id(messy_output, with_id["id"])
    assert ins.row is None and ins.reject["reason"] == with_id["reason"]


def test_a_dropped_duplicate_leads_to_its_canonical_row(messy_dropped_output):
    dropped = json.loads((messy_dropped_output / "duplicates.jsonl").read_text(encoding="utf-8").splitlines()[0])
    ins = inspect_id(messy_dropped_output, dropped["id"])
    assert ins.row["id"] == dropped["dup_of"] and "dropped as a duplicate" in ins.note


def test_unknown_short_and_ambiguous_ids(tmp_path, messy_output):
    with pytest.raises(CorpusError, match="too short"):
        inspect_id(messy_output, "abc")
    with pytest.raises(CorpusError, match="no row, reject or dropped duplicate"):
        inspect_id(messy_output, "zzzzzzzz")
    import pyarrow as pa

    from pipeline.document import SCHEMA
    shard = tmp_path / "data" / "en" / "train-00000-of-00001.parquet"
    shard.parent.mkdir(parents=True)
    docs = [Document(text="t", source_path="a", source_index=i, id=f"abcdef{i:026d}") for i in range(2)]
    pq.write_table(pa.Table.from_pylist([d.to_row() for d in docs], schema=SCHEMA), shard)
    with pytest.raises(CorpusError, match="ambiguous"):
        inspect_id(tmp_path, "abcdef")
    assert inspect_id(tmp_path, "abcdef" + "0" * 25 + "1").row["id"] == docs[1].id


def test_inspect_command(article, messy_output):
    runner = CliRunner()
    result = runner.invoke(app, ["inspect", str(article), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["origin"] == "file" and data["row"]["title"] == "Ferry operator's new timetable angers island commuters"

    doc_id = sorted(_rows(messy_output))[0]
    result = runner.invoke(app, ["inspect", doc_id[:10], "--output", str(messy_output)], terminal_width=140)
    assert result.exit_code == 0, result.output
    assert doc_id in result.output and "quality signals" in result.output

    result = runner.invoke(app, ["inspect", doc_id[:10]])
    assert result.exit_code == 2 and "--output" in result.output


def test_a_record_of_a_many_record_file(tmp_path):
    path = tmp_path / "feed.jsonl"
    records = [{"id": "a", "text": "First story\n\n" + ARTICLE.split("\n\n", 3)[3]},
               {"id": "b", "url": "https://example.org/b",
                "text": "Harbour board approves second pier\n\nThe harbour board met on Monday and approved a pier."}]
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    ins = inspect_file(path, record=1)
    assert ins.row["source_index"] == 1 and ins.row["url"] == "https://example.org/b"
    assert ins.row["title"] == "Harbour board approves second pier"
    assert ins.row["text"] == "The harbour board met on Monday and approved a pier."
    assert inspect_file(path, record=0).row["redactions"]


def test_a_file_inspected_with_output_has_the_corpus_id_from_any_current_folder(demo_build, tmp_path, monkeypatch):
    path = DEMO / "articles" / "03-en-island-ferry.txt"
    ids = set(_rows(demo_build.output))
    for folder in (tmp_path, DEMO / "articles"):
        monkeypatch.chdir(folder)
        result = CliRunner().invoke(app, ["inspect", str(path), "--output", str(demo_build.output), "--json"])
        assert result.exit_code == 0, result.output
        row = json.loads(result.output)["row"]
        assert row["id"] in ids and row["source_path"] == "articles/03-en-island-ferry.txt"
