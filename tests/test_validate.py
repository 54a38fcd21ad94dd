"""`newscorpus validate`: a whole corpus passes; each kind of damage is named."""

from __future__ import annotations

import dataclasses
import json
import shutil

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from pipeline.build import assign_split, build
from pipeline.cli import EXIT_INVALID, app
from pipeline.document import SCHEMA
from pipeline.recipe import load_recipe
from pipeline.validate import validate_output
from tests.conftest import DEMO


@pytest.fixture
def corpus(demo_build, tmp_path):
    """A private copy of the demo corpus to damage."""
    return shutil.copytree(demo_build.output, tmp_path / "corpus")


def messages(out):
    return [str(p) for p in validate_output(out).problems]


def test_a_fresh_build_is_valid(corpus):
    report = validate_output(corpus)
    assert report.ok, report.problems
    assert report.rows == 26 and report.shards == 9


def test_splits_check_out_whatever_order_the_recipe_lists_them_in(tmp_path):
    recipe = load_recipe(DEMO, output=str(tmp_path / "reversed"))
    listed = {"test": 0.25, "validation": 0.25, "train": 0.5}
    out = build(dataclasses.replace(recipe, build={**recipe.build, "splits": listed})).output
    report = validate_output(out)
    assert report.ok, report.problems
    assert {split for _, split in report.counts} == {"train", "validation", "test"}
    canonical = [("train", 0.5), ("validation", 0.25), ("test", 0.25)]
    for shard in out.glob("data/*/*.parquet"):
        for doc_id in pq.read_table(shard, columns=["id"])["id"].to_pylist():
            assert assign_split(doc_id, canonical) == shard.name.split("-")[0]


def test_a_deleted_shard_is_caught(corpus):
    (corpus / "data" / "en" / "train-00000-of-00001.parquet").unlink()
    found = messages(corpus)
    assert any(m.startswith("stats.json: en/train: says 10 rows, the shards hold 0") for m in found)
    assert any("README.md: config en, split train: no file matches" in m for m in found)
    assert any("croissant.json: lists data/en/train-00000-of-00001.parquet, which is not in data/" in m for m in found)


def test_a_deleted_shard_among_several_is_named(tmp_path):
    recipe = load_recipe(DEMO, output=str(tmp_path / "out"))
    out = build(dataclasses.replace(recipe, build={**recipe.build, "rows_per_shard": 3})).output
    assert validate_output(out).ok
    (out / "data" / "en" / "train-00001-of-00004.parquet").unlink()
    found = messages(out)
    assert "data/en/train-00001-of-00004.parquet: missing: 3 of the 4 en/train shards are there" in found


def test_a_duplicated_id_is_caught(corpus):
    shard = corpus / "data" / "en" / "train-00000-of-00001.parquet"
    table = pq.read_table(shard)
    pq.write_table(pa.concat_tables([table, table.slice(3, 1)]), shard, compression="zstd")
    doubled = table["id"][3].as_py()
    found = messages(corpus)
    assert f"data/en/train-00000-of-00001.parquet: 1 ids already seen in this or another shard, e.g. {doubled}" in found


def test_an_id_in_two_languages_is_caught(corpus):
    en = corpus / "data" / "en" / "train-00000-of-00001.parquet"
    de = corpus / "data" / "de" / "train-00000-of-00001.parquet"
    de_table = pq.read_table(de)
    ids = de_table["id"].to_pylist()
    ids[0] = pq.read_table(en, columns=["id"])["id"][0].as_py()
    pq.write_table(de_table.set_column(0, "id", pa.array(ids, pa.string())), de)
    assert any("ids already seen in this or another shard" in m for m in messages(corpus))


def test_a_card_with_stale_counts_is_caught(corpus, tmp_path):
    """The card of an earlier, smaller run left beside the current data."""
    articles = sorted((DEMO / "articles").glob("*.txt"))
    earlier = build(load_recipe(DEMO, inputs=[str(p) for p in articles[:20]], output=str(tmp_path / "earlier")))
    shutil.copy(earlier.output / "README.md", corpus / "README.md")
    found = messages(corpus)
    assert any(m.startswith("README.md: dataset_info of default: split sizes {'train': 20}, but the shards hold "
                            "{'train': 26}") for m in found)
    assert any(m.startswith("README.md: differs from the card") for m in found)


