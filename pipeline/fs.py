"""Where inputs and outputs live: a local path, or a URL on any filesystem fsspec knows.

A location is a `Path` when it is local (a plain path or a `file://` URL) and
the URL string otherwise (`s3://bucket/news`, `gs://...`, `hf://datasets/...`,
`memory://...`). Local paths keep going through `pathlib` and `open` exactly
as before, so a local build reads and writes the same bytes it always did;
only URLs go through fsspec. The backend for a protocol (s3fs, gcsfs, ...) is
imported when a URL first needs it, and its credentials come from its usual
environment.
"""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

from fsspec.core import split_protocol, url_to_fs

#: A local file or folder, or the URL of a remote one.
Location = Path | str

_LOCAL = (None, "file", "local")
_CHUNK = 1 << 20


class LocationError(ValueError):
    """A URL whose filesystem is unknown, or whose backend package is not installed."""


def is_url(text: str) -> bool:
    """True for a URL of a filesystem other than the local one."""
    return split_protocol(text)[0] not in _LOCAL


def location(text: str | os.PathLike[str], base: Path | None = None) -> Location:
    """`text` as a location: a URL stays as given (less a trailing slash); a local path, or a
    `file://` URL, becomes an absolute `Path` (relative to `base` if given)."""
    text = os.fspath(text)
    if is_url(text):
        return text.rstrip("/")
    path = Path(os.path.expanduser(strip_file_scheme(text)))
    return ((base / path) if base is not None else path).resolve()


def strip_file_scheme(text: str) -> str:
    """A local path given as a path or a `file://` URL, as a path."""
    return split_protocol(text)[1]


def as_location(text: str) -> Location:
    """A location saved as a string (in a task, say) back to what it was, without resolving it again."""
    return text if is_url(text) else Path(text)


def filesystem(url: str) -> tuple[Any, str]:
    """The fsspec filesystem of `url` and the path on it; a `LocationError` names what is missing."""
    try:
        return url_to_fs(url)
    except ImportError as exc:
        raise LocationError(f"{url}: {exc} (see README: remote inputs and outputs)") from exc
    except ValueError as exc:
        raise LocationError(f"{url}: {exc}") from exc


def join(where: Location, *parts: str) -> Location:
    if isinstance(where, Path):
        return where.joinpath(*parts)
    return "/".join([where.rstrip("/"), *parts])


def name_of(where: Location) -> str:
    """The file name, which tells the format (a URL's last path segment)."""
    return where.name if isinstance(where, Path) else PurePosixPath(split_protocol(where)[1]).name


def is_within(where: Location, folder: Location) -> bool:
    """Whether `where` is `folder` or inside it (a URL is never inside a local folder, nor the reverse)."""
    if isinstance(where, Path) and isinstance(folder, Path):
        return where.is_relative_to(folder)
    if isinstance(where, str) and isinstance(folder, str):
        return where == folder or where.startswith(folder.rstrip("/") + "/")
    return False


def open_binary(where: Location) -> BinaryIO:
    """The file's bytes as stored, buffered so that `peek` works (compression is sniffed with it)."""
    if isinstance(where, Path):
        return open(where, "rb")
    fs, path = filesystem(where)
    return io.BufferedReader(fs.open(path, "rb"), _CHUNK)  # type: ignore[arg-type]


def file_size(where: Location) -> int:
    if isinstance(where, Path):
        return where.stat().st_size
    fs, path = filesystem(where)
    return int(fs.size(path))


def exists(where: Location) -> bool:
    if isinstance(where, Path):
        return where.exists()
    fs, path = filesystem(where)
    return bool(fs.exists(path))


def read_text(where: Location) -> str:
    """A whole UTF-8 file; a stray bad byte becomes U+FFFD (reference text is evidence, not output)."""
    if isinstance(where, Path):
        return where.read_text(encoding="utf-8", errors="replace")
    fs, path = filesystem(where)
    return fs.cat_file(path).decode("utf-8", errors="replace")


def user_cache_dir() -> Path:
    """This user's cache folder for newscorpus (XDG_CACHE_HOME, else ~/.cache)."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "newscorpus"


def list_files(url: str) -> list[str]:
    """URLs of the files a remote file, folder (recursively) or glob names; hidden ones left out.

    A file or folder name starting with a dot below what the pattern spells
    out is hidden, as for local folders and globs (`.git`, a work folder).
    fsspec's glob matches such names too, so they are taken out here.
    """
    fs, pattern = filesystem(url)
    root = pattern.rstrip("/")
    if fs.isfile(root):
        return [fs.unstrip_protocol(root)]
    if fs.isdir(root):
        matches = [root]
    else:
        matches = fs.glob(root)
        root = _literal_prefix(root)
    found: set[str] = set()
    for match in matches:
        found.update(fs.find(match) if fs.isdir(match) else [match])
    return sorted(fs.unstrip_protocol(f) for f in found if not _hidden_below(f, root))


def _literal_prefix(pattern: str) -> str:
    """The folders of a glob pattern before its first wildcard."""
    for i, char in enumerate(pattern):
        if char in "*?[":
            return pattern[:i].rsplit("/", 1)[0]
    return pattern


def _hidden_below(path: str, root: str) -> bool:
    rest = path[len(root):] if path.startswith(root) else path
    return any(part.startswith(".") for part in rest.split("/"))


def upload(local: Path, url: str, names: Iterable[str]) -> None:
    """Copy `names` (relative paths under `local`) to the same names under `url`, in the order given.

    Each file is written whole before the next starts; on an object store a
    reader sees either the old object or the new one, never a part.
    """
    fs, root = filesystem(url)
    folders: set[str] = set()
    for rel in names:
        target = _under(root, rel)
        folder = target.rsplit("/", 1)[0]
        if folder not in folders:  # a no-op on object stores, needed on filesystems with real folders
            fs.makedirs(folder, exist_ok=True)
            folders.add(folder)
        fs.put_file(str(local / rel), target)


def remote_files(url: str) -> list[str]:
    """Paths relative to `url` of every file under it (none if it does not exist)."""
    fs, root = filesystem(url)
    root = root.rstrip("/")
    if not fs.isdir(root):
        return []
    return sorted(f[len(root) + 1:] for f in fs.find(root))


def remove(url: str, names: Iterable[str]) -> None:
    fs, root = filesystem(url)
    for rel in names:
        fs.rm_file(_under(root, rel))


def download(url: str, names: Iterable[str], local: Path) -> None:
    """Copy the files `names` (relative to `url`) to the same names under `local`."""
    fs, root = filesystem(url)
    for rel in names:
        target = local / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        with fs.open(_under(root, rel), "rb") as src, open(target, "wb") as dst:
            shutil.copyfileobj(src, dst, _CHUNK)


def _under(root: str, rel: str) -> str:
    return f"{root.rstrip('/')}/{rel}"


def protocol(where: Location) -> str:
    """The filesystem's name: `file` for a local path, else the URL's protocol."""
    return "file" if isinstance(where, Path) else str(split_protocol(where)[0])

