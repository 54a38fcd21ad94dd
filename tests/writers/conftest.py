"""A demo build with three splits and a fuller [corpus] table, shared by the writer tests."""

from __future__ import annotations

import dataclasses

import pytest

from pipeline.build import build
from pipeline.recipe import load_recipe
from tests.conftest import DEMO

SPLITS = {"train": 0.5, "validation": 0.25, "test": 0.25}
CORPUS = {
    "creator": [{"name": "Harbor Data Desk", "type": "Organization"}, "Li Wen"],
    "collection": "Articles written by the project team in the style of scraped, machine-translated news.",
    "citation": "@misc{newscorpus_demo_splits,\n  title = {Demo with splits},\n  year = {2024}\n}",
    "limitations": ["Nine languages, a few articles each: far too small to train on."],
    "date_published": "2024-06-01",
    "url": "https://example.org/newscorpus-demo",
    "tags": ["demo"],
}


def split_recipe(output, inputs=None, splits=SPLITS):
    recipe = load_recipe(DEMO, inputs=inputs, output=str(output))
    return dataclasses.replace(recipe, corpus={**recipe.corpus, **CORPUS}, build={**recipe.build, "splits": splits})


@pytest.fixture(scope="session")
def split_build(tmp_path_factory):
    return build(split_recipe(tmp_path_factory.mktemp("splits") / "out"), workers=1)
