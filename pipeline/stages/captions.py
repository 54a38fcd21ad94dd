"""Photo captions and credits left in the text by a scraper, in any language.

A page's figure comes out as a line of its own: the caption, often twice (the image's
alt text, then the figure caption, the second time with the credit), and ending with a
photo credit in the agency's house style: "REUTERS/Name", "(Name via AP)", "[Photo by
Name/outlet]", "-- PHOTO: AFP", "中新社发 王某 摄", "(示意圖/...)". Such a line is not
article text however long it is. A credit can also be glued to the end of a line of
article text ("... said on Monday. (Photo: Agency)"): then only that span goes.
"""

from __future__ import annotations

import re

_CREDIT_WORD = r"(?:photos?|fotos?|фото|bild|image|imagen|imagem|picture|ảnh|kuva|zdjęcie|写真|사진|صورة|צילום)"
# The end of a line that is a caption: a credit in one of the forms agencies and outlets use.
_CAPTION_END = re.compile(
    r"(?:"
    r"(?-i:\b[A-Z]{2,}(?:\s[A-Z]+)?/[A-Z][\w.'-]+(?:\s[A-Z][\w.'-]+){0,3}(?:/[A-Z]\w+)?)"  # REUTERS/Jane Doe/File
    r"|[(\[][^()\[\]]{2,60}\b(?:via|for)\s+(?:AP|AFP|Reuters|Getty Images|EPA|Bloomberg)[)\]]"  # (Police via AP)
    r"|[(\[]" + _CREDIT_WORD + r"s?\b[^()\[\]]{0,60}[)\]]"  # [Photo by Jane Doe/outlet], (Foto: Agency)
    r"|(?:--|—|–|\|)\s*" + _CREDIT_WORD + r"\s*[:：]\s*[^.。!?]{1,40}"  # -- PHOTO: AFP
    r"|(?<![\w])" + _CREDIT_WORD + r"\s*[:：]\s*(?-i:[A-Z])[^.。!?:/]{0,40}"  # ... academics. Image: Some Account
    r"|(?:[\s　][^\s　]{2,4}\s?|[记記]者[^\s　，,。]{2,4})(?<!拍)(?:摄|攝)\s*[)）]?"  # 新华社记者 王某 摄, (記者王某攝)
    r"|[(（](?:示意[图圖]|[资資]料[照图圖]|[图圖]/)[^()（）]{0,40}[)）]"  # (示意圖/...), (資料照)
    r"|\b(?:representational|representative|file) (?:image|photo|picture)\b[^.]{0,40}"  # Representative image
    r"(?:\.\s*[(\[][^()\[\]]{1,40}[)\]])?"  # ... with the agency after it: "(Bloomberg)"
    r"|[(（][^()（）]{1,20}(?:圖片|图片|相片|照片)[)）]"  # (港台圖片), (新华社图片)
    r")\s*[.。]?\s*$",
    re.IGNORECASE,
)
# A photo credit on a line of its own: an outlet or agency, a spaced slash, the photographer's name
# ("Harbor Ledger / Jane Doe", "STAR/ Juan Dela Cruz").
_CREDIT_LINE = re.compile(r"^[A-Z][\w.&'-]*(?: [A-Z][\w.&'-]*)?(?: / ?|/ )[A-Z][\w'-]+(?: [A-Z][\w'-]+){1,3}$")
_MAX_CREDIT_LINE = 60
_SENTENCE_GAP = re.compile(r"[.!?。！？](?:\s|$)|[。！？]")
_CAPTION_OPENERS = ("▲", "▼", "△", "▽", "(", "[")
_CAPTION_START = re.compile(r"^\s*(?:[▲▼△▽]|\((?:from )?(?:left|l) to right\)|\[(?:photo|image)\])", re.IGNORECASE)
_MAX_CAPTION = 700  # characters; longer than any caption
_CREDIT_TAIL = 120  # characters at the end of a line where a credit is looked for
_MIN_SHARED = 40  # characters two lines must share at their start to be one caption given twice

