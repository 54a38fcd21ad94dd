"""Bytes to text, for inputs that are not all UTF-8.

Order of trust: a byte-order mark; then UTF-8 (valid UTF-8 with non-ASCII
bytes is almost never anything else by accident, and it is most of what
arrives); then the encoding the source declares (HTTP header, `<meta
charset>`), but only if the bytes decode under it; then charset-normalizer's
detection. Declared labels are read as browsers read them (the WHATWG Encoding
Standard: `gb2312` means GBK, `iso-8859-1` means windows-1252), because pages
are written for browsers. Bytes that no encoding fits are an error, reported
with the offset of the first byte that is not UTF-8, unless the recipe asks
to keep such records with the bad bytes replaced.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

import charset_normalizer

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
_SNIFF = 8192


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
    if b"\x00" in data[:_SNIFF]:
        raise DecodeError("binary", "the bytes look binary (NUL bytes), not text", data.index(b"\x00"))
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
    best = charset_normalizer.from_bytes(data).best()
    if best is not None and best.encoding:
        codec = codec_name(best.encoding) or best.encoding
        try:
            return Decoded(data.decode(codec), codec)
        except (UnicodeDecodeError, LookupError):
            pass
    if replace:
        return Decoded(data.decode("utf-8", "replace"), "utf-8", replaced=True)
    raise DecodeError("decode_error",
                      f"not valid UTF-8 (first bad byte at offset {first_bad}) and no other encoding fits", first_bad)


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
