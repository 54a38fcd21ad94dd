"""The corpus's sketch matrix on disk (`minhash.npy`), read and written a few rows at a time.

The matrix has a row of `num_perm` values per document (1 KiB at the default
256), so it grows with the corpus: 500k documents make 512 MiB. It is filled
in id order from signature files whose rows come in input order, and read by
scattered rows when candidates are verified, so through a memory map both
would touch pages all over the file, and every page a process has touched in a
map counts in its resident memory until the map is closed: the whole matrix,
on the driver and on every worker. Explicit reads and writes (`pread`,
`pwrite`) go through the page cache instead, which the kernel reclaims, and
a process holds only the rows it asked for.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np


def create_matrix(path: Path, rows: int, width: int) -> None:
    """An .npy file of `rows` x `width` uint32 zeros (sparse: no page written)."""
    np.lib.format.open_memmap(path, mode="w+", dtype=np.uint32, shape=(rows, width)).flush()


def _layout(path: Path) -> tuple[int, int]:
    """(byte offset of the data, values per row), from the file's header."""
    with open(path, "rb") as fh:
        fmt = np.lib.format
        read = fmt.read_array_header_1_0 if fmt.read_magic(fh) == (1, 0) else fmt.read_array_header_2_0
        shape, _, _ = read(fh)
        return fh.tell(), shape[1]


def write_rows(path: Path, positions: np.ndarray, data: np.ndarray) -> None:
    """Write `data[i]` as row `positions[i]`."""
    offset, width = _layout(path)
    size = 4 * width
    rows = np.ascontiguousarray(data, "<u4")
    fd = os.open(path, os.O_WRONLY)
    try:
        for row, at in zip(rows, positions.tolist()):
            os.pwrite(fd, row.data, offset + at * size)
    finally:
        os.close(fd)


def read_rows(path: Path, rows: np.ndarray) -> np.ndarray:
    """Rows `rows` of the matrix (in that order, repeats allowed), each distinct run read once."""
    offset, width = _layout(path)
    size = 4 * width
    wanted, inverse = np.unique(np.asarray(rows, np.int64), return_inverse=True)
    out = np.empty((len(wanted), width), np.uint32)
    if len(wanted):
        breaks = np.flatnonzero(np.diff(wanted) != 1) + 1
        fd = os.open(path, os.O_RDONLY)
        try:
            for lo, hi in zip(np.r_[0, breaks].tolist(), np.r_[breaks, len(wanted)].tolist()):
                _read_into(fd, memoryview(out[lo:hi]).cast("B"), offset + int(wanted[lo]) * size)
        finally:
            os.close(fd)
    return out[inverse.reshape(-1)]


def _read_into(fd: int, view: memoryview, at: int) -> None:
    while len(view):
        n = os.preadv(fd, [view], at)
        if n <= 0:
            raise OSError(f"sketch matrix ends early (at byte {at})")
        view, at = view[n:], at + n
