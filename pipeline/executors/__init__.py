"""Executors run tasks; they decide where, never what. Same tasks, same output.

An executor maps a plain function over items and yields each result as soon
as it is ready. The build never depends on the order results come back in:
everything is keyed by task name and assembled in task order afterwards.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol

from pipeline.errors import UsageError


class ExecutorError(UsageError, RuntimeError):
    """An executor that cannot be had: unknown, or its optional dependency is missing."""


class Executor(Protocol):
    name: str

    def map(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[Any]: ...

    def release(self) -> None:
        """Give back what workers hold between calls (a local pool's processes); the next `map` starts afresh."""


class LocalExecutor:
    """A process pool on this machine (inline for one worker). The default; no extra dependency."""

    name = "local"

    def __init__(self, workers: int) -> None:
        from pipeline.executors.local import ProcessPool

        self.workers = max(1, workers)
        self._pool = ProcessPool(self.workers)

    def map(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[Any]:
        return self._pool.map(fn, items)

    def release(self) -> None:
        self._pool.close()


def make_executor(name: str = "local", workers: int = 1, address: str | None = None) -> Executor:
    if name == "local":
        return LocalExecutor(workers)
    if name == "ray":
        from pipeline.executors.ray import RayExecutor

        return RayExecutor(address=address, workers=workers)
    raise ExecutorError(f"unknown executor {name!r}: choose 'local' or 'ray'")
