"""A build you can trust: incremental, resumable after SIGKILL, stoppable with Ctrl-C, locked."""

from __future__ import annotations

import hashlib
import signal
import time
from pathlib import Path

import pytest

from pipeline.build import RecipeChanged, build
from pipeline.recipe import load_recipe
from pipeline.state import BuildLock, BuildLocked
from tests.cli_process import CliProcess
from tests.conftest import DEMO

pytestmark = pytest.mark.slow(70)

ARTICLES = sorted((DEMO / "articles").glob("*.txt"))
N_FILES = 8  # one task each: enough kill points between tasks, a few seconds a build


def make_corpus(folder: Path, n: int = N_FILES, start: int = 0) -> Path:
    """A recipe over `n` article files, one task per file, with a reject and an exact duplicate."""
    inputs = folder / "in"
    inputs.mkdir(parents=True, exist_ok=True)
    for i in range(start, start + n):
        text = ARTICLES[i % len(ARTICLES)].read_text(encoding="utf-8")
        title, rest = text.split("\n", 1)
        (inputs / f"a{i:03d}.txt").write_text(f"{title} ({i})\n{rest}" if i % 7 else text, encoding="utf-8")
    (inputs / "zz-empty.txt").write_bytes(b"")
    recipe = folder / "corpus.toml"
    recipe.write_text('[corpus]\nname = "resume"\n[input]\npaths = ["in"]\n[output]\ntask_bytes = 1\n')
    return recipe


def snapshot(out: Path) -> str:
    """Everything a user would read: shards, rejects, stats counts, card."""
    h = hashlib.sha256()
    for f in sorted(out.glob("data/**/*.parquet")) + [out / "rejects.jsonl", out / "README.md"]:
        h.update(f.relative_to(out).as_posix().encode() + b"\0" + f.read_bytes())
    return h.hexdigest()


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    folder = tmp_path_factory.mktemp("clean")
    recipe = make_corpus(folder)
    result = build(load_recipe(recipe))  # inline: the killed builds with 2 workers are resumed against it
    return folder, snapshot(result.output), result.stats


def _cli(recipe: Path, out: Path, *extra: str, workers: str = "2") -> CliProcess:
    """`newscorpus build` in a process of its own, to kill or interrupt."""
    return CliProcess(["build", str(recipe), "-o", str(out), "-w", workers, "-q", *extra], out.parent / f"{out.name}-cli")


def _wait_for(predicate, proc: CliProcess, timeout: float = 60) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        if proc.poll() is not None:
            return False
        time.sleep(0.002)
    return False


# Kill points: before any task has finished, after one, midway and after the last (the passes still to
# run), and at staggered moments while the published files are written; the build killed runs with a
# pool of 2 workers (in flight together when killed) or with 1 (no fork server: about 3 CPU-s less).
# Each costs a CLI build, so the points are spread rather than dense. At each, the processes below the
# killed build must end with it.
PROC = Path("/proc/self/stat").exists()  # processes are read from /proc (Linux)
KILL_POINTS = ["tasks:0:1", "tasks:1:2", "tasks:4:1", "tasks:8:1", "finalize:0:1", "finalize:3:2", "finalize:6:1"]


@pytest.mark.parametrize("point", KILL_POINTS)
def test_sigkill_at_any_moment_then_resume_gives_the_clean_result(clean, tmp_path, point):
    folder, expected, _ = clean
    out = tmp_path / "out"
    kind, n, workers = point.split(":")
    work = out / ".newscorpus"
    proc = _cli(folder / "corpus.toml", out, workers=workers)
    if kind == "tasks":
        reached = _wait_for(lambda: len(list(work.glob("*.done"))) >= int(n), proc)
    else:  # once every task is done, kill at staggered moments of the final writing
        reached = _wait_for(lambda: len(list(work.glob("*.done"))) >= N_FILES + 1, proc)
        time.sleep(0.01 * int(n))
    below = _alive_descendants(proc.pid)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert reached or proc.returncode == 0, proc.output()[1]
    if kind == "tasks" and workers == "2" and PROC:
        assert below  # the pool's fork server and its workers, busy with the tasks
    _assert_gone(below)
    # Resumed here with one worker (in this process: no pool to start), against the reference.
    result = build(load_recipe(folder / "corpus.toml", output=str(out)), workers=1)
    assert snapshot(out) == expected
    assert result.stats["accounting_ok"]
    assert not list(out.glob("data/**/*.tmp"))


