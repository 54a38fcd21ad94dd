"""What the data holds never drives the terminal: no control codes, no emoji codes, no markup."""

from __future__ import annotations

import io
import json

import pytest
from typer.testing import CliRunner

from pipeline.build import build
from pipeline.cli import app
from pipeline.console import DataConsole, json_safe, printable
from pipeline.query import run_query
from pipeline.recipe import load_recipe

CLEAR = "\x1b[2J"
TITLE = "\x1b]0;owned\x07"  # OSC 0: sets the window title
CLIPBOARD = "\x1b]52;c;ZWNobyBoaQ==\x07"  # OSC 52: writes the clipboard
BODY = ("The regional assembly voted on Thursday to extend the night bus service to the outer districts, "
        "after a year of complaints from shift workers :x: who had no way home after midnight.\n\n"
        "Transport officials said the first new routes would start in the spring.")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    src = root / "in"
    src.mkdir()
    records = [{"text": BODY, "title": "Night buses", "source": f"Daily{CLEAR}{TITLE} [red]Post[/]",
                "author": f"Kim {CLIPBOARD}Lee", "title_note": f"Night {CLIPBOARD}buses", "date": "2024-05-02"}]
    (src / f"feed{CLEAR}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    toml = root / "corpus.toml"
    toml.write_text('[corpus]\nname = "hostile"\n')
    return build(load_recipe(toml, inputs=[str(src)], output=str(root / "out"))).output


def _printed(args: list[str]) -> str:
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    return result.output


def test_the_hostile_values_are_in_the_corpus(hostile):
    _, rows = run_query(hostile, "SELECT source, meta, source_path FROM corpus")
    source, meta, path = next(rows)
    # kept as data: only printing is safe (a record field the columns do not take stays in meta)
    assert CLEAR in source and CLIPBOARD in json.loads(meta)["title_note"] and CLEAR in path


@pytest.mark.parametrize("command", [
    ["query", "{out}", "SELECT source, authors, meta, source_path, text FROM corpus"],
    ["stats", "{out}"],
    ["inspect", "{id}", "-o", "{out}"],
])
def test_commands_print_no_control_codes_and_no_emoji(hostile, command):
    _, rows = run_query(hostile, "SELECT id FROM corpus")
    row_id = next(rows)[0]
    out = _printed([a.format(out=hostile, id=row_id) for a in command])
    assert "\x1b" not in out and "\x07" not in out
    assert "\\x1b" in out  # shown, as an escape
    assert "❌" not in out
    if command[0] != "stats":
        assert ":x:" in out


def test_json_output_escapes_every_control_character(hostile):
    out = _printed(["query", str(hostile), "SELECT source, authors FROM corpus", "--json"])
    assert "\x1b" not in out and json.loads(out)["source"].startswith(f"Daily{CLEAR}")
    assert json_safe(json.dumps({"a": "x\x9by"}, ensure_ascii=False)) == '{"a": "x\\u009by"}'


def test_data_console_keeps_its_own_styles_and_escapes_the_data():
    buffer = io.StringIO()
    DataConsole(file=buffer, force_terminal=True, color_system="standard").print(
        f"[bold]title[/bold] {printable('x')}", f"Daily{CLEAR}", ":x:", markup=True)
    out = buffer.getvalue()
    assert "\x1b[1m" in out  # rich's own bold
    assert CLEAR not in out and "\\x1b[2J" in out and ":x:" in out
    assert printable("tab\tand\nnewline kept\x00\x9b") == "tab\tand\nnewline kept\\x00\\x9b"
