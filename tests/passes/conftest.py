"""The duplicate tests' shared fixture: a wire story, its copies and its look-alikes."""

from __future__ import annotations

import pytest

from pipeline.document import Author, Document
from tests.passes.articles import FOLLOW_UP, OTHER_PORT, REORDERED, REWRITE, WIRE, ZH_COPY, ZH_OTHER, ZH_WIRE, article


@pytest.fixture
def story() -> dict[str, Document]:
    """The wire story, its copies and its look-alikes, with metadata as readers find it."""
    return {
        "wire": article(WIRE, "wire", published="2024-06-04", source="Wire Service", title="Dockers strike"),
        "rewrite": article(REWRITE, "rewrite", published="2024-06-04", source="Coastal Times",
                           title="Velmora port at a standstill", url="https://coastal.example/strike",
                           authors=[Author("Jonas Reiter")]),
        "reordered": article(REORDERED, "reordered", published="2024-06-05", source="Harbour Daily"),
        "follow_up": article(FOLLOW_UP, "follow_up", published="2024-06-05", source="Wire Service"),
        "other_port": article(OTHER_PORT, "other_port", published="2024-03-11", source="North Post"),
        "zh_wire": article(ZH_WIRE, "zh_wire", lang="zh", published="2024-06-04"),
        "zh_copy": article(ZH_COPY, "zh_copy", lang="zh", published="2024-06-05"),
        "zh_other": article(ZH_OTHER, "zh_other", lang="zh", published="2024-03-11"),
    }
