"""Every mistake in a recipe, found together and before any work.

Each part of the pipeline knows its own options (a stage its `defaults`, the
readers `ReaderOptions`, dedup its settings); the tables around them are
listed here. A key nobody knows is an error that names its table and the key
it most likely meant, a value of the wrong kind names what was expected, and
inputs or reference files that match nothing are found now, not after every
task has run.
"""

from __future__ import annotations

from difflib import get_close_matches
from typing import Any

from pipeline.fs import location
from pipeline.passes.minhash.params import DEDUP_KEYS, dedup_settings
from pipeline.readers.options import ReaderOptions
from pipeline.recipe import RecipeError, expand_inputs
from pipeline.stages import ORDER

#: The recipe's tables and, for those not owned by a pipeline part, their keys.
TABLES = ("corpus", "input", "output", "build", "stages", "dedup")
CORPUS_KEYS = ("name", "pretty_name", "description", "license", "collection", "citation", "creator",
               "date_published", "source_datasets", "tags", "task_categories", "url", "version")
#: [output] and [build] are read as one table (a key may sit in either), less the output's path.
OUTPUT_KEYS = ("path", "rows_per_shard", "splits", "task_bytes", "work", "strict")
BUILD_KEYS = tuple(k for k in OUTPUT_KEYS if k != "path")
_TYPES: dict[str, tuple[type, ...]] = {"path": (str,), "work": (str,), "rows_per_shard": (int,), "task_bytes": (int,),
                                       "splits": (dict,), "name": (str,), "pretty_name": (str,), "license": (str,),
                                       "description": (str,), "strict": (bool,)}


def recipe_problems(data: dict[str, Any], base: Any) -> list[str]:
    """What is wrong with a parsed recipe (`data`, from the file in folder `base`); empty when nothing is."""
    problems = _unknown("the recipe", data, (*TABLES, "name"), "table")
    for table in TABLES:
        if table in data and not isinstance(data[table], dict):
            problems.append(f"[{table}] must be a table, not {type(data[table]).__name__}")
    tables = {t: data.get(t, {}) if isinstance(data.get(t, {}), dict) else {} for t in TABLES}
    for table, keys in (("corpus", CORPUS_KEYS), ("output", OUTPUT_KEYS), ("build", BUILD_KEYS)):
        problems += _unknown(f"[{table}]", tables[table], keys)
        problems += _types(f"[{table}]", tables[table])
    problems += _splits({**tables["output"], **tables["build"]}.get("splits"))
    problems += _stages(tables["stages"], base)
    for table, known, check in (("input", (*ReaderOptions.__dataclass_fields__, "paths"), ReaderOptions.from_recipe),
                                ("dedup", DEDUP_KEYS, dedup_settings)):
        unknown = _unknown(f"[{table}]", tables[table], tuple(known), "option")
        problems += unknown
        if not unknown:  # the part's own check of the values, which stops at its first problem
            try:
                check(tables[table])
            except RecipeError as exc:
                problems.append(str(exc))
    return problems


def check(data: dict[str, Any], source: str, base: Any) -> None:
    """Raise one `RecipeError` listing every problem of the recipe read from `source`."""
    problems = recipe_problems(data, base)
    if problems:
        raise RecipeError(f"{source}: {len(problems)} problem(s):\n" + "\n".join(f"  - {p}" for p in problems))


def _unknown(where: str, table: dict[str, Any], known: tuple[str, ...], what: str = "key") -> list[str]:
    found = []
    for key in sorted(set(table) - set(known)):
        guess = get_close_matches(key, known, n=1, cutoff=0.6)
        found.append(f"{where}: unknown {what} {key!r}" + (f" (did you mean {guess[0]!r}?)" if guess else
                                                           f"; known: {', '.join(known)}"))
    return found


def _types(where: str, table: dict[str, Any]) -> list[str]:
    found = []
    for key, value in sorted(table.items()):
        want = _TYPES.get(key)
        if want and (not isinstance(value, want) or (isinstance(value, bool) and bool not in want)):
            found.append(f"{where} {key}: expected {' or '.join(t.__name__ for t in want)}, got {value!r}")
    return found


def _splits(splits: Any) -> list[str]:
    if not isinstance(splits, dict):
        return []
    bad = [f"{k} = {v!r}" for k, v in splits.items() if not isinstance(v, (int, float)) or isinstance(v, bool) or v < 0]
    if bad or (splits and sum(splits.values()) <= 0):
        return ["[output] splits: fractions must be non-negative numbers with a positive sum"
                + (f" ({', '.join(bad)})" if bad else "")]
    return []


def _stages(stages: dict[str, Any], base: Any) -> list[str]:
    by_name = {cls.name: cls for cls in ORDER}
    found = _unknown("[stages]", stages, tuple(by_name), "stage")
    for name, options in sorted(stages.items()):
        cls = by_name.get(name)
        if cls is None:
            continue
        if not isinstance(options, dict):
            found.append(f"[stages.{name}] must be a table")
            continue
        found += _unknown(f"[stages.{name}]", options, (*cls.defaults, "enabled"), "option")
        for key, value in sorted(options.items()):
            default = cls.defaults.get(key, True if key == "enabled" else None)
            if default is not None and not _same_kind(value, default):
                found.append(f"[stages.{name}] {key}: expected {type(default).__name__} "
                             f"(like the default {default!r}), got {value!r}")
    found += _references(stages.get("masks", {}), base)
    return found


def _same_kind(value: Any, default: Any) -> bool:
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(value, bool) and isinstance(default, bool)
    if isinstance(default, (int, float)):
        return isinstance(value, (int, float))
    return isinstance(value, type(default))


def _references(masks: Any, base: Any) -> list[str]:
    """Restoration's reference files must exist now: the pass that reads them runs after every task."""
    reference = masks.get("reference") if isinstance(masks, dict) else None
    if not isinstance(reference, dict):
        return []
    found = []
    for lang, patterns in sorted(reference.items()):
        for pattern in [patterns] if isinstance(patterns, str) else patterns if isinstance(patterns, list) else []:
            try:
                expand_inputs((str(location(pattern, base)),))
            except RecipeError as exc:
                found.append(f"[stages.masks] reference.{lang}: {exc}")
    return found

