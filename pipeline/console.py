"""What a person (or a log collector) sees while a build runs and after it.

Progress bars only on a terminal and never with --quiet; logs go to stderr,
as text or, with --log-json, one JSON object per line for machines.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Iterable
from typing import Any

from rich.console import Console
from rich.logging import RichHandler
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.segment import Segment
from rich.table import Table

log = logging.getLogger("newscorpus")
#: Control characters (C0 but tab and newline, DEL, C1): ESC starts a terminal command (clear the screen, set the
#: window title, write the clipboard), so data must never print one.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_C1 = re.compile("[\x7f-\x9f]")


def printable(text: str) -> str:
    """`text` with every control character shown as an escape (`\\x1b`) instead of sent to the terminal."""
    return _CONTROL.sub(lambda m: ascii(m[0])[1:-1], text)


def json_safe(text: str) -> str:
    """A JSON document with the C1 controls JSON leaves raw (`\\x9b` is CSI to some terminals) as `\\u` escapes."""
    return _C1.sub(lambda m: f"\\u{ord(m[0]):04x}", text)


class DataConsole(Console):
    """A console for printing what a corpus holds: its text never reaches the terminal as control codes,
    and `:x:` in the data stays `:x:` (no emoji codes).

    Every segment of text rich renders is made `printable`; rich's own styling is a separate kind of
    segment (control, or a style), so colours and tables are unaffected.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(emoji=False, highlight=False, **kwargs)

    def _render_buffer(self, buffer: Iterable[Segment]) -> str:
        return super()._render_buffer(
            segment if segment.control else Segment(printable(segment.text), segment.style) for segment in buffer)


class _JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {"time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"), "level": record.levelname.lower(),
                 "message": record.getMessage()}
        entry.update(getattr(record, "fields", {}))
        return json.dumps(entry, ensure_ascii=False)


def setup_logging(level: str = "warning", as_json: bool = False) -> None:
    handler: logging.Handler
    if as_json:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(_JsonFormatter())
    else:
        handler = RichHandler(console=Console(stderr=True), show_path=False)
    log.handlers[:] = [handler]
    log.setLevel(level.upper())
    log.propagate = False


class TaskProgress:
    """A progress bar over the tasks a build runs; silent when not wanted."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self._progress: Progress | None = None
        self._bar = None

    def on_plan(self, plan: Any) -> None:
        log.info("plan: %d tasks, %d to run", len(plan.tasks), len(plan.to_run),
                 extra={"fields": {"event": "plan", "tasks": len(plan.tasks), "to_run": len(plan.to_run)}})
        if self.enabled and plan.to_run:
            self._progress = Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                                      TextColumn("{task.fields[records]} records"), TimeElapsedColumn(),
                                      TimeRemainingColumn(), console=Console(stderr=True), transient=True)
            self._progress.start()
            self._bar = self._progress.add_task("tasks", total=len(plan.to_run), records=0)

    def on_task(self, stats: dict[str, Any]) -> None:
        log.info("%s done: %d records, %d rows, %d rejected", stats["task"], stats["records_read"], stats["rows"],
                 stats["rejected"], extra={"fields": {"event": "task_done", **{k: stats[k] for k in (
                     "task", "records_read", "rows", "rejected")}}})
        if self._progress is not None:
            done = self._progress.tasks[0].fields["records"] + stats["records_read"]
            self._progress.update(self._bar, advance=1, records=done)

    def close(self) -> None:
        if self._progress is not None:
            self._progress.stop()


def summary_table(result: Any) -> Table:
    s = result.stats
    table = Table(title=f"newscorpus build -> {result.output}", show_header=False)
    if result.up_to_date:
        table.add_row("status", "up to date: inputs and recipe unchanged, nothing to do")
    else:
        table.add_row("tasks run", str(result.tasks_run))
    table.add_row("records read", str(s["records_read"]))
    table.add_row("rows written", str(s["rows_written"]))
    table.add_row("rejected", f"{s['rejected']} " + ", ".join(f"{k}: {v}" for k, v in s["rejects_by_reason"].items()))
    dedup = s.get("dedup", {})
    table.add_row("duplicates", f"{dedup.get('linked', 0)} linked ({dedup.get('exact_linked', 0)} exact), {s['duplicates_dropped']} dropped")
    table.add_row("languages", ", ".join(f"{k} {v}" for k, v in s["languages"].items()))
    table.add_row("masks", f"{s['masks']['total']} in {s['masks']['documents']} articles")
    faults = s.get("faults", {})
    if faults.get("total"):
        table.add_row("[red]failures contained[/red]", f"{faults['total']} ("
                      + ", ".join(f"{k}: {v}" for k, v in faults["by_step"].items())
                      + "): those items keep what the per-document stages gave them; see the log and stats.json")
    table.add_row("stage time (s, all workers)",
                  ", ".join(f"{k} {v:.2f}" for k, v in s.get("seconds_per_stage", {}).items()))
    if not result.up_to_date:
        rate = s["records_read"] / result.seconds if result.seconds else 0.0
        phases = ", ".join(f"{k} {v:.1f}" for k, v in s.get("seconds_wall", {}).items())
        table.add_row("wall time", f"{result.seconds:.1f} s ({rate:.0f} records/s): {phases}")
    return table