def test_a_hand_edited_count_is_caught(corpus):
    text = (corpus / "README.md").read_text(encoding="utf-8")
    assert "- Rows: **26**" in text
    (corpus / "README.md").write_text(text.replace("- Rows: **26**", "- Rows: **27**"), encoding="utf-8")
    assert [m for m in messages(corpus) if m.startswith("README.md")] == [
        "README.md: differs from the card this run's recipe.json and stats.json give "
        "(stale or edited by hand: rebuild, or put the change in the recipe)"]


@pytest.mark.parametrize(("edit", "why"), [
    (lambda t: t.replace("license:", "license: [unclosed", 1), "does not parse"),  # YAML that does not parse
    (lambda t: t.replace("---\n", "---\n- a list, not a mapping\n", 1), "does not parse"),
    (lambda t: t.split("\n---\n", 1)[1], "no YAML header"),
])
def test_a_broken_card_header_is_named_not_a_crash(corpus, edit, why):
    text = (corpus / "README.md").read_text(encoding="utf-8")
    (corpus / "README.md").write_text(edit(text), encoding="utf-8")
    assert any(m.startswith("README.md: ") and why in m for m in messages(corpus)), messages(corpus)


def test_broken_accounting_and_rejects_are_caught(corpus):
    stats = json.loads((corpus / "stats.json").read_text(encoding="utf-8"))
    stats["records_read"] += 1
    (corpus / "stats.json").write_text(json.dumps(stats), encoding="utf-8")
    (corpus / "rejects.jsonl").write_text('{"reason": "empty"}\nnot json\n', encoding="utf-8")
    found = messages(corpus)
    assert any(m.startswith("stats.json: accounting does not hold: 27 records read") for m in found)
    assert "rejects.jsonl: 1 lines are not JSON" in found
    assert "rejects.jsonl: has 2 entries, stats.json says rejected = 0" in found


@pytest.mark.parametrize("content", ["{}", "[]", '{"rows_written": 26}'])
def test_a_stats_file_that_is_not_a_builds_is_reported_not_a_crash(corpus, content):
    (corpus / "stats.json").write_text(content, encoding="utf-8")
    found = messages(corpus)
    assert [m for m in found if m.startswith("stats.json")] == [m for m in found if "not a build's stats" in m]
    assert len(found) == 1


def test_wrong_schema_stray_files_and_changed_bytes_are_caught(corpus):
    fr = corpus / "data" / "fr" / "train-00000-of-00001.parquet"
    pq.write_table(pq.read_table(fr).drop_columns(["redactions"]), fr)
    (corpus / "data" / "en" / "notes.txt").write_text("scratch", encoding="utf-8")
    de = corpus / "data" / "de" / "train-00000-of-00001.parquet"
    pq.write_table(pq.read_table(de).cast(SCHEMA), de, compression="gzip")  # same rows, other bytes
    found = messages(corpus)
    assert "data/fr/train-00000-of-00001.parquet: schema is not the corpus schema: missing redactions" in found
    assert any(m.startswith("data/en/notes.txt: unexpected file in data/") for m in found)
    assert ("croissant.json: sha256 of data/de/train-00000-of-00001.parquet does not match the file "
            "(the shard changed after the build)") in found


def test_a_folder_that_is_not_a_corpus(tmp_path):
    assert messages(tmp_path) == ["data/: missing: this is not a built corpus folder (run `newscorpus build` first)"]


def test_cli_exit_codes_and_listing(corpus):
    ok = CliRunner().invoke(app, ["validate", str(corpus)])
    assert ok.exit_code == 0, ok.output
    assert "26 rows in 9 shards" in ok.output
    (corpus / "data" / "zh" / "train-00000-of-00001.parquet").unlink()
    bad = CliRunner().invoke(app, ["validate", str(corpus)])
    assert bad.exit_code == EXIT_INVALID
    assert "stats.json: zh/train: says 3 rows, the shards hold 0" in bad.output
    assert "problem(s)" in bad.output
