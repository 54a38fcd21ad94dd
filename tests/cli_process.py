"""`newscorpus` commands in processes of their own, forked from a server that has imported the pipeline.

The kill-and-resume tests start a dozen builds only to kill them, and need
each to be a process of its own: a pid to signal, its own pool and fork
server below it, an exit code. A fresh interpreter spends about 2 CPU-s
importing the pipeline before the build starts; a child of the local pool's
fork server (`pipeline.executors.local`), which has imported it already,
starts at once and runs the same entry point as the `newscorpus` script.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from pipeline.executors.local import pool_context


def _run(argv: list[str], stdout: str, stderr: str) -> None:
    for fd, path in ((1, stdout), (2, stderr)):
        os.dup2(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC), fd)
    sys.argv = ["newscorpus", *argv]
    from pipeline.cli import main

    main()  # exits through SystemExit, whose code becomes the process's


class CliProcess:
    """`newscorpus ARGV...` running; the parts of `subprocess.Popen` the tests use."""

    def __init__(self, argv: list[str], folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self._out, self._err = folder / "cli.stdout", folder / "cli.stderr"
        self._proc = pool_context().Process(target=_run, args=(argv, str(self._out), str(self._err)))
        self._proc.start()
        self.pid = self._proc.pid

    @property
    def returncode(self) -> int | None:
        return self._proc.exitcode

    def poll(self) -> int | None:
        return self._proc.exitcode

    def send_signal(self, sig: int) -> None:
        os.kill(self.pid, sig)

    def wait(self, timeout: float | None = None) -> int:
        self._proc.join(timeout)
        if self._proc.exitcode is None:
            raise TimeoutError(f"newscorpus (pid {self.pid}) still running after {timeout} s")
        return self._proc.exitcode

    def communicate(self, timeout: float | None = None) -> tuple[str, str]:
        self.wait(timeout)
        return self.output()

    def output(self) -> tuple[str, str]:
        """What it wrote so far to stdout and stderr."""
        return tuple(p.read_text(encoding="utf-8", errors="replace") if p.exists() else "" for p in (self._out, self._err))
