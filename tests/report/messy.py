"""A small corpus with everything the report must show: the demo articles plus
a syndicated copy (a duplicate), records that are rejected for several reasons,
a too-short article the recipe drops, and markup characters in a body.

Built by the real pipeline, so the figures the tests check come from real
stage output, not from hand-made rows.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from pipeline.build import build
from pipeline.recipe import load_recipe
from tests.conftest import DEMO

RECIPE = """
[corpus]
name = "messy"
pretty_name = "messy test corpus"

[input]
paths = ["articles/*.txt"]

[stages.masks]
token = "[REDACTED]"

[stages.quality]
min_words = 50
drop = ["too_short"]

[dedup]
exact = true
mode = "{mode}"
"""

# Our own short article, too short for min_words = 50: dropped by the recipe.
SHORT = """Night market reopens

Valley Tribune Published 2 May 2024

The night market on Canal Street reopened on Friday after repairs to the paving.
"""

# Markup characters in the body, as scraped text sometimes carries: the report must escape them.
MARKUP_BODY = """Council backs quiet streets plan

Valley Tribune Published 6 May 2024
By Ana Ruiz

The council voted <b>9 to 2</b> on Tuesday evening for a "green & quiet" plan to turn four streets around the old market into quiet zones, where cars may only pass at walking speed and delivery vans must finish before ten in the morning. The plan was first proposed two years ago by residents who complained about traffic noise and the lack of space for children to play.

Shop owners were divided. Some said that fewer cars would mean fewer customers, while others expected more people to stroll and stop at their windows. The council promised to review the effect on trade after six months and to publish the figures.

Work on new benches, trees and bicycle racks will start in the summer and should be finished before the autumn school term.
"""


def make_messy_corpus(root: Path, mode: str = "mark") -> Path:
    """Write the recipe and inputs under `root` and build; returns the output folder."""
    articles = root / "articles"
    articles.mkdir(parents=True)
    for src in sorted((DEMO / "articles").glob("*.txt")):
        shutil.copy(src, articles / src.name)
    port = (DEMO / "articles" / "02-en-port-export-checks.txt").read_text(encoding="utf-8")
    # The same story republished by another outlet: an exact duplicate of the body.
    (articles / "30-en-port-syndicated.txt").write_text(
        port.replace("Harbor Ledger Published 19 January 2024", "Coastal Wire Published 19 January 2024"), encoding="utf-8")
    (articles / "31-en-night-market.txt").write_text(SHORT, encoding="utf-8")
    (articles / "32-en-quiet-streets.txt").write_text(MARKUP_BODY, encoding="utf-8")
    (articles / "33-empty.txt").write_text("  \n\n", encoding="utf-8")
    (articles / "34-binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (articles / "35-header-only.txt").write_text("Harbor Ledger Published 3 March 2024\nBy Chen Hao\n", encoding="utf-8")
    (root / "corpus.toml").write_text(RECIPE.replace("{mode}", mode), encoding="utf-8")
    return build(load_recipe(root), workers=1).output
