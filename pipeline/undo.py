"""Every change a stage or pass makes to `text`, kept so that a row alone gives back the record as read.

`removed`, `edits` and `redactions` say what each stage meant to change; this
says, to the character, what changed: for each stage that altered the text,
the spans of its output that differ from its input and what stood there
before (`Undo`). Undoing the groups in reverse order of the stages rebuilds
the reader's text byte for byte, which `newscorpus raw` prints and the row's
id (a hash of that text) confirms.

The changes are found by comparing the text before and after a stage, line by
line and then within the differing lines, so no stage has to report its own
positions and none can forget to.
"""

from __future__ import annotations

from difflib import SequenceMatcher
from itertools import groupby

from pipeline.document import Undo

#: The quality flag of a row whose recorded changes do not give back the text as read.
RAW_INEXACT = "raw_inexact"


def changes(stage: str, before: str, after: str) -> list[Undo]:
    """The spans of `after` that differ from `before`, each with the text that stood there."""
    if before == after:
        return []
    head = _common_prefix(before, after)
    tail = _common_prefix(before[head:][::-1], after[head:][::-1])
    old, new = before[head:len(before) - tail], after[head:len(after) - tail]
    old_lines, new_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
    new_at = [head]
    for line in new_lines:
        new_at.append(new_at[-1] + len(line))
    found = []
    # autojunk skips lines that recur everywhere (blank ones) as match anchors: faster on long texts, and
    # whatever blocks it matches, the opcodes still turn `before` into `after` exactly.
    matcher = SequenceMatcher(None, old_lines, new_lines)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        was, now = "".join(old_lines[i1:i2]), "".join(new_lines[j1:j2])
        same_head = _common_prefix(was, now)
        same_tail = min(_common_prefix(was[::-1], now[::-1]), len(was) - same_head, len(now) - same_head)
        found.append(Undo(stage, new_at[j1] + same_head, new_at[j2] - same_tail,
                          was[same_head:len(was) - same_tail]))
    return found


def undo_all(text: str, undo: list[Undo]) -> str:
    """The text before every recorded change: each stage's changes undone, the last stage first."""
    groups = [list(g) for _, g in groupby(undo, key=lambda u: u.stage)]
    for group in reversed(groups):
        for u in sorted(group, key=lambda u: u.start, reverse=True):
            text = text[:u.start] + u.before + text[u.end:]
    return text


def _common_prefix(a: str, b: str) -> int:
    n = min(len(a), len(b))
    if a[:n] == b[:n]:
        return n
    lo, hi = 0, n  # a[:lo] == b[:lo], a[:hi] != b[:hi]
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if a[:mid] == b[:mid]:
            lo = mid
        else:
            hi = mid
    return lo
