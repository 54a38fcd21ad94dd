"""Seeded mutation fuzzing of the readers and the per-document path: 20,000 inputs made from the
project's own samples (text, JSON lines with lone surrogates and odd types, HTML, WARC with bad
lengths and small decompression bombs, compressed or cut short) must each end as documents or
rejects, never as an exception or a hang; every document then goes through every stage, becomes
a row that Arrow accepts, and gets its duplicate signature.

Deterministic: the same seed gives the same inputs. A failure names the input's number and saves
its bytes under the test's temporary folder, so it can be replayed with `read_file`.
"""

from __future__ import annotations

import bz2
import gzip
import json
import lzma
import random
import signal
from collections import Counter
from pathlib import Path

import pyarrow as pa
import pytest
import zstandard

from pipeline.document import SCHEMA, Document, Reject
from pipeline.passes.minhash.params import dedup_settings
from pipeline.passes.minhash.signatures import SignatureWriter
from pipeline.readers import read_file
from pipeline.readers.options import ReaderOptions
from pipeline.recipe import Recipe
from pipeline.stages import build_stages
from pipeline.sanitize import sanitize_document
from pipeline.task import clean_document
from tests.readers.binary_samples import DE, EN, FR, JA, NOT_TEXT, RU, ZH_HANS, ZH_HANT
from tests.readers.samples import BRIDGE_RU, NIGHT_MARKET, RIVER_MARKET_ZH, WarcRecord, as_html, warc_bytes

INPUTS = int(__import__("os").environ.get("FUZZ_INPUTS", 20_000))
#: Inputs of each format, per 100 (HTML and WARC pages cost an extraction each, so fewer of them).
SHARE = {"txt": 46, "jsonl": 46, "html": 4, "warc": 4}
SEED = 20261202
PER_INPUT_SECONDS = 60  # far above any input's time once warm, even on a busy machine: past it, it hangs
#: Small caps, so that a bomb or an oversized record is cheap to meet.
OPTIONS = ReaderOptions.from_recipe({"max_doc_bytes": 65_536, "html_timeout": 5.0})

BODIES = [EN, RU, ZH_HANS, ZH_HANT, JA, FR, DE]
HEADERS = ["Harbor Ledger Updated on 2024-03-14\nAuthor: Li Wen (Coastal Studies Institute).",
           "Вечерний Вестник 12.04.2024\nАвтор: Ирина Соколова", "东岸日报 2024年5月18日 作者：陈晓雨", ""]
SPECIAL = [b"\x00", b"\xff", b"\xfe\xff", b"\xc0\xaf", b"\xed\xa0\x80", b"\xef\xbb\xbf", b"\x1b[31m", b"\r", b"\n\n",
           b"\t", b"\\ud800", b"\\udfff", b'\\"', b'"', b"{", b"}", b"[", b"]", b",", b":", b"\\", b"<", b">",
           b"&#0;", b"&#xD800;", b"&amp;", b"**", b"* *", "＊＊".encode(), "\u202e".encode(), "\u2028".encode(),
           "\ufffd".encode(), b"<script>", b"</p>", b"<p>", b"-->", b"<!--", b"1e999", b"-1", b"null", b"true",
           b"Content-Length: 99999999\r\n", b"Content-Length: -5\r\n", b"WARC/1.0\r\n", b"\r\n\r\n"]


def _text(rng: random.Random) -> bytes:
    title = rng.choice(["Mayor s budget puts schools first", "港区夜市重新开张", "Новый мост открыт", ""])
    body = rng.choice(BODIES)[: rng.randint(20, 250)]
    text = f"{title}\n\n{rng.choice(HEADERS)}\n\n{body} ** {body[:60]}\n\nRelated Pages\n"
    codec = rng.choice(["utf-8", "utf-8", "utf-8", "utf-16", "gb18030", "cp1251", "latin-1", "utf-8-sig"])
    return text.encode(codec, "replace")


