"""The recipe: a declarative `corpus.toml` that says what to read, how to clean it
and where to write it. It is resolved once, when loaded (paths made absolute,
every option typed, checked and defaulted: `recipe.settings`, see
`pipeline.settings`), and saved next to the output, so a corpus always carries
how it was made. This module is where TOML is parsed (`parse_toml`), for the
recipe and for the data files parts ship.
"""

from __future__ import annotations

import glob
import json
import os
import sys
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.errors import is_user_error
from pipeline.errors import UsageError
from pipeline.fs import Location, LocationError, filesystem, is_url, list_files, location, strip_file_scheme

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

if TYPE_CHECKING:
    from pipeline.settings import Settings

#: What `parse_toml` raises on text that is not TOML.
TomlError = tomllib.TOMLDecodeError


def parse_toml(text: str) -> dict[str, Any]:
    """TOML text as a dict: a recipe, a `--set` value, a data file a part ships."""
    return tomllib.loads(text)


def read_toml(path: str | Path | Any) -> dict[str, Any]:
    """A UTF-8 TOML file (a path, or a package resource: anything with `read_text`) as a dict."""
    return parse_toml((Path(path) if isinstance(path, str) else path).read_text(encoding="utf-8"))


class RecipeError(UsageError, ValueError):
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

    @cached_property
    def settings(self) -> Settings:
        """Every option, typed and defaulted (`pipeline.settings`): what every part reads.

        `load_recipe` resolves it as it reads the file; a recipe made in code (or
        changed with `dataclasses.replace`) resolves its tables on first use.
        It travels with the recipe to the workers, resolved.
        """
        from pipeline.settings import resolve  # it imports every part that owns options, and they import this

        try:
            return resolve(self.tables(), self.base_dir, self.name)
        except RecipeError as exc:
            raise RecipeError(f"the recipe: {exc}") from exc

    def tables(self) -> dict[str, Any]:
        """The recipe's tables in the shape of a corpus.toml ([build] read into [output], as loaded)."""
        return {"corpus": self.corpus, "input": self.input, "stages": self.stages, "dedup": self.dedup,
                "output": self.build}

    def _portable(self, pattern: str) -> str:
        """An input pattern as the saved recipe (and the card that quotes it) shows it: relative to
        the recipe folder when inside it, else named below its input root as files are (`InputFile`),
        so no builder's absolute path is published and the text is the same on every machine."""
        if is_url(pattern):
            return pattern
        path = Path(os.path.normpath(Path(os.path.expanduser(strip_file_scheme(pattern))).absolute()))
        try:
            return path.relative_to(self.base_dir).as_posix()
        except ValueError:
            pass
        if path.is_dir() or path.is_file():
            return name_below(path, path if path.is_dir() else path.parent)
        return name_below(path, Path(_glob_root(str(path))))

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
        raise RecipeError(f"no recipe at {toml_path} (expected a corpus folder with corpus.toml, a .toml file, "
                          "or a built corpus's recipe.json)")
    try:
        text = toml_path.read_text(encoding="utf-8")
        data = _from_saved(json.loads(text)) if toml_path.suffix == ".json" else parse_toml(text)
    except (TomlError, json.JSONDecodeError, AttributeError) as exc:
        raise RecipeError(f"{toml_path}: {exc}") from exc
    from pipeline.settings import resolve  # it imports every part that owns options, and they import this

    base = toml_path.parent.resolve()
    corpus, table = data.get("corpus", {}), data.get("input", {})
    name = (corpus.get("name") if isinstance(corpus, dict) else None) or data.get("name") or base.name
    try:
        settings = resolve(data, base, name)
    except RecipeError as exc:
        raise RecipeError(f"{toml_path}: {exc}") from exc
    if inputs:
        patterns = tuple(inputs)
    else:
        patterns = tuple(p if is_url(p) else str(base / strip_file_scheme(p)) for p in _as_list(table.get("paths", [])))
    if not patterns:
        raise RecipeError(f"{toml_path}: no inputs (set [input] paths = [...] or pass --input)")
    build = {**data.get("output", {}), **data.get("build", {})}
    recipe_work = build.pop("work", None)
    recipe = Recipe(
        name=name,
        base_dir=base,
        inputs=patterns,
        output=_output(output) if output else _output(data.get("output", {}).get("path") or "output", base),
        corpus=corpus,
        input=table,
        stages=data.get("stages", {}),
        dedup=data.get("dedup", {}),
        build=build,
        work=_work_folder(work, None) if work else _work_folder(recipe_work, base) if recipe_work else None,
    )
    recipe.__dict__["settings"] = settings  # resolved above, from the file as written (`Recipe.settings`)
    return recipe


