"""`newscorpus validate OUTPUT`: is a built corpus whole and does it say true things?

A corpus folder is checked from the data up, trusting none of its own
summaries: the shards are read (schema, languages, splits, ids), and what
stats.json, the dataset card and croissant.json claim is compared with what
was found. Then the card and the Croissant file are rendered again from the
run's recipe.json and stats.json and must come out byte for byte the same, so
a hand-edited or stale one is caught too. Every problem is reported, not just
the first, each naming the file to look at.

A corpus at a URL is checked the same way, from a temporary local copy of the
files a build writes there: every shard is read whole anyway, so the copy
costs no more reading than checking in place would.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import yaml

from pipeline.build import assign_split, is_owned
from pipeline.document import SCHEMA
from pipeline.fs import Location, download, remote_files
from pipeline.provenance import version_drift
from pipeline.recipe import RecipeError
from pipeline.settings import output_settings
from pipeline.switch import STAGING, unfinished
from pipeline.writers.card import card_for, language_names, read_header, size_category
from pipeline.writers.croissant import FILE_SET, RECORD_SET, render_croissant, required_problems, sha256_of, shard_files

_SHARD = re.compile(r"^data/(?P<lang>[^/]+)/(?P<split>\w+)-(?P<index>\d{5})-of-(?P<total>\d{5})\.parquet$")
REQUIRED = ("README.md", "croissant.json", "stats.json", "recipe.json", "rejects.jsonl")


@dataclass(frozen=True)
class Problem:
    path: str  # the file (relative to the output folder) to look at
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


@dataclass
class Report:
    output: Location
    problems: list[Problem] = field(default_factory=list)
    #: Not wrong, but worth knowing: e.g. a rebuild here would run other library versions than the build did.
    warnings: list[Problem] = field(default_factory=list)
    rows: int = 0
    shards: int = 0
    counts: Counter[tuple[str, str]] = field(default_factory=Counter)  # (lang, split) -> rows found

    @property
    def ok(self) -> bool:
        return not self.problems

    def add(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    def warn(self, path: str, message: str) -> None:
        self.warnings.append(Problem(path, message))


#: What every build writes into stats.json, and the checks below read.
STATS_KEYS = frozenset({"splits", "rows_written", "records_read", "rejected"})


def validate_output(out: Path) -> Report:
    """Check a built corpus folder; an empty `problems` list means it is fit to publish."""
    report = Report(out)
    if unfinished(out):
        report.add(f"{STAGING}/", "a build was stopped while publishing its files; run it again to finish")
    if not (out / "data").is_dir():
        report.add("data/", "missing: this is not a built corpus folder (run `newscorpus build` first)")
        return report
    for name in REQUIRED:
        if not (out / name).is_file():
            report.add(name, "missing")
    recipe = _load_json(out / "recipe.json", report)
    stats = _load_json(out / "stats.json", report)
    if stats is not None and (not isinstance(stats, dict) or STATS_KEYS - stats.keys()):
        lacking = ", ".join(sorted(STATS_KEYS - stats.keys())) if isinstance(stats, dict) else "everything"
        report.add("stats.json", f"not a build's stats (lacks {lacking}); the counts cannot be checked")
        stats = None
    _check_shards(out, recipe, report)
    if stats is not None:
        _check_stats(out, stats, report)
        for drift in version_drift(stats.get("provenance", {}).get("versions", {})):
            report.warn("stats.json", f"{drift}: a rebuild here may not give the same rows")
    if (out / "README.md").is_file() and recipe is not None and stats is not None:
        _check_card(out, stats, report)
    if (out / "croissant.json").is_file() and recipe is not None and stats is not None:
        _check_croissant(out, report)
    return report


def validate_location(where: Location) -> Report:
    """`validate_output` for a local folder or the URL of a remote one."""
    if isinstance(where, Path):
        return validate_output(where)
    with tempfile.TemporaryDirectory(prefix="newscorpus-validate-") as tmp:
        download(where, [rel for rel in remote_files(where) if is_owned(rel)], Path(tmp))
        report = validate_output(Path(tmp))
    report.output = where
    return report


def _load_json(path: Path, report: Report) -> Any:
    if not path.is_file():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        report.add(path.name, f"not valid JSON: {exc}")
        return None


def _check_shards(out: Path, recipe: dict[str, Any] | None, report: Report) -> None:
    """Shard names and completeness, schema, and every row's language, split and id."""
    try:
        splits = output_settings((recipe or {}).get("build", {})).fractions
    except RecipeError as exc:
        report.add("recipe.json", str(exc))
        splits = []
    groups: dict[tuple[str, str], dict[int, str]] = {}
    totals: dict[tuple[str, str], set[int]] = {}
    # *.tmp are half-written shards of an interrupted build: never matched by the card, never uploaded.
    for path in sorted(p for p in (out / "data").rglob("*") if p.is_file() and p.suffix != ".tmp"):
        rel = path.relative_to(out).as_posix()
        m = _SHARD.match(rel)
        if not m:
            report.add(rel, "unexpected file in data/ (`load_dataset` may read it; shards are "
                            "data/<lang>/<split>-NNNNN-of-NNNNN.parquet)")
            continue
        key = (m["lang"], m["split"])
        groups.setdefault(key, {})[int(m["index"])] = rel
        totals.setdefault(key, set()).add(int(m["total"]))
    seen: set[str] = set()
    dup_of: set[str] = set()
    for (lang, split), shards in sorted(groups.items()):
        total = max(totals[(lang, split)])
        if len(totals[(lang, split)]) > 1:
            report.add(f"data/{lang}/", f"{split} shards disagree on how many there are: "
                                        f"{', '.join(str(t) for t in sorted(totals[(lang, split)]))}")
        for index in range(total):
            if index not in shards:
                report.add(f"data/{lang}/{split}-{index:05d}-of-{total:05d}.parquet",
                           f"missing: {len(shards)} of the {total} {lang}/{split} shards are there")
        for rel in shards.values():
            _check_shard(out, rel, lang, split, splits, seen, dup_of, report)
    dangling = sorted(dup_of - seen)
    if dangling:
        report.add("data/", f"{len(dangling)} rows point (dup_of) at ids that are not in the corpus, "
                            f"e.g. {dangling[0]}")


