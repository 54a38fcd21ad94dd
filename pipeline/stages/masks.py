"""Censorship masks: a word replaced by a placeholder before machine translation.

Content farms that translate Chinese news mask sensitive words first, so the
translation carries a placeholder where a word was: `** equipment`,
`conventional**`, `conventional **.`, `the month.** has`, `＊＊`, `××`, `□□`,
`XX` between Chinese characters. Each such mask is replaced in `text` (and in
the title and subtitle) by one canonical token and recorded as a `Redaction`
(exact span, the raw mask, its context), so the censorship stays visible and
countable instead of being noise or vanishing. Candidates for the masked word
come later, from the whole corpus (`pipeline/passes/restore/`).

The same stars also soften swear words (`f***ing`) and hide users' names
(`Man**`): those are listed with their own kind and keep their letters
(`mask_kinds.py`). And placeholders have many honest uses, where a false mask
is worse than a missed one: markdown emphasis, exponents, code, globs,
preformatted text, bullets, footnote marks, star ratings, separators, masked
e-mail addresses, phone digits and IP octets, Roman numerals and sizes
(`XX century`, `XXL`), and anonymised names (`Wang X`, `张××`, `王某`). Each
candidate run is checked against those uses before it counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.document import Document, Redaction
from pipeline.stages.base import Stage
from pipeline.stages.mask_kinds import SHORT_WORDS, private_name, profane, profanity_marks
from pipeline.text import CJK_CHARS, HANGUL_CHARS, SENTENCE_ENDS

_CJK_CHARS = CJK_CHARS + HANGUL_CHARS
_CJK = re.compile(f"[{_CJK_CHARS}]")
# Anything that could start a mask: documents without it skip the stage at C speed.
_ANY = re.compile(r"[*＊]|××|□□|[XＸ]{2}")
_DASH_OR_SYMBOLS = re.compile(r"[A-Za-z](?:—|–|[$#@!%&]{2})")
# Runs of one mask character. Runs apart only by a space are two masks (`** **`): a censor masks
# each sensitive word, and two such words stand side by side.
_RUN = re.compile(
    r"(?P<star>[*＊]{2,})"
    r"|(?P<times>×{2,})"
    r"|(?P<box>□{2,})"
    r"|(?P<ex>[XＸ]{2,})"
    r"|(?P<single>(?<=[^\W\d_])[*＊](?=[^\W\d_]))"  # one star inside a word: `f*ck`
)
# Markdown emphasis: an opener glued to the following word, a closer glued to the preceding one.
_EMPHASIS = re.compile(
    r"(?<![\w*＊])([*＊]{2,3})(?=[\w\"“'(\[])(?:(?![*＊]{2})[^\n]|\n(?!\s*\n)){1,200}?(?<=[\w.:!?\"”')\]])\1(?![\w*＊])"
)
# Star runs that cannot be markdown: spaced between words (`of ** equipment`, `conventional **.`) or
# inside Chinese text. A text that has one is masked, so a lowercase "bold" word in it is two masks.
_CERTAIN = re.compile(rf"(?<=[\w,] )[*＊]{{2,}}(?=[ .,;:!?])|(?<=[{_CJK_CHARS}])[*＊]{{2,}}(?=[{_CJK_CHARS}])")
_INDENTED = re.compile(r"(?: {5,}|\t)\S")
_PREFORMATTED_MIN_LINES = 5
_PREFORMATTED_SHARE = 0.2  # earlier stages dedent some lines; news prose has none
_SENTENCE_BREAK = re.compile(rf"[{SENTENCE_ENDS}]\s+\S")
_CODE = re.compile(r"```.*?```|`[^`\n]*`|https?://\S+|www\.\S+", re.DOTALL)
# Code: a short line that starts or ends like code, or code-like text around the run (`f(**kwargs)`, `x = a ** b`).
_CODE_LINE = re.compile(r"^\s*(?:def |class |import |from \S+ import |return\b|print\(|>>>|\$ )|[;{}]\s*$")
_CODE_NEAR = re.compile(
    r"\w\([^)\n]*[*＊]{1,2}\w|[*＊]{1,2}(?:kwargs|args)\b|\s[=^]\s|=="
    # a C declaration: `struct entry **list`, `char **argv`, `const char *const *names`
    r"|\b(?:struct|union|enum)\s+\w+\s+\*{1,3}\w|\b(?:const|char|int|void|long|unsigned|double|float|size_t|\w+_t)\s+\*{1,3}\w"
)
_CODE_LINE_MAX = 200  # longer lines are prose, whatever they start with
_RATING_BEFORE = re.compile(
    r"(?i)(?:rating|rated|stars?|score|verdict|grade|評分|评分|星级|оценка|рейтинг|bewertung|"
    r"valoraci[oó]n|calificaci[oó]n|voto|تقييم)\b[^.!?。]{0,20}$"
)
_RATING_AFTER = re.compile(r"^\s*(?:[☆★½]|/\s*5|out of|-?\s*stars?\b)", re.IGNORECASE)
_RATING_GLYPHS = "★☆■●○◆◇▲△"
_SENTENCE_END = SENTENCE_ENDS
_QUOTES = "\"'“”‘’«»「」『』()（）[]【】"
_HONORIFIC = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Mme|Mlle|Herr|Frau|Sr|Sra|Sig)\.?|\bM\.)\s*$")
# Roman numerals and sizes: `XX century`, `XX chromosomes`, `XX siècle`.
_ROMAN_NEXT = re.compile(
    r"(?i)^(?:century|centuries|th|siècle|siecle|jahrhundert|век|века|веке|siglo|secolo|século|wiek|"
    r"chromosomes?|male|female|large|small|olympiad)\b"
)
# A Chinese family name followed by a masked given name is an anonymised person, not censorship.
# Family names that are also everyday words (向 "towards", 曾 "once", 方 "side", 金 "gold") are left out.
_SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗郑梁谢宋唐许韩冯邓曹彭萧董袁潘蔡蒋杜叶苏魏吕丁沈姚卢姜崔"
    "钟谭陆汪廖贾邹熊孟邱侯尹薛闫黎陶贺顾郝龚邵钱覃戴莫孔汤"
)
# The end of a word that introduces a person (被告人, 记者, 男子, 村民, 网友, 学生, 司机, 律师, 局长...).
_ROLE_TAIL = set("人者子民友生员师长告属主手姓叫名")
_NAME_NEXT = ("先生", "女士", "同学", "老师", "师傅", "医生", "某")
_DATE_UNIT = set("年月日号时")
_PLACE_UNIT = set("市省县区镇乡村街路楼室厂")


@dataclass(frozen=True, slots=True)
class MaskMatch:
    start: int
    end: int
    raw: str
    kind: str  # "censorship", "profanity", "privacy" or "unknown" (see mask_kinds.py)
    shape: str  # "word" or "partial"


def find_masks(text: str) -> list[MaskMatch]:
    """Every mask in `text`, with its kind, leaving honest uses of the same characters alone."""
    found: list[MaskMatch] = []
    if _ANY.search(text):
        masked = _CERTAIN.search(text) is not None  # a content farm's text: a censor was at work here
        protected = _protected_spans(text, masked)
        footnotes = _footnotes(text)
        preformatted = None
        for m in _RUN.finditer(text):
            start, end = m.span()
            if any(s <= start < e for s, e in protected):
                continue
            shape = m.lastgroup
            verdict = _is_mask(text, start, end, shape, footnotes)
            if not verdict:
                continue
            mask = _classify(text, start, end, shape, verdict == "privacy", masked)
            if found and mask.start < found[-1].end:
                continue
            if mask.kind in ("censorship", "unknown"):
                preformatted = _preformatted(text) if preformatted is None else preformatted
                if preformatted:
                    continue  # a rendered manual or a code listing: `**` is a glob or an operator there
            found.append(mask)
    if _DASH_OR_SYMBOLS.search(text):
        taken = [(m.start, m.end) for m in found]
        found += [MaskMatch(s, e, text[s:e], "profanity", "partial") for s, e in profanity_marks(text)
                  if not any(a < e and s < b for a, b in taken)]
        found.sort(key=lambda m: m.start)
    return found


def _preformatted(text: str) -> bool:
    """Most lines indented like a rendered manual page or a code listing, which news prose never is."""
    lines = [line for line in text.split("\n") if line.strip()]
    indented = sum(1 for line in lines if _INDENTED.match(line))
    return indented >= _PREFORMATTED_MIN_LINES and indented >= _PREFORMATTED_SHARE * len(lines)


def _protected_spans(text: str, masked: bool) -> list[tuple[int, int]]:
    spans = [m.span() for m in _CODE.finditer(text)]
    for m in _EMPHASIS.finditer(text):
        content = m.group()[len(m.group(1)):]
        if re.match(r"[\"“'(\[][\s,.;:]", content):
            continue  # `"**" highway`: a quoted mask, whose quote closes at once
        line_start = m.start() == 0 or text[m.start() - 1] == "\n"
        first = re.search(r"[^\W\d_]", content)
        long = len(content.split()) > 4 or _SENTENCE_BREAK.search(content)
        lower = first and (first.group().islower() or _CJK.match(first.group()))
        if lower and not line_start and (masked or long):
            continue  # `limit **in**` in a masked text, `of **equipment to ... conventional**`: masks, not bold
        spans.append(m.span())
    return spans


@dataclass(frozen=True, slots=True)
class _Footnotes:
    markers: frozenset[str]  # star runs that footnote lines at the end of the text define
    lines: frozenset[int]  # where those lines start


_FOOTNOTE_LINE = re.compile(rf"\s*([*＊]{{1,4}})\s+(?=[A-Z0-9(\"“{_CJK_CHARS}])")


def _footnotes(text: str) -> _Footnotes:
    """Footnote definitions (`** Provisional figures.`) in the last lines of the text, for marks
    that also appear glued to a word before them (`rose 12%**`)."""
    lines: dict[int, str] = {}  # line start -> its mark
    end = len(text.rstrip())
    while end > 0:
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end]
        if line.strip():
            m = _FOOTNOTE_LINE.match(line)
            if not m:
                break
            lines[start + m.start(1)] = m.group(1)
        end = start - 1
    body = text[:min(lines, default=0)]
    used = {m for m in set(lines.values()) if re.search(rf"[^\s*＊]{re.escape(m)}(?![*＊\w])", body)}
    return _Footnotes(frozenset(used), frozenset(pos for pos, m in lines.items() if m in used))


def _line(text: str, start: int, end: int) -> tuple[str, str]:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return text[line_start:start], text[end:len(text) if line_end < 0 else line_end]


def _is_mask(text: str, start: int, end: int, shape: str, footnotes: _Footnotes) -> bool | str:
    """True for a mask, "privacy" for a person's name or a place hidden to protect it, False for
    an honest use of the characters."""
    before, after = _line(text, start, end)
    if not before.strip() and not after.strip():
        return False  # a line of its own: section break, separator between articles, checkbox row
    left = text[start - 1] if start else "\n"
    right = text[end] if end < len(text) else "\n"
    line = before + text[start:end] + after
    if (len(line) <= _CODE_LINE_MAX and _CODE_LINE.search(line)) or _CODE_NEAR.search(before[-60:] + text[start:end] + after[:60]):
        return False  # code: `f(**kwargs)`, `x = a ** b`
    near = before[-80:]  # for the checks of what precedes the run: a paragraph can be long
    if right.isdigit() and (left.isdigit() or left in ")]" or _glued_latin(left)) or left in ")]":
        return False  # exponent (2**10, (a+b)**2, x**2) or masked digits (138****5678); not `加拿大**2018年`
    if left.isdigit() and (right.isalnum() or right in "(."):
        return False  # 2**x, 1**.5; a mask glued after a year (`in 2008** almost`) is one
    if end - start in (3, 4) and re.match(r"(?:[ -][*＊]{3,4})*[ -]?\d", after):
        return False  # a masked card or account number: **** **** **** 1234
    token = re.search(r"\S*$", near).group() + text[start:end] + re.match(r"\S*", after).group()
    if "@" in token or re.search(r"[/\\=][*＊]|\w:[*＊]|\d\.[*＊]|[*＊][./\\]\w", token):
        return False  # e-mail address, IP octet (203.0.113.**), path, glob or option value (`--match=**`)
    if left in "[{<" and right in ",;]}>":
        return False  # a bound or a slot in code and notation: `[**, 2.0)`, `{**}`
    if left in _RATING_GLYPHS or right in _RATING_GLYPHS or _is_rating(before, after):
        return False
    if _HONORIFIC.search(near):
        return "privacy"  # Mr. X**: an anonymised person
    if shape == "single":
        return _single_star_word(text, start)
    if shape == "star":
        if not before.strip() and (not right.isalnum() and right not in " \t\"“'‘「" or _list_line(text, start)):
            return False  # a bullet or list marker
        if start in footnotes.lines:
            return False  # a footnote line at the end of the text
        if text[start:end] in footnotes.markers and before[-1:].strip() and not right.isalnum():
            return False  # a footnote mark glued to the word it annotates
        if end - start >= 5 and (not before.strip() or before.rstrip()[-1] in _SENTENCE_END) and (
            not after.strip() or after.lstrip()[:1].isupper()
        ):
            return False  # a separator between two stories on one line
        if end - start >= 5 and (not after.strip() or not before.strip()) and not (
            0 < len(_latin_piece(text, start, -1)) <= 3 or _latin_piece(text, end, 1)
        ):
            return False  # a rule that ends or opens a line: `Headline******` (not a user's `Fe*******`)
        if _initial(text, start, end):
            return "privacy"  # `W**`: an initial standing for a person's name
    if shape in ("star", "times", "ex") and _anonymised_name(text, start, end):
        return "privacy"
    if shape in ("times", "ex") and (right in _DATE_UNIT or text[end:end + 1] == "某"):
        return False  # a date template (XX月XX日) or a placeholder name
    if shape in ("times", "ex") and right in _PLACE_UNIT:
        return "privacy"  # an anonymised place or body: ××市, XX县, ××公司
    if shape == "ex":
        return _ex_is_mask(text, start, end, before, after)
    return True


def _is_rating(before: str, after: str) -> bool:
    if _RATING_BEFORE.search(before[-40:]) or _RATING_AFTER.match(after):
        return True
    label = before.strip()
    if after.strip() or not 0 < len(label.split()) <= 3:
        return False
    # `Rating: ****`, `Food ***`: a short label, then the stars end the line
    return label.endswith((":", "：")) or (label[0].isupper() and not re.search(r"[.!?,;。，]", label))


def _list_line(text: str, start: int) -> bool:
    """A star run opening this line and a neighbouring one: a list, not a sentence with a mask."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line_end = len(text) if line_end < 0 else line_end
    prev = text[text.rfind("\n", 0, line_start - 1) + 1:line_start - 1] if line_start else ""
    next_end = text.find("\n", line_end + 1)
    nxt = text[line_end + 1:len(text) if next_end < 0 else next_end] if line_end < len(text) else ""
    return any(re.match(r"\s*[*＊•\-]+\s", line) for line in (prev, nxt))


