"""What a corpus records of how it was built: versions, recipe hash, inputs digest; and a rebuild from it."""

from __future__ import annotations

import json
import shutil

import pyarrow.parquet as pq
from typer.testing import CliRunner

import pipeline.provenance
from pipeline.build import build
from pipeline.cli import app
from pipeline.provenance import inputs_digest, version_drift, versions
from pipeline.recipe import load_recipe
from pipeline.validate import validate_output
from tests.conftest import DEMO


def ids_of(out) -> list[str]:
    return sorted(i for shard in out.glob("data/*/*.parquet") for i in pq.read_table(shard, columns=["id"])["id"].to_pylist())


def test_versions_name_every_library_that_decides_rows_and_drift_is_reported(monkeypatch):
    found = versions()
    assert {"newscorpus", "python", "langdetect", "ftfy", "trafilatura", "dateparser", "rensa", "pyarrow"} <= set(found)
    assert version_drift(found) == []
    assert version_drift({**found, "ftfy": "0.1"}) == [f"ftfy 0.1 built this corpus, {found['ftfy']} is installed"]
    assert inputs_digest(["b", "a"]) == inputs_digest(["a", "b"]) != inputs_digest(["a"])


def test_a_corpus_states_its_versions_recipe_and_inputs_and_rebuilds_from_its_recipe_json(tmp_path, monkeypatch):
    home = tmp_path / "home" / "ana"
    shutil.copytree(DEMO / "articles", home / "articles")
    first = build(load_recipe(DEMO, inputs=[str(home / "articles")], output=str(tmp_path / "first")), workers=1)
    stats = json.loads((first.output / "stats.json").read_text(encoding="utf-8"))
    built = stats["provenance"]
    assert built["versions"] == versions() and len(built["recipe_hash"]) == 16 and len(built["inputs_digest"]) == 32
    card = (first.output / "README.md").read_text(encoding="utf-8")
    assert built["inputs_digest"] in card and built["recipe_hash"] in card
    assert f"| ftfy | {built['versions']['ftfy']} |" in card and "newscorpus build recipe.json --input 'articles'" in card
    for published in ("README.md", "stats.json", "recipe.json", "croissant.json", "rejects.jsonl"):
        assert str(tmp_path) not in (first.output / published).read_text(encoding="utf-8"), published

    # A second researcher with a copy of the inputs elsewhere and only the published recipe.json:
    elsewhere = tmp_path / "other" / "machine"
    shutil.copytree(home / "articles", elsewhere / "articles")
    recipe = load_recipe(first.output / "recipe.json", inputs=[str(elsewhere / "articles")],
                         output=str(tmp_path / "rebuilt"))
    second = build(recipe)
    again = json.loads((second.output / "stats.json").read_text(encoding="utf-8"))["provenance"]
    assert again["recipe_hash"] == built["recipe_hash"] and again["inputs_digest"] == built["inputs_digest"]
    assert ids_of(second.output) == ids_of(first.output)

    # validate: fine as built; a warning (not a failure) once the installed versions differ.
    assert validate_output(first.output).warnings == []
    monkeypatch.setattr(pipeline.provenance, "versions", lambda: {**built["versions"], "langdetect": "9.9"})
    report = validate_output(first.output)
    assert report.ok and [w.message for w in report.warnings] == [
        f"langdetect {built['versions']['langdetect']} built this corpus, 9.9 is installed: "
        "a rebuild here may not give the same rows"]
    result = CliRunner().invoke(app, ["validate", str(first.output)])
    assert result.exit_code == 0 and "9.9 is installed" in " ".join(result.output.split())
