"""A benchmark corpus that looks like the input newscorpus exists for.

Throughput measured on clean, uniform text says little about a pipeline whose
work is in header lines, masks, glued subtitles and duplicates, so the
generator writes articles in the seed's shape, in nine languages, with those
artifacts at realistic rates and lengths (median about 3 KB, a long tail to
100 KB). Sentences come from the team's demo articles and from the word lists
and templates in `bench/data/`.

Every article is a pure function of (seed, index): the same N and seed give
the same bytes, a corpus of N articles is a prefix of a larger one, and chunks
can be generated in parallel. Outputs, under one folder:

    jsonl/part-00000.jsonl   {"id", "url", "text"} per line (datatrove's JsonlReader reads it as is)
    txt/0000/0000000.txt     one article per file, 1000 files per folder (the plain text reader)
    truth.jsonl              what was put in each article: language, duplicate source, masks, artifacts
    manifest.json            parameters and totals; a matching manifest means the corpus can be reused

    python -m bench.corpus --docs 20000 --seed 1      # -> bench/out/corpus-20000-1/
"""

from __future__ import annotations

import argparse
import bisect
import json
import math
import random
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.recipe import read_toml

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
DEMO = ROOT / "corpora" / "demo" / "articles"
#: Bumped whenever the output for a given (N, seed) changes, so cached corpora are regenerated.
VERSION = 1
FORMATS = ("jsonl", "txt")
FILES_PER_FOLDER = 1000
DOCS_PER_SHARD = 500  # small JSONL files, so both pipelines can spread them evenly over their tasks

MEDIAN_CHARS = 2600  # body target; headers and UTF-8 bring the median file to about 3 KB
SIGMA = 0.85
MAX_BYTES = 100_000
DUP_RATE = 0.10  # share of articles that are copies of an earlier one
EXACT_SHARE = 0.25  # of those, the share whose body is unchanged (republished under another header)
DUP_WINDOW = 5000  # a copy's source is at most this many articles earlier
MASK_TOKEN = "\x00"  # stands for a masked word until the article is rendered

# Bytes per character, to size a body in bytes without encoding it.
_BYTES_PER_CHAR = {"zh": 3.0, "ru": 1.85, "ar": 1.8}
_SLOT = re.compile(r"\{(\w+)\}")
# a sentence ends at . ! ? (not after a title such as "Dr.") or right after a CJK full stop
_SENTENCE_END = re.compile(r"(?<!\bDr\.)(?<!\bMr\.)(?<!\bMs\.)(?<!\bSt\.)(?<=[.!?»”])\s+|(?<=[。！？])")
_SENTENCE_PUNCT = tuple(".!?。！？»”\"…")
_BYLINE_START = re.compile(r"^(?:Author|By|Автор|作者|Por|Von|Par|Di|بقلم)\b")
_TEMPLATE_SHARE = 0.7  # the rest of the sentences are the demo articles' own


@dataclass(frozen=True)
class Article:
    index: int
    lang: str
    text: str
    outlet: str
    url: str
    body: str = ""  # the text below the header block
    dup_of: int | None = None
    dup_kind: str | None = None  # "exact" (same body, new header) or "near" (edited body)
    masks: int = 0
    artifacts: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return f"bench-{self.index:07d}"


@dataclass
class _Parts:
    """An article before rendering: near-duplicates edit this, not the text."""

    lang: str
    title: str
    header: list[str]
    lead: list[str]
    paragraphs: list[str]
    tail: list[str]
    outlet: str
    date: tuple[int, int, int]
    artifacts: list[str] = field(default_factory=list)


class _Template:
    """A sentence with `{slot}`s, split once so filling it is a join."""

    __slots__ = ("parts",)

    def __init__(self, text: str) -> None:
        pieces = _SLOT.split(text)
        # even positions are literal text, odd ones slot names
        self.parts = tuple(pieces)

    def fill(self, fill_slot: Any) -> str:
        parts = self.parts
        if len(parts) == 1:
            return parts[0]
        out = [parts[0]]
        for k in range(1, len(parts), 2):
            out.append(fill_slot(parts[k]))
            out.append(parts[k + 1])
        return "".join(out)


