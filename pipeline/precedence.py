"""Which source a metadata field's value comes from, and which wins: markup or record first, the text second.

A reader fills `title`, `source`, `published` and `authors` from what a page's
markup or a JSONL record states (`pipeline.readers.stated`) and names the
origin in `meta.<field>_from` ("markup", "record"). The `headers` stage then
reads the article's header lines, which also fills the fields still empty
("text"). A stated value is stronger than anything the text path finds, so
the stage may not change it; a fallback the reader took only for want of a
stated one (the WARC record's date, `published_from = "warc_date"`) is weaker
than a date the article states, so the text may replace it.

The stage calls `before_text` first and `after_text` last; nothing else of the
precedence lives in the stage.
"""

from __future__ import annotations

from typing import Any

from pipeline.document import Document

#: The fields whose origin is recorded as `meta.<name>_from`.
FIELDS = ("title", "source", "published", "authors")
#: Origins that give way to a value the text states.
WEAK = frozenset({"warc_date"})
TEXT = "text"


def before_text(doc: Document) -> dict[str, tuple[Any, str]]:
    """The values the fields hold before the text is read, with their origins; weak ones are cleared,
    so the text path may fill them."""
    held: dict[str, tuple[Any, str]] = {}
    for name in FIELDS:
        value = getattr(doc, name)
        if value:
            origin = doc.meta.get(f"{name}_from", "reader")
            held[name] = (value, origin)
            if origin in WEAK:
                setattr(doc, name, [] if name == "authors" else None)
    return held


def after_text(doc: Document, held: dict[str, tuple[Any, str]]) -> None:
    """Put back what the text may not change, and name the text as the origin of what it filled.

    A stated title may come back shortened by the stage (an outlet's name cut off its end, as
    `headers` does for every title); any other change to a stated value is undone.
    """
    for name in FIELDS:
        value = getattr(doc, name)
        if name in held:
            old, origin = held[name]
            if origin in WEAK and value:
                doc.meta[f"{name}_from"] = TEXT
                continue
            if name == "title" and isinstance(value, str) and value and old.startswith(value):
                continue
            setattr(doc, name, old)
        elif value:
            doc.meta[f"{name}_from"] = TEXT
