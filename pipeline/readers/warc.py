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

`WARC-Target-URI` becomes the row's `url`, `WARC-Date` its `crawled` time and,
when the page states no date, its `published` date (noted in
`meta.published_from`). `source_index` is the record's ordinal in the file,
counting every record, so it names the same record whatever is passed over.
"""

from __future__ import annotations

import itertools
import zlib
from collections.abc import Generator, Iterator
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import ChunkedDataException

from pipeline.document import Document, Reject
from pipeline.fs import Location, open_binary
from pipeline.readers.base import Where, too_large
from pipeline.readers.html import html_document
from pipeline.readers.options import ReaderOptions
from pipeline.readers.streams import STREAM_ERRORS, compression_of, file_hash, open_stream, stream_reject

_PAGE_RECORDS = ("response", "resource")
_HTML_TYPES = ("text/html", "application/xhtml+xml")


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
    done = yield from _records(path, display_path, options, digest, fmt, per_member, skip=0)
    if done is not None:
        # The whole file was gzipped at once: read it again decompressed, past the records already read.
        yield from _records(path, display_path, options, digest, fmt, per_member=False, skip=done)


def _records(path: Location, display_path: str, options: ReaderOptions, digest: str, fmt: str, per_member: bool,
             skip: int) -> Generator[Document | Reject, None, int | None]:
    """The file's records from the `skip`-th on; returns where to resume if it is gzipped whole."""
    with open_binary(path) if per_member else open_stream(path) as fh:
        records = ArchiveIterator(fh, arc2warc=fmt == "arc")
        for index in itertools.count():
            try:
                record = next(records)
            except StopIteration:
                if index == 0:
                    yield Reject(display_path, 0, "empty", "the file holds no WARC or ARC records")
                return None
            except Exception as exc:  # warcio raises many kinds of error on a damaged file: it ends the file
                if per_member and "non-chunked gzip" in str(exc):
                    return index
                reason, message = stream_reject(exc) if isinstance(exc, STREAM_ERRORS) else (
                    "corrupt_warc", f"not a readable WARC/ARC record: {type(exc).__name__}: {exc}")
                yield Reject(display_path, index, reason, f"{message}; the records before it were read",
                             position=f"offset {records.offset}")
                return None
            if index >= skip and record.rec_type in _PAGE_RECORDS:
                yield _page(record, index, records.offset, display_path, options, digest, fmt)
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
    except (ChunkedDataException, zlib.error, OSError) as exc:
        return where.reject("corrupt_record", f"cannot decode the record's payload: {exc}")
    if (rejected := too_large(data, where, options)) is not None:
        return rejected
    while record.raw_stream.read(1 << 20):  # what decoding the payload left unread, to see if it is all there
        pass
    missing = getattr(record.raw_stream, "limit", 0)
    if missing:
        return where.reject("truncated", f"the file ends inside this record: {missing} of its "
                                         f"{record.length} bytes are missing")
    if not mime and not data.lstrip()[:14].lower().startswith((b"<!doctype html", b"<html")):
        return where.reject("not_html", f"{record.rec_type} of unknown type for {url}: not an HTML page")
    doc = html_document(data, where, options, digest, fmt, declared=_charset(params), url=url)
    if isinstance(doc, Document):
        crawled = headers.get_header("WARC-Date")
        doc.crawled = crawled
        if doc.published is None and crawled:
            doc.published = crawled[:10]
            doc.meta["published_from"] = "warc_date"
    return doc


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