class _Language:
    def __init__(self, code: str, data: dict[str, Any], demo_sentences: list[str]) -> None:
        self.code = code
        self.weight = float(data["weight"])
        self.joiner = data["sentence_joiner"]
        self.months = data["months"]
        self.outlets = data["outlets"]
        self.affiliations = data["affiliations"]
        self.slots: dict[str, list[str]] = data["slots"]
        self.datelines = [_Template(t) for t in data["datelines"]]
        self.bylines = [_Template(t) for t in data["bylines"]]
        self.titles = [_Template(t) for t in data["titles"]]
        self.subtitles = [_Template(t) for t in data["subtitles"]]
        self.enumeration = [_Template(t) for t in data["enumeration"]]
        self.templates = [_Template(t) for t in data["sentences"]]
        self.demo = [_Template(s) for s in demo_sentences]
        self.boilerplate_end = [_Template(t) for t in data["boilerplate_end"]]
        self.boilerplate_start = [_Template(t) for t in data["boilerplate_start"]]
        self.honest_stars = [_Template(t) for t in data["honest_stars"]]
        self.replacements = [tuple(pair) for pair in data.get("replacements", [])]
        self.can_mask = any("mw" in t.parts[1::2] for t in self.templates)
        self.bytes_per_char = _BYTES_PER_CHAR.get(code, 1.03)


def _demo_sentences(folder: Path) -> dict[str, list[str]]:
    """Body sentences of the team's demo articles, by language (from the file name `NN-xx-...`)."""
    found: dict[str, list[str]] = {}
    for path in sorted(folder.glob("*.txt")):
        lang = path.name.split("-")[1]
        paragraphs = path.read_text(encoding="utf-8").split("\n\n")[1:]
        for para in paragraphs:
            para = para.strip()
            # header lines do not end a sentence; masks and glued subtitles are added by the generator
            if ("\n" in para or not para.endswith(_SENTENCE_PUNCT) or _BYLINE_START.match(para)
                    or "*" in para or para.startswith("-- ")):
                continue
            for s in _SENTENCE_END.split(para):
                s = s.strip()
                if len(s.encode()) >= 30:
                    found.setdefault(lang, []).append(s.replace("{", "(").replace("}", ")"))
    return found


