"""Censorship masks: a word replaced by `**` before machine translation.

Content farms that translate Chinese news mask sensitive words first, so the
translation carries `**` where a word was: `** equipment`, `conventional**`,
`conventional **.`. Each mask is replaced in `text` by one canonical token and
recorded as a `Redaction` (exact span, the raw mask, its context), so the
censorship stays visible and countable instead of being noise or vanishing.

Stars have many honest uses, and a false mask is worse than a missed one:
markdown emphasis (`**Note**`), exponents (`2**10`), bullets, footnote marks,
star ratings (`Rating: ****`), separators (`***`, `******`), masked e-mail
addresses and phone numbers. Those are recognised first and left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.document import Document, Redaction
from pipeline.stages.base import Stage

_STAR = "*＊"
# Runs of two or more stars; runs separated only by spaces form one mask (`** **`).
_RUN = re.compile(rf"[{_STAR}]{{2,}}(?:[ \t]+[{_STAR}]{{2,}})*")
# Markdown emphasis: an opener glued to the following word, a closer glued to the preceding one.
_EMPHASIS = re.compile(
    rf"(?<![\w{_STAR}])([{_STAR}]{{2,3}})(?=[\w\"“'(\[])[^\n]*?(?<=[\w.:!?\"”')\]])\1(?![\w{_STAR}])"
)
_RATING_BEFORE = re.compile(
    r"(?i)(?:rating|rated|stars?|score|verdict|grade|評分|评分|星级|оценка|рейтинг|bewertung|"
    r"valoraci[oó]n|calificaci[oó]n|voto|تقييم)\b[^.!?。]{0,20}$|[:：]\s*$"
)
_RATING_AFTER = re.compile(r"^\s*(?:[☆★]|/\s*5|out of|stars?\b)", re.IGNORECASE)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af]")


@dataclass(frozen=True, slots=True)
class MaskMatch:
    start: int
    end: int
    raw: str
    kind: str


def find_masks(text: str) -> list[MaskMatch]:
    """Every censorship mask in `text`, leaving honest uses of stars alone."""
    protected = _protected_spans(text)
    found = []
    for m in _RUN.finditer(text):
        start, end = m.span()
        if any(s <= start < e for s, e in protected) or not _is_mask(text, start, end):
            continue
        left_glued = start > 0 and text[start - 1].isalnum()
        right_glued = end < len(text) and text[end].isalnum()
        kind = "partial" if left_glued and right_glued and not _CJK.match(text[start - 1]) else "word"
        found.append(MaskMatch(start, end, m.group(), kind))
    return found


def _protected_spans(text: str) -> list[tuple[int, int]]:
    spans = [m.span() for m in _EMPHASIS.finditer(text)]
    spans += [m.span() for m in re.finditer(r"`[^`\n]*`", text)]
    return spans


def _is_mask(text: str, start: int, end: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    before, after = text[line_start:start], text[end:line_end]
    if not before.strip() and not after.strip():
        return False  # a line of stars: section break or separator between articles
    if _RATING_BEFORE.search(before) or _RATING_AFTER.match(after):
        return False  # a star rating
    left = text[start - 1] if start else " "
    right = text[end] if end < len(text) else " "
    if left.isdigit() or right.isdigit() or left == ")":
        return False  # an exponent (2**10, (a+b)**2) or masked digits of a phone number
    word = re.search(r"\S*$", before).group() + text[start:end] + re.match(r"\S*", after).group()
    if "@" in word:
        return False  # a masked e-mail address
    if not before.strip() and not right.isalnum() and right not in " \t":
        return False  # a bullet or list marker such as "**)" at line start
    return True


class MasksStage(Stage):
    name = "masks"
    defaults = {"token": "[REDACTED]", "context_chars": 40}

    def __call__(self, doc: Document) -> Document:
        masks = find_masks(doc.text)
        if not masks:
            return doc
        token = self.options["token"]
        changes = []
        for mask in masks:
            new = token
            cjk = _CJK.match(doc.text[mask.start - 1]) if mask.start else None
            if mask.kind == "word" and mask.start and doc.text[mask.start - 1].isalnum() and not cjk:
                new = " " + new  # `conventional**` -> `conventional [REDACTED]`
            if mask.kind == "word" and mask.end < len(doc.text) and doc.text[mask.end].isalnum() and not _CJK.match(doc.text[mask.end]):
                new = new + " "
            changes.append((mask.start, mask.end, new))
        spans = doc.rewrite(changes)
        width = self.options["context_chars"]
        for mask, (start, end), (_, _, new) in zip(masks, spans, changes):
            start += len(new) - len(new.lstrip(" "))
            end -= len(new) - len(new.rstrip(" "))
            doc.redactions.append(
                Redaction(start, end, mask.raw, mask.kind, doc.text[max(0, start - width):start], doc.text[end:end + width])
            )
        self.count("masks", len(masks))
        self.count("documents_with_masks")
        return doc
