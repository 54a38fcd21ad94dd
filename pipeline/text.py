"""Counting words across scripts.

Space-separated counting is wrong for Chinese, Japanese and Thai, which write
words without spaces: there every ideograph, kana or Thai letter counts as one
unit, so that length thresholds mean roughly the same in every language.
"""

from __future__ import annotations

import re

_UNSPACED = "\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_WORD = re.compile(rf"[{_UNSPACED}]|[^\W{_UNSPACED}]+")


def words(text: str) -> list[str]:
    """Words of spaced scripts and single characters of unspaced ones."""
    return _WORD.findall(text)
