"""Real text nobody on the project wrote: a build of a few hundred of this machine's manual pages,
in a dozen languages, with every stage and corpus pass on, ends cleanly with every record
accounted for and no failure contained (a contained failure is still a bug to fix).

The pages are rendered here by `../shared/realtext/manpages.py` (beside the repository), the
small ones of each language first so the test stays fast; it is skipped, saying why, where the
script, groff or the manual pages are missing.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from glob import glob
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipeline.build import build
from pipeline.raw import matches_id, raw_text
from pipeline.recipe import load_recipe
from pipeline.validate import validate_location
from tests.conftest import ROOT

pytestmark = pytest.mark.slow(20)

SCRIPT = ROOT.parent / "shared" / "realtext" / "manpages.py"
MAN = "/usr/share/man"
PER_LANGUAGE, ENGLISH, MAX_GZ_BYTES = 6, 45, 5000
# Manual pages carry no dates, so Croissant's required datePublished comes from the recipe.
RECIPE = """[corpus]
name = "manpages"
date_published = "2026-01-01"
[input]
paths = ["pages.jsonl"]
[stages.masks]
restore = "apply"
restore_threshold = 0.5
[stages.quality]
min_words = 20
[dedup]
near = true
preset = "news"
"""


def _renderer():
    if not SCRIPT.is_file():
        pytest.skip(f"no {SCRIPT} to render manual pages with")
    if shutil.which("groff") is None or shutil.which("zcat") is None:
        pytest.skip("groff (or zcat) is not installed: manual pages cannot be rendered")
    spec = importlib.util.spec_from_file_location("manpages", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.render


def _chosen() -> list[str]:
    """The first small pages of each translated language, then English ones, in a fixed order."""
    def small(paths: list[str]) -> list[str]:
        return [p for p in sorted(paths) if os.path.getsize(p) <= MAX_GZ_BYTES]

    chosen = []
    for folder in sorted(glob(f"{MAN}/*/")):
        if not os.path.basename(folder.rstrip("/")).startswith("man"):
            chosen += small(glob(f"{folder}man*/*.gz"))[:PER_LANGUAGE]
    english = small(glob(f"{MAN}/man*/*.gz"))
    return chosen + english[:: max(1, len(english) // ENGLISH)][:ENGLISH]


@pytest.fixture(scope="module")
def manpages(tmp_path_factory) -> Path:
    render = _renderer()
    paths = _chosen()
    if not paths:
        pytest.skip(f"no manual pages installed under {MAN}")
    with ThreadPoolExecutor(4) as pool:  # the work is in groff's processes
        pages = [p for p in pool.map(render, paths) if p]
    folder = tmp_path_factory.mktemp("manpages")
    with open(folder / "pages.jsonl", "w", encoding="utf-8") as f:
        for i, (path, text) in enumerate(pages):
            f.write(json.dumps({"id": f"man-{i}", "title": os.path.basename(path), "text": text,
                                "metadata": {"source": path}}, ensure_ascii=False) + "\n")
    (folder / "corpus.toml").write_text(RECIPE, encoding="utf-8")
    return folder


def test_manual_pages_build_with_every_stage_and_pass_and_every_record_accounted_for(manpages, tmp_path):
    pages = sum(1 for _ in open(manpages / "pages.jsonl", encoding="utf-8"))
    result = build(load_recipe(manpages, output=str(tmp_path / "out")))
    stats = result.stats
    assert pages >= 120 and stats["records_read"] == pages
    assert stats["accounting_ok"]
    assert stats["rows_written"] + stats["rejected"] + stats["duplicates_dropped"] == pages
    assert stats["faults"] == {"total": 0, "by_step": {}, "examples": []}
    assert len(stats["languages"]) >= 8
    assert stats["restore"]["mode"] == "apply" and "failed" not in stats["dedup"]
    assert all(not s.get("errors") for s in stats["stages"].values())
    assert validate_location(result.output).ok
    # Every row gives back the page as read (restoration applied included): `newscorpus raw`.
    rows = [r for shard in sorted(result.output.glob("data/*/*.parquet")) for r in pq.read_table(shard).to_pylist()]
    assert rows and [r["id"] for r in rows if not matches_id(r, raw_text(r))] == []
