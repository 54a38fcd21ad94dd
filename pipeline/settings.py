"""The recipe resolved: every option of every part, typed, defaulted and checked, in one frozen object.

`resolve` turns the recipe's tables (as parsed from corpus.toml, or from a
saved recipe.json) into `Settings` once, when the recipe is loaded, and
reports every mistake in one `RecipeError` (see `pipeline.recipe_check` for
the structural ones). Each part then reads its own settings from it: the
readers `settings.reader`, a stage `settings.stage(name)`, a corpus pass
`settings.passes[name]`, the build `settings.build`, the writers
`settings.output` and `settings.card`. No part reads the raw tables or
fills in a default of its own.

The raw tables stay on the `Recipe` too: they are what is saved as
recipe.json (and hashed to tell a rebuild from an update), so a corpus
carries what its maker wrote, not every default of the version that built it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline import recipe_check as check
from pipeline import passes as registry
from pipeline.readers.options import ReaderOptions
from pipeline.recipe import RecipeError
from pipeline.stages import ORDER
from pipeline.stages.base import Stage

#: Input bytes per task unless the recipe says otherwise (`[build] task_bytes`).
TASK_BYTES = 16 * 2**20
#: Rows per Parquet shard unless the recipe says otherwise (`[output] rows_per_shard`).
ROWS_PER_SHARD = 100_000
#: The license the card and croissant.json give when the recipe states none (a Hub license id that claims nothing).
UNSTATED_LICENSE = "unknown"


@dataclass(frozen=True)
class StageSettings:
    """One per-document stage: whether it runs, and every option (its default unless the recipe set it)."""

    name: str
    enabled: bool
    options: dict[str, Any]  # read-only by convention: a stage copies what it keeps

    def make(self) -> Stage:
        """A fresh stage (its counters start at zero): one per task."""
        return STAGES[self.name](**self.options)


@dataclass(frozen=True)
class OutputSettings:
    """`[output]`: how the published files are cut."""

    rows_per_shard: int = ROWS_PER_SHARD
    splits: dict[str, float] = field(default_factory=lambda: {"train": 1.0})  # as asked, not normalised

    @property
    def fractions(self) -> list[tuple[str, float]]:
        return split_fractions(self.splits)


@dataclass(frozen=True)
class BuildSettings:
    """`[build]`: how the work is cut and how strict the build is about contained failures."""

    task_bytes: int = TASK_BYTES
    strict: bool = False


@dataclass(frozen=True)
class CardSettings:
    """`[corpus]` with the defaults the dataset card and croissant.json show where the recipe says nothing.

    (The card also reads the table as written, to say what the recipe leaves unstated.)
    """

    name: str
    pretty_name: str
    license: str = UNSTATED_LICENSE
    task_categories: list[str] = field(default_factory=lambda: ["text-generation"])
    source_datasets: list[str] = field(default_factory=lambda: ["original"])
    tags: list[str] | None = None
    version: str = "1.0.0"


@dataclass(frozen=True)
class Settings:
    reader: ReaderOptions
    stages: tuple[StageSettings, ...]  # every stage, in the order they run, enabled or not
    passes: dict[str, Any]  # each corpus pass's options, by name, in the order they run
    build: BuildSettings
    output: OutputSettings
    card: CardSettings

    def stage(self, name: str) -> StageSettings:
        return next(s for s in self.stages if s.name == name)


STAGES: dict[str, type[Stage]] = {cls.name: cls for cls in ORDER}


def resolve(data: dict[str, Any], base: Path, name: str) -> Settings:
    """`Settings` from a recipe's tables (`data`, shaped like corpus.toml; relative paths from `base`).

    Raises one `RecipeError` listing every problem; its first line is added by the caller.
    """
    pass_tables = tuple(p.table for p in registry.PASSES if p.table)
    problems = check.structure(data, pass_tables)
    tables = {t: data.get(t, {}) if isinstance(data.get(t, {}), dict) else {} for t in (*check.TABLES, *pass_tables)}

    def attempt(fn: Callable[[], Any], default: Any) -> Any:
        try:
            return fn()
        except RecipeError as exc:
            problems.append(str(exc))
            return default

    found = check.keys("[corpus]", tables["corpus"], check.CORPUS_KEYS)
    card = card_settings(tables["corpus"] if not found else {}, name)
    problems += found
    out = {**tables["output"], **tables["build"]}
    found = check.keys("[output]", tables["output"], check.OUTPUT_KEYS) + check.keys(
        "[build]", tables["build"], check.BUILD_KEYS) + check.splits(out.get("splits"))
    problems += found
    output = OutputSettings() if found else output_settings(out)
    build = BuildSettings() if found else build_settings(out)

    found = check.unknown("[input]", tables["input"], (*ReaderOptions.__dataclass_fields__, "paths"), "option")
    problems += found
    reader = ReaderOptions() if found else attempt(lambda: ReaderOptions.from_recipe(tables["input"]), ReaderOptions())

    stages = []
    problems += check.unknown("[stages]", tables["stages"], tuple(STAGES), "stage")
    for cls in ORDER:
        given = tables["stages"].get(cls.name, {})
        found = check.stage(cls, given)
        problems += found
        stage = stage_settings(cls.name, given if not found else {})
        if not found and stage.enabled:
            try:
                stage.make()  # a stage checks its own values
            except (TypeError, ValueError) as exc:
                problems.append(str(exc))
        stages.append(stage)
    problems += check.references(tables["stages"].get("masks", {}), base)

    by_name = {s.name: s for s in stages}
    passes = {}
    for corpus_pass in registry.PASSES:
        if corpus_pass.table:
            found = check.unknown(f"[{corpus_pass.table}]", tables[corpus_pass.table], corpus_pass.keys, "option")
            problems += found
            if found:
                continue
        passes[corpus_pass.name] = attempt(lambda p=corpus_pass: p.options(tables, by_name), None)
    if problems:
        raise RecipeError(f"{len(problems)} problem(s):\n" + "\n".join(f"  - {p}" for p in problems))
    return Settings(reader, tuple(stages), passes, build, output, card)


def stage_settings(name: str, given: dict[str, Any]) -> StageSettings:
    """A stage's settings from its `[stages.<name>]` table (already checked)."""
    return StageSettings(name, bool(given.get("enabled", True)),
                         {**STAGES[name].defaults, **{k: v for k, v in given.items() if k != "enabled"}})


