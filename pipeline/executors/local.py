"""Runs tasks in a local process pool (or inline for one worker).

Workers ignore SIGINT: Ctrl-C reaches the driver alone, which stops the pool
at once and leaves unfinished tasks unmarked, so the next run redoes exactly
those. Without this every worker would print its own traceback.

Workers are forked from a fork server, not from the driver: the driver has
threads (Arrow's pools, a Ray client, a test runner's), and a child forked
beside them can inherit a lock some thread held and wait on it forever. The
server preloads the pipeline once, so a worker still starts in milliseconds.

Workers die with the driver: a killed build must not leave orphans that
finish a task behind the back of the run that resumes it, or idle ones that
hold memory forever (an orphaned pool worker waits on its queue for good, and
keeps the fork server alive with it). Each worker watches the driver's
process and exits the moment it ends.
"""

from __future__ import annotations

import multiprocessing
import os
import select
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from typing import Any, TypeVar

T = TypeVar("T")


def _init_worker(driver: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with, args=(driver,), name="exit-with-driver", daemon=True).start()


def _exit_with(driver: int) -> None:
    """Block until the driver process ends, then end this worker at once."""
    try:
        fd = os.pidfd_open(driver)  # Linux: readable when the process ends
    except (AttributeError, OSError):
        fd = None
    if fd is not None:
        select.select([fd], [], [])
    else:
        while True:
            try:
                os.kill(driver, 0)
            except ProcessLookupError:
                break
            except PermissionError:
                pass
            time.sleep(0.2)
    os._exit(1)


def pool_context() -> multiprocessing.context.BaseContext:
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["pipeline.task", "pipeline.passes.dedup", "pipeline.executors.preload"])
    return ctx


class LocalExecutor:
    """A process pool on this machine, kept between calls (inline for one worker). The default executor.

    A build maps several steps one after another (its tasks, then each step of
    the corpus passes); a pool per step forked two fresh workers for each, and
    each paid again for what a worker loads on first use (lingua's models, the
    passes' modules): a 2-worker build of a few files took 2.5x the CPU of the
    same build inline. `release` ends the workers, to give their memory back
    between phases or at the end; the next call starts a new pool.
    """

    name = "local"

    def __init__(self, workers: int) -> None:
        self.workers = max(1, workers)
        self._pool: ProcessPoolExecutor | None = None

    def map(self, fn: Callable[[T], Any], items: Iterable[T]) -> Iterator[Any]:
        """Results of `fn` over `items`, each as soon as it is ready (so in any order)."""
        items = list(items)
        if self.workers <= 1 or len(items) <= 1:
            for item in items:
                yield fn(item)
            return
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=pool_context(),
                                             initializer=_init_worker, initargs=(os.getpid(),))
        pool = self._pool
        try:
            pending = {pool.submit(fn, item) for item in items}
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    yield future.result()
        except BaseException:
            # Interrupted or a task failed: stop now rather than finishing the queue.
            for proc in list((getattr(pool, "_processes", None) or {}).values()):
                proc.terminate()
            pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
            raise

    def release(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None