def _from_saved(saved: dict[str, Any]) -> dict[str, Any]:
    """A saved recipe (`Recipe.to_json`, a corpus's recipe.json) in the shape of a corpus.toml, so the
    recipe a published corpus carries rebuilds it (its inputs as published; `--input` names your copy)."""
    return {"name": saved["name"], "corpus": saved.get("corpus", {}),
            "input": {**saved.get("input", {}), "paths": saved.get("inputs", [])},
            "stages": saved.get("stages", {}), "dedup": saved.get("dedup", {}),
            "output": {k: v for k, v in saved.get("build", {}).items() if k == "path"},
            "build": {k: v for k, v in saved.get("build", {}).items() if k != "path"}}


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


@dataclass(frozen=True)
class InputFile:
    """An input file and the name it is recorded under (`source_path`, stats, rejects).

    The name is the file's path below the parent of the input root it was found
    under (the folder named, a glob's folders before its first wildcard, or a
    named file's folder), so it says where in the user's collection a row came
    from without the builder's absolute path, and ids do not depend on where the
    collection sits on disk or on the current folder. A remote file keeps its URL.
    """

    location: Location
    shown: str


def expand_inputs(patterns: tuple[str, ...]) -> list[Location]:
    """Files named by the recipe's patterns (see `find_inputs`)."""
    return [f.location for f in find_inputs(patterns)]


def find_inputs(patterns: tuple[str, ...]) -> list[InputFile]:
    """Files named by the recipe's patterns: files, folders (recursively) or globs, local or URLs.

    Hidden files and anything under a hidden folder (`.git`, a build's
    `.newscorpus` work folder) are left out of folders. Sorted so that the
    task plan, and so the output, never depends on the order the filesystem
    lists files in: local files first (as paths), then remote ones (as URLs).
    """
    roots: dict[Location, Path | None] = {}  # each file and the input root it was found under
    for pattern in patterns:
        if is_url(pattern):
            roots.update((f, None) for f in _remote_files(pattern))
            continue
        pattern = os.path.expanduser(strip_file_scheme(pattern))
        p = Path(pattern)
        if p.is_dir():
            _add(roots, _files_in(p), p)
        elif p.is_file():
            _add(roots, [p], p.parent)
        else:
            matches = [Path(m) for m in glob.glob(pattern, recursive=True)]
            if not matches:
                raise RecipeError(f"input {pattern!r} matches no file")
            root = Path(_glob_root(pattern))
            for m in matches:
                _add(roots, _files_in(m) if m.is_dir() else [m], root)
    if not roots:
        raise RecipeError(f"inputs {', '.join(map(repr, patterns))} name folders with no files in them")
    names = _unique_names({f: f if root is None else name_below(f, root) for f, root in roots.items()})
    return [InputFile(f, names[f]) for f in sorted(roots, key=lambda f: (isinstance(f, str), f))]


def _add(roots: dict[Location, Path | None], files: list[Path], root: Path) -> None:
    """Record `files` as found under `root`; a file named twice keeps the root that names it shortest."""
    root = root.resolve()
    for f in files:
        f = f.resolve()
        if f not in roots or len(name_below(f, root)) < len(name_below(f, roots[f])):  # type: ignore[arg-type]
            roots[f] = root


def _glob_root(pattern: str) -> str:
    """The folders of a local glob before its first wildcard (the current folder if none)."""
    parts = Path(pattern).parts
    fixed = next((i for i, part in enumerate(parts) if any(c in part for c in "*?[")), len(parts))
    return str(Path(*parts[:fixed])) if fixed else "."


def name_below(f: Path, root: Path) -> str:
    """`f` relative to the parent of `root`: the root folder's own name stays, its whereabouts do not."""
    return bytes_safe(f.relative_to(root.parent).as_posix())


def bytes_safe(name: str) -> str:
    """A file name that is not valid UTF-8 (its bad bytes held as surrogates, as `os.fsdecode` does)
    with those bytes as `\\xNN` escapes: a string UTF-8 can store that still tells the name apart."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def _unique_names(names: dict[Location, str]) -> dict[Location, str]:
    """Names made unique: two files under roots of the same name get as many more leading folders as
    it takes to tell them apart (deterministic, whatever order the patterns came in)."""
    while True:
        seen: dict[str, list[Location]] = {}
        for f, name in names.items():
            seen.setdefault(name, []).append(f)
        clashes = [fs for fs in seen.values() if len(fs) > 1]
        if not clashes:
            return names
        for fs in clashes:
            for f in fs:
                parts = Path(f).parts  # only local files can clash: URLs are unique
                depth = len(Path(names[f]).parts) + 1
                names[f] = Path(*parts[-depth:]).as_posix() if depth < len(parts) else Path(f).as_posix()


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
