"""The corpus's sketch matrix on disk (`minhash.npy`), read and written a few rows at a time.

The matrix has a row of `num_perm` values per document (1 KiB at the default
256), so it grows with the corpus: 500k documents make 512 MiB. It is filled
in id order from signature files whose rows come in input order, and read by
scattered rows when candidates are verified, so through a memory map both
would touch pages all over the file, and every page a process has touched in a
map counts in its resident memory until the map is closed: the whole matrix,
on the driver and on every worker. Explicit writes (`pwrite`) go through the
page cache instead, which the kernel reclaims. Reads map the file for one
call only: a pread a row cost a system call and a Python step each, a
quarter of the pairs stage. The price is resident memory during the call:
the kernel maps the cached pages around each one touched, so a process
gathering a batch of scattered rows shows up to the whole matrix in its
RSS (shared page cache, not memory of its own) until the call returns.
"""

from __future__ import annotations

import mmap
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
    """Rows `rows` of the matrix (in that order, repeats allowed).

    Read through a map opened for this call alone: gathering rows costs a page
    fault each, not a system call and a Python step, and the mapped pages
    leave the process's resident memory when the map closes at the end of the call.
    """
    offset, width = _layout(path)
    rows = np.asarray(rows, np.int64)
    with open(path, "rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mapped:
        complete = (len(mapped) - offset) // (4 * width)
        if len(rows) and int(rows.max()) >= complete:
            raise OSError(f"sketch matrix ends early (row {int(rows.max())} of {complete} complete)")
        matrix = np.frombuffer(mapped, "<u4", complete * width, offset).reshape(complete, width)
        out = matrix[rows]
        del matrix  # the map cannot close while an array still views it
    return out