class Generator:
    """Articles as a pure function of (seed, index)."""

    def __init__(self, seed: int = 1, data_dir: Path = DATA, demo_dir: Path = DEMO) -> None:
        self.seed = seed
        demo = _demo_sentences(demo_dir) if demo_dir.is_dir() else {}
        self.languages: list[_Language] = []
        for path in sorted(data_dir.glob("*.toml")):
            data = read_toml(path)
            self.languages.append(_Language(path.stem, data, demo.get(path.stem, [])))
        if not self.languages:
            raise FileNotFoundError(f"no language files (*.toml) in {data_dir}")
        self.by_code = {lang.code: lang for lang in self.languages}
        total = sum(lang.weight for lang in self.languages)
        acc = 0.0
        self._cumulative = []
        for lang in self.languages:
            acc += lang.weight / total
            self._cumulative.append(acc)

    def _rng(self, index: int) -> random.Random:
        return random.Random(self.seed * 0x1_0000_0000 + index)

    def _is_copy(self, index: int) -> bool:
        return index > 0 and self._rng(index).random() < DUP_RATE

    def _original_rng(self, index: int) -> random.Random:
        rng = self._rng(index)
        rng.random()  # the "copy?" draw
        return rng

    def article(self, index: int) -> Article:
        rng = self._rng(index)
        if rng.random() < DUP_RATE and index > 0:  # drawn for every article, so originals' streams agree
            source = self._copy_source(index, rng)
            parts = self._parts(self._original_rng(source))
            kind = "exact" if rng.random() < EXACT_SHARE else "near"
            self._edit(parts, rng, kind)
            return self._render(index, parts, dup_of=source, dup_kind=kind)
        return self._render(index, self._parts(rng))

    def _copy_source(self, index: int, rng: random.Random) -> int:
        """An earlier original (never a copy), so every copy has its original in the corpus."""
        while True:
            source = rng.randrange(max(0, index - DUP_WINDOW), index)
            if not self._is_copy(source):
                return source

    def _language(self, rng: random.Random) -> _Language:
        return self.languages[min(bisect.bisect(self._cumulative, rng.random()), len(self.languages) - 1)]

    def _parts(self, rng: random.Random) -> _Parts:
        lang = self._language(rng)
        outlet = rng.choice(lang.outlets)
        date = (rng.randint(2019, 2025), rng.randint(1, 12), rng.randint(1, 28))
        masked = lang.can_mask and rng.random() < (0.3 if lang.code in ("en", "zh") else 0.06)
        fill = self._filler(lang, rng, outlet, date, masked)
        artifacts = ["masks"] if masked else []

        title = rng.choice(lang.titles).fill(fill)
        title = title[:1].upper() + title[1:]
        header = []
        if rng.random() < 0.9:
            header.append(rng.choice(lang.datelines).fill(fill))
        if rng.random() < 0.75:
            header.append(rng.choice(lang.bylines).fill(fill))
        lead = []
        if lang.boilerplate_start and rng.random() < 0.08:
            lead.append(rng.choice(lang.boilerplate_start).fill(fill))
            artifacts.append("boilerplate_start")

        if rng.random() < 0.01:
            target = rng.randint(40, 250)  # a stub: a title and a line, as scrapers often keep
            artifacts.append("stub")
        else:
            target = min(int(math.exp(rng.gauss(math.log(MEDIAN_CHARS), SIGMA))), MAX_BYTES)
        target_chars = max(40, int(target / lang.bytes_per_char))
        paragraphs = self._body(lang, rng, fill, target_chars, artifacts)
        if lang.subtitles and rng.random() < (0.3 if lang.code == "en" else 0.08):
            # a subtitle glued to the first sentence, no space: "...familiesRecently, the council"
            paragraphs[0] = rng.choice(lang.subtitles).fill(fill) + paragraphs[0]
            artifacts.append("glued_subtitle")
        tail = []
        if rng.random() < 0.5:
            tail.append(rng.choice(lang.boilerplate_end).fill(fill))
            artifacts.append("boilerplate_end")
        if lang.honest_stars and rng.random() < 0.04:
            tail.insert(0, rng.choice(lang.honest_stars).fill(fill))
            artifacts.append("honest_stars")
        title, blocks = self._artifacts(lang.code, rng, title, lead + paragraphs + tail, artifacts)
        lead, paragraphs, tail = blocks[:len(lead)], blocks[len(lead):len(blocks) - len(tail)], blocks[len(blocks) - len(tail):]
        return _Parts(lang.code, title, header, lead, paragraphs, tail, outlet, date, artifacts)

    def _artifacts(self, lang: str, rng: random.Random, title: str, blocks: list[str],
                   artifacts: list[str]) -> tuple[str, list[str]]:
        """Damage done by translation and scraping, decided with the article so that copies share it."""
        body = "\n\n".join(blocks)
        for old, new in self.by_code[lang].replacements:
            body = body.replace(old, new)
            title = title.replace(old, new)
        if lang == "en" and rng.random() < 0.35:
            # machine translation drops apostrophes: "Putin s visit", "don t"
            title = title.replace("'s ", " s ")
            body = body.replace("'s ", " s ").replace("n't ", "n t ")
            artifacts.append("lost_apostrophes")
        if MASK_TOKEN in body or MASK_TOKEN in title:
            body = self._mask_shapes(body, rng, spaced=lang != "zh")
            title = title.replace(MASK_TOKEN, "**")
        if lang in ("de", "fr", "es", "pt", "it") and rng.random() < 0.02:
            # one paragraph read with the wrong code page: "Ã©" for "é"
            paras = body.split("\n\n")
            k = rng.randrange(len(paras))
            paras[k] = paras[k].encode("utf-8").decode("cp1252", errors="replace")
            body = "\n\n".join(paras)
            artifacts.append("mojibake")
        if rng.random() < 0.03:
            body = body.replace(" ", "\u00a0", 3)
            artifacts.append("nbsp")
        return title, body.split("\n\n")

    def _body(self, lang: _Language, rng: random.Random, fill: Any, target_chars: int,
              artifacts: list[str]) -> list[str]:
        enumerate_ = bool(lang.enumeration) and rng.random() < 0.25
        if enumerate_:
            artifacts.append("enumeration_restart")
        paragraphs: list[str] = []
        size = 0
        heading = 0
        joiner = lang.joiner
        # each sentence once before any is used again, as in a real article (until a long one runs out)
        decks: dict[bool, list[_Template]] = {True: [], False: []}

        def draw(from_templates: bool) -> _Template:
            deck = decks[from_templates]
            if not deck:
                deck.extend(lang.templates if from_templates else lang.demo)
                rng.shuffle(deck)
            return deck.pop()

        while size < target_chars:
            if enumerate_ and paragraphs and rng.random() < 0.35:
                # headings that restart ("The first is ... The second is ... The first is ..."): lost sections
                para = lang.enumeration[heading].fill(fill)
                heading = 0 if heading >= 1 and rng.random() < 0.4 else min(heading + 1, len(lang.enumeration) - 1)
            else:
                sentences = []
                for _ in range(rng.randint(1, 4)):
                    sentence = draw(not lang.demo or rng.random() < _TEMPLATE_SHARE).fill(fill)
                    sentences.append(sentence[:1].upper() + sentence[1:])  # "{place} ..." may start "the DPRK"
                para = joiner.join(sentences)
            paragraphs.append(para)
            size += len(para) + 2
        return paragraphs

    def _filler(self, lang: _Language, rng: random.Random, outlet: str, date: tuple[int, int, int],
                masked: bool) -> Any:
        y, m, d = date
        later = (y, m, min(d + rng.randint(0, 3), 28))
        fixed = {
            "outlet": outlet,
            "y": str(y), "month": lang.months[m - 1], "d": str(d), "dd": f"{d:02d}", "mm": f"{m:02d}",
            "iso": f"{y}-{m:02d}-{d:02d}", "iso2": f"{later[0]}-{later[1]:02d}-{later[2]:02d}",
        }
        slots = lang.slots
        randint, choice = rng.randint, rng.choice

        def fill(name: str) -> str:
            value = fixed.get(name)
            if value is not None:
                return value
            if name == "mw" and masked:
                return MASK_TOKEN
            words = slots.get(name)
            if words is not None:
                return choice(words)
            if name in ("n", "n2"):
                return str(randint(2, 999))
            if name == "pct":
                return str(randint(1, 60))
            if name == "year":
                return str(randint(2015, 2026))
            if name == "money":
                return f"{randint(2, 950)} million"
            if name == "affiliation":
                return choice(lang.affiliations)
            if name == "person2":
                return choice(slots["person"])
            raise KeyError(f"{lang.code}: template slot {{{name}}} has no word list")

        return fill

    def _edit(self, parts: _Parts, rng: random.Random, kind: str) -> None:
        """Make a copy: a new header always; for "near", an edited body as well."""
        lang = self.by_code[parts.lang]
        outlet = rng.choice(lang.outlets)
        y, m, d = parts.date
        date = (y, m, min(d + rng.randint(0, 5), 28))
        fill = self._filler(lang, rng, outlet, date, masked=False)
        parts.outlet, parts.date = outlet, date
        parts.header = [rng.choice(lang.datelines).fill(fill)] if rng.random() < 0.9 else []
        if kind == "exact":
            return
        paras = parts.paragraphs
        if len(paras) > 3 and rng.random() < 0.5:
            del paras[rng.randrange(1, len(paras))]
        for _ in range(max(1, len(paras) // 8)):
            k = rng.randrange(len(paras))
            paras[k] = paras[k] + lang.joiner + rng.choice(lang.templates).fill(fill)
        if rng.random() < 0.5:
            parts.tail = [rng.choice(lang.boilerplate_end).fill(fill)] if lang.boilerplate_end else []

    def _render(self, index: int, parts: _Parts, dup_of: int | None = None, dup_kind: str | None = None) -> Article:
        lines = [parts.title, ""]
        if parts.header:
            lines += parts.header + [""]
        body = "\n\n".join(parts.lead + parts.paragraphs + parts.tail)
        text = "\n".join(lines) + "\n" + body + "\n"
        y, m, _ = parts.date
        slug = "".join(c for c in parts.outlet.lower() if c.isascii() and c.isalnum()) or "news"
        url = f"https://{slug}.example/{y}/{m:02d}/{index}"
        # honest stars live only in the tail, so every `**` above it is a mask
        masks = sum(block.count("**") for block in [parts.title, *parts.lead, *parts.paragraphs])
        return Article(index, parts.lang, text, parts.outlet, url, body, dup_of, dup_kind, masks, tuple(parts.artifacts))

    @staticmethod
    def _mask_shapes(body: str, rng: random.Random, spaced: bool) -> str:
        """`** equipment`, `conventional**`, `conventional **.`: the shapes the seed shows."""
        pieces = body.split(MASK_TOKEN)
        out = [pieces[0]]
        for piece in pieces[1:]:
            if spaced and out[-1].endswith(" ") and rng.random() < 0.3:
                out[-1] = out[-1][:-1]  # glued to the word before
            out.append("**")
            out.append(piece)
        return "".join(out)


# --- writing -----------------------------------------------------------------

def _generate_chunk(args: tuple[int, int, int, int, str, tuple[str, ...]]) -> dict[str, Any]:
    """Write articles [start, stop) as one JSONL shard and/or text files; return their tallies."""
    seed, shard, start, stop, out, formats = args
    gen = Generator(seed)
    root = Path(out)
    sizes: list[int] = []
    langs: Counter[str] = Counter()
    tallies: Counter[str] = Counter()
    jsonl = truth = None
    try:
        jsonl = open(root / "jsonl" / f"part-{shard:05d}.jsonl", "w", encoding="utf-8") if "jsonl" in formats else None
        truth = open(root / "truth" / f"part-{shard:05d}.jsonl", "w", encoding="utf-8")
        folder = None
        for i in range(start, stop):
            a = gen.article(i)
            data = a.text.encode("utf-8")
            sizes.append(len(data))
            langs[a.lang] += 1
            tallies["masks"] += a.masks
            tallies["masked_docs"] += bool(a.masks)
            if a.dup_kind:
                tallies[f"{a.dup_kind}_duplicates"] += 1
            for name in a.artifacts:
                tallies[f"artifact_{name}"] += 1
            if jsonl:
                jsonl.write(json.dumps({"id": a.id, "url": a.url, "text": a.text}, ensure_ascii=False) + "\n")
            if "txt" in formats:
                if folder is None or i % FILES_PER_FOLDER == 0:
                    folder = root / "txt" / f"{i // FILES_PER_FOLDER:04d}"
                    folder.mkdir(parents=True, exist_ok=True)
                (folder / f"{i:07d}.txt").write_bytes(data)
            truth.write(json.dumps({"id": a.id, "index": i, "lang": a.lang, "bytes": len(data), "dup_of": a.dup_of,
                                    "dup_kind": a.dup_kind, "masks": a.masks, "artifacts": list(a.artifacts)},
                                   ensure_ascii=False) + "\n")
    finally:
        for fh in (jsonl, truth):
            if fh:
                fh.close()
    return {"sizes": sizes, "languages": dict(langs), "tallies": dict(tallies)}


def _chunks(docs: int, per_shard: int) -> Iterator[tuple[int, int, int]]:
    for shard, start in enumerate(range(0, docs, per_shard)):
        yield shard, start, min(start + per_shard, docs)


def generate(out: Path, docs: int = 20_000, seed: int = 1, formats: tuple[str, ...] = FORMATS,
             docs_per_shard: int = DOCS_PER_SHARD, jobs: int = 1, reuse: bool = True) -> dict[str, Any]:
    """Write the corpus under `out` and return its manifest; reuse a matching one already there."""
    unknown = set(formats) - set(FORMATS)
    if unknown or not formats:
        raise ValueError(f"formats must be among {FORMATS}, got {formats}")
    if docs < 1:
        raise ValueError("docs must be at least 1")
    params = {"version": VERSION, "docs": docs, "seed": seed, "docs_per_shard": docs_per_shard}
    manifest_path = out / "manifest.json"
    if reuse and manifest_path.is_file():
        old = json.loads(manifest_path.read_text(encoding="utf-8"))
        if {k: old.get(k) for k in params} == params and set(formats) <= set(old.get("formats", [])):
            return old
    if manifest_path.exists():
        manifest_path.unlink()  # a half-rewritten corpus must never look complete
    for name in (*FORMATS, "truth"):
        _clear(out / name)
    for name in (*formats, "truth"):
        (out / name).mkdir(parents=True, exist_ok=True)

    started = time.perf_counter()
    work = [(seed, shard, a, b, str(out), tuple(formats)) for shard, a, b in _chunks(docs, docs_per_shard)]
    if jobs > 1 and len(work) > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            results = list(pool.map(_generate_chunk, work))
    else:
        results = [_generate_chunk(w) for w in work]
    sizes = [s for r in results for s in r["sizes"]]
    langs: Counter[str] = Counter()
    tallies: Counter[str] = Counter()
    for r in results:
        langs.update(r["languages"])
        tallies.update(r["tallies"])
    ordered = sorted(sizes)
    manifest = {
        **params,
        "formats": sorted(formats),
        "bytes": sum(sizes),
        "median_bytes": int(statistics.median(ordered)),
        "p90_bytes": ordered[int(0.9 * (len(ordered) - 1))],
        "p99_bytes": ordered[int(0.99 * (len(ordered) - 1))],
        "max_bytes": ordered[-1],
        "languages": dict(sorted(langs.items())),
        **dict(sorted(tallies.items())),
        "generate_seconds": round(time.perf_counter() - started, 2),
    }
    manifest_path.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def _clear(path: Path) -> None:
    import shutil

    if path.is_dir():
        shutil.rmtree(path)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--docs", type=int, default=20_000, help="number of articles (default 20000, up to 1M)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--out", type=Path, help="corpus folder (default bench/out/corpus-<docs>-<seed>)")
    p.add_argument("--format", dest="formats", action="append", choices=FORMATS,
                   help="output format, repeatable (default: both)")
    p.add_argument("--docs-per-shard", type=int, default=DOCS_PER_SHARD, help="articles per JSONL shard / generation chunk")
    p.add_argument("--jobs", type=int, default=1, help="processes generating chunks (the output is the same)")
    p.add_argument("--force", action="store_true", help="regenerate even if a matching corpus exists")
    args = p.parse_args(argv)
    out = args.out or ROOT / "bench" / "out" / f"corpus-{args.docs}-{args.seed}"
    manifest = generate(out, args.docs, args.seed, tuple(args.formats or FORMATS), args.docs_per_shard,
                        args.jobs, reuse=not args.force)
    json.dump(manifest, sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
