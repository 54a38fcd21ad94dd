"""Run a function in a child process that can be stopped: a time limit and a memory ceiling.

HTML extraction runs third-party parsers on pages nobody has checked; one
pathological page can take minutes or gigabytes. A timer signal in the same
process (what early datatrove did) cannot interrupt C code such as lxml's
parser, and a memory blow-up would take the worker down with it. So the
function runs in a long-lived child: the parent waits at most `timeout`
seconds for each answer and kills and replaces the child when it is late or
dead. The child caps its own address space (`RLIMIT_AS`) at what it uses
when it starts plus `memory_mb`, so an allocation past the ceiling raises
`MemoryError` there instead of an out-of-memory kill of the machine.

The child is a fresh interpreter (`python -c`), not a fork: the parent may
be a pool worker with Arrow threads, which must not be forked, and unlike
multiprocessing's "spawn" it does not re-run the parent's `__main__`, so it
works the same from the CLI, a notebook or a piped script. It talks over a
socket pair with multiprocessing's `Connection`, and exits when the parent's
end closes, so no child outlives its worker.
"""

from __future__ import annotations

import importlib
import os
import socket
import subprocess
import sys
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

try:
    import resource
except ImportError:  # pragma: no cover - not on Windows: no memory ceiling there
    resource = None  # type: ignore[assignment]

_CHILD = "import sys; from pipeline.readers.sandbox import serve; serve(*sys.argv[1:])"
_PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])
_START_TIMEOUT = 120.0  # seconds a child may take to start on a loaded machine


class SandboxError(Exception):
    """The function did not answer: `reason` is "timeout", "memory", "crashed" or "error"."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


class Sandbox:
    """`fn(*args)` in a child process, at most `timeout` seconds and `memory_mb` more memory a call.

    `fn` and `reset` are "module:function" names, imported in the child.
    `reset` (if given) runs there every `reset_every` calls, to clear the
    caches that extraction libraries grow without bound.
    """

    def __init__(self, fn: str, timeout: float, memory_mb: int, reset: str | None = None,
                 reset_every: int = 1000) -> None:
        self.fn, self.timeout, self.memory_mb = fn, timeout, memory_mb
        self.reset, self.reset_every = reset, reset_every
        self.restarts = 0
        self._proc: subprocess.Popen[bytes] | None = None
        self._conn: Connection | None = None
        self._owner = os.getpid()

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None and self._owner == os.getpid() else None

    def __call__(self, *args: Any) -> Any:
        conn = self._started()
        try:
            conn.send(args)
        except OSError:  # the child died between calls: one fresh try
            self._discard()
            conn = self._started()
            conn.send(args)
        if not conn.poll(self.timeout):
            self._discard()
            raise SandboxError("timeout", f"took longer than {self.timeout:g} s")
        try:
            status, value = conn.recv()
        except (EOFError, OSError):
            code = self._proc.wait(5) if self._proc is not None else None
            self._discard()
            raise SandboxError("crashed", f"the extraction process died (exit code {code})") from None
        if status == "ok":
            return value
        if status == "memory":
            self._discard()  # a process that ran out of memory is not trusted with the next page
            raise SandboxError("memory", f"needed more than {self.memory_mb} MB")
        raise SandboxError("error", value)

    def close(self) -> None:
        self._discard()

    def _started(self) -> Connection:
        if self._owner != os.getpid():
            # Inherited through a fork: that child belongs to the parent process; never touch it.
            self._proc, self._conn, self._owner = None, None, os.getpid()
        if self._proc is not None and self._proc.poll() is None and self._conn is not None:
            return self._conn
        self._discard()
        ours, theirs = socket.socketpair()
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [_PACKAGE_ROOT, os.environ.get("PYTHONPATH")]))}
        with theirs:
            self._proc = subprocess.Popen(
                [sys.executable, "-c", _CHILD, str(theirs.fileno()), self.fn, self.reset or "",
                 str(self.memory_mb), str(self.reset_every)],
                pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL, env=env,
            )
        self._conn = Connection(ours.detach())
        # The time limit is for the work, not for starting Python and importing the libraries.
        try:
            ready = self._conn.poll(_START_TIMEOUT) and self._conn.recv() == ("ready", None)
        except (EOFError, OSError):
            ready = False
        if not ready:
            code = self._proc.poll()
            self._discard()
            raise SandboxError("crashed", f"the extraction process did not start (exit code {code})")
        return self._conn

    def _discard(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        if self._proc is not None:
            if self._proc.poll() is None:
                self._proc.kill()
            self._proc.wait()
            self._proc = None
            self.restarts += 1


def serve(fd: str, fn: str, reset: str, memory_mb: str, every: str) -> None:
    """The child's loop: answer ("ok", value), ("error", message) or ("memory", "") to each call."""
    conn = Connection(int(fd))
    function = _resolve(fn)
    reset_fn = _resolve(reset) if reset else None
    base = _address_space()  # measured once the libraries are loaded: the ceiling is for the work
    if resource is not None and base is not None:
        resource.setrlimit(resource.RLIMIT_AS, (base + int(memory_mb) * 2**20, resource.RLIM_INFINITY))
    conn.send(("ready", None))
    done = 0
    while True:
        try:
            args = conn.recv()
        except (EOFError, OSError):
            return
        try:
            answer: tuple[str, Any] = ("ok", function(*args))
        except MemoryError:
            conn.send(("memory", ""))
            return
        except Exception as exc:  # the page's fault, reported as such; the child lives on
            answer = ("error", f"{type(exc).__name__}: {exc}")
        conn.send(answer)
        done += 1
        if reset_fn is not None and done % int(every) == 0:
            reset_fn()


def _resolve(name: str) -> Callable[..., Any]:
    module, _, attr = name.partition(":")
    return getattr(importlib.import_module(module), attr)


def _address_space() -> int | None:
    """This process's address space now; None where /proc is missing (no ceiling is set then)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:  # pragma: no cover - not Linux
        pass
    return None
