"""Publishing a local build as one switch: the new corpus appears whole, or not at all.

The card, `croissant.json`, `stats.json` and the shards describe each other
(`newscorpus validate` checks that they agree). Written one after another
into the output folder, a build killed in between (while it renders the card,
say) would leave new shards beside an old card. So a build writes all of them
into a staging folder inside the output (`STAGING`, hidden, on the same
filesystem so that moving a file is a rename), and only then switches:

1. `COMPLETE` is written in the staging folder, listing every file: from
   this moment the new corpus is the published one;
2. each file is renamed into place, the shards first and the card last;
3. what the build owns in the output but did not make this time (shards of
   a language that is gone, a `duplicates.jsonl` no longer wanted) is
   removed, and the staging folder with it.

A build killed during 2 or 3 is finished by the next build before anything
else (`finish`): the renames are redone for the files still in staging,
which makes it safe to repeat. Killed before 1, the old corpus is untouched
and the half-written staging folder is discarded. `validate` on a folder
with a switch left unfinished says so.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Sequence
from pathlib import Path

#: The staging folder, inside the output folder (hidden: `load_dataset` and uploads pass over it).
STAGING = ".newscorpus-next"
#: The commit point: written last in the staging folder, it lists the files to move.
COMPLETE = "COMPLETE.json"


def fresh_staging(out: Path) -> Path:
    """An empty staging folder for the next switch into `out`."""
    staging = out / STAGING
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    return staging


def switch(out: Path, owned: Sequence[str]) -> None:
    """Publish everything in the staging folder at once (see the module docstring).

    `owned` lists the top-level names a build publishes, in the order they are moved.
    """
    staging = out / STAGING
    files = sorted((p.relative_to(staging).as_posix() for p in staging.rglob("*") if p.is_file()),
                   key=lambda rel: (owned.index(rel.split("/", 1)[0]), rel))
    tmp = staging / (COMPLETE + ".tmp")
    tmp.write_text(json.dumps({"files": files}, indent=1) + "\n", encoding="utf-8")
    os.replace(tmp, staging / COMPLETE)
    finish(out, owned)


def finish(out: Path, owned: Sequence[str]) -> None:
    """Complete a switch a killed build began; nothing to do when there is none."""
    staging = out / STAGING
    if not (staging / COMPLETE).is_file():
        return
    files = json.loads((staging / COMPLETE).read_text(encoding="utf-8"))["files"]
    for rel in files:
        source = staging / rel
        if source.is_file():
            (out / rel).parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, out / rel)
    keep = set(files)
    for name in owned:
        target = out / name
        stale = [p for p in target.rglob("*") if p.is_file()] if target.is_dir() else [target] if target.exists() else []
        for path in stale:
            if path.relative_to(out).as_posix() not in keep:
                path.unlink()
        for folder in sorted((p for p in target.rglob("*") if p.is_dir()), reverse=True) if target.is_dir() else []:
            if not any(folder.iterdir()):
                folder.rmdir()
    shutil.rmtree(staging)


def unfinished(out: Path) -> bool:
    """Whether a build was stopped in the middle of a switch (the next build finishes it)."""
    return (out / STAGING / COMPLETE).is_file()
