"""Croissant metadata (`croissant.json`): the corpus described in JSON-LD per
the MLCommons Croissant 1.0 format, so ML tools and dataset search engines can
find it and load it without reading the card.

`distribution` lists every Parquet shard as a `FileObject` with its size and
sha256 (so a copy can be checked byte for byte) and one `FileSet` that covers
them all; the `articles` record set declares every column of the one schema
with its Croissant data type, nested columns as sub-fields. Like the card it
is rendered only from what the run left in the output folder (recipe.json,
stats.json and the shards' bytes), so the same run gives the same file.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipeline.document import SCHEMA
from pipeline.settings import card_settings
from pipeline.writers.card import card_citation, describe, language_names, split_counts

CONFORMS_TO = "http://mlcommons.org/croissant/1.0"
#: The JSON-LD context the Croissant 1.0 specification recommends (its Appendix 1).
CONTEXT: dict[str, Any] = {
    "@language": "en",
    "@vocab": "https://schema.org/",
    "citeAs": "cr:citeAs",
    "column": "cr:column",
    "conformsTo": "dct:conformsTo",
    "cr": "http://mlcommons.org/croissant/",
    "rai": "http://mlcommons.org/croissant/RAI/",
    "data": {"@id": "cr:data", "@type": "@json"},
    "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "dct": "http://purl.org/dc/terms/",
    "equivalentProperty": "cr:equivalentProperty",
    "examples": {"@id": "cr:examples", "@type": "@json"},
    "extract": "cr:extract",
    "field": "cr:field",
    "fileProperty": "cr:fileProperty",
    "fileObject": "cr:fileObject",
    "fileSet": "cr:fileSet",
    "format": "cr:format",
    "includes": "cr:includes",
    "isLiveDataset": "cr:isLiveDataset",
    "jsonPath": "cr:jsonPath",
    "key": "cr:key",
    "md5": "cr:md5",
    "parentField": "cr:parentField",
    "path": "cr:path",
    "recordSet": "cr:recordSet",
    "references": "cr:references",
    "regex": "cr:regex",
    "repeated": "cr:repeated",
    "replace": "cr:replace",
    "samplingRate": "cr:samplingRate",
    "sc": "https://schema.org/",
    "separator": "cr:separator",
    "source": "cr:source",
    "subField": "cr:subField",
    "transform": "cr:transform",
}
PARQUET = "application/x-parquet"
FILE_SET = "parquet-shards"
RECORD_SET = "articles"


def data_type(arrow_type: pa.DataType) -> str:
    """The Croissant (schema.org) data type of an Arrow leaf type."""
    if pa.types.is_boolean(arrow_type):
        return "sc:Boolean"
    if pa.types.is_integer(arrow_type):
        return "sc:Integer"
    if pa.types.is_floating(arrow_type):
        return "sc:Float"
    if pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type):
        return "sc:Text"
    raise TypeError(f"no Croissant data type for Arrow {arrow_type}")


def _field(parent: str, name: str, arrow_type: pa.DataType, column: str, path: str = "") -> dict[str, Any]:
    """One field: a list is `repeated`, a struct has a sub-field per member.

    A member is read from its top-level column by a JSONPath relative to one
    element of that column (the reader maps a path over a list's elements).
    """
    field: dict[str, Any] = {"@type": "cr:Field", "@id": f"{parent}/{name}", "name": name}
    is_list = pa.types.is_list(arrow_type)
    if is_list:
        arrow_type = arrow_type.value_type
    if is_list:
        field["repeated"] = True
    if pa.types.is_struct(arrow_type):
        inner = f"{path}[*]." if path and is_list else f"{path}." if path else ""
        field["subField"] = [
            _field(field["@id"], child.name, child.type, column, inner + child.name)
            for child in arrow_type
        ]
    else:
        field["dataType"] = data_type(arrow_type)
    field["source"] = {"fileSet": {"@id": FILE_SET}, "extract": {"column": column}}
    if path:
        field["source"]["transform"] = {"jsonPath": path}
    return field


def record_set() -> dict[str, Any]:
    fields = [_field(RECORD_SET, f.name, f.type, f.name) for f in SCHEMA]
    fields.append({
        "@type": "cr:Field",
        "@id": f"{RECORD_SET}/split",
        "name": "split",
        "description": "The split the row belongs to, from its shard's file name (chosen from the id at build time).",
        "dataType": "sc:Text",
        "source": {
            "fileSet": {"@id": FILE_SET},
            "extract": {"fileProperty": "filename"},
            "transform": {"regex": r"^(\w+)-\d+-of-\d+\.parquet$"},
        },
    })
    return {
        "@type": "cr:RecordSet",
        "@id": RECORD_SET,
        "name": RECORD_SET,
        "description": "One record per article; the columns of the Parquet shards.",
        "key": {"@id": f"{RECORD_SET}/id"},
        "field": fields,
    }


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def shard_files(out: Path) -> list[str]:
    """The published Parquet shards, as paths relative to the output folder, in a stable order."""
    return sorted(p.relative_to(out).as_posix() for p in out.glob("data/*/*.parquet"))


def _newest_article_date(out: Path, shards: list[str]) -> str | None:
    newest: str | None = None
    for rel in shards:
        column = pq.read_table(out / rel, columns=["published"])["published"]
        top = pc.max(column).as_py()
        if top and (newest is None or top > newest):
            newest = top
    return newest


def _creators(corpus: dict[str, Any]) -> list[dict[str, Any]]:
    """Creators from the recipe: a name, a list of names, or tables with name/url/type."""
    given = corpus.get("creator", [])
    items = given if isinstance(given, list) else [given]
    creators = []
    for item in items:
        entry = item if isinstance(item, dict) else {"name": str(item)}
        creators.append({"@type": f"sc:{entry.get('type', 'Organization')}",
                         **{k: v for k, v in entry.items() if k != "type"}})
    return creators or [{"@type": "sc:Organization", "name": "not stated in the recipe"}]  # Croissant requires one


def render_croissant(out: Path) -> str:
    """croissant.json for a built output folder (recipe.json, stats.json and the shards must be there)."""
    recipe = json.loads((out / "recipe.json").read_text(encoding="utf-8"))
    stats = json.loads((out / "stats.json").read_text(encoding="utf-8"))
    corpus = recipe["corpus"]
    card = card_settings(corpus, recipe["name"])
    shards = shard_files(out)
    distribution: list[dict[str, Any]] = [
        {
            "@type": "cr:FileObject",
            "@id": rel,
            "name": rel,
            "contentUrl": rel,
            "contentSize": f"{(out / rel).stat().st_size} B",
            "encodingFormat": PARQUET,
            "sha256": sha256_of(out / rel),
        }
        for rel in shards
    ]
    distribution.append({
        "@type": "cr:FileSet",
        "@id": FILE_SET,
        "name": FILE_SET,
        "description": "All Parquet shards: data/<lang>/<split>-NNNNN-of-NNNNN.parquet.",
        "encodingFormat": PARQUET,
        "includes": "data/*/*.parquet",
    })
    # Without a date in the recipe, the newest article's: never later than the real publication, and stable.
    published = corpus.get("date_published") or _newest_article_date(out, shards)
    doc: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "sc:Dataset",
        "conformsTo": CONFORMS_TO,
        "name": recipe["name"],
        "alternateName": card.pretty_name,
        "description": describe(corpus),
        "license": card.license,
        # Without a home in the recipe, the dataset is the folder this file sits in.
        "url": corpus.get("url", "./"),
        "creator": _creators(corpus),
        "version": card.version,
        "citeAs": card_citation(recipe),
        "inLanguage": [lang for lang in split_counts(stats) if lang in language_names()],
        "keywords": list(card.tags or []) + ["news", "machine translation", "censorship"],
        "isLiveDataset": False,
        "distribution": distribution,
        "recordSet": [record_set()],
    }
    if published:
        doc["datePublished"] = str(published)
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


#: Dataset-level properties the Croissant 1.0 specification requires ("Required" and "Modified and Added").
REQUIRED_DATASET = ("@context", "@type", "conformsTo", "name", "description", "license", "url", "creator",
                    "datePublished", "distribution")


def required_problems(doc: dict[str, Any]) -> list[str]:
    """What a Croissant 1.0 description lacks of the spec's required properties (empty when complete).

    Checked here rather than only with mlcroissant, which is a test extra:
    `newscorpus validate` must work with the runtime dependencies alone.
    """
    problems = [f"required property {key!r} is missing" for key in REQUIRED_DATASET if not doc.get(key)]
    if doc.get("@type") not in (None, "sc:Dataset", "https://schema.org/Dataset"):
        problems.append(f"@type is {doc['@type']!r}, not sc:Dataset")
    if doc.get("conformsTo") and doc["conformsTo"] != CONFORMS_TO:
        problems.append(f"conformsTo is {doc['conformsTo']!r}, not {CONFORMS_TO}")
    ids: list[str] = []
    for item in doc.get("distribution", []):
        ids.append(item.get("@id", ""))
        kind = item.get("@type")
        needed = {"cr:FileObject": ("@id", "name", "contentUrl", "encodingFormat", "sha256"),
                  "cr:FileSet": ("@id", "name", "encodingFormat", "includes")}.get(kind)
        if needed is None:
            problems.append(f"distribution item {item.get('@id')!r} is a {kind!r}, not a FileObject or FileSet")
            continue
        problems += [f"{kind} {item.get('@id')!r} lacks {key!r}" for key in needed if not item.get(key)]
    for record_set in doc.get("recordSet", []):
        ids.append(record_set.get("@id", ""))
        if record_set.get("@type") != "cr:RecordSet" or not record_set.get("field"):
            problems.append(f"recordSet {record_set.get('@id')!r} is not a cr:RecordSet with fields")
        stack = list(record_set.get("field", []))
        while stack:
            f = stack.pop()
            ids.append(f.get("@id", ""))
            if f.get("@type") != "cr:Field" or not f.get("@id"):
                problems.append(f"field {f.get('@id')!r} is not a cr:Field with an @id")
            if f.get("subField"):
                stack.extend(f["subField"])
            elif not f.get("dataType"):
                problems.append(f"field {f.get('@id')!r} has neither a dataType nor sub-fields")
            source = f.get("source", {})
            target = (source.get("fileSet") or source.get("fileObject") or {}).get("@id")
            if target not in {item.get("@id") for item in doc.get("distribution", [])}:
                problems.append(f"field {f.get('@id')!r} reads from {target!r}, which is not in the distribution")
    repeated = sorted(i for i, n in Counter(ids).items() if n > 1)
    if repeated:
        problems.append(f"@id values must be unique; repeated: {', '.join(repeated)}")
    return problems
