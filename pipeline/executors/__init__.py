"""Executors run tasks; they decide where, never what. Same tasks, same output.

An executor maps a plain function over items and yields each result as soon
as it is ready. The build never depends on the order results come back in:
everything is keyed by task name and assembled in task order afterwards.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol

from pipeline.errors import UsageError
from pipeline.executors.local import LocalExecutor


class ExecutorError(UsageError, RuntimeError):
    """An executor that cannot be had: unknown, or its optional dependency is missing."""


class Executor(Protocol):
    name: str

    def map(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[Any]: ...

    def release(self) -> None:
        """Give back what workers hold between calls (a local pool's processes); the next `map` starts afresh."""


def make_executor(name: str = "local", workers: int = 1, address: str | None = None) -> Executor:
    if name == "local":
        return LocalExecutor(workers)
    if name == "ray":
        from pipeline.executors.ray import RayExecutor

        return RayExecutor(address=address, workers=workers)
    raise ExecutorError(f"unknown executor {name!r}: choose 'local' or 'ray'")
