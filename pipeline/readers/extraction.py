"""trafilatura's reading of a page; imported only in the extraction sandbox's child process.

The import is at the top on purpose: the child measures its memory ceiling
after its libraries are loaded, and the parent process never pays for them.
"""

from __future__ import annotations

from typing import Any

import trafilatura
from trafilatura.meta import reset_caches as _reset_caches

#: What is sent back of trafilatura's result (not its lxml trees, nor `filedate`, which is today's date).
KEEP = ("text", "title", "author", "date", "sitename", "url",
        "hostname", "description", "categories", "tags", "language", "pagetype", "image", "license")

_DATES = {"extensive_search": False, "original_date": True}


def extract(html: str, url: str | None) -> dict[str, Any] | None:
    """Main text and metadata of one page, or None when trafilatura finds no article.

    Precision is favoured: in a research corpus, menu and link text taken for
    an article is worse than a paragraph missed (with the default, a page of
    navigation links comes out as its link texts). Dates come from the page's
    metadata, markup and url only: htmldate's extensive search would read
    "Copyright 2024" in a footer as 2024-01-01, a guess a corpus must not
    hold. Cross-document deduplication stays off: it would make a page's text
    depend on which pages the same worker read before it.
    """
    result = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                         favor_precision=True, deduplicate=False, date_extraction_params=_DATES)
    if result is None:
        return None
    found = result.as_dict()
    return {k: found.get(k) for k in KEEP}


def reset_caches() -> None:
    """Clear the LRU caches trafilatura, htmldate, courlan and justext fill page after page."""
    _reset_caches()
