"""Bytes to text, for inputs that are not all UTF-8.

Order of trust: a byte-order mark; then UTF-16 or UTF-32 told by where their
NUL bytes fall; bytes that are not text at all are rejected here (see
`sniff`); then UTF-8 (valid UTF-8 with non-ASCII
bytes is almost never anything else by accident, and it is most of what
arrives); then the encoding the source declares (HTTP header, `<meta
charset>`), but only if the bytes decode under it; then charset-normalizer's
detection (windows-1252 winning its ties; see `_detected`). Declared labels are read as browsers read them (the WHATWG Encoding
Standard: `gb2312` means GBK, `iso-8859-1` means windows-1252), because pages
are written for browsers. Bytes that no encoding fits are an error, reported
with the offset of the first byte that is not UTF-8, unless the recipe asks
to keep such records with the bad bytes replaced.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

import charset_normalizer

from pipeline.readers.sniff import SNIFF, not_text, wide_text

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Labels a page may declare -> the codec a browser uses for them.
_WHATWG = {
    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030", "chinese": "gb18030",
    "iso-8859-1": "cp1252", "latin1": "cp1252", "iso8859-1": "cp1252", "ascii": "cp1252", "us-ascii": "cp1252",
    "shift_jis": "cp932", "x-sjis": "cp932", "sjis": "cp932", "ms_kanji": "cp932",
    "euc-kr": "cp949", "ks_c_5601-1987": "cp949",
    "big5": "big5hkscs", "iso-8859-9": "cp1254", "tis-620": "cp874", "iso-8859-11": "cp874",
}
#: What detection prefers on a tie (within _TIE of the best's chaos and coherence): the web's default.
_WESTERN, _TIE = "cp1252", 0.02
#: Fewer non-ASCII bytes than this and a detected encoding is a guess.
EVIDENCE = 8
_ASCII = bytes(range(128))  # deleted to count the others
# A well-formed UTF-8 sequence of two to four bytes (RFC 3629: no overlong forms, no surrogates).
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
                            rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
                            rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}")
# Characters text in the right byte order hardly has: unassigned, private use, surrogates.
_IMPLAUSIBLE, _MAX_IMPLAUSIBLE = {"Cn", "Co", "Cs"}, 0.01
_MIN_ASCII = 0.005  # share of ASCII characters a wide reading needs (one in 200: a line end, a space)
_MIN_SEPARATORS = 0.02  # and of spaces, line ends and punctuation: text in any script has them
# The legacy encodings of the WHATWG Encoding Standard: what web pages and their tools write.
_WEB_CODECS = {codecs.lookup(label).name for label in (
    "cp866", "iso8859_2", "iso8859_3", "iso8859_4", "iso8859_5", "iso8859_6", "iso8859_7", "iso8859_8",
    "iso8859_10", "iso8859_13", "iso8859_14", "iso8859_15", "iso8859_16", "koi8_r", "koi8_u", "mac_roman",
    "mac_cyrillic", "cp874", "cp1250", "cp1251", "cp1252", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257",
    "cp1258", "gb18030", "gbk", "big5", "big5hkscs", "cp950", "euc_jp", "iso2022_jp", "shift_jis", "cp932",
    "euc_kr", "cp949")}


class DecodeError(ValueError):
    def __init__(self, reason: str, message: str, offset: int) -> None:
        super().__init__(message)
        self.reason = reason
        self.offset = offset


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str  # Python codec name, e.g. "utf-8", "gb18030", "cp1251"
    replaced: bool = False  # bytes that fit no encoding were replaced by U+FFFD
    guessed: bool = False  # detected on little evidence, or as a code page the web does not use


def codec_name(label: str | None) -> str | None:
    """The Python codec for an encoding label, or None if there is no such codec."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    try:
        return codecs.lookup(_WHATWG.get(label, label)).name
    except LookupError:
        return None


def decode(data: bytes, declared: str | None = None, forced: str | None = None, replace: bool = False) -> Decoded:
    """The text of `data` and how it was decoded; raises `DecodeError` when nothing fits.

    `forced` (the recipe's `encoding`) skips detection; `declared` is what the
    source says; `replace` keeps undecodable bytes as U+FFFD instead of failing.
    """
    if forced:
        return _decode_forced(data, forced, replace)
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(codec), "utf-8" if codec == "utf-8-sig" else codec)
            except UnicodeDecodeError:
                break
    if (wide := _wide(data)) is not None:
        return wide
    if (problem := not_text(data)) is not None:
        raise DecodeError(problem.reason, problem.message, problem.offset)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    codec = codec_name(declared)
    if codec:
        try:
            return Decoded(data.decode(codec), codec)
        except UnicodeDecodeError:
            pass
    damaged = _damaged_utf8(data)
    if not damaged and (detected := _detected(data)) is not None:
        return detected
    if replace:
        return Decoded(data.decode("utf-8", "replace"), "utf-8", replaced=True)
    if damaged:
        raise DecodeError("decode_error", f"UTF-8 with {damaged} bad byte{'s' * (damaged > 1)} (the first at offset "
                                          f"{first_bad}): damaged text, not another encoding", first_bad)
    raise DecodeError("decode_error",
                      f"not valid UTF-8 (first bad byte at offset {first_bad}) and no other encoding fits", first_bad)


