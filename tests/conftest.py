from __future__ import annotations

import gc
import json
import os
import sys
from pathlib import Path

import pytest

# Bytecode caches are written even where the environment asks not to (PYTHONDONTWRITEBYTECODE, set on
# some CI images): the tests start dozens of processes (the pool's fork servers, CLI builds, extraction
# sandboxes, Ray workers), and without caches each compiled the pipeline's modules again (about 0.3 CPU-s),
# and pytest rewrote every test module's asserts again on every run (several CPU-s per test process).
sys.dont_write_bytecode = False
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)

from pipeline.build import build
from pipeline.document import Document
from pipeline.recipe import load_recipe

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "corpora" / "demo"
SEED = ROOT.parent / "shared" / "examples" / "mt-news-seed.txt"


#: Files whose documents make lingua load the models of many languages (about 0.27 CPU-s each, some 35 for
#: the fuzz run and the manual pages), with the stages' and extraction's start-up: in one test process, these
#: are paid once. The fuzz and manual-page files measured together: 86 CPU-s, apart: 79 + 27; the language
#: tests and the real news pages, in the other process, loaded about 10 CPU-s of models for 25 texts.
SHARED_MODELS = ("tests/readers/test_fuzz.py", "tests/test_build_realtext.py", "tests/test_raw.py",
                 "tests/stages/test_language.py", "tests/stages/test_lang_rules.py", "tests/stages/test_lang_second.py")


@pytest.hookimpl(optionalhook=True)  # an xdist hook: without xdist (`-p no:xdist`) it is never called
def pytest_xdist_make_scheduler(config: pytest.Config, log):
    """pytest-xdist's loadscope (a file's tests in one process, sharing its module fixtures), with the
    SHARED_MODELS files as one scope, so that one process runs them all."""
    if config.getvalue("dist") != "loadscope":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class SharedModelsScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            scope = super()._split_scope(nodeid)
            return SHARED_MODELS[0] if scope in SHARED_MODELS else scope

    return SharedModelsScheduling(config, log)


def pytest_collection_finish(session: pytest.Session) -> None:
    """What collection imported lives to the end (the pipeline, datasets, Ray, pandas...): frozen out of the
    garbage collector's reach, its full collections stop scanning it again and again (garbage collection
    in the two test processes: 6.9 -> 4.8 CPU-s)."""
    gc.collect()
    gc.freeze()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The files marked slow first, the slowest first, the rest in their order: with two test processes
    each starts on a slow one, instead of one ending alone on the fuzz run while the other has nothing left."""
    def seconds(item: pytest.Item) -> float:
        mark = item.get_closest_marker("slow")
        return mark.args[0] if mark else 0

    items.sort(key=seconds, reverse=True)


def doc(text: str, **fields) -> Document:
    """A document as a reader would make it."""
    return Document(text=text, source_path="test.txt", source_index=0, **fields)


@pytest.fixture(scope="session")
def demo_expected() -> dict:
    return json.loads((ROOT / "tests" / "data" / "demo_expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def demo_build(tmp_path_factory):
    """The demo corpus built once with two workers, shared by the read-only tests."""
    out = tmp_path_factory.mktemp("demo") / "out"
    return build(load_recipe(DEMO, output=str(out)), workers=2)


@pytest.fixture(scope="session")
def messy_output(tmp_path_factory):
    """A built corpus with masks, a linked duplicate, flags and rejects of several reasons (tests/report/messy.py)."""
    from tests.report.messy import make_messy_corpus

    return make_messy_corpus(tmp_path_factory.mktemp("messy"))


@pytest.fixture(scope="session")
def messy_dropped_output(tmp_path_factory):
    """The same corpus built with duplicates dropped (duplicates.jsonl) instead of marked."""
    from tests.report.messy import make_messy_corpus

    return make_messy_corpus(tmp_path_factory.mktemp("messy-drop"), mode="drop")


@pytest.fixture
def memory_url():
    """A fresh folder on fsspec's in-memory filesystem, removed after the test.

    The memory filesystem lives in this process only, so builds that read it run with one worker (inline).
    """
    import uuid

    import fsspec

    fs = fsspec.filesystem("memory")
    root = f"/test-{uuid.uuid4().hex[:12]}"
    yield f"memory://{root}"
    if fs.exists(root):
        fs.rm(root, recursive=True)