def _check_shard(out: Path, rel: str, lang: str, split: str, splits: list[tuple[str, float]],
                 seen: set[str], dup_of: set[str], report: Report) -> None:
    try:
        pf = pq.ParquetFile(out / rel)
    except (OSError, ValueError) as exc:
        report.add(rel, f"unreadable Parquet: {exc}")
        return
    schema = pf.schema_arrow.remove_metadata()
    if schema != SCHEMA:
        missing = [n for n in SCHEMA.names if n not in schema.names]
        extra = [n for n in schema.names if n not in SCHEMA.names]
        changed = [n for n in SCHEMA.names if n in schema.names and schema.field(n).type != SCHEMA.field(n).type]
        report.add(rel, "schema is not the corpus schema: " + "; ".join(
            f"{what} {', '.join(names)}" for what, names in
            (("missing", missing), ("unexpected", extra), ("other type for", changed)) if names) or "column order")
        if missing:
            return
    table = pf.read(columns=["id", "lang", "dup_of"]).to_pydict()
    report.shards += 1
    report.rows += len(table["id"])
    report.counts[(lang, split)] += len(table["id"])
    wrong_lang = sum(1 for v in table["lang"] if v != lang)
    if wrong_lang:
        report.add(rel, f"{wrong_lang} rows are not in language {lang!r}")
    duplicates = []
    wrong_split = 0
    for doc_id in table["id"]:
        if doc_id in seen:
            duplicates.append(doc_id)
        seen.add(doc_id)
        if splits and assign_split(doc_id, splits) != split:
            wrong_split += 1
    if duplicates:
        report.add(rel, f"{len(duplicates)} ids already seen in this or another shard, e.g. {duplicates[0]}")
    if wrong_split:
        report.add(rel, f"{wrong_split} rows belong to another split by their id (recipe splits {dict(splits)})")
    dup_of.update(v for v in table["dup_of"] if v)


def _check_stats(out: Path, stats: dict[str, Any], report: Report) -> None:
    """stats.json against the rows found, and the accounting: nothing vanished."""
    found = {f"{lang}/{split}": n for (lang, split), n in sorted(report.counts.items())}
    claimed = stats.get("splits", {})
    for key in sorted(set(found) | set(claimed)):
        if found.get(key, 0) != claimed.get(key, 0):
            report.add("stats.json", f"{key}: says {claimed.get(key, 0)} rows, the shards hold {found.get(key, 0)}")
    if stats.get("rows_written") != report.rows:
        report.add("stats.json", f"rows_written is {stats.get('rows_written')}, the shards hold {report.rows}")
    read = stats.get("records_read", 0)
    accounted = stats.get("rows_written", 0) + stats.get("rejected", 0) + stats.get("duplicates_dropped", 0)
    if read != accounted:
        report.add("stats.json", f"accounting does not hold: {read} records read, but {stats.get('rows_written')} "
                                 f"written + {stats.get('rejected')} rejected + {stats.get('duplicates_dropped')} "
                                 f"dropped = {accounted}")
    for name, key, required in (("rejects.jsonl", "rejected", True), ("duplicates.jsonl", "duplicates_dropped", False)):
        path = out / name
        if not path.is_file():
            if not required and stats.get(key, 0):
                report.add(name, f"missing, but stats.json says {stats[key]} duplicates were dropped")
            continue
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        bad = 0
        for line in lines:
            try:
                json.loads(line)
            except json.JSONDecodeError:
                bad += 1
        if bad:
            report.add(name, f"{bad} lines are not JSON")
        if len(lines) != stats.get(key, 0):
            report.add(name, f"has {len(lines)} entries, stats.json says {key} = {stats.get(key, 0)}")


