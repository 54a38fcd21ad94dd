"""What every reader does to one record's bytes: cap its size, decode it, place it.

Kept in one place so that a size cap, an undecodable record or a title
repeated in the body is handled, counted and worded the same whatever format
the record came in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.document import Reject, Removed
from pipeline.readers.decode import Decoded, DecodeError, decode
from pipeline.readers.options import ReaderOptions

INVALID_BYTES_FLAG = "invalid_bytes_replaced"
ENCODING_GUESSED_FLAG = "encoding_guessed"  # detected from a few bytes, or as a code page the web does not use
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Where:
    """Where a record is in its input: for provenance on the row or on the reject."""

    path: str  # as recorded in `source_path`
    index: int  # `source_index`: the record's index within the file
    position: str | None = None  # "line 12", "offset 3521 <urn:uuid:...>": for a human to find it
    offset: int = 0  # byte offset of the record in the (decompressed) file

    def reject(self, reason: str, message: str, position: str | None = None) -> Reject:
        return Reject(self.path, self.index, reason, message, position=position or self.position)


def too_large(data: bytes, where: Where, options: ReaderOptions) -> Reject | None:
    """A reject when `data` (read with one byte to spare) is over the recipe's cap."""
    if len(data) <= options.max_doc_bytes:
        return None
    return where.reject("too_large", f"record is larger than max_doc_bytes = {options.max_doc_bytes} "
                                     "(raise it in [input] to read such records)")


def decode_record(data: bytes, where: Where, options: ReaderOptions, declared: str | None = None) -> Decoded | Reject:
    try:
        return decode(data, declared, options.forced_encoding, options.replace_invalid)
    except DecodeError as exc:
        byte = where.offset + exc.offset
        position = f"{where.position}, byte {byte}" if where.position else f"byte {byte}"
        return where.reject(exc.reason, str(exc), position)


def flags_for(decoded: Decoded) -> list[str]:
    return [INVALID_BYTES_FLAG] * decoded.replaced + [ENCODING_GUESSED_FLAG] * decoded.guessed


def strip_title_line(text: str, title: str | None) -> tuple[str, list[Removed]]:
    """The body without a first line that only repeats the known title.

    Pages and dumps often start the body with the headline that is also in
    their metadata. The headers stage takes a title line only when the title
    is still unknown, so the reader takes it out (kept in `removed`), and the
    body comes out as it would from the same article in plain text.
    """
    if not title:
        return text, []
    stripped = text.lstrip()
    first, _, rest = stripped.partition("\n")
    if _SPACE.sub(" ", first).strip().casefold() != _SPACE.sub(" ", title).strip().casefold():
        return text, []
    line = text[: len(text) - len(stripped)].count("\n")
    return rest.lstrip("\n"), [Removed("title", first, line)]
