"""The one record type that flows through the pipeline, and its Arrow schema.

Every reader yields `Document`s, every stage takes and returns one, and the
writers turn them into rows of `SCHEMA`. Fields are typed (not a free dict) so
that a stage cannot invent a column by accident; whatever a source carries that
has no field goes into `meta`, a JSON object kept as a string column because
Arrow maps are not supported by every `datasets` version.

Stages annotate rather than delete: what they take out of `text` goes to
`removed`, what they rewrite goes to `edits`, and masks (censorship,
profanity, privacy) go to `redactions`. `Document.rewrite` is the one way to
change `text` once spans exist, so that every recorded span stays true.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa


@dataclass(slots=True)
class Author:
    name: str
    affiliation: str | None = None


@dataclass(slots=True)
class Candidate:
    """A word proposed for a censorship mask, with the evidence behind it."""

    token: str
    score: float
    evidence_count: int


#: What a mask hides (see pipeline/stages/mask_kinds.py): a censored word, a swear word, a private person, or
#: letters kept around a mask that fit none of these.
MASK_KINDS = ("censorship", "profanity", "privacy", "unknown")


@dataclass(slots=True)
class Redaction:
    """A mask: a word (or letters of one) hidden by a placeholder in the source.

    `field` says where the span is: "text" (the default), "title", "subtitle" or
    "removed" (then `item` is the index in `removed`). A censorship mask in text,
    title or subtitle is replaced there by the canonical token, so
    `<field>[start:end]` is the token and `raw` the source's form; every other
    mask (profanity, privacy, unknown, or anything in `removed`) is left as the
    source wrote it, so `<field>[start:end] == raw` and no letter is lost.
    """

    start: int
    end: int
    raw: str
    kind: str  # "censorship", "profanity", "privacy" or "unknown"
    left: str = ""
    right: str = ""
    candidates: list[Candidate] = field(default_factory=list)
    shape: str = "word"  # "word" (a whole word hidden) or "partial" (letters of a word kept: `f***ing`)
    field: str = "text"
    item: int = -1


@dataclass(slots=True)
class Edit:
    """A repair made to `text`: `text[start:end]` now holds what replaced `before`."""

    kind: str
    start: int
    end: int
    before: str


@dataclass(slots=True)
class Paragraph:
    """A paragraph of `text`: its span, its role and its own language.

    `kind` is "body" or "heading" (a short line that titles what follows, such
    as a lost section heading in machine-translated text).
    """

    start: int
    end: int
    kind: str = "body"
    lang: str | None = None
    lang_score: float | None = None


@dataclass(slots=True)
class Removed:
    """Something taken out of the article body (header line, boilerplate, subtitle)."""

    kind: str
    text: str
    line: int  # 0-based line number in the record's original text, -1 if unknown


@dataclass(slots=True)
class Undo:
    """A change to `text` by `stage`: `text[start:end]` just after that stage held what replaced `before`.

    Positions are in the text as the stage left it, so the groups are undone in
    reverse stage order (`pipeline.undo.undo_all`).
    """

    stage: str
    start: int
    end: int
    before: str


@dataclass(slots=True)
class Reject:
    """An input record that will not become a row, and why. Written to rejects.jsonl."""

    source_path: str
    source_index: int
    reason: str  # a short stable code, counted in stats
    message: str  # for a human
    stage: str = "reader"
    id: str | None = None
    position: str | None = None  # byte offset, line number or WARC record id, where known


@dataclass(slots=True)
class Document:
    text: str
    source_path: str
    source_index: int
    id: str = ""
    title: str | None = None
    subtitle: str | None = None
    source: str | None = None
    url: str | None = None
    published: str | None = None
    updated: str | None = None
    crawled: str | None = None  # when the page was fetched (e.g. the WARC date): the base for relative dates
    authors: list[Author] = field(default_factory=list)
    lang: str = "und"
    lang_score: float = 0.0
    lang_variant: str | None = None
    paragraphs: list[Paragraph] = field(default_factory=list)
    redactions: list[Redaction] = field(default_factory=list)
    edits: list[Edit] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)
    undo: list[Undo] = field(default_factory=list)
    quality_flags: list[str] = field(default_factory=list)
    quality: dict[str, float] = field(default_factory=dict)
    dup_of: str | None = None
    dup_cluster_size: int = 1
    dup_kind: str | None = None  # exact, near or contained: how the dedup pass found this copy
    source_hash: str = ""
    encoding: str = "utf-8"
    format: str = "text"
    meta: dict[str, Any] = field(default_factory=dict)

    def rewrite(self, changes: list[tuple[int, int, str]]) -> list[tuple[int, int]]:
        """Replace `text[start:end]` by each new string and keep all spans true.

        `changes` must not overlap. Returns the new (start, end) of every
        replacement, in the order given, so the caller can record it. Spans of
        earlier edits and redactions after a change are shifted by its length
        difference; a span that a change overlaps is a bug in stage order.
        """
        order = sorted(range(len(changes)), key=lambda i: changes[i][0])
        pieces: list[str] = []
        new_spans: list[tuple[int, int]] = [(0, 0)] * len(changes)
        shifts: list[tuple[int, int]] = []  # (old position, cumulative delta after it)
        cursor = delta = 0
        for i in order:
            start, end, new = changes[i]
            if start < cursor:
                raise ValueError("overlapping rewrites")
            pieces.append(self.text[cursor:start])
            new_start = start + delta
            pieces.append(new)
            new_spans[i] = (new_start, new_start + len(new))
            delta += len(new) - (end - start)
            shifts.append((end, delta))
            cursor = end
        pieces.append(self.text[cursor:])
        self.text = "".join(pieces)

        def moved(pos: int) -> int:
            shift = 0
            for old_end, cum in shifts:
                if pos >= old_end:
                    shift = cum
                else:
                    break
            return pos + shift

        for span in (*self.edits, *(r for r in self.redactions if r.field == "text"), *self.paragraphs):
            span.start, span.end = moved(span.start), moved(span.end)
        return new_spans

    def to_row(self) -> dict[str, Any]:
        row = _plain(self)
        row["meta"] = json.dumps(self.meta, ensure_ascii=False, sort_keys=True) if self.meta else None
        row["quality"] = {name: float(self.quality.get(name, 0.0)) for name in QUALITY_FIELDS}
        return row


def _plain(value: Any) -> Any:
    """A record as dicts and lists, as `dataclasses.asdict` gives it but without its deep copy of every
    value: the row goes straight to Arrow, and the copying was most of the time of a short document's row."""
    names = getattr(type(value), "__dataclass_fields__", None)  # a record class's fields, by name
    if names is not None:
        return {name: _plain(getattr(value, name)) for name in names}
    if type(value) is list:
        return [_plain(item) for item in value]
    return value


