"""Builds whose inputs or output are fsspec URLs, on the in-memory filesystem (no network).

fsspec's memory filesystem lives in this process only, so every build here
that reads memory:// inputs runs with one worker, which runs the tasks inline;
with more, the build refuses before any work (a worker would read nothing).
"""

from __future__ import annotations

import dataclasses
import functools
import gzip
import json
from pathlib import Path

import fsspec
import pyarrow.parquet as pq
import pytest
from fsspec.implementations.memory import MemoryFileSystem
from typer.testing import CliRunner

from pipeline.build import WORK, build, work_dir
from pipeline.cli import app
from pipeline.ownership import MARKER
from pipeline.recipe import RecipeError, load_recipe
from pipeline.validate import validate_location
from tests.conftest import DEMO
from tests.readers.samples import BRIDGE_RU, NIGHT_MARKET, RIVER_MARKET_ZH, article_record, jsonl
from tests.readers.test_warc import CRAWL
from tests.readers.test_warc import warc_bytes as make_warc

MEMORY = fsspec.filesystem("memory")
RECIPE = '[corpus]\nname = "remote"\n[input]\npaths = ["in"]\n[output]\ntask_bytes = 1\n'


@functools.cache
def inputs() -> dict[str, bytes]:
    """Plain text articles, a gzipped JSON-lines dump and a gzipped WARC: each read through its own path.

    Made once, for every test of the module to upload the same bytes.
    """
    files = {f"text/{p.name}": p.read_bytes() for p in sorted((DEMO / "articles").glob("*.txt"))[:5]}
    files["dumps/articles.jsonl.gz"] = gzip.compress(
        jsonl([article_record(a, n=i) for i, a in enumerate((NIGHT_MARKET, RIVER_MARKET_ZH, BRIDGE_RU))]), mtime=0)
    files["crawl/news.warc.gz"] = make_warc(CRAWL)
    return files


def corpus_folder(root: Path) -> Path:
    """A recipe folder with the inputs on disk under in/."""
    for rel, data in inputs().items():
        (root / "in" / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / "in" / rel).write_bytes(data)
    (root / "corpus.toml").write_text(RECIPE)
    return root


def upload_inputs(url: str) -> None:
    for rel, data in inputs().items():
        MEMORY.pipe(f"{url}/{rel}", data)


def rows_of(out: Path) -> list[dict]:
    return [r for shard in sorted(out.glob("data/*/*.parquet")) for r in pq.read_table(shard).to_pylist()]


def published(files: dict[str, bytes]) -> dict[str, object]:
    """What a reader of the corpus gets, byte for byte, less the timings in stats.json (they vary by run)."""
    stats = json.loads(files["stats.json"])
    return {**files, "stats.json": {k: v for k, v in stats.items() if not k.startswith("seconds")}}


def local_files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and not p.relative_to(out).as_posix().startswith(WORK + "/")}


def remote_files(url: str) -> dict[str, bytes]:
    root = url.removeprefix("memory://")
    return {f.removeprefix(root + "/"): MEMORY.cat_file(f) for f in MEMORY.find(root)}


def content(row: dict) -> dict:
    """A row less what depends on the input's name: its id, which copy of a duplicate links to which, and the
    scores of a mask's candidate words (restoration calibrates on a sample of documents drawn by id)."""
    kept = {k: v for k, v in row.items() if k not in ("id", "source_path", "dup_of", "dup_kind", "dup_cluster_size")}
    kept["redactions"] = [{k: v for k, v in r.items() if k != "candidates"} for r in row["redactions"]]
    return kept


