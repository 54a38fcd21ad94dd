"""croissant.json: the Croissant 1.0 required properties, true checksums, the schema as fields."""

from __future__ import annotations

import copy
import hashlib
import json

import pyarrow.parquet as pq
import pytest

from pipeline.document import SCHEMA
from pipeline.writers.croissant import CONFORMS_TO, REQUIRED_DATASET, required_problems


def load(out):
    return json.loads((out / "croissant.json").read_text(encoding="utf-8"))


def test_required_properties_checksums_and_fields(split_build):
    out = split_build.output
    doc = load(out)
    assert required_problems(doc) == []
    assert doc["@type"] == "sc:Dataset" and doc["conformsTo"] == CONFORMS_TO
    assert doc["url"] == "https://example.org/newscorpus-demo" and doc["datePublished"] == "2024-06-01"
    assert doc["creator"][0] == {"@type": "sc:Organization", "name": "Harbor Data Desk"}
    assert doc["creator"][1] == {"@type": "sc:Organization", "name": "Li Wen"}
    assert doc["citeAs"].startswith("@misc{newscorpus_demo_splits,")
    objects = {d["contentUrl"]: d for d in doc["distribution"] if d["@type"] == "cr:FileObject"}
    shards = sorted(p.relative_to(out).as_posix() for p in out.glob("data/*/*.parquet"))
    assert sorted(objects) == shards
    for rel, d in objects.items():
        data = (out / rel).read_bytes()
        assert d["sha256"] == hashlib.sha256(data).hexdigest() and d["contentSize"] == f"{len(data)} B"
    [record_set] = doc["recordSet"]
    fields = {f["name"]: f for f in record_set["field"]}
    assert list(fields) == SCHEMA.names + ["split"]
    assert fields["authors"]["repeated"] is True
    assert [(s["name"], s["dataType"]) for s in fields["authors"]["subField"]] == [("name", "sc:Text"),
                                                                                    ("affiliation", "sc:Text")]
    assert fields["lang_score"]["dataType"] == "sc:Float" and fields["source_index"]["dataType"] == "sc:Integer"
    candidates = next(s for s in fields["redactions"]["subField"] if s["name"] == "candidates")
    assert candidates["repeated"] is True
    assert candidates["subField"][0]["source"]["transform"] == {"jsonPath": "candidates[*].token"}


def test_without_a_date_in_the_recipe_the_newest_article_date_stands_in(demo_build):
    doc = load(demo_build.output)
    newest = max(d for p in demo_build.output.glob("data/*/*.parquet")
                 for d in pq.read_table(p, columns=["published"])["published"].to_pylist() if d)
    assert doc["datePublished"] == newest
    assert doc["url"] == "./" and required_problems(doc) == []


def test_mlcroissant_accepts_it_and_reads_the_records(split_build):
    mlc = pytest.importorskip("mlcroissant")
    out = split_build.output
    dataset = mlc.Dataset(str(out / "croissant.json"))
    assert not dataset.metadata.ctx.issues.errors
    records = list(dataset.records("articles"))
    expected = {}
    for shard in out.glob("data/*/*.parquet"):
        for row in pq.read_table(shard, columns=["id", "authors"]).to_pylist():
            expected[row["id"]] = (shard.name.split("-", 1)[0], [a["name"] for a in row["authors"]])
    got = {r["articles/id"].decode(): (r["articles/split"].decode(),
                                       [a["articles/authors/name"].decode() for a in r["articles/authors"]])
           for r in records}
    assert got == expected


@pytest.mark.parametrize("break_it, problem", [
    (lambda d: d.pop("license"), "required property 'license' is missing"),
    (lambda d: d.update(conformsTo="http://mlcommons.org/croissant/0.8"), "conformsTo is"),
    (lambda d: d["distribution"][0].pop("sha256"), "lacks 'sha256'"),
    (lambda d: d["distribution"][-1].pop("includes"), "lacks 'includes'"),
    (lambda d: d["recordSet"][0]["field"][0].pop("dataType"), "neither a dataType nor sub-fields"),
    (lambda d: d["recordSet"][0]["field"][1].update({"@id": "articles/id"}), "repeated: articles/id"),
    (lambda d: d["recordSet"][0]["field"][0]["source"]["fileSet"].update({"@id": "nowhere"}), "not in the distribution"),
])
def test_missing_or_wrong_required_properties_are_named(demo_build, break_it, problem):
    doc = copy.deepcopy(load(demo_build.output))
    break_it(doc)
    assert any(problem in p for p in required_problems(doc)), required_problems(doc)


def test_the_reference_implementation_agrees_on_a_missing_checksum(demo_build):
    mlc = pytest.importorskip("mlcroissant")
    doc = copy.deepcopy(load(demo_build.output))
    doc["distribution"][0].pop("sha256")
    with pytest.raises(mlc.ValidationError, match="sha256"):
        mlc.Dataset(doc)
    assert set(REQUIRED_DATASET) <= set(load(demo_build.output))
