"""`newscorpus raw`: a row's article as its reader produced it, rebuilt from the row alone.

The row's `undo` column is undone stage by stage (`pipeline.undo`); the result
is checked against the row's `id`, a hash of where the record came from and of
exactly that text, so a printed article is known to be the one that was read.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pipeline.document import Document, Undo
from pipeline.inspect import inspect_id
from pipeline.query import CorpusError
from pipeline.task import document_id
from pipeline.undo import undo_all


def raw_text(row: dict[str, Any]) -> str:
    """The text of `row` with every recorded change undone."""
    return undo_all(row["text"], [Undo(**u) for u in row.get("undo") or []])


def matches_id(row: dict[str, Any], text: str) -> bool:
    """Whether `text` is the text the row's id was made from."""
    return document_id(Document(text=text, source_path=row["source_path"], source_index=row["source_index"])) == row["id"]


def raw_record(output: Path, doc_id: str) -> tuple[str, dict[str, Any]]:
    """The rebuilt text of the row with this id (or unique prefix) in the corpus at `output`, and the row."""
    found = inspect_id(output, doc_id)
    if found.row is None:
        raise CorpusError(f"{doc_id!r} is a rejected record, not a row: rejects.jsonl says why "
                          f"({found.reject['reason'] if found.reject else 'unknown'})")
    row = found.row
    if found.note:  # a dropped duplicate: its own text is not in the corpus, only its canonical copy's
        raise CorpusError(f"{found.note}; its own text was not kept (dedup mode 'drop')")
    return raw_text(row), row
