"""The output folder belongs to the build: never one that holds the user's files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.build import build
from pipeline.cli import app
from pipeline.ownership import MARKER, OutputRefused
from pipeline.recipe import load_recipe

ARTICLE = "Harbour reopens after storm\n\nThe harbour reopened on Monday after a week of repairs to the quay.\n"


def _inputs(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "b.txt").write_text(ARTICLE.replace("Monday", "Tuesday"), encoding="utf-8")
    return folder


def _contents(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _recipe(tmp_path: Path, inputs: str, output: Path):
    toml = tmp_path / "corpus.toml"
    toml.write_text('[corpus]\nname = "own"\n')
    return load_recipe(toml, inputs=[inputs], output=str(output))


def test_the_input_folder_as_output_is_refused_and_left_untouched(tmp_path):
    src = _inputs(tmp_path / "in")
    (src / "README.md").write_text("my notes", encoding="utf-8")
    (src / "data").mkdir()
    (src / "data" / "keep.csv").write_text("1,2\n", encoding="utf-8")
    before = _contents(src)
    for force in (False, True):
        with pytest.raises(OutputRefused, match="input"):
            build(_recipe(tmp_path, str(src), src), force=force)
    assert _contents(src) == before


def test_an_output_that_contains_an_input_folder_is_refused(tmp_path):
    _inputs(tmp_path / "project" / "raw")
    with pytest.raises(OutputRefused, match="input"):
        build(_recipe(tmp_path, str(tmp_path / "project" / "raw" / "*.txt"), tmp_path / "project"))
    assert not (tmp_path / "project" / MARKER).exists()


def test_root_and_home_are_refused(tmp_path, monkeypatch):
    src = _inputs(tmp_path / "in")
    with pytest.raises(OutputRefused, match="root"):
        build(_recipe(tmp_path, str(src), Path("/")))
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    with pytest.raises(OutputRefused, match="home"):
        build(_recipe(tmp_path, str(src), home))


def test_a_foreign_non_empty_folder_is_refused_even_with_force(tmp_path):
    src = _inputs(tmp_path / "in")
    other = tmp_path / "photos"
    other.mkdir()
    (other / "stats.json").write_text("{}", encoding="utf-8")
    (other / "holiday.jpg").write_bytes(b"\xff\xd8\xff")
    before = _contents(other)
    with pytest.raises(OutputRefused, match="no newscorpus build wrote"):
        build(_recipe(tmp_path, str(src), other), force=True)
    assert _contents(other) == before


def test_an_empty_or_new_folder_is_claimed_and_rebuilt(tmp_path):
    src = _inputs(tmp_path / "in")
    for out in (tmp_path / "new" / "corpus", tmp_path / "empty"):
        if out.name == "empty":
            out.mkdir()
        first = build(_recipe(tmp_path, str(src), out))
        assert (out / MARKER).is_file() and first.stats["rows_written"] == 2
        (out / "notes.txt").write_text("mine", encoding="utf-8")  # the user's file beside the corpus
        again = build(_recipe(tmp_path, str(src), out), force=True)
        assert again.stats["rows_written"] == 2
        assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_cli_exits_2_before_any_work(tmp_path):
    src = _inputs(tmp_path / "in")
    toml = tmp_path / "corpus.toml"
    toml.write_text('[corpus]\nname = "own"\n')
    result = CliRunner().invoke(app, ["build", str(toml), "-i", str(src), "-o", str(src), "-q", "--force"])
    assert result.exit_code == 2, result.output
    assert sorted(p.name for p in src.iterdir()) == ["a.txt", "b.txt"]


def test_a_corpus_an_older_build_wrote_without_a_marker_is_still_ours(tmp_path):
    src = _inputs(tmp_path / "in")
    out = tmp_path / "out"
    build(_recipe(tmp_path, str(src), out))
    (out / MARKER).unlink()
    shutil.rmtree(out / ".newscorpus")  # built with --work elsewhere: only the published files are there
    again = build(_recipe(tmp_path, str(src), out))
    assert again.stats["rows_written"] == 2 and (out / MARKER).is_file()
