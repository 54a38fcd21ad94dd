"""The one place where a record's strings are made writable: the last step before Arrow.

Python strings can hold what UTF-8, and so Parquet, cannot: a lone surrogate
(a JSON `"\\udc80"` escape, a file name decoded with `surrogateescape`).
Others are valid UTF-8 but no text: NUL, and the Unicode noncharacters
(U+FFFE, U+FDD0...). Any of these in any field of one record used to end the
whole build. Every field of every document passes through `sanitize_document`
just before it becomes a row, whatever reader and stages made it:

- in `text`, each run of such characters becomes as many U+FFFD (so no span
  moves) and is recorded in `edits` (kind `invalid_chars`, `before` holding
  the characters as escapes such as `\\udc80`, which UTF-8 can carry);
- in any other field (title, source, authors, meta keys and values...) they
  become U+FFFD too;
- either way the row is flagged `invalid_chars_replaced` and
  `meta.invalid_chars_in` names the fields.

`safe_text` does the same for a string outside a document (a reject's
message, a file name).
"""

from __future__ import annotations

import dataclasses
import functools
import re
from typing import Any

from pipeline.document import Document, Edit

FLAG = "invalid_chars_replaced"
EDIT_KIND = "invalid_chars"
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(f"{chr(p * 0x10000 + 0xFFFE)}{chr(p * 0x10000 + 0xFFFF)}"
                                           for p in range(17))
_BAD = re.compile(f"[\x00\ud800-\udfff{_NONCHARACTERS}]+")


#: UTF-8 bytes that start a noncharacter (U+FDD0..U+FDEF, U+nFFFE, U+nFFFF), or a few neighbours of one.
_NONCHARACTER_BYTES = (b"\xef\xb7", b"\xbf\xbe", b"\xbf\xbf")


def _suspect(value: str) -> bool:
    """Whether `value` may hold a character `_BAD` matches: a cheap test, as nearly every string holds none
    (`_BAD`, a class of non-BMP ranges, is a slow regular expression)."""
    if value.isascii():
        return "\x00" in value
    try:
        data = value.encode("utf-8")
    except UnicodeEncodeError:
        return True  # a lone surrogate
    return b"\x00" in data or any(b in data for b in _NONCHARACTER_BYTES)


def safe_text(value: str) -> str:
    """`value` with every character UTF-8 cannot carry, or that is no text, as U+FFFD."""
    if not _suspect(value):
        return value
    return _BAD.sub(lambda m: "\ufffd" * len(m[0]), value)


def sanitize_document(doc: Document) -> Document:
    """`doc` with every string field writable; see the module docstring for how changes are recorded."""
    spans = [(m.start(), m.end(), m[0]) for m in _BAD.finditer(doc.text)] if _suspect(doc.text) else []
    if spans:
        doc.rewrite([(start, end, "\ufffd" * (end - start)) for start, end, _ in spans])
        doc.edits.extend(Edit(EDIT_KIND, start, end, _escaped(bad)) for start, end, bad in spans)
    # The edits just added are ASCII: `edits` is named below only if an earlier one had such characters.
    changed = ["text"] if spans else []
    changed += [name for name in _string_fields(Document) if name != "text" and _clean_field(doc, name)]
    if changed:
        doc.quality_flags.append(FLAG)
        doc.meta["invalid_chars_in"] = changed
    return doc


@functools.cache
def _string_fields(cls: type) -> tuple[str, ...]:
    """The fields of a dataclass that may hold a string (numbers, and the float-only `quality`, are passed over)."""
    return tuple(f.name for f in dataclasses.fields(cls) if str(f.type) not in _NUMERIC)


_NUMERIC = {"int", "float", "bool", "int | None", "float | None", "dict[str, float]"}


def _clean_field(obj: Any, name: str) -> bool:
    value, changed = _clean(getattr(obj, name))
    if changed:
        setattr(obj, name, value)
    return changed


def _clean(value: Any) -> tuple[Any, bool]:
    """(value with its strings made safe, whether anything changed); lists and objects are cleaned in place,
    a dict is rebuilt only when something in it changed."""
    if isinstance(value, str):
        safe = safe_text(value)
        return safe, safe is not value and safe != value
    if isinstance(value, list):
        changed = False
        for i, item in enumerate(value):
            value[i], c = _clean(item)
            changed |= c
        return value, changed
    if isinstance(value, dict):
        items = [(_clean(key), _clean(item)) for key, item in value.items()]
        if not any(ck or ci for (_, ck), (_, ci) in items):
            return value, False
        return {key: item for (key, _), (item, _) in items}, True
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changed = False
        for name in _string_fields(type(value)):
            changed |= _clean_field(value, name)
        return value, changed
    return value, False


def _escaped(chars: str) -> str:
    """The characters as Python escapes (`\\udc80`, `\\x00`): text that says exactly what was there."""
    return "".join(ascii(c)[1:-1] for c in chars)