def _initial(text: str, start: int, end: int) -> bool:
    left, right = _latin_piece(text, start, -1), _latin_piece(text, end, 1)
    return len(left) == 1 and left.isupper() and not right


def _latin_piece(text: str, pos: int, step: int) -> str:
    """The Latin letters glued to `pos` on one side (CJK does not count)."""
    i = pos - 1 if step < 0 else pos
    letters = []
    while 0 <= i < len(text) and text[i].isalpha() and not _CJK.match(text[i]):
        letters.append(text[i])
        i += step
    return "".join(reversed(letters) if step < 0 else letters)


def _single_star_word(text: str, start: int) -> bool:
    """`f*ck`, `sh*t`: one star inside a swear word; not `a*b`, `r*exp` or `int*pl` in a formula or a pattern."""
    return profane(_latin_piece(text, start, -1), 1, _latin_piece(text, start + 1, 1))


def _anonymised_name(text: str, start: int, end: int) -> bool:
    """张××, 被告人王**, 李XX先生: a person's name hidden for privacy."""
    units = len(re.sub(r"\s", "", text[start:end]))
    if units > 2 or start == 0 or text[start - 1] not in _SURNAMES:
        return False
    before_name = text[start - 2] if start >= 2 else " "
    return (
        not _CJK.match(before_name)
        or before_name in _ROLE_TAIL
        or text[end:end + 2].startswith(_NAME_NEXT)
    )


