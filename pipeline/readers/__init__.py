"""Readers turn input files into `Document`s (or `Reject`s), with provenance.

A reader never raises on bad input: a record it cannot read becomes a `Reject`
with a reason code, and reading goes on with the next record.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from pipeline.document import Document, Reject
from pipeline.readers.text import read_text_file

READERS = {"text": read_text_file}


def reader_for(path: Path, fmt: str = "auto") -> str:
    """The reader name for a file: the recipe's choice, else the extension's."""
    if fmt != "auto":
        if fmt not in READERS:
            raise ValueError(f"unknown input format {fmt!r}; known: {', '.join(sorted(READERS))}")
        return fmt
    return "text"


def read_file(path: Path, display_path: str, fmt: str = "auto") -> Iterator[Document | Reject]:
    yield from READERS[reader_for(path, fmt)](path, display_path)
