"""The structural mistakes a recipe can hold, each named with its table and key.

Each part of the pipeline knows its own options (a stage its `defaults`, the
readers `ReaderOptions`, a corpus pass its `keys`); the tables around them are
listed here. A key nobody knows is an error that names its table and the key
it most likely meant, a value of the wrong kind names what was expected, and
reference files that match nothing are found now, not after every task has
run. `pipeline.settings.resolve` calls these for every table and gathers what
they find with what the parts find in their values, into one error.
"""

from __future__ import annotations

from difflib import get_close_matches
from typing import Any

from pipeline.fs import location
from pipeline.recipe import RecipeError, expand_inputs

#: The recipe's tables and, for those not owned by a pipeline part, their keys.
#: A corpus pass may own a table too (`CorpusPass.table`, e.g. [dedup]).
TABLES = ("corpus", "input", "output", "build", "stages")
CORPUS_KEYS = ("name", "pretty_name", "description", "license", "collection", "citation", "creator",
               "date_published", "limitations", "source_datasets", "tags", "task_categories", "url", "version")
#: [output] and [build] are read as one table (a key may sit in either), less the output's path.
OUTPUT_KEYS = ("path", "rows_per_shard", "splits", "task_bytes", "work", "strict")
BUILD_KEYS = tuple(k for k in OUTPUT_KEYS if k != "path")
_TYPES: dict[str, tuple[type, ...]] = {"path": (str,), "work": (str,), "rows_per_shard": (int,), "task_bytes": (int,),
                                       "splits": (dict,), "name": (str,), "pretty_name": (str,), "license": (str,),
                                       "description": (str,), "strict": (bool,)}


def structure(data: dict[str, Any], pass_tables: tuple[str, ...]) -> list[str]:
    """Tables nobody knows, and tables that are not tables."""
    problems = unknown("the recipe", data, (*TABLES, *pass_tables, "name"), "table")
    for table in (*TABLES, *pass_tables):
        if table in data and not isinstance(data[table], dict):
            problems.append(f"[{table}] must be a table, not {type(data[table]).__name__}")
    return problems


def keys(where: str, table: dict[str, Any], known: tuple[str, ...]) -> list[str]:
    """Unknown keys of a table listed here, and values of the wrong kind."""
    return unknown(where, table, known) + _types(where, table)


def unknown(where: str, table: dict[str, Any], known: tuple[str, ...], what: str = "key") -> list[str]:
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


def splits(splits: Any) -> list[str]:
    if not isinstance(splits, dict):
        return []
    bad = [f"{k} = {v!r}" for k, v in splits.items() if not isinstance(v, (int, float)) or isinstance(v, bool) or v < 0]
    if bad or (splits and sum(splits.values()) <= 0):
        return ["[output] splits: fractions must be non-negative numbers with a positive sum"
                + (f" ({', '.join(bad)})" if bad else "")]
    return []


def stage(cls: Any, options: Any) -> list[str]:
    """Unknown options of one stage's `[stages.<name>]` table, and values unlike the default's kind."""
    if not isinstance(options, dict):
        return [f"[stages.{cls.name}] must be a table"]
    found = unknown(f"[stages.{cls.name}]", options, (*cls.defaults, "enabled"), "option")
    for key, value in sorted(options.items()):
        default = cls.defaults.get(key, True if key == "enabled" else None)
        if default is not None and not _same_kind(value, default):
            found.append(f"[stages.{cls.name}] {key}: expected {type(default).__name__} "
                         f"(like the default {default!r}), got {value!r}")
    return found


def _same_kind(value: Any, default: Any) -> bool:
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(value, bool) and isinstance(default, bool)
    if isinstance(default, (int, float)):
        return isinstance(value, (int, float))
    return isinstance(value, type(default))


def references(masks: Any, base: Any) -> list[str]:
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

