"""What a corpus was built with, so a reader can check it and a second researcher can rebuild it.

The versions are of the software whose behaviour decides the rows (a new
langdetect profile or ftfy rule changes `text` and `lang`); the recipe hash
says how documents were processed; the inputs digest says what was read,
from the files' content alone, so a copy of the inputs anywhere gives the same.
"""

from __future__ import annotations

import platform
from functools import cache
from importlib.metadata import PackageNotFoundError, version

import xxhash

from pipeline import __version__

#: Libraries whose version can change the output's rows (readers, stages, passes, writers).
OUTPUT_LIBRARIES = ("langdetect", "ftfy", "trafilatura", "dateparser", "charset-normalizer", "warcio", "lxml",
                    "rensa", "pyarrow")


def versions() -> dict[str, str]:
    """newscorpus, Python and each output-deciding library, as installed here."""
    return dict(_installed())


@cache
def _installed() -> dict[str, str]:
    """Read once a process (about 25 ms a build before): a library upgraded while it runs is still the
    version it imported, so the first reading is also the true one."""
    found = {"newscorpus": __version__, "python": platform.python_version()}
    for name in OUTPUT_LIBRARIES:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "not installed"
    return found


def version_drift(recorded: dict[str, str]) -> list[str]:
    """How the versions installed here differ from those a corpus records (empty: a rebuild matches)."""
    here = versions()
    return [f"{name} {recorded[name]} built this corpus, {here.get(name, 'not installed')} is installed"
            for name in sorted(recorded) if here.get(name, "not installed") != recorded[name]]


def inputs_digest(content_hashes: list[str]) -> str:
    """One digest of every input file's content, whatever the files are called or where they are."""
    h = xxhash.xxh3_128()
    for digest in sorted(content_hashes):
        h.update(digest.encode() + b"\n")
    return h.hexdigest()
