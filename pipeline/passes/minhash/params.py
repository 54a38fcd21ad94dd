"""The `[dedup]` recipe table: what counts as a duplicate, and what to do with it.

Bands and rows are derived from the Jaccard threshold the way datasketch and
text-dedup do it: choose the (bands, rows) whose S-curve
`1 - (1 - s**rows)**bands` minimises the weighted area of false positives
below the threshold and false negatives above it. Unlike those tools, every
LSH candidate is checked on the full sketch before it is linked, so an LSH
false positive only costs one comparison while a false negative is a missed
copy: false negatives weigh more here by default (0.8 against 0.2).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from functools import lru_cache
from typing import Any

import numpy as np
import rensa

from pipeline.recipe import RecipeError
from pipeline.text import UNSPACED_LANGS

#: Languages written without spaces between words: shingles are runs of characters.
CHAR_SHINGLE_LANGS = UNSPACED_LANGS

#: Changes whenever the way text becomes shingle hashes changes: old signature files are then refused.
#: 2: signatures of the body's prose lines, Serbian Cyrillic spelt in Latin, runs and sentence keys kept.
SHINGLING_VERSION = 2

#: Named starting points; keys given in the recipe override them.
PRESETS: dict[str, dict[str, Any]] = {
    # Syndicated copies are edited (a word changed every sentence or two, a
    # paragraph cut, a byline and boilerplate added), which breaks many long
    # shingles but few word pairs: word 2-grams with a low threshold keep those
    # copies together, and unrelated stories on the same topic still share
    # well under a tenth of their word pairs (see bench/dedup_bench.py).
    "news": {"num_perm": 256, "shingle_size": 2, "char_shingle_size": 3, "threshold": 0.45},
}


@dataclass(frozen=True)
class MinHashParams:
    num_perm: int = 256
    shingle_size: int = 5  # words per shingle
    char_shingle_size: int = 5  # characters per shingle, for zh, ja and th
    threshold: float = 0.8  # estimated Jaccard at or above which two documents are linked
    # Share of a document's words in sentences it shares with the other (see
    # `verify.coverage`) at or above which it is linked as contained in it. Well
    # above half: a page made mostly of its own text is not a copy of a story it
    # quotes, summarises or trails (a teaser built on an agency's lead, a page with
    # a second story below its own reach about half), and reports cut from one
    # template whose facts differ keep a third of the words of each sentence apart
    # (bench/dedup_bench.py: their pairs stay under 0.65).
    containment: float = 0.65
    # Briefs and headlines cut from one template (weather, results, markets) share
    # most of their few shingles while reporting other facts, and a reprint of one
    # differs from another brief by as little: documents of fewer tokens than this
    # are not sketched, only their exact key links them.
    min_tokens: int = 50
    bands: int = 0  # 0: derived from the threshold
    rows: int = 0
    false_positive_weight: float = 0.2
    false_negative_weight: float = 0.8
    seed: int = 1

    def __post_init__(self) -> None:
        if self.num_perm < 1 or self.shingle_size < 1 or self.char_shingle_size < 1:
            raise RecipeError("[dedup] num_perm, shingle_size and char_shingle_size must be positive")
        if not 0.0 < self.threshold <= 1.0:
            raise RecipeError(f"[dedup] threshold must be in (0, 1], not {self.threshold}")
        if not 0.5 <= self.containment <= 1.0:
            raise RecipeError(f"[dedup] containment must be in [0.5, 1], not {self.containment}")
        if (self.bands == 0) != (self.rows == 0):
            raise RecipeError("[dedup] give both bands and rows, or neither (then they follow from the threshold)")
        if self.bands == 0:
            bands, rows = optimal_bands_rows(self.threshold, self.num_perm,
                                             self.false_positive_weight, self.false_negative_weight)
            object.__setattr__(self, "bands", bands)
            object.__setattr__(self, "rows", rows)
        if self.bands < 0 or self.rows < 0 or self.bands * self.rows > self.num_perm:
            raise RecipeError(f"[dedup] bands x rows ({self.bands} x {self.rows}) must fit in num_perm ({self.num_perm})")

    def shingle_size_for(self, lang: str | None) -> int:
        return self.char_shingle_size if self.unspaced(lang) else self.shingle_size

    @staticmethod
    def unspaced(lang: str | None) -> bool:
        return lang in CHAR_SHINGLE_LANGS

    def signature_key(self) -> dict[str, Any]:
        """What a stored signature depends on: files made with another key cannot be compared."""
        return {
            "num_perm": self.num_perm,
            "shingle_size": self.shingle_size,
            "char_shingle_size": self.char_shingle_size,
            "min_tokens": self.min_tokens,
            "seed": self.seed,
            "shingling_version": SHINGLING_VERSION,
            "rensa_algorithm": rensa.RMinHash.ALGORITHM_VERSION,
        }


@dataclass(frozen=True)
class DedupSettings:
    exact: bool = True
    near: bool = True
    mode: str = "mark"  # or "drop"
    minhash: MinHashParams = field(default_factory=MinHashParams)


#: Every key a `[dedup]` table may hold.
DEDUP_KEYS = ("preset", *(f.name for f in fields(DedupSettings) if f.name != "minhash"),
              *(f.name for f in fields(MinHashParams)))


def dedup_settings(options: dict[str, Any]) -> DedupSettings:
    """Validated settings from a recipe's `[dedup]` table; an unknown key is an error, not a silent default."""
    options = dict(options)
    preset = options.pop("preset", None)
    if preset is not None and preset not in PRESETS:
        raise RecipeError(f"[dedup] unknown preset {preset!r}; known: {', '.join(sorted(PRESETS))}")
    general = {f.name for f in fields(DedupSettings)} - {"minhash"}
    tuning = {f.name for f in fields(MinHashParams)}
    unknown = sorted(set(options) - set(DEDUP_KEYS))
    if unknown:
        raise RecipeError(f"[dedup] unknown option(s) {', '.join(unknown)}; known: {', '.join(sorted(DEDUP_KEYS))}")
    if options.get("mode", "mark") not in ("mark", "drop"):
        raise RecipeError(f"[dedup] mode must be 'mark' or 'drop', not {options['mode']!r}")
    for name in ("exact", "near"):
        if not isinstance(options.get(name, True), bool):
            raise RecipeError(f"[dedup] {name} must be true or false")
    chosen = {**PRESETS.get(preset, {}), **{k: v for k, v in options.items() if k in tuning}}
    try:
        minhash = MinHashParams(**chosen)
    except TypeError as exc:  # e.g. a string where a number belongs
        raise RecipeError(f"[dedup] {exc}") from exc
    return DedupSettings(minhash=minhash, **{k: v for k, v in options.items() if k in general})


@lru_cache(maxsize=64)
def optimal_bands_rows(threshold: float, num_perm: int, false_positive_weight: float,
                       false_negative_weight: float) -> tuple[int, int]:
    """(bands, rows) minimising the weighted false positive and false negative areas of the LSH S-curve.

    The areas are integrated on a fine grid (trapezoids) rather than with an
    adaptive integrator: the curves are smooth and the choice is the same.
    """
    below = np.linspace(0.0, threshold, 257)
    above = np.linspace(threshold, 1.0, 257)

    def area(y: np.ndarray, x: np.ndarray) -> float:
        return float(((y[1:] + y[:-1]) / 2 * np.diff(x)).sum())

    best, choice = float("inf"), (1, 1)
    for bands in range(1, num_perm + 1):
        for rows in range(1, num_perm // bands + 1):
            false_pos = area(1 - (1 - below**rows) ** bands, below)
            false_neg = area((1 - above**rows) ** bands, above)
            error = false_positive_weight * false_pos + false_negative_weight * false_neg
            if error < best:
                best, choice = error, (bands, rows)
    return choice
