"""The sandbox runs real functions in a real child process; these use standard-library ones."""

import os

import pytest

from pipeline.readers.sandbox import Sandbox, SandboxError


@pytest.fixture
def sandboxes():
    made = []

    def make(fn, **kw):
        box = Sandbox(fn, kw.pop("timeout", 10.0), kw.pop("memory_mb", 256), **kw)
        made.append(box)
        return box

    yield make
    for box in made:
        box.close()


def test_answers_come_back_from_a_child_process(sandboxes):
    box = sandboxes("os:getpid")
    child = box()
    assert child != os.getpid() and child == box.pid
    assert box() == child  # the same child serves the next call


def test_a_call_past_the_time_limit_is_stopped_and_the_next_one_served(sandboxes):
    box = sandboxes("time:sleep", timeout=0.3)
    with pytest.raises(SandboxError) as info:
        box(30)
    assert info.value.reason == "timeout"
    assert box(0) is None
    assert box.restarts == 1


def test_a_call_past_the_memory_ceiling_is_stopped_and_the_next_one_served(sandboxes):
    box = sandboxes("builtins:bytearray", memory_mb=64)
    with pytest.raises(SandboxError) as info:
        box(512 * 2**20)
    assert info.value.reason == "memory"
    assert len(box(2**20)) == 2**20


def test_an_exception_is_reported_and_the_child_lives_on(sandboxes):
    box = sandboxes("math:sqrt")
    with pytest.raises(SandboxError) as info:
        box(-1)
    assert info.value.reason == "error" and "ValueError" in str(info.value)
    assert box(9) == 3.0 and box.restarts == 0


def test_a_child_that_dies_is_reported_and_replaced(sandboxes):
    box = sandboxes("os:_exit")
    with pytest.raises(SandboxError) as info:
        box(7)
    assert info.value.reason == "crashed" and "exit code 7" in str(info.value)
    assert sandboxes("os:getpid")() > 0