def _damaged_utf8(data: bytes) -> int:
    """How many bytes stray from UTF-8 in text that is UTF-8 but for them; 0 if it is not such text.

    Most of its non-ASCII bytes form well-formed UTF-8 sequences (at least two of them, and more than
    the stray bytes). Detection would find a legacy code page that decodes the bytes, since one
    almost always does, and turn each of those sequences into two or three wrong characters: one
    cut or flipped byte in a line of English with a name in Cyrillic came out as Mac Greek or
    Mac Latin 2. Legacy text hardly forms such sequences (a Latin-1 capital followed by a
    symbol; a GBK or EUC pair within their ranges, a few percent of its characters, among many
    more bytes that do not).
    """
    sequences = _UTF8_SEQUENCE.findall(data)
    stray = len(data.translate(None, _ASCII)) - sum(map(len, sequences))
    return stray if len(sequences) >= 2 and stray < len(sequences) else 0


def wide_codec(head: bytes) -> str | None:
    """The UTF-16 or UTF-32 codec of a stream that starts with `head` (by its byte-order mark, or by
    where its NULs fall), for readers that split lines before decoding; None for anything else."""
    for bom, codec in _BOMS:
        if head.startswith(bom):
            return None if codec == "utf-8-sig" else codec
    reading = _wide(head[: len(head) // 4 * 4], errors="surrogatepass")  # a pair may be cut at the end
    return reading.encoding if reading else None


def _wide(data: bytes, errors: str = "strict") -> Decoded | None:
    """UTF-16 or UTF-32 without a byte-order mark: the reading with the most ASCII (text has spaces,
    line ends, digits or JSON's punctuation; the wrong byte order turns each into a CJK or rare
    character), if it has enough of it, spaces or punctuation as text in any script does, and
    little that text never has (unassigned, private use)."""
    readings = []
    for codec in wide_text(data):
        try:
            text = data.decode(codec, errors)
        except UnicodeDecodeError:
            continue
        head = text[:SNIFF]
        ascii_share = sum(" " <= c < "\x7f" or c in "\t\n\r" for c in head)
        categories = [unicodedata.category(c) for c in head]
        odd = sum(c in _IMPLAUSIBLE for c in categories)
        separators = sum(c[0] in "PZ" or c == "Cc" for c in categories)  # punctuation, spaces, line ends
        if (ascii_share >= _MIN_ASCII * len(head) and odd <= _MAX_IMPLAUSIBLE * len(head) + 1
                and separators >= _MIN_SEPARATORS * len(head)
                and not_text(head.encode("utf-8", "surrogatepass")) is None):
            readings.append((-ascii_share, codec, text))
    if not readings:
        return None
    _, codec, text = min(readings)
    return Decoded(text, codec)


def _detected(data: bytes) -> Decoded | None:
    """charset-normalizer's reading, but windows-1252 when it reads the bytes about as well.

    On little evidence (a Latin-1 paragraph, one stray byte in English) detection ranks code pages
    that read the same few bytes alike nearly at random, and may pick an exotic one (cp775, cp1006)
    or a Baltic one that turns French `à` into `ą`. Windows-1252 is what browsers assume for
    unlabelled Western text, so it wins ties. A reading that rests on fewer than EVIDENCE
    non-ASCII bytes, or on a code page the web does not use, is flagged as guessed.
    """
    matches = list(charset_normalizer.from_bytes(data))
    if not matches:
        return None
    best = matches[0]
    label = best.encoding
    for m in matches:
        if _WESTERN in m.could_be_from_charset and m.chaos <= best.chaos + _TIE and m.coherence >= best.coherence - _TIE:
            label = _WESTERN
            break
    codec = codec_name(label) or label
    try:
        text = data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None
    evidence = len(data.translate(None, _ASCII))
    return Decoded(text, codec, guessed=codec not in _WEB_CODECS or evidence < EVIDENCE)


def _decode_forced(data: bytes, label: str, replace: bool) -> Decoded:
    codec = codec_name(label)
    if codec is None:
        raise ValueError(f"unknown encoding {label!r}")
    if codec == "utf-8" and data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    try:
        return Decoded(data.decode(codec), codec)
    except UnicodeDecodeError as exc:
        if replace:
            return Decoded(data.decode(codec, "replace"), codec, replaced=True)
        raise DecodeError("decode_error", f"not valid {codec} at offset {exc.start}: {exc.reason}", exc.start) from exc
