"""A build's card, Croissant, stats and shards become visible together: `validate` never sees a mix."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import pipeline.build
import pipeline.switch
from pipeline.build import build
from pipeline.recipe import load_recipe
from pipeline.switch import STAGING
from pipeline.validate import validate_output

ARTICLES = [
    ("Ferry timetable changes", "The island ferry will leave half an hour earlier from next month, the operator said."),
    ("Нова бібліотека відкрилася", "У центрі міста відкрилася нова бібліотека з читальним залом для дітей та дорослих."),
    ("Nouvelle piste cyclable", "La ville a inauguré samedi une piste cyclable qui relie la gare au campus universitaire."),
]


def _corpus(tmp_path: Path, n: int) -> tuple[Path, Path]:
    src = tmp_path / "in"
    src.mkdir(exist_ok=True)
    for i, (title, body) in enumerate(ARTICLES[:n]):
        (src / f"{i}.txt").write_text(f"{title}\n\n{body} {body}\n", encoding="utf-8")
    toml = tmp_path / "corpus.toml"
    toml.write_text('[corpus]\nname = "switch"\ndate_published = "2024-05-01"\n')
    return toml, src


def _published(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and not p.relative_to(out).parts[0].startswith(".") and p.name != "stats.json"}


def _build(toml: Path, src: Path, out: Path):
    return build(load_recipe(toml, inputs=[str(src)], output=str(out)))


def test_a_build_stopped_while_rendering_the_card_leaves_the_previous_corpus(tmp_path, monkeypatch):
    toml, src = _corpus(tmp_path, 1)
    out = tmp_path / "out"
    _build(toml, src, out)
    before = _published(out)
    _corpus(tmp_path, 3)  # two new articles in two new languages: new shards, new card

    def killed(folder):
        raise KeyboardInterrupt  # stands for a kill after stats.json and the shards were written

    monkeypatch.setattr(pipeline.build, "card_for", killed)
    with pytest.raises(KeyboardInterrupt):
        _build(toml, src, out)
    assert validate_output(out).ok and _published(out) == before
    monkeypatch.undo()
    _build(toml, src, out)
    assert validate_output(out).ok and len(list(out.glob("data/*/*.parquet"))) > len(
        [k for k in before if k.startswith("data/")])


def test_a_build_stopped_during_the_switch_is_finished_by_the_next(tmp_path, monkeypatch):
    (tmp_path / "c").mkdir()
    toml, src = _corpus(tmp_path / "c", 3)
    clean = tmp_path / "clean"
    _build(toml, src, clean)
    toml, src = _corpus(tmp_path, 1)
    out = tmp_path / "out"
    _build(toml, src, out)
    _corpus(tmp_path, 3)
    moves = []

    class KilledAfterTwoMoves:
        def __getattr__(self, name):
            return getattr(os, name)

        def replace(self, a, b):
            if len(moves) == 2 and Path(b).name != "COMPLETE.json":
                raise KeyboardInterrupt  # killed after two files were switched in
            moves.append(b)
            os.replace(a, b)

    monkeypatch.setattr(pipeline.switch, "os", KilledAfterTwoMoves())
    with pytest.raises(KeyboardInterrupt):
        _build(toml, src, out)
    monkeypatch.undo()
    problems = validate_output(out).problems
    assert problems and problems[0].path == f"{STAGING}/" and "run it again" in problems[0].message
    _build(toml, src, out)
    assert validate_output(out).ok and not (out / STAGING).exists()
    shards = {k: v for k, v in _published(clean).items() if k.startswith("data/")}
    assert {k: v for k, v in _published(out).items() if k.startswith("data/")} == shards


def test_files_of_a_language_that_is_gone_are_removed_only_by_the_switch(tmp_path):
    toml, src = _corpus(tmp_path, 3)
    out = tmp_path / "out"
    _build(toml, src, out)
    langs = {p.name for p in (out / "data").iterdir()}
    (src / "2.txt").unlink()
    _build(toml, src, out)
    assert validate_output(out).ok
    assert len({p.name for p in (out / "data").iterdir()}) == len(langs) - 1
