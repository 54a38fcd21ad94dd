"""Runs tasks in a local process pool (or inline for one worker)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


def run_local(fn: Callable[[T], Any], items: Iterable[T], workers: int) -> Iterator[Any]:
    """Results of `fn` over `items`, as they finish, in any order."""
    items = list(items)
    if workers <= 1 or len(items) <= 1:
        for item in items:
            yield fn(item)
        return
    with ProcessPoolExecutor(max_workers=min(workers, len(items))) as pool:
        yield from pool.map(fn, items)
