"""The recipe's inputs, output and work folder given as fsspec URLs (local paths: tests/readers/test_options.py)."""

from __future__ import annotations

import json
from pathlib import Path

import fsspec
import pytest

from pipeline.recipe import RecipeError, expand_inputs, find_inputs, load_recipe


def put(url: str, data: bytes = b"x") -> None:
    fsspec.filesystem("memory").pipe(url, data)


def test_remote_inputs_as_files_folders_globs_hidden_left_out(memory_url):
    for rel in ("raw/b.txt", "raw/a.txt", "raw/sub/c.jsonl.gz", "raw/.hidden.txt", "raw/.git/config",
                "crawl/c.warc.gz", "crawl/d.warc.gz", "crawl/.partial.warc.gz", "single.html"):
        put(f"{memory_url}/{rel}")
    root = memory_url
    found = expand_inputs((f"{root}/raw", f"{root}/crawl/*.warc.gz", f"{root}/single.html", f"{root}/raw/a.txt"))
    assert found == [f"{root}/{rel}" for rel in (
        "crawl/c.warc.gz", "crawl/d.warc.gz", "raw/a.txt", "raw/b.txt", "raw/sub/c.jsonl.gz", "single.html")]
    assert expand_inputs((f"{root}/**/*.gz",)) == [f"{root}/{rel}" for rel in (
        "crawl/c.warc.gz", "crawl/d.warc.gz", "raw/sub/c.jsonl.gz")]


def test_local_files_come_first_then_urls_each_sorted(tmp_path, memory_url):
    (tmp_path / "b.txt").write_text("x")
    (tmp_path / "a.txt").write_text("x")
    put(f"{memory_url}/z.txt")
    put(f"{memory_url}/y.txt")
    found = expand_inputs((f"{memory_url}/*.txt", str(tmp_path), f"file://{tmp_path}/a.txt"))
    assert found == [tmp_path / "a.txt", tmp_path / "b.txt", f"{memory_url}/y.txt", f"{memory_url}/z.txt"]


def test_bad_remote_inputs_are_clear_recipe_errors(memory_url):
    put(f"{memory_url}/a.txt")
    with pytest.raises(RecipeError, match=r"memory://.*/\*\.jsonl' matches no file"):
        expand_inputs((f"{memory_url}/*.jsonl",))
    with pytest.raises(RecipeError, match="matches no file"):
        expand_inputs((f"{memory_url}/nothing-here",))
    with pytest.raises(RecipeError, match="Protocol not known: nosuchfs"):
        expand_inputs(("nosuchfs://bucket/news/*.jsonl",))


def test_a_backend_that_is_not_installed_is_named(monkeypatch):
    def missing(url, **kwargs):
        raise ImportError("Install s3fs to access S3")

    monkeypatch.setattr("pipeline.fs.url_to_fs", missing)
    with pytest.raises(RecipeError, match="Install s3fs"):
        expand_inputs(("s3://bucket/news/*.jsonl.gz",))


def test_output_and_inputs_may_be_urls_and_the_work_folder_is_not_part_of_the_recipe(tmp_path):
    (tmp_path / "corpus.toml").write_text(
        '[input]\npaths = ["memory://bucket/news/*.jsonl", "local/*.txt", "file:///srv/news"]\n'
        '[output]\npath = "memory://bucket/corpus/"\n[build]\nwork = "scratch"\n')
    recipe = load_recipe(tmp_path)
    assert recipe.inputs == ("memory://bucket/news/*.jsonl", str(tmp_path / "local/*.txt"), "/srv/news")
    assert recipe.output == "memory://bucket/corpus"
    assert recipe.work == tmp_path / "scratch"  # relative to the recipe folder
    assert "work" not in json.loads(recipe.to_json())["build"]
    # No absolute local path is saved (and so published): a pattern outside the recipe folder is named below its root.
    assert json.loads(recipe.to_json())["inputs"] == ["memory://bucket/news/*.jsonl", "local/*.txt", "news"]
    assert load_recipe(tmp_path, work="elsewhere").work == Path.cwd() / "elsewhere"  # --work: relative to here
    assert load_recipe(tmp_path, output=f"file://{tmp_path}/out").output == tmp_path / "out"


def test_a_remote_work_folder_or_an_unknown_output_protocol_is_refused(tmp_path):
    (tmp_path / "corpus.toml").write_text('[input]\npaths = ["*.txt"]\n')
    with pytest.raises(RecipeError, match="work folder must be on a local"):
        load_recipe(tmp_path, work="memory://bucket/work")
    with pytest.raises(RecipeError, match="output nosuchfs://x/out: Protocol not known"):
        load_recipe(tmp_path, output="nosuchfs://x/out")


def test_inputs_are_named_below_their_root_never_by_absolute_path(tmp_path, monkeypatch):
    for rel in ("home/ana/news/2024/a.jsonl", "home/ana/news/2024/b.txt", "home/ana/crawl/2024/a.jsonl",
                "home/ana/single.html"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")
    ana = tmp_path / "home" / "ana"
    patterns = (str(ana / "news"), str(ana / "crawl" / "2*" / "*.jsonl"), str(ana / "single.html"))
    names = {f.location.relative_to(ana).as_posix(): f.shown for f in find_inputs(patterns)}
    assert names == {"news/2024/a.jsonl": "news/2024/a.jsonl", "news/2024/b.txt": "news/2024/b.txt",
                     "crawl/2024/a.jsonl": "crawl/2024/a.jsonl", "single.html": "ana/single.html"}
    assert not any(str(tmp_path) in shown for shown in names.values())
    # The same files from another current folder, named relative to it: the same names (and so ids).
    monkeypatch.chdir(ana / "news")
    again = {f.location.relative_to(ana).as_posix(): f.shown for f in find_inputs(("../news", "../crawl/2*/*.jsonl",
                                                                                  "../single.html"))}
    assert again == names


def test_two_roots_of_the_same_name_get_as_many_folders_as_tell_them_apart(tmp_path):
    for rel in ("a/2024/x.txt", "b/2024/x.txt", "b/2024/y.txt"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")
    found = find_inputs((str(tmp_path / "b" / "2024"), str(tmp_path / "a" / "2024")))
    assert [f.shown for f in found] == ["a/2024/x.txt", "b/2024/x.txt", "2024/y.txt"]
