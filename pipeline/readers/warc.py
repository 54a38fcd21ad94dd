"""WARC and ARC files (web crawls such as CC-NEWS): HTML responses to articles.

warcio parses the records (ARC records are read as WARC, gzip members and
HTTP chunking are undone). A record is an input record when it can hold a
page: a `response` (or `resource`) record. `warcinfo`, `request`, `metadata`
and `revisit` records describe the crawl, not an article, and are passed
over. A response that is not an HTML page (an image, a PDF, a feed), that is
not a success (`404`, a redirect), that is too large or that the file ends
inside of is rejected with its WARC-Record-ID and byte offset; the records
around it are read as usual. (warcio itself ends quietly inside a cut-short
record, so the reader checks each record's length against what it declares.)

A record whose Content-Length is wrong is rejected (`bad_length`), never
published cut short or with the next record's bytes in it: warcio notices only
when the bytes after the record are not the blank line that must end it. In an
uncompressed (or whole-file compressed) WARC the next record is then found
again by its `WARC/1.x` line, so only the bad record is lost. A page whose
record is whole but whose payload was cut before it was stored (a
`WARC-Truncated` header, or fewer bytes than its HTTP Content-Length) is a
row flagged `payload_truncated`, with the reason in `meta.payload_truncated`.

Reading is bounded: a header line (WARC or HTTP) longer than `MAX_LINE` ends
the file as `corrupt_warc` (a crafted gzip member of zeros would otherwise
be read into memory as one line of hundreds of megabytes), payloads are capped
by `max_doc_bytes` as in every reader, and warcio's own warnings, which it
prints to stderr, go to the log instead.

`WARC-Target-URI` becomes the row's `url`, `WARC-Date` its `crawled` time and,
when neither the page's markup nor its text states a date, its `published`
date (noted in `meta.published_from = "warc_date"`; a date the text states
replaces it, see `pipeline.precedence`). A markup date after the crawl is
no publication date: it is dropped and flagged `date_in_future`. `source_index` is the record's ordinal in the file,
counting every record, so it names the same record whatever is passed over.
"""

from __future__ import annotations

import io
import itertools
import logging
import zlib
from collections.abc import Generator, Iterator
from contextlib import redirect_stderr
from typing import Any, BinaryIO, NamedTuple

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import ChunkedDataException, DecompressingBufferedReader
from warcio.utils import BUFF_SIZE

from pipeline.document import Document, Reject
from pipeline.fs import Location, file_size, open_binary
from pipeline.readers.base import Where, too_large
from pipeline.readers.html import html_document
from pipeline.readers.options import ReaderOptions
from pipeline.readers.streams import (STREAM_ERRORS, DecompressionBomb, check_ratio, compression_of,
                                      decompressed_limit, file_hash, open_stream, stream_reject)

_PAGE_RECORDS = ("response", "resource")
_HTML_TYPES = ("text/html", "application/xhtml+xml")
#: The longest header line read (WARC or HTTP headers); real ones, long URLs and cookies included, are far shorter.
MAX_LINE = 1 << 20
_RECORD_START = b"\nWARC/1."
#: The flag of a page whose record says its payload was cut (the row keeps what there is).
TRUNCATED_FLAG = "payload_truncated"
log = logging.getLogger("newscorpus")


class LineTooLong(ValueError):
    """A header line longer than `MAX_LINE`: a damaged or hostile file, not a crawl."""


class _BoundedReader(DecompressingBufferedReader):
    """warcio's reader, with `readline` (what header parsing calls, without a limit) capped at `MAX_LINE`,
    what it decompresses capped as for every compressed input, and its complaints logged, not printed."""

    def __init__(self, fh: BinaryIO, limit: int) -> None:
        super().__init__(fh, block_size=BUFF_SIZE)
        self.limit, self.decompressed = limit, 0

    def _process_read(self, data: bytes) -> None:
        super()._process_read(data)
        if self.buff is not None:
            self.decompressed += self.buff_size
            check_ratio(self.decompressed, self.limit)

    def _decompress(self, data: bytes) -> bytes:
        with redirect_stderr(io.StringIO()) as said:
            out = super()._decompress(data)
        if said.getvalue():
            log.debug("warcio: %s", said.getvalue().strip()[:300])
        return out

    def readline(self, length: int | None = None) -> bytes:
        cap = MAX_LINE if length is None else min(length, MAX_LINE)
        line = super().readline(cap)
        if len(line) >= MAX_LINE and not line.endswith(b"\n") and (length is None or length > MAX_LINE):
            raise LineTooLong(f"a header line is longer than {MAX_LINE} bytes")
        return line