def _neighbour_word(text: str, pos: int, step: int) -> str:
    """The nearest word on one side, skipping spaces and quotes but not sentence punctuation."""
    i = pos - 1 if step < 0 else pos
    while 0 <= i < len(text) and (text[i] in " \t" or text[i] in _QUOTES):
        i += step
    chars = []
    while 0 <= i < len(text) and text[i].isalpha():
        chars.append(text[i])
        i += step
    return "".join(reversed(chars) if step < 0 else chars)


def _ex_is_mask(text: str, start: int, end: int, before: str, after: str) -> bool:
    """`XX` only where it clearly stands for a word: beside CJK, or between lowercase words."""
    left = text[start - 1] if start else " "
    right = text[end] if end < len(text) else " "
    if (left.isalnum() and not _CJK.match(left)) or (right.isalnum() and not _CJK.match(right)):
        return False  # XXL, MAXX, 20XX, XXth
    if left in "$€£¥%#" or right in "$€£¥%#":
        return False  # an amount placeholder
    if _CJK.match(left) or _CJK.match(right):
        return True
    letters = re.sub(r"[^A-Za-z]", "", before + after)
    if letters and sum(c.isupper() for c in letters) > 0.6 * len(letters):
        return False  # an all-caps headline, where XX may be anything
    if _ROMAN_NEXT.match(after.lstrip(" \t" + _QUOTES)) or re.match(r"\s*/\s*X", after):
        return False  # XX century, XX chromosomes, XX/XY
    prev, nxt = _neighbour_word(text, start, -1), _neighbour_word(text, end, 1)
    if (prev and prev[0].isupper()) or (nxt and nxt[0].isupper()):
        return False  # Super Bowl XX, Chapter XX, Louis XX, XX Congress
    return bool((prev and prev.islower()) or (nxt and nxt.islower()))