def output_settings(table: dict[str, Any]) -> OutputSettings:
    """`[output]` (with `[build]`, read as one table) as settings; also read back from a saved recipe.json."""
    return OutputSettings(**{k: table[k] for k in OutputSettings.__dataclass_fields__ if k in table})


def build_settings(table: dict[str, Any]) -> BuildSettings:
    return BuildSettings(**{k: table[k] for k in BuildSettings.__dataclass_fields__ if k in table})


def card_settings(corpus: dict[str, Any], name: str) -> CardSettings:
    """`[corpus]` as the card shows it; read back from a saved recipe.json by the writers too."""
    shown = {k: str(v) if k == "version" else v for k, v in corpus.items()
             if k in CardSettings.__dataclass_fields__ and k != "name"}
    return CardSettings(**{"name": name, "pretty_name": name, **shown})


def split_fractions(splits: dict[str, float]) -> list[tuple[str, float]]:
    """The recipe's splits as fractions, in a canonical order (train, validation, test, then by name).

    The order fixes which range of ids each split gets, so it must not be the
    order the recipe happens to list them in: recipe.json does not keep it,
    and `newscorpus validate` re-derives every row's split from recipe.json.
    """
    from pipeline.writers.card import split_order

    total = sum(splits.values())
    if total <= 0 or any(v < 0 for v in splits.values()):
        raise RecipeError("[output] splits must be non-negative fractions with a positive sum")
    return [(name, splits[name] / total) for name in split_order(splits)]