def _jsonl(rng: random.Random) -> bytes:
    lines = []
    for _ in range(rng.randint(1, 3)):
        record = {"title": rng.choice(["Dockers strike", "\ud800 lone", 42, None, ["a", "b"], ""]),
                  "text": rng.choice([rng.choice(BODIES)[: rng.randint(0, 250)], "\udc80 half a pair \ud83d",
                                      ["first paragraph", "second"], 7, {"nested": "x"}, None, "   "]),
                  "date": rng.choice(["2024-06-04", 1717459200, 1.7e12, 1e308, -1, "yesterday", True, None]),
                  "author": rng.choice(["Li Wen", ["Maya Okafor", {"name": "Jonas", "affiliation": 3}], {}, 5]),
                  "url": rng.choice(["https://example.org/a", "", "javascript:alert(1)", 0]),
                  rng.choice(["meta", "x\ud800", "tags"]): rng.choice([{"k": [1, 2, {"deep": None}]}, "\x00"])}
        lines.append(json.dumps(record, ensure_ascii=rng.random() < 0.5))
    return ("\n".join(lines) + "\n").encode("utf-8", "surrogatepass")


def _html(rng: random.Random) -> bytes:
    page = as_html(rng.choice([NIGHT_MARKET, BRIDGE_RU, RIVER_MARKET_ZH]), charset=rng.choice(["utf-8", "gbk", "x"]))
    return page.encode("utf-8")


def _warc(rng: random.Random) -> bytes:
    records = [WarcRecord("warcinfo", "", b"software: fuzz\r\n", content_type="application/warc-fields")]
    for _ in range(rng.randint(1, 3)):
        page = _html(rng)
        kind = rng.randrange(5)
        if kind == 0:  # a small bomb: a gzip-encoded payload that inflates past max_doc_bytes
            records.append(WarcRecord("response", "https://example.org/bomb", gzip.compress(b" " * 300_000, mtime=0),
                                      content_type="text/html"))
        elif kind == 1:
            records.append(WarcRecord("response", "https://example.org/img", NOT_TEXT["png"], content_type="image/png"))
        else:
            records.append(WarcRecord("response", f"https://example.org/{kind}", page))
    data = warc_bytes(records, gzip=rng.random() < 0.5)
    if rng.random() < 0.3:  # a declared length that lies
        data = data.replace(b"Content-Length: ", b"Content-Length: " + str(rng.randint(0, 9)).encode(), 1)
    return data


pytestmark = pytest.mark.slow(70)

MAKERS = {"txt": _text, "jsonl": _jsonl, "html": _html, "warc": _warc}
FORMATS = [f for f, n in SHARE.items() for _ in range(n)]


def mutate(rng: random.Random, data: bytes) -> bytes:
    for _ in range(rng.randint(0, 4)):
        at = rng.randint(0, len(data))
        op = rng.randrange(6)
        if op == 0 and data:
            data = data[:at - 1] + bytes([rng.randrange(256)]) + data[at:]
        elif op == 1:
            data = data[:at] + rng.choice(SPECIAL) + data[at:]
        elif op == 2:
            data = data[:at] + data[at + rng.randint(1, 64):]
        elif op == 3:
            data = data[:at] + data[at:at + rng.randint(1, 200)] * rng.randint(2, 5) + data[at:]
        elif op == 4:
            data = data[:at]
        else:
            data = data[:at] + rng.choice(BODIES).encode("utf-8")[: rng.randint(1, 100)] + data[at:]
    return data


