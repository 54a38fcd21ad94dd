"""`newscorpus init`: a recipe of one's own that builds as written, and a card that claims only what it states."""

from __future__ import annotations

import json
import os

from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.init import write_recipe
from pipeline.recipe import load_recipe

RECORDS = [
    {"headline": "Night ferry timetable extended", "body": "The island ferry will run two more evening crossings "
     "from June, the operator said on Tuesday, after a spring of full boats and long queues at the pier."},
    {"headline": "Neue Radwege am Stadtrand", "body": "Die Stadt baut bis zum Herbst drei neue Radwege am Stadtrand, "
     "teilte die Verwaltung am Mittwoch mit. Die Arbeiten beginnen im Mai."},
    {"headline": "Le marché couvert rouvre", "body": "Le marché couvert du centre rouvre samedi après huit mois de "
     "travaux, avec vingt étals de plus et des horaires élargis le dimanche."},
]


def write_inputs(folder):
    folder.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps({"title": r["headline"], "text": r["body"]}, ensure_ascii=False) for r in RECORDS]
    (folder / "news.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def card_claims(out) -> tuple[str, dict]:
    return (out / "README.md").read_text(encoding="utf-8"), json.loads((out / "croissant.json").read_text())


def test_init_writes_a_commented_recipe_that_builds_as_it_is(tmp_path):
    result = CliRunner().invoke(app, ["init", str(tmp_path / "harbour-news")])
    assert result.exit_code == 0, result.output
    toml = (tmp_path / "harbour-news" / "corpus.toml").read_text(encoding="utf-8")
    for key in ("name", "license", "creator", "paths", "per_language"):  # what a user fills in, commented
        assert key in toml
    recipe = load_recipe(tmp_path / "harbour-news")
    assert recipe.name == "harbour-news" and "license" not in recipe.corpus
    write_inputs(tmp_path / "harbour-news" / "raw")
    built = CliRunner().invoke(app, ["build", str(tmp_path / "harbour-news"), "--workers", "1", "--quiet"])
    assert built.exit_code == 0, built.output
    card, croissant = card_claims(tmp_path / "harbour-news" / "output")
    assert "\nlicense: unknown\n" in card and "The recipe states no license" in card
    assert "demo" not in card.lower() and "newscorpus developers" not in card
    assert croissant["license"] == "unknown" and croissant["creator"][0]["name"] == "not stated in the recipe"


def test_init_never_overwrites_a_recipe(tmp_path):
    write_recipe(tmp_path)
    (tmp_path / "corpus.toml").write_text('[corpus]\nname = "mine"\n[input]\npaths = ["raw"]\n')
    result = CliRunner().invoke(app, ["init", str(tmp_path)])
    assert result.exit_code == 2 and "exists already" in result.output
    assert "mine" in (tmp_path / "corpus.toml").read_text()


def test_a_stated_license_and_creator_are_the_cards(tmp_path):
    target = write_recipe(tmp_path / "c")
    text = target.read_text().replace('# license = "cc-by-4.0"', 'license = "cc-by-sa-4.0"')
    target.write_text(text.replace("# creator = ", "creator = "))
    write_inputs(tmp_path / "c" / "raw")
    assert CliRunner().invoke(app, ["build", str(tmp_path / "c"), "--workers", "1", "--quiet"]).exit_code == 0
    card, croissant = card_claims(tmp_path / "c" / "output")
    assert "\nlicense: cc-by-sa-4.0\n" in card and "states no license" not in card
    assert croissant["creator"][0]["name"] == "Your team"


def test_a_build_without_a_recipe_uses_the_defaults_and_its_card_says_so(tmp_path, monkeypatch):
    write_inputs(tmp_path / "my")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["build", "--input", "my/*.jsonl", "--output", "out", "--workers", "1", "--quiet"])
    assert result.exit_code == 0, result.output
    card, croissant = card_claims(tmp_path / "out")
    assert "default recipe" in card and "no corpus.toml" in card
    assert "demo" not in card.lower() and "demo" not in json.dumps(croissant).lower()
    assert "\nlicense: unknown\n" in card and croissant["license"] == "unknown"
    saved = json.loads((tmp_path / "out" / "recipe.json").read_text())
    assert saved["corpus"] == {} and saved["inputs"] == ["my/*.jsonl"] and os.path.isdir(tmp_path / "out" / "data")
