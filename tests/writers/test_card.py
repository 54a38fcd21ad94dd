"""The dataset card: Hub-valid header, counts that match the data, a body from the recipe and stats."""

from __future__ import annotations

import json
import re
from collections import Counter

import datasets
import pyarrow.parquet as pq
from datasets import Features
from datasets.info import DatasetInfosDict
from datasets.utils.metadata import MetadataConfigs
from huggingface_hub import DatasetCard

from pipeline.build import assign_split, build
from pipeline.settings import split_fractions
from pipeline.document import SCHEMA
from pipeline.writers.card import card_for, header_yaml, language_names, read_header, size_category
from pipeline.writers.croissant import render_croissant
from tests.conftest import DEMO
from tests.writers.conftest import SPLITS, split_recipe


def rows_by_shard(out):
    """(lang, split) -> ids, read from the shards themselves."""
    found: dict[tuple[str, str], list[str]] = {}
    for shard in sorted(out.glob("data/*/*.parquet")):
        key = (shard.parent.name, shard.name.split("-", 1)[0])
        found.setdefault(key, []).extend(pq.read_table(shard, columns=["id"])["id"].to_pylist())
    return found


def parse(out):
    card = DatasetCard((out / "README.md").read_text(encoding="utf-8"))
    return card, MetadataConfigs.from_dataset_card_data(card.data), DatasetInfosDict.from_dataset_card_data(card.data)


def test_header_reads_back_with_the_hub_and_datasets_tooling(demo_build):
    card, configs, infos = parse(demo_build.output)
    found = rows_by_shard(demo_build.output)
    langs = sorted({lang for lang, _ in found})
    data = card.data
    assert data.pretty_name == "newscorpus demo" and data.license == "cc-by-4.0"
    assert data.language == langs and all(lang in language_names() for lang in langs)
    assert data.multilinguality == "multilingual"
    assert data.size_categories == [size_category(26)] == ["n<1K"]
    assert data.task_categories == ["text-generation"] and data.source_datasets == ["original"]
    assert set(configs) == {"default", *langs} and configs["default"]["default"] is True
    assert configs["en"]["data_files"] == [{"split": "train", "path": "data/en/train-*.parquet"}]
    for name in configs:
        assert infos[name].features == Features.from_arrow_schema(SCHEMA)
        expected = sum(len(ids) for (lang, _), ids in found.items() if name in ("default", lang))
        assert infos[name].splits["train"].num_examples == expected
        assert infos[name].splits["train"].num_bytes > 0


def test_header_is_written_and_read_as_the_hubs_own_card_classes_do(demo_build):
    """The header goes through libyaml for speed: the same YAML as the Hub's `to_yaml`, the same data
    as its `DatasetCard`, also for a name in other scripts and values YAML must quote."""
    text = (demo_build.output / "README.md").read_text(encoding="utf-8")
    hub = DatasetCard(text).data
    assert read_header(text).to_dict() == hub.to_dict()
    assert header_yaml(hub) == hub.to_yaml()
    hub.pretty_name, hub.tags = "港区夜市 — Вечерний вестник: «2024»", ["yes", "null", "# not a comment", "a: b"]
    assert header_yaml(hub) == hub.to_yaml()
    assert read_header(f"---\n{header_yaml(hub)}\n---\n").to_dict() == hub.to_dict()


def test_body_carries_every_count_from_stats_and_the_exact_recipe(demo_build):
    out = demo_build.output
    text = (out / "README.md").read_text(encoding="utf-8")
    stats = json.loads((out / "stats.json").read_text(encoding="utf-8"))
    body = text.split("\n---\n", 1)[1]
    for heading in ("## Sources and collection", "## Processing", "## Censorship masks", "## Languages",
                    "## Known limitations and biases", "## How to cite", "## Reproducing"):
        assert heading in body
    for stage, counts in stats["stages"].items():
        [line] = [ln for ln in body.splitlines() if f"**{stage}**" in ln]
        for key, n in counts.items():
            assert f"{key.replace('_', ' ')} {n}" in line, (stage, key)
    assert f"{stats['masks']['total']} masks were found in {stats['masks']['documents']} articles" in body
    for kind, n in stats["masks"]["by_kind"].items():
        assert re.search(rf"^\| {kind} \| .* \| {n} \|$", body, re.M), kind
    assert sum(stats["masks"]["by_kind"].values()) == stats["masks"]["total"]
    for outlet, c in stats["masks"]["by_source"].items():
        assert f"| {outlet} | {c['masks']} | {c.get('censorship', 0)} | {c['documents']} |" in body
    assert "| `en` | English | 10 | 10 | 38.5% |" in body
    assert f"newscorpus {stats['pipeline_version']}" in body
    recipe_block = re.search(r"```json\n(.*?)\n```", body, re.S).group(1)
    assert json.loads(recipe_block) == json.loads((out / "recipe.json").read_text(encoding="utf-8"))
    # Nothing from the clock: timings are in stats.json but never in the card.
    assert "seconds" not in text and card_for(out) == text


def test_recipe_metadata_and_splits_reach_the_card(split_build):
    out = split_build.output
    card, configs, infos = parse(out)
    body = card.text
    assert "Articles written by the project team" in body
    assert "far too small to train on" in body
    assert "@misc{newscorpus_demo_splits," in body
    assert card.data.tags == ["demo"]
    assert [e["split"] for e in configs["default"]["data_files"]] == ["train", "validation", "test"]
    assert "train 50.00%, validation 25.00%, test 25.00%" in body
    found = rows_by_shard(out)
    for name, info in infos.items():
        want = Counter()
        for (lang, split), ids in found.items():
            if name in ("default", lang):
                want[split] += len(ids)
        assert {s: i.num_examples for s, i in info.splits.items()} == dict(want), name


def test_load_dataset_gives_every_split_and_config_the_card_names(split_build, tmp_path):
    out = split_build.output
    _, configs, infos = parse(out)
    splits = split_fractions(SPLITS)
    assert len({s for _, s in rows_by_shard(out)}) == 3
    for name in configs:
        loaded = datasets.load_dataset(str(out), name, cache_dir=str(tmp_path))
        assert {s: len(d) for s, d in loaded.items()} == {s: i.num_examples for s, i in infos[name].splits.items()}
        for split, ds in loaded.items():
            assert all(assign_split(i, splits) == split for i in ds["id"])
            if name != "default":
                assert set(ds["lang"]) == {name}


def test_splits_are_stable_when_documents_are_added(tmp_path):
    articles = sorted((DEMO / "articles").glob("*.txt"))
    small = build(split_recipe(tmp_path / "small", inputs=[str(p) for p in articles[::2]]))
    full = build(split_recipe(tmp_path / "full", inputs=[str(DEMO / "articles")]))

    def split_of(out):
        return {doc_id: split for (_, split), ids in rows_by_shard(out).items() for doc_id in ids}

    before, after = split_of(small.output), split_of(full.output)
    assert len(before) == 13 and len(after) == 26 and set(before) < set(after)
    assert {doc_id: after[doc_id] for doc_id in before} == before
    assert len(set(after.values())) == 3


def test_card_and_croissant_regenerate_identically(split_build, tmp_path):
    again = build(split_recipe(tmp_path / "again")).output
    out = split_build.output
    for name in ("README.md", "croissant.json"):
        assert (again / name).read_bytes() == (out / name).read_bytes(), name
    assert card_for(out) == (out / "README.md").read_text(encoding="utf-8")
    assert render_croissant(out) == (out / "croissant.json").read_text(encoding="utf-8")
