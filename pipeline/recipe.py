"""The recipe: a declarative `corpus.toml` that says what to read, how to clean it
and where to write it. It is resolved once (paths made absolute, defaults filled
in) and saved next to the output, so a corpus always carries how it was made.
"""

from __future__ import annotations

import glob
import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.errors import is_user_error
from pipeline.fs import Location, LocationError, filesystem, is_url, list_files, location, strip_file_scheme

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib


class RecipeError(ValueError):
    """A recipe that cannot be run; the message says what to fix."""


@dataclass(frozen=True)
class Recipe:
    name: str
    base_dir: Path
    inputs: tuple[str, ...]
    output: Location  # a local folder, or the URL of a remote one
    corpus: dict[str, Any] = field(default_factory=dict)
    input: dict[str, Any] = field(default_factory=dict)  # reader options: format, field mapping, limits
    stages: dict[str, dict[str, Any]] = field(default_factory=dict)
    dedup: dict[str, Any] = field(default_factory=dict)
    build: dict[str, Any] = field(default_factory=dict)
    #: Where state, locks and work shards live (`[build] work`, `--work`); None: the default, see `work_dir`.
    #: Not part of the saved recipe: where a build keeps its scratch does not change what it makes.
    work: Path | None = None

    def stage_options(self, name: str) -> dict[str, Any]:
        return dict(self.stages.get(name, {}))

    def _portable(self, pattern: str) -> str:
        """An input pattern relative to the recipe folder when inside it, so the saved recipe
        (and the card that quotes it) is the same on every machine."""
        try:
            return Path(pattern).relative_to(self.base_dir).as_posix()
        except ValueError:
            return pattern

    def to_json(self, with_inputs: bool = True) -> str:
        """The resolved recipe, as saved beside the output (stable key order).

        Without inputs it identifies how documents are processed, whatever
        is read: adding input files is an update, changing this is a rebuild.
        """
        data = {
            "name": self.name,
            **({"inputs": [self._portable(p) for p in self.inputs]} if with_inputs else {}),
            "corpus": self.corpus,
            "input": {k: v for k, v in self.input.items() if k != "paths"},
            "stages": self.stages,
            "dedup": self.dedup,
            "build": self.build,
        }
        return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)


def load_recipe(path: str | os.PathLike[str], inputs: list[str] | None = None, output: str | None = None,
                work: str | None = None) -> Recipe:
    """Read a recipe from a corpus folder or a .toml file; `inputs`/`output`/`work` override it."""
    path = Path(path)
    toml_path = path / "corpus.toml" if path.is_dir() else path
    if not toml_path.is_file():
        raise RecipeError(f"no recipe at {toml_path} (expected a corpus folder with corpus.toml, or a .toml file)")
    try:
        data = tomllib.loads(toml_path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise RecipeError(f"{toml_path}: {exc}") from exc
    base = toml_path.parent.resolve()
    corpus = data.get("corpus", {})
    name = corpus.get("name") or base.name
    if inputs:
        patterns = tuple(inputs)
    else:
        patterns = tuple(p if is_url(p) else str(base / strip_file_scheme(p))
                         for p in _as_list(data.get("input", {}).get("paths", [])))
    if not patterns:
        raise RecipeError(f"{toml_path}: no inputs (set [input] paths = [...] or pass --input)")
    build = {**data.get("output", {}), **data.get("build", {})}
    recipe_work = build.pop("work", None)
    return Recipe(
        name=name,
        base_dir=base,
        inputs=patterns,
        output=_output(output) if output else _output(data.get("output", {}).get("path") or "output", base),
        corpus=corpus,
        input=data.get("input", {}),
        stages=data.get("stages", {}),
        dedup=data.get("dedup", {}),
        build=build,
        work=_work_folder(work, None) if work else _work_folder(recipe_work, base) if recipe_work else None,
    )


def default_recipe(inputs: list[str], output: str, work: str | None = None) -> Recipe:
    """The recipe of a build given no corpus.toml: every default, named after the output folder.

    Its `[corpus]` table is empty, so the card says the defaults were used and
    claims no license, creator or description. Input globs are relative to the
    current folder, as on the command line.
    """
    out = _output(output)
    name = out.name if isinstance(out, Path) else out.rstrip("/").rsplit("/", 1)[-1]
    return Recipe(name=name or "corpus", base_dir=Path.cwd().resolve(), inputs=tuple(inputs), output=out,
                  work=_work_folder(work, None) if work else None)


def _output(text: str, base: Path | None = None) -> Location:
    """The output folder or URL; a URL whose filesystem cannot be had fails now, not after the build."""
    out = location(text, base)
    if isinstance(out, Path) and out.exists() and not out.is_dir():
        raise RecipeError(f"output {out} is a file, not a folder: choose a folder (it is created if missing)")
    if isinstance(out, str):
        try:
            filesystem(out)
        except LocationError as exc:
            raise RecipeError(f"output {exc}") from exc
    return out


def _work_folder(text: str, base: Path | None) -> Path:
    """A work folder as given (`--work` is relative to the current folder, `[build] work` to the recipe's)."""
    folder = location(text, base)
    if not isinstance(folder, Path):
        raise RecipeError(f"the work folder must be on a local (or shared, mounted) filesystem, not {text!r}: "
                          "it holds SQLite state and file locks")
    return folder


def expand_inputs(patterns: tuple[str, ...]) -> list[Location]:
    """Files named by the recipe's patterns: files, folders (recursively) or globs, local or URLs.

    Hidden files and anything under a hidden folder (`.git`, a build's
    `.newscorpus` work folder) are left out of folders. Sorted so that the
    task plan, and so the output, never depends on the order the filesystem
    lists files in: local files first (as paths), then remote ones (as URLs).
    """
    found: set[Location] = set()
    for pattern in patterns:
        if is_url(pattern):
            found.update(_remote_files(pattern))
            continue
        pattern = os.path.expanduser(strip_file_scheme(pattern))
        p = Path(pattern)
        if p.is_dir():
            found.update(_files_in(p))
        elif p.is_file():
            found.add(p)
        else:
            matches = [Path(m) for m in glob.glob(pattern, recursive=True)]
            if not matches:
                raise RecipeError(f"input {pattern!r} matches no file")
            for m in matches:
                found.update(_files_in(m) if m.is_dir() else [m])
    if not found:
        raise RecipeError(f"inputs {', '.join(map(repr, patterns))} name folders with no files in them")
    return sorted((f if isinstance(f, str) else f.resolve() for f in found), key=lambda f: (isinstance(f, str), f))


def _remote_files(url: str) -> list[str]:
    try:
        files = list_files(url)
    except LocationError as exc:
        raise RecipeError(f"input {exc}") from exc
    except Exception as exc:  # no such bucket, no access, no network...: what the backend says is the useful part
        if not is_user_error(exc):
            raise
        raise RecipeError(f"input {url!r} cannot be listed: {type(exc).__name__}: {exc}") from exc
    if not files:
        raise RecipeError(f"input {url!r} matches no file")
    return files


def _files_in(folder: Path) -> list[Path]:
    return [f for f in folder.rglob("*")
            if f.is_file() and not any(part.startswith(".") for part in f.relative_to(folder).parts)]


def _as_list(value: Any) -> list[str]:
    return [value] if isinstance(value, str) else list(value)
