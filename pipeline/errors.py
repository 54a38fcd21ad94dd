"""Errors a user causes from outside the code: a path, a permission, a full disk, a URL.

The command line turns them into one line and exit code 2 (a traceback and
exit 1 would say "a bug"); this module says which errors those are and what
the line reads.
"""

from __future__ import annotations

import errno

#: Packages whose exceptions are about reaching a remote filesystem (a bad URL, no network, a refusal):
#: huggingface_hub's HTTP client raises its own classes, not OSErrors, for `hf://` paths.
_REMOTE_PACKAGES = {"httpx", "httpx2", "httpcore", "aiohttp", "botocore", "requests", "urllib3", "huggingface_hub"}

_HINTS = {
    errno.ENOSPC: "free some space, then run the same command again (finished work is kept)",
    errno.EDQUOT: "free some space, then run the same command again (finished work is kept)",
    errno.ENOTDIR: "a part of that path is a file, not a folder",
    errno.EACCES: "choose a path you may write to, or change its permissions",
    errno.EPERM: "choose a path you may write to, or change its permissions",
    errno.EROFS: "choose a path on a writable filesystem",
}


class UsageError(Exception):
    """A mistake of the user's that the code found (a recipe, a corpus folder, an id, an executor):
    its message says what to fix, and the command line prints it as it is, with exit code 2."""


def is_user_error(exc: BaseException) -> bool:
    """An error from the machine or the network rather than from the code: an OSError, or a remote client's."""
    return isinstance(exc, OSError) or any(
        cls.__module__.split(".")[0] in _REMOTE_PACKAGES for cls in type(exc).__mro__)


def one_line(exc: BaseException) -> str:
    """What went wrong, on which path, and what to do, in one line."""
    if isinstance(exc, OSError) and exc.strerror:
        paths = " -> ".join(str(p) for p in (exc.filename, exc.filename2) if p is not None)
        text = f"{exc.strerror}" + (f": {paths}" if paths else "")
        hint = _HINTS.get(exc.errno or 0)
        text += f" ({hint})" if hint else ""
    else:
        text = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return " ".join(text.split())
