"""Recipe mistakes: every one named with its table and key, all at once, before any work (exit 2)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from pipeline.cli import EXIT_USAGE, app
from pipeline.recipe import RecipeError, load_recipe
from tests.conftest import DEMO

GOOD = f"""
[corpus]
name = "harbour"
license = "cc-by-4.0"
[input]
paths = ["{(DEMO / 'articles').as_posix()}/0*.txt"]
[output]
splits = {{ train = 0.9, test = 0.1 }}
[stages.masks]
token = "[MASK]"
[dedup]
mode = "mark"
"""


def problems_of(tmp_path, extra: str, base: str = GOOD) -> str:
    recipe = tmp_path / "corpus.toml"
    recipe.write_text(base + extra, encoding="utf-8")
    with pytest.raises(RecipeError) as caught:
        load_recipe(recipe)
    return str(caught.value)


@pytest.mark.parametrize("extra, expected", [
    ('[build]\ntask_byte = 5\n', "[build]: unknown key 'task_byte' (did you mean 'task_bytes'?)"),
    ('[outptu]\npath = "x"\n', "the recipe: unknown table 'outptu' (did you mean 'output'?)"),
    ('[dedupe]\nmode = "drop"\n', "the recipe: unknown table 'dedupe' (did you mean 'dedup'?)"),
    ('[stages.qualty]\nmin_words = 3\n', "[stages]: unknown stage 'qualty' (did you mean 'quality'?)"),
    ('[stages.quality]\nmin_word = 3\n', "[stages.quality]: unknown option 'min_word' (did you mean 'min_words'?)"),
    ('[stages.quality]\nmin_words = "many"\n', "[stages.quality] min_words: expected int (like the default 50), got 'many'"),
    ('[stages.headers]\nday_first = "yes"\n', "[stages.headers] day_first: expected bool"),
    ('[build]\ntask_bytes = "16M"\n', "[build] task_bytes: expected int, got '16M'"),
    ('[stages.masks.reference]\nen = ["no/such/refs/*.txt"]\n',
     "[stages.masks] reference.en: input"),
])
def test_each_kind_of_mistake_names_its_table_and_key(tmp_path, extra, expected):
    assert expected in problems_of(tmp_path, extra)


def test_typos_in_the_corpus_output_input_and_dedup_tables(tmp_path):
    base = GOOD.replace('license = "cc-by-4.0"', 'licence = "mit"').replace("splits =", "split =")
    base = base.replace('mode = "mark"', 'exakt = true').replace("[input]\n", "[input]\nmax_reject_rat = 0.1\n")
    base = base.replace("[output]\n", "[output]\nrow_per_shard = 10\n")
    message = problems_of(tmp_path, "", base)
    for expected in ("[corpus]: unknown key 'licence' (did you mean 'license'?)",
                     "[output]: unknown key 'split' (did you mean 'splits'?)",
                     "[output]: unknown key 'row_per_shard' (did you mean 'rows_per_shard'?)",
                     "[input]: unknown option 'max_reject_rat' (did you mean 'max_reject_rate'?)",
                     "[dedup]: unknown option 'exakt' (did you mean 'exact'?)"):
        assert expected in message
    assert message.count("\n  - ") == 5  # all of them, in one message


def test_the_command_exits_2_before_any_work_and_prints_tables_literally(tmp_path):
    recipe = tmp_path / "corpus.toml"
    recipe.write_text(GOOD.replace("[stages.masks]\n", "[stages.masks]\ntokn = 'x'\n"), encoding="utf-8")
    result = CliRunner().invoke(app, ["build", str(recipe), "--output", str(tmp_path / "out")])
    assert result.exit_code == EXIT_USAGE
    assert "[stages.masks]: unknown option 'tokn' (did you mean 'token'?)" in " ".join(result.output.split())
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("old, new, expected", [
    ("[corpus]\n", '[corpus]\ncreater = "me"\n', "[corpus]: unknown key 'creater' (did you mean 'creator'?)"),
    ("[input]\n", '[input]\nformt = "jsonl"\n', "[input]: unknown option 'formt' (did you mean 'format'?)"),
    ("[output]\n", "[output]\nrows_per_shrd = 10\n", "[output]: unknown key 'rows_per_shrd' (did you mean 'rows_per_shard'?)"),
    ("[dedup]\n", "[build]\nstrikt = true\n[dedup]\n", "[build]: unknown key 'strikt' (did you mean 'strict'?)"),
    ("[dedup]\n", "[stages.language]\nsample_char = 10\n[dedup]\n",
     "[stages.language]: unknown option 'sample_char' (did you mean 'sample_chars'?)"),
    ("[dedup]\n", "[dedup]\ntreshold = 0.5\n", "[dedup]: unknown option 'treshold' (did you mean 'threshold'?)"),
    ("[stages.masks]", "[stage.masks]", "the recipe: unknown table 'stage' (did you mean 'stages'?)"),
    ("[dedup]\n", '[build]\nstrict = "yes"\n[dedup]\n', "[build] strict: expected bool, got 'yes'"),
    ('token = "[MASK]"\n', 'token = "[MASK]"\nreference = { en = "no/such/refs/*.txt" }\n',
     "[stages.masks] reference.en: input"),
])
def test_each_kind_of_mistake_exits_2_on_the_command_line_before_any_work(tmp_path, old, new, expected):
    recipe = tmp_path / "corpus.toml"
    recipe.write_text(GOOD.replace(old, new), encoding="utf-8")
    result = CliRunner().invoke(app, ["build", str(recipe), "--output", str(tmp_path / "out")])
    assert result.exit_code == EXIT_USAGE
    assert expected in " ".join(result.output.split())
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("args, expected", [
    (["--input", "no/such/folder/*.txt"], "input 'no/such/folder/*.txt' matches no file"),
    (["--output", "{file}"], "is a file, not a folder"),
])
def test_bad_paths_given_on_the_command_line_exit_2_before_any_work(tmp_path, monkeypatch, args, expected):
    monkeypatch.chdir(tmp_path)
    recipe = tmp_path / "corpus.toml"
    recipe.write_text(GOOD, encoding="utf-8")
    (tmp_path / "taken").write_text("a file", encoding="utf-8")
    args = [a.replace("{file}", str(tmp_path / "taken")) for a in args]
    out = [] if "--output" in args else ["--output", str(tmp_path / "out")]
    result = CliRunner().invoke(app, ["build", str(recipe), *args, *out])
    assert result.exit_code == EXIT_USAGE and expected in " ".join(result.output.split())
    assert not (tmp_path / "out").exists()


def test_wrong_values_of_every_part_are_reported_with_the_unknown_keys(tmp_path):
    base = GOOD.replace('mode = "mark"', 'mode = "copy"').replace("[input]\n", '[input]\nformat = "pdf"\n')
    message = problems_of(tmp_path, '[stages.masks]\nrestore = "guess"\n[build]\ntask_byte = 5\n',
                          base.replace('[stages.masks]\ntoken = "[MASK]"\n', ""))
    for expected in ("[dedup] mode must be 'mark' or 'drop', not 'copy'",
                     "[input]: format must be one of",
                     "stage 'masks': restore must be 'off', 'candidates' or 'apply', not 'guess'",
                     "[build]: unknown key 'task_byte' (did you mean 'task_bytes'?)"):
        assert expected in message
    assert message.count("\n  - ") == 4


def test_a_good_recipe_and_the_demo_pass(tmp_path):
    recipe = tmp_path / "corpus.toml"
    recipe.write_text(GOOD, encoding="utf-8")
    assert load_recipe(recipe).corpus["license"] == "cc-by-4.0"
    assert load_recipe(DEMO).name == "demo"