# A credit glued to the end of a line of text: after an opening bracket, a dash or bar, or a
# sentence's end, and capitalised where the script has case (so "a photo: the mayor" stays).
_CREDIT_SPAN = re.compile(
    r"(?:\s*[(\[（]\s*(?i:" + _CREDIT_WORD + r")\s*[:：/][^()\[\]（）]{1,40}[)\]）]"
    r"|\s*\[[A-Z][\w .'-]{1,30}/[\w .'-]{2,30}\]"  # [Jane Doe/Xinhua]
    r"|\s+[-–—|]\s+(?i:" + _CREDIT_WORD + r")\s*[:：]\s*[^.。!?()]{1,40}"  # - Ảnh: NAME
    r"|(?<=[.!?。！？])\s*(?:Foto|Photo|Ảnh|Фото|Bild|Image|Imagem|Imagen)\s*[:：]\s*[^.。!?()]{1,30}"  # . Foto: SVT
    r"|\s*(?:攝|摄)\s*[:：][^。.!?，,]{1,20}"  # 攝:陳某/outlet
    r"|\s*[—–-]\s*\(c\)\s*\d{4}\s+[^.。!?]{1,30}"  # — (c) 2022 Agency
    r")\s*$"
)


_CREDIT_HINT = re.compile("[/:：摄攝©]|mag|MAG|hoto|HOTO|ictur|ICTUR|\\(c\\)")


def _may_credit(tail: str) -> bool:
    """Whether the end of a line holds what every credit form needs (cheap; most lines have none)."""
    return tail.rstrip(" .。")[-1:] in (")", "]", "）") or _CREDIT_HINT.search(tail) is not None


def is_caption(line: str) -> bool:
    """A photo caption: starts as captions do ("▲", "(From left to right)") or ends with a credit,
    or a photo credit alone ("Agency / Jane Doe")."""
    line = line.strip()
    if len(line) > _MAX_CAPTION:
        return False
    tail = line[-_CREDIT_TAIL:]
    if line[:1] in _CAPTION_OPENERS and _CAPTION_START.match(line):
        return True
    if len(line) <= _MAX_CREDIT_LINE and "/" in line and _CREDIT_LINE.match(line):
        return True
    # a caption tells of one picture in a sentence or two; a paragraph with a credit glued on is text
    return _may_credit(tail) and bool(_CAPTION_END.search(tail)) and len(_SENTENCE_GAP.findall(line)) < 3


def doubled(lines: list[str]) -> set[int]:
    """Captions given twice: of two neighbouring lines sharing their first `_MIN_SHARED` characters,
    both when one is a caption, else the shorter or the second of two equal ones (the other
    keeps the text); and a short line made of one text twice over (a longer one keeps one copy:
    `second_copy`)."""
    found: set[int] = set()
    alone = sum(1 for line in lines if line.strip()) < 2  # the only text there is: never a caption to drop
    for k, line in enumerate(lines):
        a = line.strip()
        twice = second_copy(line)
        if twice is not None and len(line) - twice <= CAPTION_CHARS and not alone:
            found.add(k)
        b = lines[k + 1].strip() if k + 1 < len(lines) else ""
        if len(a) >= _MIN_SHARED and len(b) >= _MIN_SHARED and a[:_MIN_SHARED] == b[:_MIN_SHARED]:
            if is_caption(a) or is_caption(b):
                found.update((k, k + 1))
            else:
                found.add(k if len(a) < len(b) else k + 1)
    return found


_SEPARATORS = " ▲▼►|-–—·•:;,"
#: A text given twice is a caption (the whole line goes) when each copy is at most this long.
CAPTION_CHARS = 150


def second_copy(line: str) -> int | None:
    """Where the second copy starts in a line made of one text twice over (a caption or paragraph a
    scraper gave twice), or None: the first copy is the text, the second is cut as a span."""
    a = line.rstrip()
    start = a.find(a.lstrip()[:_MIN_SHARED], len(a) - len(a.lstrip()) + 1) if len(a.strip()) >= 2 * _MIN_SHARED else -1
    if start > 0 and a[start:].strip() == a[:start].strip().rstrip(_SEPARATORS).rstrip():
        return start
    return None


def credit_span(line: str) -> re.Match[str] | None:
    """A photo credit glued to the end of a line of text, if any."""
    start = max(0, len(line) - _CREDIT_TAIL)
    return _CREDIT_SPAN.search(line, start) if _may_credit(line[start:]) else None
