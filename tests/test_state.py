"""The state store's plan: what runs on a first build, a re-run, an update."""

from pathlib import Path

import pytest

from pipeline.recipe import InputFile
from pipeline.state import BuildLock, BuildLocked, StateStore
from pipeline.task import plan_tasks


def _inputs(folder: Path, names: list[str]) -> list[InputFile]:
    folder.mkdir(exist_ok=True)
    for n in names:
        (folder / n).write_text(f"Title {n}\n\nBody of {n}.")
    return [InputFile(folder / n, f"{folder.name}/{n}") for n in sorted(names)]


def _finish(store: StateStore, plan, work: Path) -> None:
    for t in plan.to_run:
        (work / f"{t.name}.done").touch()
        store.mark_done(t.name)


def test_first_plan_is_the_clean_plan_and_a_rerun_runs_nothing(tmp_path):
    files = _inputs(tmp_path / "in", ["a.txt", "b.txt", "c.txt"])
    store = StateStore(tmp_path / "state.sqlite")
    plan = store.plan(files, 1, tmp_path)
    assert plan.tasks == plan.to_run == plan_tasks(files, 1)
    _finish(store, plan, tmp_path)
    again = store.plan(files, 1, tmp_path)
    assert again.to_run == [] and again.digest == plan.digest


def test_new_changed_and_removed_inputs(tmp_path):
    files = _inputs(tmp_path / "in", ["a.txt", "b.txt", "c.txt"])
    store = StateStore(tmp_path / "state.sqlite")
    _finish(store, store.plan(files, 1, tmp_path), tmp_path)
    (tmp_path / "in" / "b.txt").write_text("changed")
    (tmp_path / "in" / "c.txt").unlink()
    files = _inputs(tmp_path / "in", ["a.txt", "d.txt"]) + [InputFile(tmp_path / "in" / "b.txt", "in/b.txt")]
    plan = store.plan(sorted(files, key=lambda f: f.shown), 1, tmp_path)
    assert [t.display for t in plan.to_run] == [("in/b.txt",), ("in/d.txt",)]
    assert plan.removed == ["task-00002"]
    assert plan.to_run[1].name == "task-00003"  # new inputs never take an old task's name


def test_unfinished_tasks_run_again(tmp_path):
    files = _inputs(tmp_path / "in", ["a.txt", "b.txt"])
    store = StateStore(tmp_path / "state.sqlite")
    plan = store.plan(files, 1, tmp_path)
    (tmp_path / "task-00000.done").touch()
    store.mark_done("task-00000")  # b's task was killed before it finished
    assert [t.name for t in store.plan(files, 1, tmp_path).to_run] == ["task-00001"]
    assert len(plan.tasks) == 2


def test_lock_refuses_a_second_holder(tmp_path):
    with BuildLock(tmp_path / "lock"):
        with pytest.raises(BuildLocked, match="another build"):
            with BuildLock(tmp_path / "lock"):
                pass
    with BuildLock(tmp_path / "lock"):  # released
        pass
