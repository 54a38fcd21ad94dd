import bz2
import gzip
import lzma
from pathlib import Path

import pytest
import zstandard

from pipeline.readers import read_file, streams
from pipeline.readers.streams import STREAM_ERRORS, base_name, compression_of, file_hash, open_stream, stream_reject
from tests.readers.samples import WarcRecord, warc_bytes

DATA = "".join(f'{{"n": {i}, "text": "line {i} of a dump"}}\n' for i in range(3000)).encode()
COMPRESSORS = {
    "gz": gzip.compress,
    "bz2": bz2.compress,
    "xz": lzma.compress,
    "zst": lambda b: zstandard.ZstdCompressor().compress(b),
}


@pytest.mark.parametrize("ext", sorted(COMPRESSORS))
def test_each_compression_reads_back_line_by_line(tmp_path, ext):
    path = tmp_path / f"dump.jsonl.{ext}"
    path.write_bytes(COMPRESSORS[ext](DATA))
    with open_stream(path) as fh:
        lines = list(fh)
    assert b"".join(lines) == DATA
    assert len(lines) == 3000


@pytest.mark.parametrize("ext", sorted(COMPRESSORS))
def test_a_truncated_stream_is_an_error_not_a_quiet_short_read(tmp_path, ext):
    packed = COMPRESSORS[ext](DATA)
    path = tmp_path / f"dump.jsonl.{ext}"
    path.write_bytes(packed[: len(packed) * 2 // 3])
    with pytest.raises(STREAM_ERRORS) as info, open_stream(path) as fh:
        fh.read()
    assert stream_reject(info.value)[0] == "truncated"


def test_compression_is_told_by_the_bytes_not_the_name(tmp_path):
    gzipped_without_suffix = tmp_path / "dump.jsonl"
    gzipped_without_suffix.write_bytes(gzip.compress(DATA))
    plain_with_suffix = tmp_path / "notes.txt.gz"
    plain_with_suffix.write_bytes(b"BZh is how this plain note starts\n")
    with open_stream(gzipped_without_suffix) as a, open_stream(plain_with_suffix) as b:
        assert a.read() == DATA
        assert b.read() == b"BZh is how this plain note starts\n"


def test_several_zstd_frames_read_as_one_stream(tmp_path):
    path = tmp_path / "two.zst"
    c = zstandard.ZstdCompressor()
    path.write_bytes(c.compress(DATA[:1000]) + c.compress(DATA[1000:]))
    with open_stream(path) as fh:
        assert fh.read() == DATA


def test_garbage_after_a_gzip_magic_is_a_corrupt_stream(tmp_path):
    path = tmp_path / "broken.txt.gz"
    path.write_bytes(b"\x1f\x8b\x08\x00" + b"not deflate data at all" * 10)
    with pytest.raises(STREAM_ERRORS) as info, open_stream(path) as fh:
        fh.read()
    assert stream_reject(info.value)[0] == "corrupt_stream"


def test_base_name_drops_the_compression_suffix_only():
    assert base_name(Path("x/A.JSONL.GZ")) == "a.jsonl"
    assert base_name(Path("crawl.warc.zst")) == "crawl.warc"
    assert base_name(Path("page.html")) == "page.html"


def test_file_hash_is_of_the_stored_bytes(tmp_path):
    a, b = tmp_path / "a.gz", tmp_path / "b.gz"
    a.write_bytes(gzip.compress(DATA, mtime=0))
    b.write_bytes(gzip.compress(DATA, mtime=1))
    assert file_hash(a) == file_hash(a) != file_hash(b)


@pytest.mark.parametrize("ext", sorted(COMPRESSORS))
def test_a_compressed_file_on_a_remote_filesystem_reads_and_hashes_as_on_disk(tmp_path, memory_url, ext):
    import fsspec

    packed = COMPRESSORS[ext](DATA)
    local, url = tmp_path / f"dump.jsonl.{ext}", f"{memory_url}/dump.jsonl.{ext}"
    local.write_bytes(packed)
    fsspec.filesystem("memory").pipe(url, packed)
    with open_stream(url) as fh:
        assert fh.read() == DATA
    assert compression_of(url) == compression_of(local) == {"gz": "gzip", "bz2": "bz2", "xz": "xz", "zst": "zstd"}[ext]
    assert file_hash(url) == file_hash(local)
    assert base_name(url) == "dump.jsonl"


def test_a_missing_remote_file_is_unreadable(memory_url):
    with pytest.raises(STREAM_ERRORS) as info, open_stream(f"{memory_url}/gone.jsonl"):
        pass
    assert stream_reject(info.value)[0] == "unreadable"


@pytest.mark.parametrize("ext", sorted(COMPRESSORS))
def test_a_file_that_decompresses_past_the_ratio_cap_is_too_large(tmp_path, ext, monkeypatch):
    monkeypatch.setattr(streams, "BOMB_FLOOR", 2**20)  # the floor, not the ratio, is what keeps this test small
    path = tmp_path / f"dump.jsonl.{ext}"
    path.write_bytes(COMPRESSORS[ext](DATA + b" " * (8 * 2**20)))  # real lines, then a line of 8 MB of spaces
    records = list(read_file(path, path.name))
    assert [type(r).__name__ for r in records[:3000]] == ["Document"] * 3000
    assert [r.reason for r in records[3000:]] == ["too_large"] and "compression bomb" in records[-1].message
    with open_stream(tmp_path / f"dump.jsonl.{ext}") as fh:
        assert fh.read(len(DATA)) == DATA  # below the cap, a stream reads as before


def test_a_warc_gzip_member_past_the_ratio_cap_is_too_large(tmp_path, monkeypatch):
    monkeypatch.setattr(streams, "BOMB_FLOOR", 2**20)
    page = b"<html><body>" + b"<p>padding</p>" * 2**18 + b"</body></html>"
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(warc_bytes([WarcRecord("response", "https://example.org/a", page)]))
    records = list(read_file(path, path.name))
    assert [r.reason for r in records] == ["too_large"] and "compression bomb" in records[0].message
