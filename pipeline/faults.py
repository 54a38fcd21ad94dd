"""Failures of the corpus passes on single items: contained, counted, named and logged.

Real text finds bugs that no test did, and the corpus passes run last, after
hours of finished tasks. So a failure on one item (a mask, a document, a
whole pass) costs that item what the pass would have added, not the build:
the item keeps what the per-document stages gave it. Every such failure is
counted under the step that failed, logged in the driver with the item (a
row id that `newscorpus inspect ID` shows, or a shard) and the traceback, and
listed in `stats.json` (`faults`), the summary and the card. `[build] strict =
true` turns any of them into exit code 5 once the corpus is written, for those
who would rather not use a corpus with a known gap.

Steps that run in executor jobs (other processes, other machines) record into
their own `Faults` and save it beside their output files; the driver gathers
those files, so nothing here depends on where a job ran.
"""

from __future__ import annotations

import json
import logging
import traceback
from collections import Counter
from pathlib import Path
from types import TracebackType
from typing import Any

log = logging.getLogger("newscorpus.faults")
#: Failures kept whole (with their traceback) per step; the others are counted only.
EXAMPLES = 5


class Faults:
    """The contained failures of a build (or of one job), by step."""

    def __init__(self, logged: bool = True) -> None:
        self.logged = logged  # False in a job: the driver logs what it gathers, where logging is set up
        self.counts: Counter[str] = Counter()
        self.examples: list[dict[str, str]] = []

    def record(self, step: str, item: str, exc: BaseException) -> None:
        """Count a failure of `step` on `item`; keep the first few of each step whole, and log them."""
        self.add({"step": step, "item": item, "error": f"{type(exc).__name__}: {exc}",
                  "traceback": "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))})

    def add(self, fault: dict[str, str], count: int = 1) -> None:
        step = fault["step"]
        self.counts[step] += count
        if sum(e["step"] == step for e in self.examples) < EXAMPLES:
            self.examples.append(fault)
            if self.logged:
                log.warning("%s failed on %s (it keeps what the earlier stages gave it): %s\n%s",
                            step, fault["item"], fault["error"], fault.get("traceback", ""))

    def item(self, step: str, item: str, passing: tuple[type[Exception], ...] = ()) -> _Contained:
        """A `with` block whose exception is recorded against `item` and goes no further
        (except those of the `passing` kinds: a recipe error is the user's to fix, not an item's)."""
        return _Contained(self, step, item, passing)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def saved(self) -> dict[str, Any]:
        """For a job in another process: its failures as JSON data, for the driver to `add_saved`."""
        return {"counts": dict(sorted(self.counts.items())), "examples": self.examples}

    def add_saved(self, data: dict[str, Any]) -> None:
        """Add the failures a job saved (callers go in a fixed order, so the examples kept do not depend on timing)."""
        for step, n in data.get("counts", {}).items():
            kept = [e for e in data["examples"] if e["step"] == step]
            for e in kept:
                self.add(e)
            self.counts[step] += n - len(kept)

    def save(self, path: Path) -> None:
        """`saved` written to `path` when there is anything to say (a job's files are all fresh: see callers)."""
        if self.total:
            path.write_text(json.dumps(self.saved()), encoding="utf-8")

    def gather(self, paths: list[Path]) -> None:
        """`add_saved` of each of these files that a job wrote."""
        for path in paths:
            if path.exists():
                self.add_saved(json.loads(path.read_text(encoding="utf-8")))

    def to_stats(self) -> dict[str, Any]:
        """What stats.json says: the total, counts per step, and the kept examples without tracebacks."""
        return {"total": self.total, "by_step": dict(sorted(self.counts.items())),
                "examples": [{k: v for k, v in e.items() if k != "traceback"} for e in self.examples]}


class _Contained:
    def __init__(self, faults: Faults, step: str, item: str, passing: tuple[type[Exception], ...]) -> None:
        self.faults, self.step, self.item, self.passing = faults, step, item, passing

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> bool:
        if not isinstance(exc, Exception) or isinstance(exc, self.passing):  # Ctrl-C and exits go through
            return False
        self.faults.record(self.step, self.item, exc)
        return True
