"""Plain text: one article per file, header lines and all, compressed or not.

The reader only decodes and records provenance; the header block (title,
outlet and date line, byline) is parsed by the `headers` stage, so the same
parsing serves text that arrives through any other reader.
"""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.document import Document, Reject
from pipeline.fs import Location
from pipeline.readers.base import Where, decode_record, flags_for, too_large
from pipeline.readers.options import ReaderOptions
from pipeline.readers.streams import STREAM_ERRORS, file_hash, open_stream, stream_reject


def read_text_file(path: Location, display_path: str, options: ReaderOptions) -> Iterator[Document | Reject]:
    where = Where(display_path, 0)
    try:
        digest = file_hash(path)
        with open_stream(path) as fh:
            data = fh.read(options.max_doc_bytes + 1)
    except STREAM_ERRORS as exc:
        yield where.reject(*stream_reject(exc))
        return
    if (rejected := too_large(data, where, options)) is not None:
        yield rejected
        return
    if not data.strip():
        yield where.reject("empty", "file is empty or only whitespace")
        return
    decoded = decode_record(data, where, options)
    if isinstance(decoded, Reject):
        yield decoded
        return
    yield Document(text=decoded.text, source_path=display_path, source_index=0, source_hash=digest,
                   encoding=decoded.encoding, format="text", quality_flags=flags_for(decoded))