def compress(rng: random.Random, data: bytes) -> bytes:
    kind = rng.randrange(12)
    packed = {0: lambda d: gzip.compress(d, mtime=0), 1: bz2.compress, 2: lambda d: lzma.compress(d, preset=0),
              3: lambda d: zstandard.ZstdCompressor().compress(d)}.get(kind)
    if packed is None:
        return data
    data = packed(data)
    return data[: rng.randint(len(data) // 2, len(data))] if rng.random() < 0.3 else data


class Hang(BaseException):
    """Raised by the watchdog; a BaseException so that no `except Exception` in the code swallows it."""


def _alarm(signum, frame):
    raise Hang


def make_input(n: int) -> tuple[str, bytes]:
    """Input number `n`: its format and bytes, from its own seeded generator (any process makes the same)."""
    rng = random.Random(SEED * 1_000_003 + n)
    fmt = FORMATS[n % len(FORMATS)]
    return fmt, compress(rng, mutate(rng, MAKERS[fmt](rng)))


def run_inputs(numbers: range, folder: Path) -> tuple[Counter[str], list[str], dict[str, dict]]:
    """Read, clean, convert and sign inputs `numbers`; (outcomes, failures, stage counts)."""
    stages = build_stages(Recipe(name="fuzz", base_dir=folder, inputs=(), output=folder / "out"))
    signatures = SignatureWriter(folder / f"sig-{numbers.start}.parquet",
                                 dedup_settings({"near": True, "preset": "news"}), "[REDACTED]")
    outcomes: Counter[str] = Counter()
    failures: list[str] = []
    rows: list[tuple[int, dict]] = []
    seconds: Counter[str] = Counter()
    # Language profiles and the extraction child load once, untimed. lingua's models load as the inputs
    # ask for their languages (about 0.3 s each), well within PER_INPUT_SECONDS.
    warm = folder / f"warm-{numbers.start}.html"
    warm.write_bytes(_html(random.Random(SEED)))
    for record in read_file(warm, warm.name, options=OPTIONS):
        clean_document(record, stages, seconds)
    previous = signal.signal(signal.SIGALRM, _alarm)
    try:
        for n in numbers:
            fmt, data = make_input(n)
            # A new file each time: rewriting one file makes ext4 flush it at close (its guard for files
            # replaced by truncation), 2-3 ms of waiting per input.
            path = folder / f"input-{n}.{fmt}"
            path.write_bytes(data)
            signal.setitimer(signal.ITIMER_REAL, PER_INPUT_SECONDS)
            try:
                for record in read_file(path, path.name, options=OPTIONS):
                    outcome = record if isinstance(record, Reject) else clean_document(record, stages, seconds)
                    outcomes[outcome.reason if isinstance(outcome, Reject) else "row"] += 1
                    if isinstance(outcome, Document):
                        outcome = sanitize_document(outcome)  # as a task does, just before Arrow
                        rows.append((n, outcome.to_row()))
                        signatures.add(outcome)
            except (Exception, Hang) as exc:
                kept = path.rename(folder / f"failed-{n}.{fmt}")
                failures.append(f"input {n} ({kept}): {type(exc).__name__}: {exc}")
            else:
                path.unlink()
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            if len(rows) >= 500 or n == numbers[-1]:
                failures += _unwritable(rows)
                rows.clear()
        signatures.close()
    finally:
        signal.signal(signal.SIGALRM, previous)
    return outcomes, failures, {s.name: dict(s.stats) for s in stages}


def check_inputs(numbers: range, folder: Path) -> None:
    """Every input of `numbers` ends as rows or rejects; together they reach every outcome."""
    outcomes, failures, stages = run_inputs(numbers, folder)
    assert not failures, "\n".join(failures[:20])
    assert outcomes["row"] > len(numbers) // 3 and len(outcomes) > 8, outcomes  # the inputs reach every outcome
    assert not any(stats.get("errors") for stats in stages.values()), stages


# The 20,000 inputs in one test, so in one process: the models of the 38 languages they make lingua load
# (about 10 s of CPU) are loaded once, where two halves in the two test processes loaded them twice.
def test_twenty_thousand_mutated_inputs_end_as_rows_or_rejects(tmp_path):
    check_inputs(range(INPUTS), tmp_path)


def test_the_same_number_gives_the_same_input_bytes():
    """A failing input is replayed from its number: its bytes (the WARC ones included) must not vary."""
    warcs = [n for n in range(200) if FORMATS[n % len(FORMATS)] == "warc"]
    assert warcs and all(make_input(n) == make_input(n) for n in warcs)


def _unwritable(rows: list[tuple[int, dict]]) -> list[str]:
    """The rows Arrow refuses, by input number (a whole batch is tried first, each row only if it fails)."""
    try:
        pa.Table.from_pylist([r for _, r in rows], schema=SCHEMA)
        return []
    except Exception:
        pass
    failed = []
    for n, row in rows:
        try:
            pa.Table.from_pylist([row], schema=SCHEMA)
        except Exception as exc:
            failed.append(f"input {n}: its row is not writable: {type(exc).__name__}: {exc}")
    return failed
