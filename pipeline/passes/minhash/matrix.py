"""The corpus's sketch matrix on disk (`minhash.npy`), read and written a few rows at a time.

The matrix has a row of `num_perm` values per document (1 KiB at the default
256), so it grows with the corpus: 500k documents make 512 MiB. It is filled
in id order from signature files whose rows come in input order, and read by
scattered rows when candidates are verified, so through a memory map both
would touch pages all over the file, and every page a process has touched in a
map counts in its resident memory until the map is closed: the whole matrix,
on the driver and on every worker. Explicit writes (`pwrite`) go through the
page cache instead, which the kernel reclaims. Reads map the file for one
step only (`MatrixReader`: a chunk of band keys, a partition of pairs): a
pread a row cost a system call and a Python step each, a quarter of the
pairs stage, and a map a batch of pairs faulted the rows again that every
batch of the partition reads, and unmapped them again (a fifth of the pairs
stage at 100k documents). The price is resident memory during the step:
the kernel maps the cached pages around each one touched, so a process
gathering scattered rows shows up to the whole matrix in its RSS (shared
page cache, not memory of its own) until the step ends.
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


class MatrixReader:
    """Rows of the matrix through a read-only map kept for one step (`with MatrixReader(path) as matrix:`).

    Gathering rows costs a page fault each, not a system call and a Python
    step, and the mapped pages leave the process's resident memory when the
    map closes at the end of the step.
    """

    def __init__(self, path: Path) -> None:
        offset, width = _layout(path)
        self._file = open(path, "rb")
        self._map = mmap.mmap(self._file.fileno(), 0, access=mmap.ACCESS_READ)
        complete = (len(self._map) - offset) // (4 * width)
        self._matrix = np.frombuffer(self._map, "<u4", complete * width, offset).reshape(complete, width)

    def read(self, rows: np.ndarray) -> np.ndarray:
        """Rows `rows` (in that order, repeats allowed), copied out of the map."""
        rows = np.asarray(rows, np.int64)
        if len(rows) and int(rows.max()) >= len(self._matrix):
            raise OSError(f"sketch matrix ends early (row {int(rows.max())} of {len(self._matrix)} complete)")
        return self._matrix[rows]

    def close(self) -> None:
        del self._matrix  # the map cannot close while an array still views it
        self._map.close()
        self._file.close()

    def __enter__(self) -> MatrixReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def read_rows(path: Path, rows: np.ndarray) -> np.ndarray:
    """Rows `rows` of the matrix (in that order, repeats allowed), read through a map of this call alone."""
    with MatrixReader(path) as matrix:
        return matrix.read(rows)
