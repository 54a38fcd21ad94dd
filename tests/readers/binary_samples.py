"""Files that are not text, and text in legacy encodings, written for the reader tests.

The non-text files are built here byte by byte (or with the standard library) the way their
formats lay them out, so nothing is copied from a real program, image or document. The texts
are the project's own short articles in Traditional Chinese, Japanese, Russian, French and
German, to be saved in Big5, Shift-JIS, GB18030, Windows-1251 and Latin-1.
"""

from __future__ import annotations

import io
import random
import struct
import tarfile
import zipfile
import zlib

ZH_HANT = ("港區夜市重新開張。經過半年的整修，舊碼頭旁的夜市於週末重新開放，共有一百二十個攤位。"
           "管理處表示，這次整修主要解決排水與照明問題，過去每逢雨季，攤商常常只能提早收攤。"
           "不少市民當晚專程前來，一位帶著孩子的居民說，小時候常和父母來這裡吃炒麵和甜湯。")
ZH_HANS = ("港区夜市重新开张\n\n经过半年的整修，旧码头旁的夜市于周末重新开放，共有一百二十个摊位。\n\n"
           "管理处表示，这次整修主要解决排水与照明问题，过去每逢雨季，摊商常常只能提早收摊。")
JA = ("港の夜市が十年ぶりに再開した。週末の夜、古いフェリー乗り場の駐車場には四十を超える屋台が並び、"
      "焼き魚や蒸しパンを求める人々が列を作った。主催者によると、市場は九月末まで毎週末開かれる予定だという。"
      "市の交通局は夏の間、港線に深夜バスを二本増便した。")
RU = ("В субботу в Заречье открыли новый пешеходный мост через реку. Строительство заняло почти два года, "
      "и всё это время жителям левого берега приходилось делать крюк в несколько километров.")
FR = ("Le marché de nuit du quartier du port a rouvert samedi après dix ans d'absence. Une quarantaine "
      "d'étals ont éclairé l'ancien parking du terminal des ferries, où l'on a fait la queue pour des brochettes "
      "de poisson grillé et une boisson à la prune que préparait déjà la grand-mère d'une commerçante.")
DE = ("Der Nachtmarkt im Hafenviertel hat am Samstag nach zehn Jahren wieder geöffnet. Mehr als vierzig Stände "
      "füllten den früheren Parkplatz des Fähranlegers; die Veranstalter wollen den Markt bis Ende September "
      "jedes Wochenende öffnen. Für Besucher fährt im Sommer zusätzlich ein später Bus über die Hafenlinie.")
EN = ("The harbor district opened its first night market in a decade on Saturday. More than forty stalls lit up "
      "the old ferry terminal car park, and organizers said the market would run every weekend until the end of "
      "September. The city transport office added two late buses on the harbor line for the summer.")

#: (text, codec) pairs that must be read back exactly.
LEGACY = [(ZH_HANS, "gb18030"), (ZH_HANT, "big5"), (JA, "shift_jis"), (RU, "cp1251"), (FR, "latin-1"),
          (DE, "latin-1")]


def random_bytes(n: int = 4096, seed: int = 7) -> bytes:
    return random.Random(seed).randbytes(n)


def elf_executable() -> bytes:
    """A 64-bit little-endian ELF header and program header, then machine-code-like bytes."""
    header = b"\x7fELF" + bytes([2, 1, 1, 0]) + b"\x00" * 8
    header += struct.pack("<HHIQQQIHHHHHH", 2, 0x3E, 1, 0x401000, 64, 0, 0, 64, 56, 1, 0, 0, 0)
    program = struct.pack("<IIQQQQQQ", 1, 5, 0, 0x400000, 0x400000, 4096, 4096, 0x1000)
    code = bytes([0x48, 0x31, 0xFF, 0xB8, 0x3C, 0x00, 0x00, 0x00, 0x0F, 0x05]) * 300
    return header + program + code


def png_image(width: int = 32, height: int = 32) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    pixels = b"".join(b"\x00" + bytes((x * 7 + y * 3) % 256 for x in range(width * 3)) for y in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(pixels)) + chunk(b"IEND", b""))


def pdf_document() -> bytes:
    """A one-page PDF whose page content is a deflated stream, as writers make them."""
    content = zlib.compress(b"BT /F1 12 Tf 72 720 Td (Harbor market reopens) Tj ET\n" * 40)
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content + b"\nendstream"]
    out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
    for i, body in enumerate(objects, 1):
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    return out + b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"


def zip_archive() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("article.txt", EN)
    return buffer.getvalue()


def tar_archive() -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as t:
        data = EN.encode()
        info = tarfile.TarInfo("article.txt")
        info.size = len(data)
        t.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


#: name -> the bytes of a file that is not text; all of them are saved under a .txt name.
NOT_TEXT = {"random": random_bytes(), "elf": elf_executable(), "png": png_image(), "pdf": pdf_document()}
ARCHIVES = {"zip": zip_archive(), "tar": tar_archive()}
