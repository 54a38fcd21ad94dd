"""Headless Chromium (Debian's /usr/bin/chromium) as a test and benchmark tool.

Only command-line switches are used (no driver, no extra package): `--dump-dom`
gives the page as rendered, console messages come out on stderr with
`--enable-logging=stderr --v=0`, and `--screenshot` writes a PNG. Each run gets
a fresh profile folder and the switches that keep Chromium off the network.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--disable-sync", "--hide-scrollbars", "--mute-audio")
_CONSOLE = re.compile(r"CONSOLE[:(]\d+\)?\]?\s*(?P<msg>.*)")


@dataclass
class Page:
    dom: str
    console: list[str]  # messages the page wrote to its console (and uncaught errors)
    seconds: float  # wall time of the whole browser run


def _run(html: Path, args: list[str], timeout: float) -> tuple[subprocess.CompletedProcess[str], float]:
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        cmd = [str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", *args, html.resolve().as_uri()]
        started = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)
        return proc, time.perf_counter() - started


def load(html: Path, virtual_time_ms: int | None = 10_000, timeout: float = 90, screenshot: Path | None = None,
         width: int = 1280, height: int = 2400) -> Page:
    """Open `html`, let its scripts run, and return the rendered DOM and console messages.

    With a virtual time budget Chromium waits until the page is idle (or the
    budget is spent) before dumping; without one it dumps after the load event.
    With `screenshot`, the same run also writes a PNG of a `width` x `height`
    window there (a second browser run for the picture cost 1.7 CPU-s more).
    """
    args = ["--enable-logging=stderr", "--v=0", "--dump-dom"]
    if virtual_time_ms:
        args.insert(0, f"--virtual-time-budget={virtual_time_ms}")
    if screenshot is not None:
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        args += [f"--window-size={width},{height}", f"--screenshot={screenshot.resolve()}"]
    proc, seconds = _run(html, args, timeout)
    if proc.returncode != 0:
        raise RuntimeError(f"chromium exited with {proc.returncode}: {proc.stderr[-2000:]}")
    if screenshot is not None and not screenshot.is_file():
        raise RuntimeError(f"chromium took no screenshot: {proc.stderr[-2000:]}")
    console = [m["msg"] for line in proc.stderr.splitlines() if (m := _CONSOLE.search(line))]
    return Page(proc.stdout, console, seconds)