# Signals stored in the `quality` struct; the quality stage fills them (pipeline/stages/quality.py
# says what each means). stopword_ratio is NaN where the language has no stop-word list.
QUALITY_FIELDS = (
    "chars",
    "words",
    "paragraphs",
    "mean_word_length",
    "digit_ratio",
    "symbol_ratio",
    "terminal_punct_ratio",
    "dup_paragraph_ratio",
    "mask_count",
    "apostrophes_fixed",
    "lines",
    "unspaced_words",
    "short_line_ratio",
    "dup_line_ratio",
    "dup_paragraph_char_ratio",
    "top_2gram_ratio",
    "top_3gram_ratio",
    "top_4gram_ratio",
    "dup_5gram_ratio",
    "dup_10gram_ratio",
    "stopword_ratio",
    "masks_per_100_words",
    "enumeration_restarts",
    "foreign_fragments",
    "foreign_script_ratio",
    "second_lang_share",
)

_AUTHOR = pa.struct([("name", pa.string()), ("affiliation", pa.string())])
_CANDIDATE = pa.struct([("token", pa.string()), ("score", pa.float32()), ("evidence_count", pa.int32())])
_REDACTION = pa.struct(
    [
        ("start", pa.int32()),
        ("end", pa.int32()),
        ("raw", pa.string()),
        ("kind", pa.string()),
        ("left", pa.string()),
        ("right", pa.string()),
        ("candidates", pa.list_(_CANDIDATE)),
        ("shape", pa.string()),
        ("field", pa.string()),
        ("item", pa.int32()),
    ]
)
_EDIT = pa.struct([("kind", pa.string()), ("start", pa.int32()), ("end", pa.int32()), ("before", pa.string())])
_PARAGRAPH = pa.struct(
    [("start", pa.int32()), ("end", pa.int32()), ("kind", pa.string()), ("lang", pa.string()), ("lang_score", pa.float32())]
)
_REMOVED = pa.struct([("kind", pa.string()), ("text", pa.string()), ("line", pa.int32())])
_UNDO = pa.struct([("stage", pa.string()), ("start", pa.int32()), ("end", pa.int32()), ("before", pa.string())])

SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("text", pa.string()),
        ("title", pa.string()),
        ("subtitle", pa.string()),
        ("source", pa.string()),
        ("url", pa.string()),
        ("published", pa.string()),
        ("updated", pa.string()),
        ("crawled", pa.string()),
        ("authors", pa.list_(_AUTHOR)),
        ("lang", pa.string()),
        ("lang_score", pa.float32()),
        ("lang_variant", pa.string()),
        ("paragraphs", pa.list_(_PARAGRAPH)),
        ("redactions", pa.list_(_REDACTION)),
        ("edits", pa.list_(_EDIT)),
        ("removed", pa.list_(_REMOVED)),
        ("undo", pa.list_(_UNDO)),
        ("quality_flags", pa.list_(pa.string())),
        ("quality", pa.struct([(name, pa.float32()) for name in QUALITY_FIELDS])),
        ("dup_of", pa.string()),
        ("dup_cluster_size", pa.int32()),
        ("dup_kind", pa.string()),
        ("source_path", pa.string()),
        ("source_index", pa.int64()),
        ("source_hash", pa.string()),
        ("encoding", pa.string()),
        ("format", pa.string()),
        ("meta", pa.string()),
    ]
)
