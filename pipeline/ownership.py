"""Whose folder the output is: a build writes only into a folder it owns.

A build replaces `data/`, `README.md`, `stats.json` and the rest of what it
publishes. Pointed by mistake at the input folder, the home folder or a folder
of someone's files, it would delete them. So before any work the build checks
the output and refuses (a `RecipeError`, exit 2) one that

- is `/` or the user's home folder;
- is a folder an input comes from, or contains an input file that the build
  did not write itself;
- exists, is not empty, and holds no ownership marker (`MARKER`, written by
  the first build into an empty or new folder).

`--force` rebuilds a corpus; it never overrides this: the fix is another
`--output`. A folder that holds a work folder (`.newscorpus/`) or a build's
`stats.json` was written by a build before the marker existed, and is owned
too (the marker is added).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from pipeline.fs import Location, exists, is_url, is_within, join, remote_files, strip_file_scheme
from pipeline.recipe import RecipeError

#: The ownership marker, in the output folder: hidden, so neither `load_dataset` nor an upload sees it.
MARKER = ".newscorpus-output"
_LEGACY = ".newscorpus"  # the default work folder: a build wrote this folder before markers existed
_CONTENT = json.dumps({"written_by": "newscorpus build", "note": "this folder is a corpus output: a newscorpus "
                       "build deletes and replaces the files it published here"}, indent=1) + "\n"


class OutputRefused(RecipeError):
    """The output is a folder the build must not write into; the message says why and what to do."""


def claim_output(out: Location, patterns: Iterable[str], inputs: Iterable[Location], owned: frozenset[str]) -> None:
    """Refuse `out` (see the module docstring) or, when local, mark it as this build's.

    `inputs` are the expanded input files before the build's own files are
    taken out of them; `owned` the top-level names a build writes. A remote
    output gets its marker with the first upload (`write_marker` on the
    folder uploaded from).
    """
    if isinstance(out, Path):
        _check_local(out, patterns, inputs, owned)
        write_marker(out)
    elif remote_files(out) and not exists(join(out, MARKER)):
        raise OutputRefused(f"{out} holds files that no newscorpus build wrote (no {MARKER} marker there); "
                            "choose an empty or new --output")


def write_marker(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    marker = folder / MARKER
    if not marker.is_file():
        marker.write_text(_CONTENT, encoding="utf-8")


def _check_local(out: Path, patterns: Iterable[str], inputs: Iterable[Location], owned: frozenset[str]) -> None:
    hint = "choose an empty or new --output ([output] path); --force does not change this"
    if out == Path(out.anchor) or out == Path.home().resolve():
        raise OutputRefused(f"the output {out} is {'the root folder' if out == Path(out.anchor) else 'your home folder'}"
                            f": a build replaces what is in its output; {hint}")
    for pattern in patterns:
        if is_url(pattern):
            continue
        folder = Path(strip_file_scheme(pattern)).expanduser()
        if folder.is_dir() and is_within(folder.resolve(), out):
            raise OutputRefused(f"the output {out} is or contains the input folder {folder}; {hint}")
    for f in inputs:
        if isinstance(f, Path) and is_within(f, out) and not _written_by_build(f.relative_to(out), owned):
            raise OutputRefused(f"the output {out} contains the input file {f}; {hint}")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file() and not _legacy_output(out):
        raise OutputRefused(f"the output {out} is a folder that no newscorpus build wrote (it is not empty and has "
                            f"no {MARKER} marker); {hint}")


def _legacy_output(out: Path) -> bool:
    """A corpus an older build wrote, before the marker: its work folder, or a build's stats.json, is there."""
    if (out / _LEGACY).is_dir():
        return True
    try:
        stats = json.loads((out / "stats.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(stats, dict) and {"pipeline_version", "accounting_ok", "records_read"} <= stats.keys()


def _written_by_build(rel: Path, owned: frozenset[str]) -> bool:
    top = rel.parts[0] if rel.parts else ""
    return top in owned or top in (MARKER, _LEGACY)
