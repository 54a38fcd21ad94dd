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

import importlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.fs import Location
from pipeline.readers.options import ReaderOptions
from pipeline.readers.streams import base_name

if TYPE_CHECKING:
    from pipeline.document import Document, Reject

Reader = Callable[[Location, str, ReaderOptions], Iterator["Document | Reject"]]

#: Reader name -> its function, imported on first use: the HTML extraction child imports this
#: package too, and should not pay for the readers (and stages) it never runs.
READERS: dict[str, str] = {
    "text": "pipeline.readers.text:read_text_file",
    "jsonl": "pipeline.readers.jsonl:read_jsonl_file",
    "html": "pipeline.readers.html:read_html_file",
    "warc": "pipeline.readers.warc:read_warc_file",
}
#: File name endings (after any compression suffix) -> reader; anything else is read as plain text.
EXTENSIONS = {
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".jsonlines": "jsonl", ".json": "jsonl",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
    ".warc": "warc", ".arc": "warc",
}


def reader_for(path: Location, fmt: str = "auto") -> str:
    """The reader name for a file: the recipe's choice, else the extension's."""
    if fmt != "auto":
        if fmt not in READERS:
            raise ValueError(f"unknown input format {fmt!r}; known: {', '.join(sorted(READERS))}")
        return fmt
    return EXTENSIONS.get(Path(base_name(path)).suffix, "text")


def read_file(path: Location, display_path: str, fmt: str = "auto",
              options: ReaderOptions | None = None) -> Iterator[Document | Reject]:
    options = options or ReaderOptions()
    yield from _reader(reader_for(path, fmt if fmt != "auto" else options.format))(path, display_path, options)


def _reader(name: str) -> Reader:
    module, _, function = READERS[name].partition(":")
    return getattr(importlib.import_module(module), function)
