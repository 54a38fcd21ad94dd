from pathlib import Path

import pytest

from pipeline.readers import reader_for
from pipeline.readers.options import DEFAULT_FIELDS, ReaderOptions, reject_rate_problem
from pipeline.recipe import RecipeError, expand_inputs


def test_defaults_and_overrides_from_the_input_table():
    o = ReaderOptions.from_recipe({"paths": ["raw"], "max_doc_bytes": 1000, "fields": {"text": "body"}})
    assert o.max_doc_bytes == 1000 and o.format == "auto"
    assert o.fields["text"] == ("body",) and o.fields["title"] == DEFAULT_FIELDS["title"]


@pytest.mark.parametrize(("table", "says"), [
    ({"max_doc_byte": 10}, "unknown option(s) max_doc_byte"),
    ({"format": "pdf"}, "format must be one of"),
    ({"encoding": "klingon"}, "no known codec"),
    ({"max_doc_bytes": 0}, "max_doc_bytes must be a positive integer"),
    ({"html_timeout": "soon"}, "html_timeout must be a positive number"),
    ({"max_reject_rate": 5}, "max_reject_rate must be a fraction"),
    ({"invalid_bytes": "ignore"}, "invalid_bytes must be"),
    ({"fields": {"headline": "h"}}, "unknown field(s) headline"),
    ({"fields": {"text": 3}}, "fields.text must be a key name"),
])
def test_a_bad_option_is_a_recipe_error_that_names_it(table, says):
    with pytest.raises(RecipeError) as info:
        ReaderOptions.from_recipe(table)
    assert says in str(info.value)


def test_reject_rate_is_checked_only_when_the_recipe_sets_it():
    stats = {"records_read": 100, "rejected": 6}
    assert reject_rate_problem(stats, ReaderOptions()) is None
    assert reject_rate_problem(stats, ReaderOptions(max_reject_rate=0.1)) is None
    problem = reject_rate_problem(stats, ReaderOptions(max_reject_rate=0.05))
    assert "6 of 100 records rejected (6.0%)" in problem


@pytest.mark.parametrize(("name", "reader"), [
    ("a.txt", "text"), ("a.txt.gz", "text"), ("README", "text"), ("photo.png", "text"),
    ("a.jsonl", "jsonl"), ("a.jsonl.gz", "jsonl"), ("a.ndjson.zst", "jsonl"), ("a.json.bz2", "jsonl"),
    ("a.html", "html"), ("A.HTM.xz", "html"),
    ("b.warc.gz", "warc"), ("b.warc", "warc"), ("old.arc.gz", "warc"),
])
def test_the_reader_is_told_by_the_name_without_compression(name, reader):
    assert reader_for(Path(name)) == reader


def test_the_recipe_format_wins_over_the_name():
    assert reader_for(Path("dump.txt"), "jsonl") == "jsonl"
    with pytest.raises(ValueError):
        reader_for(Path("a.txt"), "pdf")


def test_inputs_as_files_folders_globs_and_several_patterns(tmp_path):
    for rel in ("raw/a.txt", "raw/sub/b.jsonl.gz", "raw/.hidden.txt", "raw/.git/config", "crawl/c.warc.gz",
                "crawl/d.warc.gz", "single.html"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")
    found = expand_inputs((str(tmp_path / "raw"), str(tmp_path / "crawl" / "*.warc.gz"), str(tmp_path / "single.html"),
                           str(tmp_path / "raw" / "a.txt")))
    names = [f.relative_to(tmp_path).as_posix() for f in found]
    assert names == ["crawl/c.warc.gz", "crawl/d.warc.gz", "raw/a.txt", "raw/sub/b.jsonl.gz", "single.html"]
    assert expand_inputs((str(tmp_path / "**" / "*.gz"),)) == [
        tmp_path / "crawl/c.warc.gz", tmp_path / "crawl/d.warc.gz", tmp_path / "raw/sub/b.jsonl.gz"]


def test_inputs_that_name_nothing_are_an_error(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(RecipeError, match="matches no file"):
        expand_inputs((str(tmp_path / "*.warc"),))
    with pytest.raises(RecipeError, match="no files"):
        expand_inputs((str(tmp_path / "empty"),))
