"""Is it text at all? Told from a record's first bytes, before any decoding is tried.

A file named `.txt` may be an executable, an image, a PDF or random bytes, and
charset detection will read almost anything as some code page: such a file
would become a row of gibberish. So the bytes are looked at first:

- the signature of a known binary format (ELF, PE, Mach-O, PNG, JPEG, GIF,
  PDF, SQLite, Parquet, ...) means `binary`; of an archive (zip, tar, 7z, RAR),
  `unsupported_format`: its members may well be text, but they are files of
  their own, to be unpacked and given as inputs;
- text in UTF-16 or UTF-32 without a byte-order mark has NUL bytes too (the
  high bytes of ASCII characters): it is told from binary by decoding it
  strictly and finding text (ASCII spaces and line ends, no control or
  unassigned characters), which binary NULs do not give;
- otherwise any NUL, or more than 1% of control bytes that text does not use
  (whitespace, backspace, escape and the DOS end-of-file mark are allowed),
  means `binary`.
"""

from __future__ import annotations

from dataclasses import dataclass

SNIFF = 8192  # bytes looked at

_ARCHIVES = (
    (b"PK\x03\x04", "a zip archive (or a document made of one: docx, odt, epub)"),
    (b"PK\x05\x06", "an empty zip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
)
_BINARY = (
    (b"\x7fELF", "an ELF executable or library"),
    (b"\xcf\xfa\xed\xfe", "a Mach-O executable"),
    (b"\xce\xfa\xed\xfe", "a Mach-O executable"),
    (b"\xca\xfe\xba\xbe", "a Java class or Mach-O universal binary"),
    (b"\x00asm", "a WebAssembly module"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"%PDF-", "a PDF document"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an OLE file (an old Office document)"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"PAR1", "a Parquet file"),
    (b"ARROW1", "an Arrow file"),
    (b"OggS", "an Ogg audio or video file"),
    (b"fLaC", "a FLAC audio file"),
    (b"\x1a\x45\xdf\xa3", "a Matroska or WebM video"),
    (b"wOFF", "a WOFF font"),
    (b"wOF2", "a WOFF2 font"),
)
#: C0 control bytes that text does use: tab, line feed, vertical tab, form feed, carriage return,
#: backspace (overstrike in formatted manual pages), escape (terminal colours), DOS end of file.
_TEXT_CONTROLS = frozenset(b"\t\n\v\f\r\b\x1b\x1a")
_BINARY_CONTROLS = bytes(b for b in range(32) if b not in _TEXT_CONTROLS) + b"\x7f"
_MAX_CONTROL_SHARE = 0.01


@dataclass(frozen=True, slots=True)
class NotText:
    reason: str  # "binary" or "unsupported_format"
    message: str
    offset: int  # of the byte that tells


def not_text(head: bytes) -> NotText | None:
    """Why `head` (a record's first bytes; SNIFF of them suffice) is not text, or None when it may be.

    Call it on bytes that `wide_text` did not claim: UTF-16 and UTF-32 are full of NULs.
    """
    head = head[:SNIFF]
    for magic, what in _ARCHIVES:
        if head.startswith(magic):
            return NotText("unsupported_format", f"the file is {what}: unpack it and give its files as inputs", 0)
    if head[257:262] == b"ustar":
        return NotText("unsupported_format", "the file is a tar archive: unpack it and give its files as inputs", 0)
    for magic, what in _BINARY:
        if head.startswith(magic):
            return NotText("binary", f"the bytes are {what}, not text", 0)
    if head.startswith(b"RIFF") and head[8:12] in (b"WAVE", b"AVI ", b"WEBP"):
        return NotText("binary", "the bytes are a RIFF media file (WAV, AVI or WebP), not text", 0)
    if b"\x00" in head:
        return NotText("binary", "the bytes look binary (NUL bytes), not text", head.index(b"\x00"))
    controls = len(head) - len(head.translate(None, _BINARY_CONTROLS))
    if controls > _MAX_CONTROL_SHARE * len(head):
        first = min(head.index(bytes([b])) for b in _BINARY_CONTROLS if bytes([b]) in head)
        return NotText("binary", f"the bytes look binary ({controls} control bytes in the first {len(head)}), "
                                 "not text", first)
    return None


def wide_text(head: bytes) -> list[str]:
    """The codecs that text without a byte-order mark but with NUL bytes could be in: UTF-32 when
    two bytes of every unit are NUL (the BMP's), else both orders of UTF-16 (ASCII puts its NULs at
    odd offsets in UTF-16LE, but `一` U+4E00 puts one at an even offset). Only candidates: the
    caller decodes strictly and keeps a reading only if it is plausible text (see `decode`)."""
    n = len(head[:SNIFF]) // 4 * 4
    if n < 8 or b"\x00" not in head[:n]:
        return []
    nuls = [head[i:n:4].count(0) for i in range(4)]
    units = n // 4
    if nuls[3] == units and nuls[2] > 0.9 * units and nuls[0] < units:
        return ["utf-32-le"]
    if nuls[0] == units and nuls[1] > 0.9 * units and nuls[3] < units:
        return ["utf-32-be"]
    return ["utf-16-le", "utf-16-be"]
