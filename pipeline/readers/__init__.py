"""Readers turn input files into `Document`s (or `Reject`s), with provenance.

A reader never raises on bad input: a record it cannot read becomes a `Reject`
with a reason code, a position and a message, and reading goes on with the
next record. Every row carries where it came from: `source_path`,
`source_index` (the record's index within the file), `source_hash` (the input
file's content hash), `encoding` and `format`.

The format is the recipe's `[input] format`, else told by the file name once a
compression suffix is taken off; compression itself is told by the bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from pipeline.document import Document, Reject
from pipeline.readers.html import read_html_file
from pipeline.readers.jsonl import read_jsonl_file
from pipeline.readers.options import ReaderOptions
from pipeline.readers.streams import base_name
from pipeline.readers.text import read_text_file
from pipeline.readers.warc import read_warc_file

Reader = Callable[[Path, str, ReaderOptions], Iterator[Document | Reject]]

READERS: dict[str, Reader] = {
    "text": read_text_file,
    "jsonl": read_jsonl_file,
    "html": read_html_file,
    "warc": read_warc_file,
}
#: File name endings (after any compression suffix) -> reader; anything else is read as plain text.
EXTENSIONS = {
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".jsonlines": "jsonl", ".json": "jsonl",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
    ".warc": "warc", ".arc": "warc",
}


def reader_for(path: Path, fmt: str = "auto") -> str:
    """The reader name for a file: the recipe's choice, else the extension's."""
    if fmt != "auto":
        if fmt not in READERS:
            raise ValueError(f"unknown input format {fmt!r}; known: {', '.join(sorted(READERS))}")
        return fmt
    return EXTENSIONS.get(Path(base_name(path)).suffix, "text")


def read_file(path: Path, display_path: str, fmt: str = "auto",
              options: ReaderOptions | None = None) -> Iterator[Document | Reject]:
    options = options or ReaderOptions()
    yield from READERS[reader_for(path, fmt if fmt != "auto" else options.format)](path, display_path, options)
