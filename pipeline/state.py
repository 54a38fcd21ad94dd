"""What a build has done so far, kept in SQLite in the build's (local) work folder.

The state store is what makes a build incremental and resumable: it records
the resolved recipe's hash, each input file's content hash and the task that
read it, and which tasks finished. A run killed at any moment leaves it
consistent (SQLite commits are atomic), so the next run knows exactly which
tasks to redo; a run after adding files plans tasks only for the new ones.
"""

from __future__ import annotations

import fcntl
import json
import os
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import xxhash

from pipeline.readers.streams import file_hash
from pipeline.provenance import inputs_digest
from pipeline.recipe import InputFile
from pipeline.task import Task, plan_tasks


#: Seconds a build waits for the workers of a killed one to end (local ones end within milliseconds).
WORKERS_WAIT = 10.0


class BuildLocked(RuntimeError):
    """Another build holds the work folder (and so the output it builds)."""


class BuildLock:
    """An exclusive lock on a work folder, released by the OS even if the holder is killed.

    Taking it also waits until no worker of an earlier, killed build is still
    running (see `WorkerLock`): such a worker could otherwise rename its
    files over the ones this build is writing.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fh = None

    def __enter__(self) -> BuildLock:
        self._fh = open(self.path, "a+")
        if not _flock_within(self._fh, fcntl.LOCK_EX, 0):  # the OS frees it the moment its holder dies
            self._fh.seek(0)
            holder = self._fh.read().strip() or "unknown"
            self._fh.close()
            raise BuildLocked(f"another build is already using the work folder {self.path.parent} (pid {holder}); "
                              "wait for it to finish")
        with open(worker_lock_path(self.path.parent), "a") as workers:
            if not _flock_within(workers, fcntl.LOCK_EX, WORKERS_WAIT):
                self.__exit__()
                raise BuildLocked(f"a worker of an earlier build in {self.path.parent} is still running "
                                  f"after {WORKERS_WAIT:.0f} s; stop it, then start again")
            fcntl.flock(workers, fcntl.LOCK_UN)
        self._fh.seek(0)
        self._fh.truncate()
        self._fh.write(str(os.getpid()))
        self._fh.flush()
        return self

    def __exit__(self, *exc) -> None:
        fcntl.flock(self._fh, fcntl.LOCK_UN)
        self._fh.close()


def _flock_within(fh: Any, mode: int, seconds: float) -> bool:
    """Take the lock, trying again until `seconds` have passed (0: once)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            fcntl.flock(fh, mode | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.02)


def worker_lock_path(work_dir: Path) -> Path:
    return work_dir / "workers.lock"


class WorkerLock:
    """A shared hold on the work folder, kept by whatever runs a task or a pass step while it runs.

    Workers are not children of the build (they come from a fork server or a
    Ray node), so they do not die the instant a killed build does; a new
    build takes this lock exclusively, for a moment, to know they are gone.
    """

    def __init__(self, work_dir: Path) -> None:
        self.path = worker_lock_path(work_dir)
        self._fh: Any = None

    def __enter__(self) -> WorkerLock:
        self._fh = open(self.path, "a")
        fcntl.flock(self._fh, fcntl.LOCK_SH)
        return self

    def __exit__(self, *exc: object) -> None:
        self._fh.close()


@dataclass(frozen=True)
class Plan:
    tasks: list[Task]  # every task whose work shard makes up the corpus, in index order
    to_run: list[Task]  # the tasks that must (re)run now
    removed: list[str]  # names of tasks whose inputs are all gone
    digest: str  # identifies the whole input state: unchanged digest and finished -> nothing to do
    inputs_digest: str = ""  # what was read, from the files' content alone (`provenance.inputs_digest`)


class StateStore:
    def __init__(self, path: Path) -> None:
        self.db = sqlite3.connect(path, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.executescript(
            """
            CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
            CREATE TABLE IF NOT EXISTS tasks (
                name TEXT PRIMARY KEY, idx INTEGER, files TEXT, hashes TEXT, done INTEGER DEFAULT 0);
            """
        )

    def get(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def reset(self) -> None:
        self.db.executescript("DELETE FROM meta; DELETE FROM tasks;")

    def mark_done(self, name: str) -> None:
        self.db.execute("UPDATE tasks SET done = 1 WHERE name = ?", (name,))

    def close(self) -> None:
        self.db.close()

    def plan(self, files: list[InputFile], target_bytes: int, work_dir: Path) -> Plan:
        """Reuse the recorded tasks for inputs already seen; plan new tasks for new inputs.

        A task whose files changed or partly disappeared runs again with what
        is left of them; a task that finished and whose files did not change is
        kept as it is. On a first run this is exactly `plan_tasks`.
        """
        current = {f.shown: (f, file_hash(f.location)) for f in files}
        known: dict[str, str] = {}
        tasks, to_run, removed = [], [], []
        rows = self.db.execute("SELECT name, idx, files, hashes, done FROM tasks ORDER BY idx").fetchall()
        for name, idx, files_json, hashes_json, done in rows:
            shown, hashes = json.loads(files_json), json.loads(hashes_json)
            kept = [s for s in shown if s in current]
            known.update({s: name for s in kept})
            if not kept:
                removed.append(name)
                self.db.execute("DELETE FROM tasks WHERE name = ?", (name,))
                continue
            task = Task(idx, tuple(str(current[s][0].location) for s in kept), tuple(kept))
            new_hashes = [current[s][1] for s in kept]
            finished = done and (work_dir / f"{name}.done").exists()
            if kept != shown or new_hashes != hashes or not finished:
                self._record(task, new_hashes)
                to_run.append(task)
            tasks.append(task)
        new_files = [current[s][0] for s in sorted(current) if s not in known]
        # Task names are never reused, so no stale work file can pass for a new task's.
        next_index = int(self.get("next_task") or 0)
        for task in plan_tasks(new_files, target_bytes):
            task = Task(task.index + next_index, task.files, task.display)
            self._record(task, [current[s][1] for s in task.display])
            tasks.append(task)
            to_run.append(task)
        self.set("next_task", str(max([next_index, *(t.index + 1 for t in tasks)])))
        digest = xxhash.xxh3_64_hexdigest(
            json.dumps([(t.name, [current[s][1] for s in t.display]) for t in tasks]).encode()
        )
        return Plan(tasks, to_run, removed, digest, inputs_digest([h for _, h in current.values()]))

    def _record(self, task: Task, hashes: list[str]) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO tasks (name, idx, files, hashes, done) VALUES (?, ?, ?, ?, 0)",
            (task.name, task.index, json.dumps(list(task.display)), json.dumps(hashes)),
        )