def linked(rows) -> int:
    return sum(r["dup_of"] is not None for r in rows)


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """The user cache (where a remote output's work folder goes by default), inside the test's folder."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_inputs_on_a_remote_filesystem_give_the_rows_of_the_same_files_on_disk(tmp_path, memory_url):
    root = corpus_folder(tmp_path / "corpus")
    upload_inputs(f"{memory_url}/in")
    local = build(load_recipe(root, output=str(tmp_path / "local")), workers=1)
    remote = build(load_recipe(root, inputs=[f"{memory_url}/in"], output=str(tmp_path / "remote")), workers=1)

    local_rows = {(r["source_path"].removeprefix("in/"), r["source_index"]): r for r in rows_of(local.output)}
    remote_rows = {(r["source_path"].removeprefix(f"{memory_url}/in/"), r["source_index"]): r
                   for r in rows_of(remote.output)}
    assert len(local_rows) >= 10 and local_rows.keys() == remote_rows.keys()
    assert {path for path, _ in local_rows} == set(inputs())  # every file, each format, gave rows
    for key, row in local_rows.items():
        other = remote_rows[key]
        # A remote file is recorded by its URL, and the id is made from where a record came from and its text.
        assert row["source_path"] == f"in/{key[0]}" and other["source_path"] == f"{memory_url}/in/{key[0]}"
        assert row["id"] != other["id"]
        assert content(row) == content(other), key
    # Which copy of a duplicate is the canonical one is decided by id: only how many are linked is the same.
    assert linked(local_rows.values()) == linked(remote_rows.values()) > 0
    assert local.stats["records_read"] == remote.stats["records_read"]
    assert local.stats["rejects_by_reason"] == remote.stats["rejects_by_reason"]


def test_output_on_a_remote_filesystem_gets_the_bytes_of_a_local_build_and_validates(tmp_path, memory_url, cache,
                                                                                      monkeypatch):
    root = corpus_folder(tmp_path / "corpus")
    local = build(load_recipe(root, output=str(tmp_path / "local")), workers=1)
    sent: list[str] = []
    put_file = MemoryFileSystem.put_file
    monkeypatch.setattr(MemoryFileSystem, "put_file",
                        lambda self, lpath, rpath, **kw: (sent.append(rpath), put_file(self, lpath, rpath, **kw)))
    url = f"{memory_url}/corpus"
    remote = build(load_recipe(root, output=url), workers=1)

    assert remote.output == url
    expected = local_files(local.output)
    root_path = url.removeprefix("memory://")
    assert published(remote_files(url)) == published(expected)
    shards = [rel for rel in expected if rel.startswith("data/")]
    assert sent[0] == f"{root_path}/{MARKER}"  # the ownership marker, then the data
    assert [s.removeprefix(root_path + "/") for s in sent][1:len(shards) + 1] == sorted(shards)
    assert sent[-1] == f"{root_path}/README.md"  # the card, which names the configs, last
    assert work_dir(load_recipe(root, output=url)).is_relative_to(cache)  # nothing of the build beside the corpus

    report = validate_location(url)
    assert report.ok, report.problems
    assert report.rows == local.stats["rows_written"] == sum(
        pq.read_table(f"{root_path}/{s}", filesystem=MEMORY).num_rows for s in shards)
    result = CliRunner().invoke(app, ["validate", url])
    assert result.exit_code == 0 and "check out" in result.output, result.output
    MEMORY.rm_file(f"{root_path}/{shards[0]}")
    result = CliRunner().invoke(app, ["validate", url])
    assert result.exit_code == 3 and "the shards hold 0" in result.output, result.output


def test_a_remote_rebuild_removes_what_it_no_longer_makes(tmp_path, memory_url, cache):
    root = corpus_folder(tmp_path / "corpus")
    url = f"{memory_url}/corpus"
    recipe = load_recipe(root, output=url)
    small = dataclasses.replace(recipe, build={**recipe.build, "rows_per_shard": 1})
    build(small, workers=1)
    many = {f for f in MEMORY.find(url) if "/data/" in f}
    MEMORY.pipe(f"{url}/notes.txt", b"not the build's")
    build(recipe, workers=1, force=True)
    left = {f for f in MEMORY.find(url) if "/data/" in f}
    assert len(left) < len(many) and all(f.endswith("-of-00001.parquet") for f in left)
    assert MEMORY.cat_file(f"{url}/notes.txt") == b"not the build's"  # never touches what it did not write
    assert validate_location(url).ok


def test_a_rerun_on_remote_inputs_does_nothing_and_a_new_file_runs_alone(tmp_path, memory_url):
    root = corpus_folder(tmp_path / "corpus")
    upload_inputs(f"{memory_url}/in")
    args = ["build", str(root), "--input", f"{memory_url}/in", "--output", str(tmp_path / "out"), "--workers", "1"]
    first = CliRunner().invoke(app, args)
    assert first.exit_code == 0, first.output
    again = CliRunner().invoke(app, args)
    assert again.exit_code == 0 and "up to date" in again.output, again.output

    MEMORY.pipe(f"{memory_url}/in/text/zz-new.txt", (DEMO / "articles" / "11-zh-port-trade.txt").read_bytes())
    ran: list[dict] = []
    result = build(load_recipe(root, inputs=[f"{memory_url}/in"], output=str(tmp_path / "out")), workers=1,
                   on_task=ran.append)
    assert result.tasks_run == 1 and list(ran[0]["per_file"]) == [f"{memory_url}/in/text/zz-new.txt"]
    assert result.stats["inputs"]["files"] == len(inputs()) + 1


def test_memory_inputs_with_several_workers_are_refused_before_any_work(tmp_path, memory_url):
    root = corpus_folder(tmp_path / "corpus")
    upload_inputs(f"{memory_url}/in")
    recipe = load_recipe(root, inputs=[f"{memory_url}/in"], output=str(tmp_path / "out"))
    with pytest.raises(RecipeError, match="memory:// exist only in this process"):
        build(recipe, workers=2)
    assert not (tmp_path / "out").exists()
    result = CliRunner().invoke(app, ["build", str(root), "-i", f"{memory_url}/in", "-o", str(tmp_path / "out")])
    assert result.exit_code == 2 and "--workers 1" in result.output, result.output


def test_the_work_folder_is_local_by_default_and_may_be_chosen(tmp_path, cache):
    root = corpus_folder(tmp_path / "corpus")
    assert work_dir(load_recipe(root)) == root / "output" / WORK
    a, b = (work_dir(load_recipe(root, output=f"memory://bucket/{name}")) for name in ("a", "b"))
    assert a.parent == b.parent == cache / "newscorpus" / "work" and a != b  # one per output URL
    assert work_dir(load_recipe(root, output="memory://bucket/a", work=str(tmp_path / "w"))) == tmp_path / "w"


def test_a_chosen_work_folder_keeps_the_output_folder_clean(tmp_path):
    root = corpus_folder(tmp_path / "corpus")
    result = build(load_recipe(root, output=str(tmp_path / "out"), work=str(tmp_path / "scratch")), workers=1)
    assert not (tmp_path / "out" / WORK).exists() and (tmp_path / "scratch" / "state.sqlite").exists()
    assert published(local_files(result.output)) == published(local_files(build(load_recipe(root), workers=1).output))


def test_validating_a_url_of_an_unknown_filesystem_is_a_usage_error():
    result = CliRunner().invoke(app, ["validate", "nosuchfs://bucket/corpus"])
    assert result.exit_code == 2 and "Protocol not known: nosuchfs" in result.output, result.output
