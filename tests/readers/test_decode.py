import codecs

import pytest

from pipeline.readers.decode import DecodeError, codec_name, decode
from tests.readers.samples import BRIDGE_RU, RIVER_MARKET_ZH, as_text

ZH = as_text(RIVER_MARKET_ZH)
RU = as_text(BRIDGE_RU)


@pytest.mark.parametrize(("text", "codec", "expected"), [
    (ZH, "gb18030", "gb18030"),
    (ZH, "gbk", "gb18030"),  # GBK is a subset: the same text either way
    (RU, "cp1251", "cp1251"),
    (RU, "koi8_r", "koi8-r"),
])
def test_legacy_encodings_are_detected_and_decode_exactly(text, codec, expected):
    decoded = decode(text.encode(codec))
    assert decoded.text == text
    assert decoded.encoding == expected
    assert not decoded.replaced


def test_utf8_first_and_its_bom_dropped():
    assert decode(RU.encode("utf-8")).encoding == "utf-8"
    decoded = decode(codecs.BOM_UTF8 + ZH.encode("utf-8"))
    assert decoded.text == ZH and decoded.encoding == "utf-8"


def test_utf16_with_a_bom_is_text_not_binary():
    decoded = decode(RU.encode("utf-16"))
    assert decoded.text == RU and decoded.encoding == "utf-16"


def test_a_declared_charset_is_used_when_the_bytes_fit_it():
    short = "Мост открыт".encode("cp1251")  # too short for detection to be sure
    assert decode(short, declared="windows-1251").text == "Мост открыт"
    # A page labelled latin-1 is read as browsers read it: windows-1252, where 0x93/0x94 are quotes.
    assert decode(b"\x93quoted\x94 caf\xe9", declared="ISO-8859-1").text == "\u201cquoted\u201d café"


def test_a_wrong_declaration_loses_to_valid_utf8():
    assert decode(RU.encode("utf-8"), declared="iso-8859-1").text == RU


def test_nul_bytes_mean_binary_with_their_offset():
    with pytest.raises(DecodeError) as info:
        decode(b"header\x01\x02\x00\x00\x07\x00\x00\x00\x03\x00payload")
    assert info.value.reason == "binary"
    assert info.value.offset == 8


def test_bytes_no_encoding_fits_are_rejected_with_the_first_bad_offset():
    head, middle, tail = (part.encode("utf-8") for part in (ZH[:40], ZH[40:90], ZH[90:]))
    with pytest.raises(DecodeError) as info:
        decode(head + b"\xff\xfe\xfa" + middle + b"\xc0" + tail)
    assert info.value.reason == "decode_error"
    assert info.value.offset == len(head)
    assert f"offset {len(head)}" in str(info.value)


@pytest.mark.parametrize("line", [
    "The ferry resumed on Monday, said Ирина Соколова of the port authority.",
    "Café owners near the quay called the new rules confusing — and costly.",
])
@pytest.mark.parametrize("at", [3, 30])
def test_utf8_with_a_stray_byte_is_damaged_utf8_not_a_legacy_code_page(line, at):
    """Detection would find some code page that decodes it (Mac Greek, Mac Latin 2, cp1250) and turn
    every accented or Cyrillic letter into two wrong ones."""
    data = line[:at].encode("utf-8") + b"\x80" + line[at:].encode("utf-8")
    with pytest.raises(DecodeError) as info:
        decode(data)
    assert info.value.reason == "decode_error" and info.value.offset == len(line[:at].encode("utf-8"))
    assert "UTF-8 with 1 bad byte" in str(info.value)
    decoded = decode(data, replace=True)
    assert decoded.replaced and decoded.text == line[:at] + "\ufffd" + line[at:]


def test_replace_keeps_the_text_and_says_so():
    decoded = decode(ZH[:40].encode("utf-8") + b"\xff" + ZH[40:].encode("utf-8"), replace=True)
    assert decoded.replaced and decoded.encoding == "utf-8"
    assert decoded.text == ZH[:40] + "\ufffd" + ZH[40:]


def test_a_forced_encoding_skips_detection():
    assert decode(RU.encode("cp1251"), forced="windows-1251").text == RU
    with pytest.raises(DecodeError):
        decode(ZH.encode("utf-8"), forced="ascii")


def test_codec_names_follow_the_web():
    assert codec_name("GB2312") == "gb18030"
    assert codec_name("Shift_JIS") == "cp932"
    assert codec_name("utf8") == "utf-8"
    assert codec_name("no-such-charset") is None
