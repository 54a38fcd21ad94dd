"""The benchmark corpus has the properties its figures rely on, and is the same every time."""

from __future__ import annotations

import json
import re
import statistics
from pathlib import Path

import pytest

from bench.corpus import DATA, MAX_BYTES, Generator, generate
from pipeline.readers import read_file
from pipeline.recipe import read_toml

DOCS = 200


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("bench") / "corpus"
    generate(out, DOCS, seed=7, docs_per_shard=64)
    return out


def _records(corpus: Path) -> list[dict]:
    return [json.loads(line) for p in sorted((corpus / "jsonl").glob("*.jsonl")) for line in p.open(encoding="utf-8")]


def _truth(corpus: Path) -> list[dict]:
    return [json.loads(line) for p in sorted((corpus / "truth").glob("*.jsonl")) for line in p.open(encoding="utf-8")]


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_same_seed_same_bytes_and_prefix_stable(corpus, tmp_path):
    again = tmp_path / "again"
    generate(again, DOCS, seed=7, docs_per_shard=64, jobs=2)  # chunks made in parallel: still the same bytes
    for part in ("jsonl", "txt", "truth"):
        assert _files(again / part) == _files(corpus / part)
    other = tmp_path / "other"
    generate(other, DOCS, seed=8, docs_per_shard=64, formats=("jsonl",))
    assert _files(other / "jsonl") != _files(corpus / "jsonl")
    # article i depends on (seed, i) only: a smaller corpus is a prefix of a larger one
    records = _records(corpus)
    gen = Generator(7)
    assert [gen.article(i).text for i in (0, 57, 199)] == [records[i]["text"] for i in (0, 57, 199)]


def test_jsonl_and_text_files_hold_the_same_articles(corpus):
    records = _records(corpus)
    texts = _files(corpus / "txt")
    assert len(records) == len(texts) == DOCS
    assert [r["id"] for r in records] == [f"bench-{i:07d}" for i in range(DOCS)]
    assert [r["text"].encode() for r in records] == list(texts.values())
    assert all(name.count("/") == 1 for name in texts)  # packed into folders, not one flat directory
    manifest = json.loads((corpus / "manifest.json").read_text())
    assert manifest["docs"] == DOCS and manifest["bytes"] == sum(len(b) for b in texts.values())


def test_the_build_reads_both_forms(corpus):
    jsonl = sorted((corpus / "jsonl").glob("*.jsonl"))[0]
    docs = list(read_file(jsonl, "part.jsonl"))
    assert len(docs) == 64 and all(d.text and not hasattr(d, "reason") for d in docs)
    first = sorted((corpus / "txt").rglob("*.txt"))[0]
    (doc,) = read_file(first, "0.txt")
    assert doc.text == first.read_text(encoding="utf-8")


def test_articles_have_the_seed_shape(corpus):
    records, truth = _records(corpus), _truth(corpus)
    langs = {t["lang"] for t in truth}
    assert {"en", "zh", "ru", "de", "fr", "es", "ar"} <= langs
    en = [r["text"] for r, t in zip(records, truth) if t["lang"] == "en"]
    assert all(text.split("\n")[1] == "" for text in en)  # title line, then a blank line
    datelines = [t for t in en if re.search(r"^.+ (Updated on|Published)( on)? [\w ,-]+\d$", t, re.M)]
    bylines = [t for t in en if re.search(r"^(Author: [^()\n]+ \([^()\n]+\)\.|By \S.*)$", t, re.M)]
    assert len(datelines) > 0.7 * len(en) and len(bylines) > 0.5 * len(en)
    boilerplate = {line for f in DATA.glob("*.toml") for line in read_toml(f)["boilerplate_end"]}
    assert "Related Pages" in boilerplate
    endings = [r["text"].rstrip().rsplit("\n", 1)[-1] for r in records]
    assert sum(e in boilerplate for e in endings) > DOCS * 0.3


def test_artifacts_in_the_seed_forms(corpus):
    records, truth = _records(corpus), _truth(corpus)
    text = "\n".join(r["text"] for r in records)
    assert re.search(r"(?<!\*)\*\* \w", text)  # "** equipment"
    assert re.search(r"\w\*\*(?!\*)", text)  # "conventional**"
    assert re.search(r" \*\*[.,]", text)  # "conventional **."
    masked = [t for t in truth if t["masks"]]
    assert len(masked) > DOCS * 0.05
    glued = [r["text"] for r, t in zip(records, truth) if "glued_subtitle" in t["artifacts"] and t["lang"] == "en"]
    assert glued and all(re.search(r"^-- [^\n]*[a-z][A-Z\"]", g, re.M) for g in glued)
    lost = [r["text"] for r, t in zip(records, truth) if "lost_apostrophes" in t["artifacts"]]
    assert lost and any(re.search(r"\w s \w|n t \w", t) for t in lost)
    assert not any(re.search(r"\w's \w", t) for t in lost)


def test_near_duplicates_are_edited_copies_of_earlier_originals(corpus):
    records, truth = _records(corpus), _truth(corpus)
    gen = Generator(7)
    copies = [t for t in truth if t["dup_of"] is not None]
    assert 0.04 * DOCS <= len(copies) <= 0.2 * DOCS
    for t in copies:
        source = truth[t["dup_of"]]
        assert t["dup_of"] < t["index"] and source["dup_of"] is None and source["lang"] == t["lang"]
        mine, theirs = gen.article(t["index"]), gen.article(t["dup_of"])
        assert mine.text == records[t["index"]]["text"]
        assert mine.text.split("\n", 1)[0] == theirs.text.split("\n", 1)[0]  # the same title
        assert mine.text.endswith(mine.body + "\n") and theirs.text.endswith(theirs.body + "\n")
        if t["dup_kind"] == "exact":
            assert mine.body == theirs.body and mine.text != theirs.text  # republished under another header
        else:
            shared = set(mine.body.split("\n\n")) & set(theirs.body.split("\n\n"))
            assert mine.body != theirs.body and shared


def test_lengths_median_about_3kb_with_a_long_tail():
    gen = Generator(1)
    sizes = sorted(len(gen.article(i).text.encode()) for i in range(3000))
    assert 2200 <= statistics.median(sizes) <= 4000
    assert sizes[int(0.99 * len(sizes))] > 15_000
    assert sizes[-1] <= MAX_BYTES + 2000  # a body is cut near the cap; the header comes on top
    assert sizes[0] < 400  # stubs, as scrapers keep them


def test_reuse_and_bad_arguments(corpus, tmp_path):
    stamp = (corpus / "manifest.json").stat().st_mtime_ns
    generate(corpus, DOCS, seed=7, docs_per_shard=64)
    assert (corpus / "manifest.json").stat().st_mtime_ns == stamp  # a matching corpus is reused as is
    with pytest.raises(ValueError, match="formats"):
        generate(tmp_path / "x", 10, formats=("csv",))
    with pytest.raises(ValueError, match="at least 1"):
        generate(tmp_path / "x", 0)