def _running() -> dict[int, int]:
    """Each running process's parent, from /proc (a zombie has ended; only its parent's reaping is pending)."""
    parent = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        fields = text[text.rindex(")") + 2:].split()
        if fields[0] != "Z":
            parent[int(stat.parent.name)] = int(fields[1])
    return parent


def _alive_descendants(root: int) -> set[int]:
    """The running processes below `root`."""
    parent = _running()
    found, todo = set(), [root]
    while todo:
        p = todo.pop()
        for child in [c for c, pp in parent.items() if pp == p and c not in found]:
            found.add(child)
            todo.append(child)
    return found


def _assert_gone(processes: set[int]) -> None:
    """The pool's fork server and workers end with a killed driver, instead of idling on forever."""
    deadline = time.monotonic() + 10
    while processes & _running().keys() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not processes & _running().keys()


def test_rerun_with_same_inputs_does_nothing(clean, tmp_path):
    folder, expected, _ = clean
    recipe = load_recipe(folder / "corpus.toml", output=str(tmp_path / "out"))
    build(recipe)
    again = build(recipe)
    assert again.up_to_date and again.tasks_run == 0
    assert snapshot(again.output) == expected


def test_adding_files_runs_only_the_new_tasks(tmp_path):
    recipe_path = make_corpus(tmp_path, n=6)
    first = build(load_recipe(recipe_path))
    make_corpus(tmp_path, n=3, start=6)
    second = build(load_recipe(recipe_path))
    assert second.tasks_run == 3
    assert second.stats["records_read"] == first.stats["records_read"] + 3
    assert second.stats["rows_written"] == first.stats["rows_written"] + 3
    (tmp_path / "in" / "a007.txt").unlink()
    third = build(load_recipe(recipe_path))
    assert third.tasks_run == 0 and third.stats["rows_written"] == second.stats["rows_written"] - 1


def test_changed_recipe_needs_force(tmp_path):
    recipe_path = make_corpus(tmp_path, n=3)
    build(load_recipe(recipe_path))
    recipe_path.write_text(recipe_path.read_text() + '[stages.masks]\ntoken = "<MASK>"\n')
    with pytest.raises(RecipeChanged, match="--force"):
        build(load_recipe(recipe_path))
    assert build(load_recipe(recipe_path), force=True).tasks_run == 4


def test_second_build_on_the_same_output_is_refused(tmp_path):
    recipe_path = make_corpus(tmp_path, n=2)
    out = tmp_path / "output"
    (out / ".newscorpus").mkdir(parents=True)
    with BuildLock(out / ".newscorpus" / "lock"):
        with pytest.raises(BuildLocked):
            build(load_recipe(recipe_path))
        proc = _cli(recipe_path, out)
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 4 and "another build" in err


def test_ctrl_c_stops_within_seconds_and_leaves_a_resumable_state(clean, tmp_path):
    folder, expected, _ = clean
    out = tmp_path / "out"
    proc = _cli(folder / "corpus.toml", out)
    assert _wait_for(lambda: len(list((out / ".newscorpus").glob("*.done"))) >= 2, proc)
    sent = time.monotonic()
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert time.monotonic() - sent < 5
    if proc.returncode != 0:  # it may have finished before the signal landed
        assert proc.returncode == 130 and "resume" in err
    build(load_recipe(folder / "corpus.toml", output=str(out)), workers=1)
    assert snapshot(out) == expected
