"""Plain text: one article per file, header lines and all.

The reader only decodes and records provenance; the header block (title,
outlet and date line, byline) is parsed by the `headers` stage, so the same
parsing serves text that arrives through any other reader.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import xxhash

from pipeline.document import Document, Reject


def read_text_file(path: Path, display_path: str) -> Iterator[Document | Reject]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield Reject(display_path, 0, "unreadable", f"cannot read file: {exc}")
        return
    digest = xxhash.xxh64_hexdigest(data)
    if not data.strip():
        yield Reject(display_path, 0, "empty", "file is empty or only whitespace")
        return
    if b"\x00" in data[:4096]:
        yield Reject(display_path, 0, "binary", "file looks binary (NUL bytes), not text")
        return
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        yield Reject(display_path, 0, "decode_error", f"not valid UTF-8 at byte {exc.start}: {exc.reason}",
                     position=f"byte {exc.start}")
        return
    yield Document(text=text, source_path=display_path, source_index=0, source_hash=digest,
                   encoding="utf-8", format="text")