def _check_card(out: Path, stats: dict[str, Any], report: Report) -> None:
    """The card parses with the Hub's own tooling and its configs, files and counts match the data."""
    from datasets import Features
    from datasets.info import DatasetInfosDict
    from datasets.utils.metadata import MetadataConfigs

    text = (out / "README.md").read_text(encoding="utf-8")
    try:
        data = read_header(text)
        configs = MetadataConfigs.from_dataset_card_data(data)
        infos = DatasetInfosDict.from_dataset_card_data(data)
    except (ValueError, TypeError, KeyError, yaml.YAMLError) as exc:
        report.add("README.md", f"the card's YAML header does not parse: {exc}")
        return
    names = language_names()
    for lang in data.language or []:
        if names and lang not in names:
            report.add("README.md", f"language {lang!r} is not an ISO 639 code the Hub knows")
    if not data.license:
        report.add("README.md", "no license")
    if data.size_categories != [size_category(report.rows)]:
        report.add("README.md", f"size_categories {data.size_categories} do not fit {report.rows} rows")
    langs = {lang for lang, _ in report.counts}
    if set(configs) != langs | {"default"}:
        report.add("README.md", f"configs {sorted(configs)} do not match the languages in data/ "
                                f"({', '.join(sorted(langs))}) plus default")
    listed: set[str] = set()
    for name, config in configs.items():
        for entry in config.get("data_files", []):
            patterns = entry["path"] if isinstance(entry["path"], list) else [entry["path"]]
            matched = {p.relative_to(out).as_posix() for pattern in patterns for p in out.glob(pattern)}
            if not matched:
                report.add("README.md", f"config {name}, split {entry['split']}: no file matches {patterns}")
            listed |= matched
    for rel in shard_files(out):
        if rel not in listed:
            report.add("README.md", f"no config names {rel}")
    features = Features.from_arrow_schema(SCHEMA)
    for name in sorted(set(configs) | set(infos)):
        info = infos.get(name)
        if info is None:
            report.add("README.md", f"config {name} has no dataset_info (features, split sizes)")
            continue
        if info.features is not None and info.features != features:
            report.add("README.md", f"dataset_info of {name}: features are not the corpus schema")
        found: Counter[str] = Counter()
        for (lang, s), n in report.counts.items():
            if name in ("default", lang):
                found[s] += n
        claimed = {s: i.num_examples for s, i in (info.splits or {}).items()}
        if claimed != dict(found):
            report.add("README.md", f"dataset_info of {name}: split sizes {claimed}, but the shards hold {dict(found)}")
    if text != card_for(out):
        report.add("README.md", "differs from the card this run's recipe.json and stats.json give "
                                "(stale or edited by hand: rebuild, or put the change in the recipe)")


def _check_croissant(out: Path, report: Report) -> None:
    """Required Croissant properties, file checksums, fields against the schema, and freshness."""
    doc = _load_json(out / "croissant.json", report)
    if doc is None:
        return
    for message in required_problems(doc):
        report.add("croissant.json", message)
    objects = {d.get("contentUrl"): d for d in doc.get("distribution", []) if d.get("@type") == "cr:FileObject"}
    shards = set(shard_files(out))
    for rel in sorted(set(objects) - shards):
        report.add("croissant.json", f"lists {rel}, which is not in data/")
    for rel in sorted(shards - set(objects)):
        report.add("croissant.json", f"does not list {rel}")
    sets = {d.get("@id") for d in doc.get("distribution", []) if d.get("@type") == "cr:FileSet"}
    if FILE_SET not in sets:
        report.add("croissant.json", f"no FileSet {FILE_SET!r} covering the shards")
    records = {r.get("@id"): r for r in doc.get("recordSet", [])}
    fields = [f.get("name") for f in records.get(RECORD_SET, {}).get("field", [])]
    if [f for f in fields if f != "split"] != SCHEMA.names:
        report.add("croissant.json", f"record set {RECORD_SET!r} does not declare the corpus columns in order")
    for rel in sorted(shards & set(objects)):
        if objects[rel].get("sha256") != sha256_of(out / rel):
            report.add("croissant.json", f"sha256 of {rel} does not match the file (the shard changed after the build)")
    if (out / "croissant.json").read_text(encoding="utf-8") != render_croissant(out):
        report.add("croissant.json", "differs from what this run's files give (stale or edited by hand: rebuild)")
