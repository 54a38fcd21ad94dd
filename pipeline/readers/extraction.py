"""trafilatura's reading of a page; imported only in the extraction sandbox's child process.

The import is at the top on purpose: the child measures its memory ceiling
after its libraries are loaded, and the parent process never pays for them.
"""

from __future__ import annotations

import re
from typing import Any

import trafilatura
from lxml.etree import _Element
from trafilatura.meta import reset_caches as _reset_caches
from trafilatura.xml import xmltotxt

from pipeline.readers.opengraph import first_wins

#: What is sent back of trafilatura's result (not its lxml trees, nor `filedate`, which is today's date).
KEEP = ("text", "title", "author", "date", "sitename", "url",
        "hostname", "description", "categories", "tags", "language", "pagetype", "image", "license", "markup_conflicts")

_DATES = {"extensive_search": False, "original_date": True}
_SPACE = re.compile(r"\s+")


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
    found["markup_conflicts"] = first_wins(found, html)  # og: tags stated twice: the first holds
    if result.body is not None:
        found["text"] = block_text(result.body)
    return {k: found.get(k) for k in KEEP}


def block_text(body: _Element) -> str:
    """The main text with one line per block element (heading, paragraph, list item, quote, cell).

    trafilatura folds the source's line breaks inside a paragraph only when
    the paragraph has no inline markup: a `<p>` wrapped over several source
    lines with a `<code>`, `<a>` or `<b>` in it kept those breaks, and each
    source line became a paragraph, cutting sentences. Here the whitespace of
    every text run is folded first, so only block elements and `<br>` (`lb`)
    end a line; code keeps its own lines. The tree is changed in place (it is
    the child's own copy and is not used again).
    """
    for el in body.iter():
        code_around = any(a.tag == "code" for a in el.iterancestors())
        if el.text and el.tag != "code" and not code_around:
            el.text = _SPACE.sub(" ", el.text)
        if el.tail and el is not body and not code_around:
            tail = _SPACE.sub(" ", el.tail)
            el.tail = tail.lstrip() if el.tag == "lb" else tail
    return xmltotxt(body, include_formatting=False)


def reset_caches() -> None:
    """Clear the LRU caches trafilatura, htmldate, courlan and justext fill page after page."""
    _reset_caches()
