"""Every field of every record is writable: characters UTF-8 cannot carry are replaced and recorded."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline.build import build
from pipeline.document import SCHEMA, Author, Removed
from pipeline.recipe import load_recipe
from pipeline.sanitize import EDIT_KIND, FLAG, safe_text, sanitize_document
from tests.conftest import doc

BODY = ("Der Stadtrat hat am Dienstag den neuen Haushalt beschlossen, nach einer Debatte von sechs Stunden.\n\n"
        "La mairie a ensuite publié le détail des dépenses prévues pour les écoles et les bibliothèques.")


def _writes(d) -> bool:
    pa.Table.from_pylist([d.to_row()], schema=SCHEMA)
    return True


def test_lone_surrogates_nul_and_noncharacters_in_every_field_are_replaced_and_recorded():
    d = doc(BODY.replace("Stunden", "Stu\udc80\udc81nden").replace("écoles", "éco\x00les") + " \U0010ffff",
            title="Haushalt \ud800", source="Kurier\udfff", url="https://example.org/\udc80",
            authors=[Author("Ana \udc9f", "Desk \ufffe")], removed=[Removed("title", "x\udc80", 0)],
            meta={"tag\udc80": ["a\udc80", {"deep": "b\x00"}], "views": 12})
    with pytest.raises(UnicodeEncodeError):
        _writes(d)
    sanitize_document(d)
    assert _writes(d)
    bad = [e for e in d.edits if e.kind == EDIT_KIND]
    assert [e.before for e in bad] == ["\\udc80\\udc81", "\\x00", "\\U0010ffff"]
    assert all(d.text[e.start:e.end] == "\ufffd" * (e.end - e.start) for e in bad)
    assert "Stu\ufffd\ufffdnden" in d.text and "éco\ufffdles" in d.text
    assert d.title == "Haushalt \ufffd" and d.source == "Kurier\ufffd"
    assert d.authors[0] == Author("Ana \ufffd", "Desk \ufffd")
    assert d.meta["tag\ufffd"] == ["a\ufffd", {"deep": "b\ufffd"}] and d.meta["views"] == 12
    assert FLAG in d.quality_flags
    assert d.meta["invalid_chars_in"] == ["text", "title", "source", "url", "authors", "removed", "meta"]


def test_spans_stay_true_and_a_clean_document_is_left_alone():
    d = doc(BODY.replace("Haushalt", "Haus\udc80halt"))
    sanitize_document(d)
    assert len(d.text) == len(BODY) + 1 and d.meta["invalid_chars_in"] == ["text"]
    assert d.text[d.edits[0].start:d.edits[0].end + 4] == "\ufffdhalt"
    clean = doc(BODY, title="Ratsbeschluss", meta={"k": "v"})
    before = clean.to_row()
    assert sanitize_document(clean).to_row() == before
    assert safe_text("ok \t\n text") == "ok \t\n text"


def _poison_jsonl(folder: Path) -> Path:
    folder.mkdir()
    records = [
        {"text": BODY, "title": "Haushalt", "source": "Kurier \udc80", "author": "Ana \udc80 Lima",
         "section\udc80": "Stadt", "tags": ["x\udcff"]},
        {"text": BODY.replace("Dienstag", "Mittwoch") + " \udc80", "title": "T\udc80", "date": "2024-03-05"},
        {"text": BODY.replace("Dienstag", "Freitag"), "title": "Sauber"},
    ]
    (folder / "dump.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="ascii")
    (folder / os.fsdecode(b"Stra\xdfe-\xff.txt")).write_text("Titel\n\n" + BODY, encoding="utf-8")
    return folder


def test_a_build_with_poison_records_and_a_non_utf8_file_name_keeps_every_record(tmp_path):
    src = _poison_jsonl(tmp_path / "in")
    toml = tmp_path / "corpus.toml"
    toml.write_text('[corpus]\nname = "poison"\n[stages.unicode]\nenabled = false\n')
    result = build(load_recipe(toml, inputs=[str(src)], output=str(tmp_path / "out")))
    assert result.stats["rows_written"] == 4 and result.stats["rejected"] == 0
    rows = [r for f in sorted((tmp_path / "out" / "data").rglob("*.parquet")) for r in pq.read_table(f).to_pylist()]
    paths = sorted({r["source_path"] for r in rows})
    assert paths == ["in/Stra\\xdfe-\\xff.txt", "in/dump.jsonl"]
    flagged = [r for r in rows if FLAG in r["quality_flags"]]
    assert len(flagged) == 2
    assert any(e["kind"] == EDIT_KIND and e["before"] == "\\udc80" for r in flagged for e in r["edits"])
    assert any(r["source"] == "Kurier \ufffd" for r in rows)
