"""The contract every corpus pass keeps, as `pipeline.stages.base` is the per-document stages'.

A corpus pass is work that needs every document (duplicate links, mask
restoration). It has:

- a `name` (its stats key and its fault step),
- its `options`, resolved once with the rest of the recipe (`pipeline.settings`)
  from its own table, if it owns one (`table`, whose known `keys` it lists),
  and from the stages' settings (a pass may read options it shares with a stage);
- an optional per-document `hook`, which each task runs on every row it
  writes, where that work runs in parallel (dedup's signatures); its files
  sit beside the task's work shard and are committed with it;
- the corpus step, `run`, over the work shards once every task is done: it
  may schedule steps on the build's executor, keeps its files under the work
  folder, and returns a `PassResult`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import pyarrow as pa

from pipeline.document import Document

if TYPE_CHECKING:  # the settings module imports the passes' registry
    from pipeline.executors import Executor
    from pipeline.faults import Faults
    from pipeline.recipe import Recipe
    from pipeline.settings import StageSettings


@dataclass
class PassResult:
    name: str
    transform: Callable[[pa.Table], pa.Table] | None = None
    drop: dict[str, str] = field(default_factory=dict)  # dropped id -> the id it duplicates
    stats: dict[str, Any] = field(default_factory=dict)


class DocumentHook(Protocol):
    """What a pass does to each row a task writes."""

    seconds: float  # time spent, reported as `<pass>_<hook_step>s` among the task's seconds

    def add(self, doc: Document) -> None: ...

    def close(self) -> None:
        """After the task's last row, whether or not it succeeded: files stay under temporary names."""

    def commit(self) -> None:
        """After the task's work shard is in place: the files take their final names."""


@dataclass(frozen=True)
class CorpusPass:
    name: str
    #: (the recipe's tables, the stages' settings by name) -> this pass's options; raises `RecipeError`.
    options: Callable[[Mapping[str, Any], Mapping[str, StageSettings]], Any]
    #: (shards, recipe, work folder, executor, faults) -> what the pass adds; options in recipe.settings.passes.
    run: Callable[[list[Path], Recipe, Path, Executor, Faults], PassResult]
    #: (options, work folder, task name) -> the task's hook, or None when this recipe needs none.
    hook: Callable[[Any, Path, str], DocumentHook | None] | None = None
    hook_step: str = "document"  # names the hook's faults (`<pass>.<step>`) and seconds
    table: str | None = None  # the recipe table this pass owns, if any
    keys: tuple[str, ...] = ()  # the keys that table may hold
