"""Compressed inputs read as streams, never unpacked to disk or into memory whole.

The compression is told by the file's first bytes, not its name: a `.jsonl`
that a scraper gzipped without renaming reads the same, and a `.gz` that is
not compressed reads as itself. The name only decides the format, once a
compression suffix is taken off (`a.jsonl.gz` -> `jsonl`).

A damaged stream is an error of the input, not of the run: `STREAM_ERRORS`
lists what a decompressor raises, and `stream_reject` turns it into a reason
code, so that a reader can reject the rest of the file and keep what it had
already read.

Decompression streams, and it is capped: a compressed file may give at most
`BOMB_RATIO` times its stored size (and at least `BOMB_FLOOR` bytes) before
it is taken for a compression bomb (`DecompressionBomb`, a `too_large`
reject for the rest of the file). Each record is capped on its own too
(`max_doc_bytes`), so memory stays bounded whatever the ratio; the file cap
stops a few kilobytes of zeros from costing minutes of reading.
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import re
import zlib
from typing import BinaryIO

import xxhash
import zstandard

from pipeline.fs import Location, file_size, name_of, open_binary

COMPRESSION_SUFFIXES = {".gz": "gzip", ".gzip": "gzip", ".bz2": "bz2", ".xz": "xz", ".zst": "zstd", ".zstd": "zstd"}
_CHUNK = 1 << 20
_BZ2_MAGIC = re.compile(rb"BZh[1-9]1AY&SY")


#: Real text compresses 3 to 10 times; a crafted file of zeros a thousand times.
BOMB_RATIO = 200
BOMB_FLOOR = 256 * 2**20


class TruncatedStream(EOFError):
    """The compressed data ended inside a frame."""


class DecompressionBomb(OSError):
    """A compressed file that decompresses to more than `decompressed_limit` of its stored size."""


def decompressed_limit(stored: int) -> int:
    """The most bytes a compressed file of `stored` bytes may decompress to."""
    return max(BOMB_RATIO * stored, BOMB_FLOOR)


def check_ratio(decompressed: int, limit: int) -> None:
    if decompressed > limit:
        raise DecompressionBomb(f"the file decompresses to more than {limit:,} bytes, {BOMB_RATIO} times its "
                                "stored size: a compression bomb, or data no news corpus holds")


#: What reading a damaged compressed (or unreadable) file raises.
STREAM_ERRORS = (OSError, EOFError, zlib.error, lzma.LZMAError, zstandard.ZstdError)


def base_name(path: Location) -> str:
    """The file name without its compression suffix, lower-cased: what the format is told by."""
    name = name_of(path).lower()
    for suffix in COMPRESSION_SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def sniff_compression(head: bytes) -> str | None:
    if head.startswith(b"\x1f\x8b"):
        return "gzip"
    if head.startswith(b"\x28\xb5\x2f\xfd"):
        return "zstd"
    if head.startswith(b"\xfd7zXZ\x00"):
        return "xz"
    if _BZ2_MAGIC.match(head):
        return "bz2"
    return None


def compression_of(path: Location) -> str | None:
    with open_binary(path) as fh:
        return sniff_compression(fh.read(16))


def open_stream(path: Location) -> BinaryIO:
    """The file's decompressed bytes as a buffered binary stream (`readline` works)."""
    raw = open_binary(path)
    kind = sniff_compression(raw.peek(16)[:16])
    if kind is None:
        return raw
    limit = decompressed_limit(file_size(path))
    if kind == "gzip":
        stream: BinaryIO = gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[assignment]
    elif kind == "bz2":
        stream = bz2.BZ2File(raw, "rb")  # type: ignore[assignment]
    elif kind == "xz":
        stream = lzma.LZMAFile(raw, "rb")  # type: ignore[assignment]
    elif kind == "zstd":
        stream = io.BufferedReader(_ZstdReader(raw), _CHUNK)  # type: ignore[assignment]
    else:
        raise ValueError(f"unknown compression {kind!r}")
    return io.BufferedReader(_Capped(stream, limit), _CHUNK)  # type: ignore[return-value]


def file_hash(path: Location) -> str:
    """Content hash of the input file as stored (compressed bytes, if compressed).

    The rows' `source_hash`, and what the state store compares to tell a
    changed input: one function, so the two can never disagree.
    """
    h = xxhash.xxh64()
    with open_binary(path) as fh:
        while chunk := fh.read(_CHUNK):
            h.update(chunk)
    return h.hexdigest()


def stream_reject(exc: BaseException) -> tuple[str, str]:
    """(reason, message) for an error raised while reading a stream."""
    if isinstance(exc, DecompressionBomb):
        return "too_large", str(exc)
    if isinstance(exc, EOFError):
        return "truncated", f"the compressed file ends too early: {exc}"
    if isinstance(exc, (FileNotFoundError, PermissionError, IsADirectoryError)):
        return "unreadable", f"cannot open the file: {exc}"
    if isinstance(exc, UnicodeDecodeError):
        return "decode_error", f"not valid {exc.encoding}: {exc.reason}"
    return "corrupt_stream", f"cannot read the file: {type(exc).__name__}: {exc}"


class _Capped(io.RawIOBase):
    """A decompressed stream that raises `DecompressionBomb` once it has given more than `limit` bytes."""

    def __init__(self, inner: BinaryIO, limit: int) -> None:
        self._inner, self._limit, self._count = inner, limit, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[override]
        # read1, not read: what was decompressed before a cut is given out before the error is raised.
        data = self._inner.read1(len(buffer))
        n = len(data)
        buffer[:n] = data
        self._count += n
        check_ratio(self._count, self._limit)
        return n

    def tell(self) -> int:
        return self._count

    def close(self) -> None:
        self._inner.close()
        super().close()


class _ZstdReader(io.RawIOBase):
    """zstd frames, one after another, that tell a truncated frame from a clean end.

    `zstandard`'s own stream reader ends quietly when the input stops inside a
    frame; a truncated download would then lose its tail without a word.
    """

    def __init__(self, raw: BinaryIO) -> None:
        self._raw = raw
        self._dctx = zstandard.ZstdDecompressor()
        self._obj = self._dctx.decompressobj()
        self._pending = b""
        self._in_frame = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[override]
        while not self._pending:
            chunk = self._raw.read(_CHUNK)
            if not chunk:
                if self._in_frame:
                    raise TruncatedStream("zstd frame cut short")
                return 0
            self._feed(chunk)
        n = min(len(buffer), len(self._pending))
        buffer[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n

    def _feed(self, chunk: bytes) -> None:
        out = []
        while chunk:
            self._in_frame = True
            out.append(self._obj.decompress(chunk))
            if not self._obj.eof:
                break
            chunk = self._obj.unused_data
            self._obj = self._dctx.decompressobj()
            self._in_frame = False
        self._pending += b"".join(out)

    def close(self) -> None:
        self._raw.close()
        super().close()
