"""JSON Lines: one article per line, as scrapers and dataset dumps write them.

Which key holds the text, title, url, date, author, outlet, crawl time and
source id is the recipe's `[input] fields` mapping (a key or a list of keys
tried in order; a dotted key such as `meta.title` reads a nested object).
Everything else the line carries is kept in `meta`, so no source field is
lost. A line that is not JSON, not an object or has no text is rejected with
its line number; the lines around it are read as usual. Blank lines are not
records.
"""

from __future__ import annotations

import dataclasses
import io
import json
from collections.abc import Iterator
from typing import Any, BinaryIO

from pipeline.document import Document, Reject
from pipeline.fs import Location
from pipeline.readers.base import Where, decode_record, flags_for, strip_title_line
from pipeline.readers.decode import wide_codec
from pipeline.readers.options import ReaderOptions
from pipeline.readers.sniff import SNIFF, not_text
from pipeline.readers.stated import stated
from pipeline.readers.streams import STREAM_ERRORS, file_hash, open_stream, stream_reject

_SKIP = 1 << 20  # bytes read at a time while skipping the rest of an oversized line


def read_jsonl_file(path: Location, display_path: str, options: ReaderOptions) -> Iterator[Document | Reject]:
    cap = options.max_doc_bytes
    line_no = offset = records = 0
    hint: str | None = None  # the encoding of the last line that was not UTF-8: likely that of the next
    try:
        digest = file_hash(path)
        with open_stream(path) as stream:
            head = stream.peek(SNIFF)[:SNIFF]
            wide = wide_codec(head)
            problem = None if wide else not_text(head)
            if problem is not None:
                yield Where(display_path, 0, f"byte {problem.offset}").reject(problem.reason, problem.message)
                return
            fh = Utf8Lines(stream, wide) if wide else stream
            if wide:  # its lines are UTF-8 now: nothing to detect, and a bad code unit fails its line
                options = dataclasses.replace(options, encoding="utf-8")
            while line := fh.readline(cap + 1):
                where = Where(display_path, line_no, f"line {line_no + 1}", offset)
                line_no += 1
                offset += len(line)
                if len(line) > cap and not line.endswith(b"\n"):
                    while chunk := fh.readline(_SKIP):
                        offset += len(chunk)
                        if chunk.endswith(b"\n"):
                            break
                    yield where.reject("too_large", f"line is longer than max_doc_bytes = {cap} "
                                                    "(raise it in [input] to read such records)")
                    continue
                body = line.strip()
                if not body:
                    continue
                record = _record(body, where, options, digest, hint)
                if wide and isinstance(record, Document):
                    record.encoding = wide  # the line was read as UTF-8 from the file's wide text
                if isinstance(record, Document) and record.encoding != "utf-8":
                    hint = record.encoding
                records += 1
                yield record
        if not records:
            yield Where(display_path, 0).reject("empty", "the file holds no JSON lines")
    except (*STREAM_ERRORS, UnicodeDecodeError) as exc:  # the latter: a wide file cut inside a code unit
        reason, message = stream_reject(exc)
        yield Where(display_path, line_no, f"line {line_no + 1}", offset).reject(
            reason, f"{message}; the {line_no} lines before were read")


class Utf8Lines:
    """A UTF-16 or UTF-32 stream read as UTF-8 lines: JSON lines split on the byte 0x0A, which
    in wide text is half of a code unit. Offsets then count these UTF-8 bytes."""

    def __init__(self, stream: BinaryIO, codec: str) -> None:
        # A lone surrogate passes through, to fail as its own line's bytes: the other lines are read.
        self._text = io.TextIOWrapper(stream, encoding=codec, errors="surrogatepass", newline="\n")  # type: ignore[arg-type]

    def readline(self, limit: int = -1) -> bytes:
        return self._text.readline(limit).encode("utf-8", "surrogatepass")


def _record(body: bytes, where: Where, options: ReaderOptions, digest: str, hint: str | None) -> Document | Reject:
    decoded = decode_record(body, where, options, declared=hint)
    if isinstance(decoded, Reject):
        return decoded
    try:
        obj = json.loads(decoded.text)
    except json.JSONDecodeError as exc:
        # Some of json's messages end in "at" ("Unterminated string starting at"): the column completes them.
        return where.reject("bad_json", f"not valid JSON: {exc.msg.removesuffix(' at')} at column {exc.colno}")
    if not isinstance(obj, dict):
        return where.reject("bad_record", f"a line must hold a JSON object, not {_kind(obj)}")
    # A lone surrogate (JSON may escape half a pair: `"\ud800"`) stays: the sanitising step before Arrow
    # (pipeline.sanitize) replaces and records it, for every reader alike.
    return document_from_mapping(obj, where, options, digest, decoded.encoding, flags_for(decoded))


def document_from_mapping(obj: dict[str, Any], where: Where, options: ReaderOptions, digest: str, encoding: str,
                          flags: list[str]) -> Document | Reject:
    """A Document from one source object: mapped keys to typed fields, the rest to `meta`."""
    fields = options.fields
    used: set[str] = set()
    meta: dict[str, Any] = {}

    def pick(name: str) -> tuple[str | None, Any]:
        for key in fields[name]:
            value = _lookup(obj, key)
            if value is not None and value != "" and value != []:
                return key, value
        return None, None

    key, text = pick("text")
    if key is None:
        return where.reject("missing_text", f"no text: none of the keys {', '.join(fields['text'])} holds a value "
                                            "(map the right key with [input] fields.text)")
    if isinstance(text, list) and all(isinstance(p, str) for p in text):
        text = "\n\n".join(p.strip() for p in text if p.strip())  # a list of paragraphs
    if not isinstance(text, str):
        return where.reject("bad_field", f"key {key!r} holds {_kind(text)}, not text")
    if not text.strip():
        return where.reject("empty", f"key {key!r} holds only whitespace")
    used.add(key)
    doc = Document(text=text, source_path=where.path, source_index=where.index, source_hash=digest,
                   encoding=encoding, format="jsonl", quality_flags=list(flags))

    for name in ("url", "crawled"):
        key, value = pick(name)
        if isinstance(value, (str, int, float)) and not isinstance(value, bool) and str(value).strip():
            setattr(doc, name, str(value).strip())
            used.add(key)
    picked = {name: pick(name) for name in ("title", "source", "date", "author")}
    values = stated(picked["title"][1], picked["source"][1], picked["date"][1], picked["author"][1], doc.url,
                    doc.crawled)
    for name, field_name in (("title", "title"), ("source", "source"), ("date", "published"), ("author", "authors")):
        key = picked[name][0]
        if key is not None and getattr(values, field_name):
            used.add(key)
        else:
            values.dropped.pop(field_name, None)  # nothing of it is used: the raw value stays in meta, under its key
    key, value = pick("id")
    if key is not None and isinstance(value, (str, int)):
        meta["source_id"] = value
        used.add(key)

    meta.update((k, v) for k, v in obj.items() if k not in used)
    doc.meta = meta
    values.apply(doc, "record")
    doc.text, doc.removed = strip_title_line(doc.text, doc.title)
    return doc


def _lookup(obj: dict[str, Any], key: str) -> Any:
    if key in obj:
        return obj[key]
    if "." not in key:
        return None
    value: Any = obj
    for part in key.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def _kind(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean", type(None): "null"}.get(
        type(value), "a number")
