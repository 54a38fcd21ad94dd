"""The local executor: one pool for a build's successive steps, given back on `release`."""

from __future__ import annotations

import os
import time

import pytest

from pipeline.executors import LocalExecutor


def worker_pid(item: int) -> tuple[int, int]:
    if item < 0:
        raise ValueError(f"bad item {item}")
    return item, os.getpid()


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_successive_steps_run_in_the_same_workers_until_released():
    executor = LocalExecutor(2)
    try:
        first = dict(executor.map(worker_pid, range(8)))
        second = dict(executor.map(worker_pid, range(8, 16)))
        assert sorted(first) == list(range(8)) and sorted(second) == list(range(8, 16))
        workers = set(first.values())
        assert os.getpid() not in workers and len(workers) <= 2
        assert set(second.values()) <= workers  # no new process for the second step
        executor.release()
        if os.path.exists("/proc/self/stat"):
            deadline = time.monotonic() + 10
            while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
                time.sleep(0.05)
            assert not any(alive(pid) for pid in workers)
        third = set(dict(executor.map(worker_pid, range(4))).values())
        assert third and not third & workers  # a fresh pool after release
    finally:
        executor.release()


def test_a_failing_item_raises_and_the_next_step_gets_a_fresh_pool():
    executor = LocalExecutor(2)
    try:
        with pytest.raises(ValueError, match="bad item -1"):
            list(executor.map(worker_pid, [1, 2, -1, 3]))
        assert sorted(dict(executor.map(worker_pid, range(5)))) == list(range(5))
    finally:
        executor.release()


@pytest.mark.parametrize(("workers", "items"), [(1, range(3)), (2, range(1))])
def test_one_worker_or_one_item_runs_inline(workers, items):
    executor = LocalExecutor(workers)
    assert {pid for _, pid in executor.map(worker_pid, items)} == {os.getpid()}