class _Archive(ArchiveIterator):
    """warcio's iterator over bounded reads, its warnings logged (and counted in `err_count`) instead of printed."""

    def __init__(self, fh: BinaryIO, arc2warc: bool, path: str, limit: int) -> None:
        super().__init__(fh, arc2warc=arc2warc)
        self.reader = _BoundedReader(self.fh, limit)
        self.path = path

    def _consume_blanklines(self) -> tuple[bytes | None, int]:
        with redirect_stderr(io.StringIO()) as said:
            found = super()._consume_blanklines()
        if said.getvalue():
            log.debug("%s: warcio: %s", self.path, " ".join(said.getvalue().split())[:300])
        return found


class _Resume(NamedTuple):
    """Where to read a file again from: its decompressed stream at byte `start`, the `skip`-th record on."""

    start: int
    first_index: int
    skip: int


def read_warc_file(path: Location, display_path: str, options: ReaderOptions) -> Iterator[Document | Reject]:
    try:
        digest = file_hash(path)
        with open_stream(path) as head:
            fmt = "arc" if head.read(11) == b"filedesc://" else "warc"
        # A gzip WARC is normally one gzip member per record: warcio undoes them itself, so the offsets
        # in positions are those of the file as stored, as crawl indexes give them.
        per_member = compression_of(path) == "gzip"
    except STREAM_ERRORS as exc:
        yield Reject(display_path, 0, *stream_reject(exc))
        return
    try:
        resume = yield from _records(path, display_path, options, digest, fmt, per_member, _Resume(0, 0, 0))
        while resume is not None:
            # Read again decompressed: past the records already read of a file gzipped whole, or from the record
            # after one whose length was wrong.
            resume = yield from _records(path, display_path, options, digest, fmt, False, resume)
    except STREAM_ERRORS as exc:  # while reading the file again, or looking for the next record
        reason, message = stream_reject(exc)
        yield Reject(display_path, 0, reason, f"{message}; the records before it were read")


def _records(path: Location, display_path: str, options: ReaderOptions, digest: str, fmt: str, per_member: bool,
             at: _Resume) -> Generator[Document | Reject, None, _Resume | None]:
    """The file's records from `at` on; returns where to read again from, if the file must be read again."""
    with open_binary(path) if per_member else open_stream(path) as fh:
        if at.start:
            _discard(fh, at.start)
        records = _Archive(fh, fmt == "arc", display_path, decompressed_limit(file_size(path)))
        for index in itertools.count(at.first_index):
            try:
                record = next(records)
            except StopIteration:
                if index == 0:
                    yield Reject(display_path, 0, "empty", "the file holds no WARC or ARC records")
                return None
            except Exception as exc:  # warcio raises many kinds of error on a damaged file: it ends the file
                if per_member and "non-chunked gzip" in str(exc):
                    return _Resume(0, 0, index)
                reason, message = stream_reject(exc) if isinstance(exc, STREAM_ERRORS) else (
                    "corrupt_warc", f"not a readable WARC/ARC record: {type(exc).__name__}: {exc}")
                yield Reject(display_path, index, reason, f"{message}; the records before it were read",
                             position=f"offset {records.offset}")
                return None
            offset = records.offset
            warned = records.err_count
            try:
                page = _page(record, index, offset, display_path, options, digest, fmt) \
                    if index >= at.skip and record.rec_type in _PAGE_RECORDS else None
                records.read_to_end()  # to the blank line that must end the record: is it there?
            except DecompressionBomb as exc:
                yield Reject(display_path, index, "too_large", f"{exc}; the records before it were read",
                             position=f"offset {offset}")
                return None
            if records.err_count == warned or fmt != "warc":
                if page is not None:
                    yield page
                continue
            yield Reject(display_path, index, "bad_length", "the record's Content-Length does not match its content "
                         "(it runs into the next record, or stops short of its end)", position=f"offset {offset}")
            if per_member:  # the next record is the next gzip member: pass over what is left of this one
                _discard(records.reader, -1)
                records.next_line = None
            else:
                following = _next_record_start(path, offset + 1)
                return None if following is None else _Resume(following, index + 1, 0)
    return None


