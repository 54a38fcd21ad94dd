"""The labelled metadata dev set meets the issue's acceptance figures (accuracy thresholds, no timing)."""

from __future__ import annotations

import json
import shutil

import pytest

from bench.metadata_eval import DEV, evaluate, load_labels, main


@pytest.fixture(scope="module")
def report():
    return evaluate(DEV)


def test_dev_set_covers_ten_languages_with_enough_articles():
    labels = load_labels(DEV)
    assert len(labels) >= 60
    assert {label["lang"] for label in labels} >= {"en", "zh", "ru", "es", "de", "fr", "ar", "pt", "ja", "ko"}


def test_field_accuracy_on_the_dev_set(report):
    for field in ("title", "source", "date", "authors"):
        assert report.accuracy(field) >= 0.95, (field, report.errors)


def test_boilerplate_removed_and_body_kept(report):
    assert report.boilerplate_recall >= 0.95, report.errors
    assert report.boilerplate_precision >= 0.95, report.errors
    assert report.body_kept_ratio >= 0.99, report.errors


def test_a_label_that_names_a_line_the_article_lacks_is_an_error(tmp_path):
    dev = tmp_path / "dev"
    shutil.copytree(DEV, dev)
    labels = (dev / "labels.jsonl").read_text(encoding="utf-8").splitlines()
    first = json.loads(labels[0])
    first["boilerplate"].append("A line that is not in the article")
    (dev / "labels.jsonl").write_text("\n".join([json.dumps(first), *labels[1:]]) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="not in the article"):
        load_labels(dev)


def test_the_script_prints_every_figure(capsys):
    assert main(["--runs", "0"]) == 0
    out = capsys.readouterr().out
    for name in ("title", "source", "date", "authors", "boilerplate lines", "body lines kept", "headings"):
        assert name in out