def _classify(text: str, start: int, end: int, shape: str, private: bool, masked: bool) -> MaskMatch:
    """The mask's span, kind and shape. A whole hidden word is censorship; letters glued to the run
    are kept edges of a swear word (`f***ing`) or of a user's name (`Man**`), else unknown. In a
    text a censor has masked, a short name glued to a mask (`Xi**`) is taken as censored too,
    unless another masked name stands beside it."""
    left, right = _latin_piece(text, start, -1), _latin_piece(text, end, 1)
    outer = start - len(left), end + len(right)
    if (right or left.lower() not in SHORT_WORDS) and profane(left, 1 if shape == "single" else end - start, right):
        return MaskMatch(*outer, text[outer[0]:outer[1]], "profanity", "partial")
    if private or (left and not right and private_name(left, text, outer[0], end, masked)):
        return MaskMatch(*outer, text[outer[0]:outer[1]], "privacy", "partial" if left or right else "word")
    start, end, form = _extent(text, start, end, shape)
    if form == "partial":
        kind = "unknown"
    elif text[start:end] == "****" and _latin_words_around(text, start, end):
        kind = "profanity"  # `Bird ****`, `what the ****`: a four-letter word, not a censored term
    else:
        kind = "censorship"
    return MaskMatch(start, end, text[start:end], kind, form)


