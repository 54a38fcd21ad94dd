"""Files that are not text are told from their first bytes, whatever their name, and every reader
rejects them with the reason: `binary` for programs, images, PDFs and noise, `unsupported_format`
for archives. Text in legacy or wide encodings is still read, exactly."""

from __future__ import annotations

import gzip
import json

import pytest

from pipeline.document import Document, Reject
from pipeline.readers import read_file
from pipeline.readers.sniff import not_text, wide_text
from tests.readers.binary_samples import ARCHIVES, EN, JA, LEGACY, NOT_TEXT, RU, ZH_HANS


def read(path):
    return list(read_file(path, path.name))


@pytest.mark.parametrize("kind", sorted(NOT_TEXT))
@pytest.mark.parametrize("name", ["binary.txt", "dump.jsonl", "page.html", "page.html.gz"])
def test_a_file_that_is_not_text_is_one_binary_reject_under_any_name(tmp_path, kind, name):
    path = tmp_path / name
    data = NOT_TEXT[kind]
    path.write_bytes(gzip.compress(data, mtime=0) if name.endswith(".gz") else data)
    [reject] = read(path)
    assert isinstance(reject, Reject) and reject.reason == "binary", reject
    assert reject.position.startswith("byte ")


@pytest.mark.parametrize("kind", sorted(ARCHIVES))
def test_an_archive_is_unsupported_not_binary_and_says_to_unpack_it(tmp_path, kind):
    path = tmp_path / "articles.txt"
    path.write_bytes(ARCHIVES[kind])
    [reject] = read(path)
    assert reject.reason == "unsupported_format" and "unpack" in reject.message


def test_noise_without_nul_bytes_is_binary_by_its_control_bytes():
    noise = bytes(b for b in NOT_TEXT["random"] if b)
    problem = not_text(noise)
    assert problem is not None and problem.reason == "binary" and noise[problem.offset] < 32


def test_text_with_the_controls_text_uses_is_text():
    formatted = ("N\bNA\bAM\bME\bE\n\tls - list\f\n\x1b[1mbold\x1b[0m " + EN + "\x1a").encode()
    assert not_text(formatted) is None


@pytest.mark.parametrize(("text", "codec"), LEGACY, ids=[c for _, c in LEGACY])
def test_legacy_encoded_text_is_read_exactly(tmp_path, text, codec):
    path = tmp_path / "article.txt"
    path.write_bytes(text.encode(codec))
    [doc] = read(path)
    assert isinstance(doc, Document) and doc.text == text and "encoding_guessed" not in doc.quality_flags


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
@pytest.mark.parametrize("text", [EN, RU, ZH_HANS], ids=["en", "ru", "zh"])
def test_wide_text_without_a_byte_order_mark_is_text(tmp_path, codec, text):
    assert codec in wide_text(text.encode(codec))
    path = tmp_path / "article.txt"
    path.write_bytes(text.encode(codec))
    [doc] = read(path)
    assert isinstance(doc, Document) and (doc.text, doc.encoding) == (text, codec)


def test_binary_nuls_are_not_taken_for_wide_text(tmp_path):
    words = b"".join(n.to_bytes(2, "little") for n in range(1, 3000, 7))  # a table of small numbers
    for data in (NOT_TEXT["random"], words, b"\x00\x01\x02\n" * 1000, b"\x00\x01\x02binary\x00" * 20):
        assert wide_text(data)
        (tmp_path / "table.txt").write_bytes(data)
        assert [r.reason for r in read(tmp_path / "table.txt")] == ["binary"]


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_wide_json_lines_are_read_with_or_without_a_byte_order_mark(tmp_path, codec):
    texts = [EN, RU, ZH_HANS, JA]
    path = tmp_path / "dump.jsonl"
    path.write_bytes("".join(json.dumps({"title": f"t{i}", "text": t}, ensure_ascii=False) + "\n"
                             for i, t in enumerate(texts)).encode(codec))
    docs = read(path)
    assert [d.text for d in docs] == texts and {d.encoding for d in docs} == {codec}
    assert [d.title for d in docs] == ["t0", "t1", "t2", "t3"]


def test_a_bad_code_unit_in_wide_json_lines_costs_its_line_and_a_cut_one_the_rest(tmp_path):
    good = [json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in (EN, RU)]
    path = tmp_path / "dump.jsonl"
    path.write_bytes("".join([good[0], '{"text": "\ud800"}\n', good[1]]).encode("utf-16-le", "surrogatepass") + b"{")
    first, bad, second, cut = read(path)
    assert (first.text, second.text) == (EN, RU)
    assert bad.reason in ("decode_error", "bad_json") and bad.position.startswith("line 2")
    assert cut.reason == "decode_error" and cut.position.startswith("line 4")


def test_english_with_one_stray_byte_is_read_as_windows_1252_and_flagged(tmp_path):
    path = tmp_path / "article.txt"
    path.write_bytes(EN[:150].encode() + b"\xff" + EN[150:].encode())
    [doc] = read(path)
    assert doc.encoding == "cp1252" and doc.text == EN[:150] + "ÿ" + EN[150:]
    assert "encoding_guessed" in doc.quality_flags
