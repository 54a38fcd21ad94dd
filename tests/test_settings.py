"""The resolved recipe: one frozen object with every option and default, read by every part."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from pipeline.recipe import Recipe, RecipeError, load_recipe
from pipeline.settings import TASK_BYTES, card_settings, split_fractions
from pipeline.stages import ORDER
from tests.conftest import DEMO


def test_a_bare_recipe_resolves_to_every_default(tmp_path):
    (tmp_path / "raw").mkdir()
    (tmp_path / "corpus.toml").write_text('[input]\npaths = ["raw/*.txt"]\n', encoding="utf-8")
    s = load_recipe(tmp_path).settings
    assert [st.name for st in s.stages] == [cls.name for cls in ORDER] and all(st.enabled for st in s.stages)
    assert s.stage("masks").options["token"] == "[REDACTED]" and s.stage("quality").options["min_words"] == 50
    assert s.output.splits == {"train": 1.0} and s.output.fractions == [("train", 1.0)]
    assert s.output.rows_per_shard == 100_000 and s.build.task_bytes == TASK_BYTES and s.build.strict is False
    assert s.reader.format == "auto" and s.reader.max_reject_rate is None
    assert list(s.passes) == ["dedup", "restore"]
    assert s.passes["dedup"].mask_token == "[REDACTED]" and s.passes["dedup"].settings.mode == "mark"
    assert s.passes["restore"].mode == "candidates" and s.passes["restore"].top == 5
    assert s.card.name == s.card.pretty_name == tmp_path.name and s.card.license == "unknown"


def test_the_recipe_s_values_reach_each_part_and_cannot_be_changed():
    s = load_recipe(DEMO).settings
    assert s.stage("quality").options["min_words"] == 50 and s.card.pretty_name == "newscorpus demo"
    assert s.card.license == "cc-by-4.0" and s.passes["dedup"].settings.exact is True
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.build.task_bytes = 1  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.passes = {}  # type: ignore[misc]


def test_a_disabled_masks_stage_turns_restoration_off_and_dedup_keeps_the_default_token():
    recipe = load_recipe(DEMO)
    off = dataclasses.replace(recipe, stages={**recipe.stages, "masks": {"enabled": False, "token": "[X]"}})
    assert off.settings.stage("masks").enabled is False  # a replaced recipe resolves its own tables
    assert off.settings.passes["restore"].mode == "off" and off.settings.passes["dedup"].mask_token == "[REDACTED]"


def test_a_recipe_made_in_code_is_checked_when_first_used(tmp_path):
    recipe = Recipe(name="x", base_dir=tmp_path, inputs=(), output=tmp_path, dedup={"mode": "copy"},
                    stages={"qualty": {}})
    with pytest.raises(RecipeError) as caught:
        recipe.settings
    assert "[stages]: unknown stage 'qualty' (did you mean 'quality'?)" in str(caught.value)
    assert "[dedup] mode must be 'mark' or 'drop'" in str(caught.value)


def test_the_settings_travel_resolved_to_the_workers():
    recipe = load_recipe(DEMO)
    again = pickle.loads(pickle.dumps(recipe))
    assert "settings" in again.__dict__ and again.settings == recipe.settings


def test_saved_tables_read_back_with_the_same_defaults():
    assert split_fractions({"test": 1, "train": 3}) == [("train", 0.75), ("test", 0.25)]
    with pytest.raises(RecipeError):
        split_fractions({"train": 0})
    card = card_settings({"version": 2, "tags": ["news"]}, "harbour")
    assert (card.pretty_name, card.version, card.tags, card.source_datasets) == ("harbour", "2", ["news"], ["original"])