def _latin_words_around(text: str, start: int, end: int) -> bool:
    """Both neighbours (past spaces and quotes) are words of a Latin-script text, or the line's edge."""
    words = (_neighbour_word(text, start, -1), _neighbour_word(text, end, 1))
    return any(words) and all(not w or not _CJK.match(w[0]) for w in words)


def _extent(text: str, start: int, end: int, shape: str) -> tuple[int, int, str]:
    """The span a mask replaces and its shape: letters glued to it make an in-word (partial) mask."""
    left, right = _latin_piece(text, start, -1), _latin_piece(text, end, 1)
    if shape == "single":
        return start - len(left), end + len(right), "partial"
    if left and right and min(len(left), len(right)) >= 3:
        return start, end, "word"  # two words glued to a mask: `conventional**equipment`
    if left and right:
        return start - len(left), end + len(right), "partial"  # f**k, fu**ing, bull***t
    piece = left or right
    if piece and len(piece) <= 2 and piece.islower() and piece not in SHORT_WORDS:
        return start - len(left), end + len(right), "partial"  # s***, f***: the first letters kept
    return start, end, "word"  # `conventional**`, `of**`: a whole word glued to its neighbour


class MasksStage(Stage):
    name = "masks"
    defaults = {
        "token": "[REDACTED]",
        "context_chars": 40,
        # Read by the restoration pass (pipeline/passes/restore/), kept here so all mask options live together.
        "restore": "candidates",  # "off", "candidates" (ranked guesses in `redactions`) or "apply"
        "restore_threshold": 0.9,  # with "apply": substitute the top candidate when its probability reaches this
        "restore_top": 5,
        "reference": {},  # language -> globs of plain-text files that add evidence, e.g. {en = ["refs/*.txt"]}
        # Masked names of private people (`Man**`, `张××`): "keep" leaves them as written and unlisted,
        # "mark" also lists them in `redactions` with kind "privacy". Neither hides a letter.
        "privacy": "keep",
    }

    def __init__(self, **options) -> None:
        super().__init__(**options)
        if self.options["restore"] not in ("off", "candidates", "apply"):
            raise ValueError(f"stage 'masks': restore must be 'off', 'candidates' or 'apply', not {self.options['restore']!r}")
        if not 0.0 < float(self.options["restore_threshold"]) <= 1.0:
            raise ValueError("stage 'masks': restore_threshold must be a probability in (0, 1]")
        if self.options["privacy"] not in ("keep", "mark"):
            raise ValueError(f"stage 'masks': privacy must be 'keep' or 'mark', not {self.options['privacy']!r}")
        if not self.options["token"] or not isinstance(self.options["token"], str):
            raise ValueError("stage 'masks': token must be a non-empty string")

    def __call__(self, doc: Document) -> Document:
        body = doc.text
        found = self._annotate(doc, doc, "text")
        for name in ("title", "subtitle"):
            value = getattr(doc, name)
            if value and _ANY.search(value):
                field = Document(value, doc.source_path, doc.source_index)
                # a headline left in the text (not taken out of it) has its masks listed once, there
                taken_out = any(r.kind == name for r in doc.removed)
                found += self._annotate(doc, field, name, listed=taken_out or value.strip() not in body)
                setattr(doc, name, field.text)
        shown = {"title": doc.title, "subtitle": doc.subtitle}
        for i, removed in enumerate(doc.removed):
            if not shown.get(removed.kind):  # a title line is masked once, in `title`
                found += self._annotate(doc, Document(removed.text, doc.source_path, doc.source_index), "removed", i)
        self.count("documents_with_masks", bool(found))
        return doc

    def _annotate(self, doc: Document, target: Document, field: str, item: int = -1, listed: bool = True) -> int:
        """List the masks of `target` (the document itself, or a field of it wrapped as one) in
        `doc.redactions` (unless not `listed`); censorship masks outside `removed` become the
        token. Returns how many were listed."""
        masks = find_masks(target.text)
        if self.options["privacy"] == "keep":
            self.count("masks_privacy_kept", sum(m.kind == "privacy" for m in masks))
            masks = [m for m in masks if m.kind != "privacy"]
        if not masks:
            return 0
        changes = [(m.start, m.end, self._replacement(target.text, m) if field != "removed" else m.raw) for m in masks]
        spans = target.rewrite(changes)
        if not listed:
            return 0
        width = self.options["context_chars"]
        for mask, (start, end), (_, _, new) in zip(masks, spans, changes):
            start += len(new) - len(new.lstrip(" "))
            end -= len(new) - len(new.rstrip(" "))
            doc.redactions.append(Redaction(
                start, end, mask.raw, mask.kind, target.text[max(0, start - width):start], target.text[end:end + width],
                shape=mask.shape, field=field, item=item,
            ))
            self.count(f"masks_{mask.kind}")
            self.count(f"masks_in_{field}")
        self.count("masks", len(masks))
        return len(masks)

    def _replacement(self, text: str, mask: MaskMatch) -> str:
        """The token for a censorship mask, spaced off a word it was glued to (`conventional**` ->
        `conventional [REDACTED]`); any other mask stays as the source wrote it."""
        if mask.kind != "censorship":
            return mask.raw
        new = self.options["token"]
        if mask.shape == "word" and mask.start and _glued_latin(text[mask.start - 1]):
            new = " " + new
        if mask.shape == "word" and mask.end < len(text) and _glued_latin(text[mask.end]):
            new = new + " "
        return new


def _glued_latin(char: str) -> bool:
    return char.isalnum() and not _CJK.match(char)
