"""HTML pages: the article's main text and metadata, by trafilatura, in a sandbox.

Main-text extraction is trafilatura's (boilerplate, navigation and comments
left out; title, date, author, site name and canonical url from the page's
metadata), never hand-written parsing. It runs in a child process
(`Sandbox`) with a per-page time limit and memory ceiling, and the libraries'
caches are reset every `html_reset_every` pages so the child's memory stays
flat however many pages a worker reads. Options that would make output
depend on what was read before (trafilatura's cross-document deduplication)
are off, so a page extracts the same in any worker, in any order.

One file is one page. The WARC reader hands its HTML payloads to
`html_document` too, so a page reads the same from a file or a crawl.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.document import Document, Reject
from pipeline.fs import Location
from pipeline.readers.base import Where, decode_record, flags_for, strip_title_line, too_large
from pipeline.readers.options import ReaderOptions
from pipeline.readers.sandbox import Sandbox, SandboxError
from pipeline.readers.stated import stated
from pipeline.readers.streams import STREAM_ERRORS, file_hash, open_stream, stream_reject

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_TYPED = ("text", "title", "author", "date", "sitename", "url")  # the rest of what extraction finds goes to meta
_REJECT_CODES = {"timeout": "html_timeout", "memory": "html_memory", "crashed": "html_crashed", "error": "html_error"}

_sandbox: Sandbox | None = None


def extractor(options: ReaderOptions) -> Sandbox:
    """This process's extraction sandbox, started once and reused across files and tasks."""
    global _sandbox
    if _sandbox is not None and (_sandbox.memory_mb, _sandbox.reset_every) != (
            options.html_memory_mb, options.html_reset_every):
        _sandbox.close()
        _sandbox = None
    if _sandbox is None:
        _sandbox = Sandbox("pipeline.readers.extraction:extract", options.html_timeout, options.html_memory_mb,
                           "pipeline.readers.extraction:reset_caches", options.html_reset_every)
    _sandbox.timeout = options.html_timeout
    return _sandbox


def declared_charset(head: bytes) -> str | None:
    """The charset a page declares in a `<meta>` tag near its top."""
    m = _META_CHARSET.search(head[:4096])
    return m[1].decode("ascii") if m else None


def read_html_file(path: Location, display_path: str, options: ReaderOptions) -> Iterator[Document | Reject]:
    where = Where(display_path, 0)
    try:
        digest = file_hash(path)
        with open_stream(path) as fh:
            data = fh.read(options.max_doc_bytes + 1)
    except STREAM_ERRORS as exc:
        yield where.reject(*stream_reject(exc))
        return
    yield html_document(data, where, options, digest, "html")


def html_document(data: bytes, where: Where, options: ReaderOptions, digest: str, fmt: str,
                  declared: str | None = None, url: str | None = None, crawled: str | None = None) -> Document | Reject:
    """One page's bytes to a Document (or the reason it is none).

    `declared` is the charset the transport states (an HTTP header), tried
    before the page's own `<meta>`; `url` is where the page was fetched, kept
    as the row's url over any canonical url the page names; `crawled` is when
    (a date the markup gives after it is no publication date).
    """
    if (rejected := too_large(data, where, options)) is not None:
        return rejected
    if not data.strip():
        return where.reject("empty", "the page is empty")
    decoded = decode_record(data, where, options, declared=declared or declared_charset(data))
    if isinstance(decoded, Reject):
        return decoded
    try:
        found = extractor(options)(decoded.text, url)
    except SandboxError as exc:
        return where.reject(_REJECT_CODES[exc.reason], f"HTML extraction stopped: {exc}")
    text = ((found or {}).get("text") or "").strip()
    if not text:
        return where.reject("no_article", "no article text found on the page (navigation, an index or an empty shell)")
    page_url = url or found.get("url")
    values = stated(found.get("title"), found.get("sitename"), found.get("date"), found.get("author"),
                    page_url, crawled)
    meta = {k: v for k, v in found.items() if k not in _TYPED and v}
    if url and found.get("url") and found["url"] != url:
        meta["canonical_url"] = found["url"]
    doc = Document(text=_paragraphs(text), source_path=where.path, source_index=where.index, url=page_url,
                   source_hash=digest, encoding=decoded.encoding, format=fmt, quality_flags=flags_for(decoded),
                   meta=meta)
    values.apply(doc, "markup")
    doc.text, doc.removed = strip_title_line(doc.text, doc.title)
    return doc


def _paragraphs(text: str) -> str:
    """trafilatura's one paragraph a line -> the corpus's paragraphs separated by a blank line."""
    return "\n\n".join(line.strip() for line in text.split("\n") if line.strip())