def _discard(fh: Any, n: int) -> None:
    """Read and drop `n` bytes of `fh` (all there is, when `n` is negative)."""
    while n and (chunk := fh.read(1 << 20 if n < 0 else min(n, 1 << 20))):
        n = n - len(chunk) if n > 0 else n


def _next_record_start(path: Location, after: int) -> int | None:
    """The decompressed offset of the first `WARC/1.x` line after byte `after`, if any."""
    with open_stream(path) as fh:
        _discard(fh, after)
        position, tail = after, b""
        while chunk := fh.read(1 << 20):
            found = (tail + chunk).find(_RECORD_START)
            if found >= 0:
                return position - len(tail) + found + 1
            position += len(chunk)
            tail = chunk[-len(_RECORD_START):]
    return None


def _page(record: Any, index: int, offset: int, display_path: str, options: ReaderOptions, digest: str,
          fmt: str) -> Document | Reject:
    headers = record.rec_headers
    record_id = headers.get_header("WARC-Record-ID") if fmt == "warc" else None  # warcio invents ARC ones
    where = Where(display_path, index, f"offset {offset}" + (f" {record_id}" if record_id else ""))
    url = headers.get_header("WARC-Target-URI")
    http = record.http_headers
    if record.rec_type == "response" and http is not None:
        status = http.get_statuscode()
        if status != "200":
            return where.reject("http_status", f"HTTP status {status} for {url}: not a page")
        content_type = http.get_header("Content-Type") or ""
    else:
        content_type = record.content_type or ""
    mime, _, params = content_type.partition(";")
    mime = mime.strip().lower()
    if mime and mime not in _HTML_TYPES:
        return where.reject("not_html", f"{record.rec_type} of type {mime} for {url}: not an HTML page")
    try:
        data = _read_upto(record.content_stream(), options.max_doc_bytes + 1)
    except DecompressionBomb:
        raise  # the file's cap, not this record's: it ends the file
    except (ChunkedDataException, zlib.error, OSError) as exc:
        return where.reject("corrupt_record", f"cannot decode the record's payload: {exc}")
    if (rejected := too_large(data, where, options)) is not None:
        return rejected
    while record.raw_stream.read(1 << 20):  # what decoding the payload left unread, to see if it is all there
        pass
    missing = getattr(record.raw_stream, "limit", 0)
    if missing:
        return where.reject("truncated", f"the record ends before its Content-Length: {missing} of its "
                                         f"{record.length} bytes are missing")
    if not mime and not data.lstrip()[:14].lower().startswith((b"<!doctype html", b"<html")):
        return where.reject("not_html", f"{record.rec_type} of unknown type for {url}: not an HTML page")
    crawled = headers.get_header("WARC-Date")
    doc = html_document(data, where, options, digest, fmt, declared=_charset(params), url=url, crawled=crawled)
    if isinstance(doc, Document):
        doc.crawled = crawled
        if doc.published is None and crawled:
            doc.published = crawled[:10]
            doc.meta["published_from"] = "warc_date"
        cut = _payload_cut(headers.get_header("WARC-Truncated"), http, len(data))
        if cut:
            doc.quality_flags.append(TRUNCATED_FLAG)
            doc.meta["payload_truncated"] = cut
    return doc


def _payload_cut(warc_truncated: str | None, http: Any, size: int) -> str | None:
    """Why the page's payload is shorter than it was, when the record says so: the crawler's
    `WARC-Truncated` header, or fewer bytes than the HTTP Content-Length (of a body sent as is)."""
    if warc_truncated:
        return f"WARC-Truncated: {warc_truncated[:40]}"
    if http is None or http.get_header("Content-Encoding") or http.get_header("Transfer-Encoding"):
        return None
    declared = (http.get_header("Content-Length") or "").strip()
    if declared.isdigit() and int(declared) > size:
        return f"{size} of the {declared} bytes its HTTP Content-Length states"
    return None


def _read_upto(stream: Any, limit: int) -> bytes:
    """Up to `limit` bytes: warcio's readers may return less than asked before the end."""
    parts, size = [], 0
    while size < limit and (chunk := stream.read(min(limit - size, 1 << 20))):
        parts.append(chunk)
        size += len(chunk)
    return b"".join(parts)


def _charset(params: str) -> str | None:
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None
