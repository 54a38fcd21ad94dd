"""Language of each document and of each of its paragraphs.

langdetect is accurate but slow, and random: it scores n-grams drawn at random
until one language passes 0.99999, seven times over, and its cost is the
drawing. This stage uses langdetect's own shipped profiles (the same n-gram
probabilities, smoothing, text normalisation and first 10,000 characters) but
scores *every* n-gram of the text once, as a naive Bayes sum of log
probabilities: the value langdetect's sampling estimates. The answers agree,
and they are deterministic by construction: no seed, no sampling.

It is fast because the work is per distinct word: a word's n-gram scores are
summed once into a vector over the languages and cached, and a text's score is
the sum of its words' vectors (one numpy gather). New words are read in one
vectorised pass per document. Scores are integers (fixed point), so every sum
is exact and the same whatever the order of additions or the state of the cache.

Where the script alone decides, nothing is scored: Hangul is Korean, kana is
Japanese, Han without either is Chinese, and Greek, Thai, Hebrew, Armenian,
Georgian and the Indic scripts each belong to one language here. That also
fixes langdetect's known misses: Traditional Chinese read as Korean (its Korean
profile holds Hanja), Georgian and Armenian read as Estonian (it has no profile
for them). Serbian, which it has no profile for either, is recognised in
Cyrillic by the letters only it uses (ђ ћ), its commonest words, and the
absence of the letters Russian, Ukrainian and Bulgarian need.

Chinese is `zh`; simplified or traditional characters go to `lang_variant`
(zh-cn / zh-tw), decided by characters that exist in only one of the two forms.
Each paragraph gets its own language, judged with the document's language
favoured, so that a short heading follows its article while a quoted paragraph
in another language stands out.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from collections.abc import Callable
from functools import cache
from itertools import repeat
from pathlib import Path

import langdetect
import numpy as np
from langdetect.detector import Detector
from langdetect.utils.ngram import NGram

from pipeline.document import Document, Paragraph
from pipeline.stages import lang_rules, lang_second
from pipeline.stages.base import Stage
from pipeline.text import SCRIPT, SCRIPTS, codepoints, scripts_and_kinds

# langdetect's smoothing: every n-gram probability gets alpha / BASE_FREQ added.
_SMOOTHING = Detector.ALPHA_DEFAULT / Detector.BASE_FREQ
# langdetect reads at most this many characters of a text.
SAMPLE_CHARS = 10_000
# A script decides the language when it holds this share of the letters. It is
# langdetect's own rule for dropping Latin letters from a non-Latin text.
SCRIPT_SHARE = 2 / 3
# A Han, kana or Hangul character carries about as much as a word, or three
# letters of an alphabet: it counts that much when scripts share a text.
CJK_WEIGHT = 3
# The confidence reported is that of a naive Bayes posterior over this many
# n-grams (or all of them, if fewer): roughly what langdetect reads before one
# language passes its threshold. Scores over whole texts would all be 1.0.
EVIDENCE_NGRAMS = 64
# A document whose first paragraph of OPENING_LETTERS or more is in another script than
# the whole text's language takes that paragraph's language if it holds OPENING_SHARE of the letters.
OPENING_LETTERS = 30
OPENING_SHARE = 0.25
# Below this posterior the profiles' best CANDIDATES are put to lingua (lang_second), which
# is better on a few words; measured on lingua's test data (bench/lingua_eval.py).
SECOND_OPINION_BELOW = 0.999
CANDIDATES = 8
# From EVIDENCE_NGRAMS n-grams on (a sentence), the profiles are surer and lingua is asked below this only.
LONG_SECOND_OPINION_BELOW = 0.99
# A paragraph (read with its document's language favoured) needs this many n-grams to be put to lingua.
PARAGRAPH_NGRAMS = 24

# Runs of characters that langdetect's normaliser keeps (it turns the others into spaces): its words.
_WORD_RUN = re.compile(r"[^\x00-\x40\x5b-\x60\x7b-\x7f\xa0\xab\xb0\xbb\u2000-\u206f]+")
_ASCII_LETTERS = re.compile(r"[A-z]")
_VI_MARK = re.compile(f"[{NGram.DMARK_CLASS}]")
# Joins spans into one text for a single pass; a private-use character no profile knows.
_SENTINEL = "\ue000"

_SINGLE_SCRIPT = {
    "greek": "el", "armenian": "hy", "hebrew": "he", "thaana": "dv", "bengali": "bn", "gurmukhi": "pa",
    "gujarati": "gu", "oriya": "or", "tamil": "ta", "telugu": "te", "kannada": "kn", "malayalam": "ml",
    "sinhala": "si", "thai": "th", "lao": "lo", "tibetan": "bo", "myanmar": "my", "georgian": "ka",
    "ethiopic": "am", "khmer": "km", "hangul": "ko",
}
_SINGLE_SCRIPT_IDS = {SCRIPT[name]: lang for name, lang in _SINGLE_SCRIPT.items()}
_HAN, _KANA, _HANGUL = SCRIPT["han"], SCRIPT["kana"], SCRIPT["hangul"]
_N_SCRIPTS = len(SCRIPTS)

# Characters written one way in simplified and another in traditional Chinese (common ones only).
_SIMPLIFIED = re.compile("[这国说时会个们为来对发过经与还进业东长门问间关开区实现将学机动电车华统总应当从见头书买卖让议记认识语话论财务员岛边运师战报场鸡产乡听钱铁环离难题页顾风飞]")
_TRADITIONAL = re.compile("[這國說時會個們為來對發過經與還進業東長門問間關開區實現將學機動電車華統總應當從見頭書買賣讓議記認識語話論財務員島邊運師戰報場雞產鄉聽錢鐵環離難題頁顧風飛]")

# Word and text scores are fixed-point integers (log probabilities times 2**24):
# integer sums are exact, so a score is the same bits whatever the order or
# grouping of the additions, the state of the word cache or the worker.
_FIXED = float(1 << 24)


@dataclass(frozen=True)
class Profiles:
    """langdetect's shipped profiles as fixed-point log probabilities, and an index of their n-grams.

    log(p(n-gram | language) + smoothing) is log(smoothing) for every language
    whose profile lacks the n-gram: that common part adds the same to every
    language and cannot change an answer, so only the excess over it is kept,
    as integers (times 2**24) in float64, whose sums (below 2**53) are exact.
    """

    langs: tuple[str, ...]
    excess: np.ndarray  # (n-grams, languages)
    index: _GramIndex


def _pack(cps: np.ndarray, n: int) -> np.ndarray:
    """The codes of all n-character substrings of an array of code points (21 bits per character)."""
    wide = cps.astype(np.uint64)
    code = wide[: len(wide) - n + 1].copy()
    for k in range(1, n):
        code = (code << np.uint64(21)) | wide[k: len(wide) - n + 1 + k]
    return code


class _GramIndex:
    """n-gram code -> row, as an open-addressing hash table probed for all codes at once.

    Codes of different lengths never collide (a code point is never 0), so
    1-, 2- and 3-grams share one table. It is kept under a fifth full, so most
    look-ups end at the first slot.
    """

    _MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)
    _EMPTY = np.uint64(0)

    def __init__(self, codes: np.ndarray) -> None:
        bits = max(10, int(len(codes) * 5).bit_length())
        self.shift = np.uint64(64 - bits)
        self.mask = np.uint64((1 << bits) - 1)
        self.keys = np.zeros(1 << bits, dtype=np.uint64)
        self.rows = np.full(1 << bits, -1, dtype=np.int64)
        todo = np.arange(len(codes))
        slot = self._hash(codes)
        while len(todo):  # place each code in its first free slot, the lowest-numbered code first
            free = self.keys[slot] == self._EMPTY
            first = np.unique(slot[free], return_index=True)[1]
            placed = np.flatnonzero(free)[first]
            self.keys[slot[placed]] = codes[todo[placed]]
            self.rows[slot[placed]] = todo[placed]
            keep = np.ones(len(todo), dtype=bool)
            keep[placed] = False
            todo, slot = todo[keep], (slot[keep] + np.uint64(1)) & self.mask

    def _hash(self, codes: np.ndarray) -> np.ndarray:
        return (codes * self._MULTIPLIER) >> self.shift

    def lookup(self, codes: np.ndarray) -> np.ndarray:
        """The row of each code, -1 for an unknown one."""
        out = np.full(len(codes), -1, dtype=np.int64)
        todo = np.arange(len(codes))
        slot = self._hash(codes)
        while len(todo):
            key = self.keys[slot]
            hit = key == codes[todo]
            out[todo[hit]] = self.rows[slot[hit]]
            go_on = ~hit & (key != self._EMPTY)
            todo, slot = todo[go_on], (slot[go_on] + np.uint64(1)) & self.mask
        return out


@cache
def profiles() -> Profiles:
    """Built with array operations: every process that identifies languages builds it (each test process,
    CLI build, fork server and Ray worker), and a loop over its 184,000 n-grams took 0.6-0.7 CPU-s of that
    start, this about 0.3. The rows are in the order of the n-grams' codes."""
    folder = Path(langdetect.__file__).parent / "profiles"
    loaded = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.iterdir()) if p.is_file()]
    grams = [g for profile in loaded for g in profile["freq"]]
    freq = np.fromiter((f for profile in loaded for f in profile["freq"].values()), dtype=float, count=len(grams))
    col = np.repeat(np.arange(len(loaded)), [len(profile["freq"]) for profile in loaded])
    length = np.fromiter(map(len, grams), dtype=np.int64, count=len(grams))
    cps, end = codepoints("".join(grams)).astype(np.uint64), np.cumsum(length)
    code = np.zeros(len(grams), dtype=np.uint64)
    for k in range(3):  # as `_pack` codes them: the last character in the lowest 21 bits
        has = length > k
        code[has] |= cps[end[has] - 1 - k] << np.uint64(21 * k)
    keep = (length >= 1) & (length <= 3)
    codes, row = np.unique(code[keep], return_inverse=True)
    n_words = np.array([profile["n_words"][:3] for profile in loaded], dtype=float)
    prob = np.zeros((len(codes), len(loaded)))
    prob[row, col[keep]] = freq[keep] / n_words[col[keep], length[keep] - 1]
    excess = np.rint(np.log1p(prob / _SMOOTHING) * _FIXED)
    return Profiles(tuple(p["name"] for p in loaded), excess, _GramIndex(codes))


class _CharTable(dict):
    """A `str.translate` table that computes each character's entry on first sight."""

    def __init__(self, func: Callable[[str], str]) -> None:
        super().__init__()
        self.func = func

    def __missing__(self, cp: int) -> str:
        self[cp] = out = self.func(chr(cp))
        return out


# langdetect's per-character normaliser, and a mark of the capitals among its output.
_NORMALISED = _CharTable(NGram.normalize)
_CAPITAL = _CharTable(lambda ch: "U" if ch.isupper() else ".")


def _ngram_ids(words: list[str], p: Profiles) -> tuple[np.ndarray, np.ndarray]:
    """The known 1-3-grams of each word exactly as langdetect's NGram extracts them: (word number, n-gram number).

    NGram reads " word " one character at a time and after each emits the
    last 1, 2 and 3 characters, except when that character and the one before
    it are both capitals (inside an acronym). Here all words are read at once:
    joined by single spaces, every 1-, 2- and 3-character substring of the
    joined text is one of those n-grams, but for lone spaces and the 3-grams
    with a space in the middle (they span two words).
    """
    text = (" " + " ".join(words) + " ").translate(_NORMALISED)
    cps = codepoints(text)
    space = cps == 0x20
    capital = np.frombuffer(text.translate(_CAPITAL).encode("ascii"), dtype=np.uint8) == ord("U")
    # The word an n-gram belongs to is that of its last character; a space ends the word before it.
    owner = np.cumsum(space) - 1 - space
    emits = np.ones(len(text), dtype=bool)
    emits[1:] = ~(capital[1:] & capital[:-1])
    owners, codes = [], []
    for n in (1, 2, 3):
        keep = emits[n - 1:].copy()
        if n == 1:
            keep &= ~space
        elif n == 3:
            keep &= ~space[1:-1]
        owners.append(owner[n - 1:][keep])
        codes.append(_pack(cps, n)[keep])
    ids = p.index.lookup(np.concatenate(codes))
    known = ids >= 0
    return np.concatenate(owners)[known], ids[known]


def _segment_sums(rows: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Sums of `rows[starts[i]:ends[i]]` for back-to-back segments covering `rows` (empty ones sum to 0)."""
    out = np.zeros((len(starts), rows.shape[1]))
    filled = ends > starts
    if filled.any():
        out[filled] = np.add.reduceat(rows, starts[filled], axis=0)
    return out


class _WordScores:
    """Per-word score vectors (the sum of the word's n-gram log probabilities), cached.

    Row 0 is all zeros and belongs to no word: it stands for the separator
    between spans and for a word that vanishes when ASCII letters are dropped.
    The last column counts the word's n-grams, so that a sum over a text also
    counts its evidence. A full cache is emptied and refilled.
    """

    def __init__(self, capacity: int = 1 << 16) -> None:
        self.profiles = profiles()
        self.width = len(self.profiles.langs) + 1
        self.rows = np.zeros((capacity, self.width))
        self.without_latin = np.zeros(capacity, dtype=np.int64)  # row of the word with its ASCII letters dropped
        self.slot: dict[str, int] = {_SENTINEL: 0}

    def ids(self, words: list[str]) -> np.ndarray:
        found = list(map(self.slot.get, words, repeat(-1)))
        if -1 in found:
            missing = list(dict.fromkeys(w for w, i in zip(words, found) if i < 0))
            if len(self.slot) + 2 * len(missing) > len(self.rows):  # a word may bring its Latin-less form
                self.clear(1 + 2 * len(set(words)))
                missing = [w for w in dict.fromkeys(words) if w != _SENTINEL]
            self._add(missing)
            found = list(map(self.slot.__getitem__, words))
        return np.fromiter(found, dtype=np.int64, count=len(found))

    def clear(self, needed: int = 0) -> None:
        self.slot = {_SENTINEL: 0}
        if needed > len(self.rows):
            self.rows = np.zeros((2 * needed, self.width))
            self.without_latin = np.zeros(2 * needed, dtype=np.int64)

    def _add(self, words: list[str]) -> None:
        # langdetect drops ASCII letters from a text mostly in another script: a word of
        # mixed letters (rare) then becomes another word, which is scored too.
        mixed = [w for w in words if not w.isascii()]
        stripped = {w: _ASCII_LETTERS.sub("", w) for w in mixed} if _ASCII_LETTERS.search(" ".join(mixed)) else {}
        words = words + [s for s in dict.fromkeys(stripped.values()) if s and s not in self.slot and s not in words]
        first = len(self.slot)
        self.slot.update(zip(words, range(first, first + len(words))))
        owner, ids = _ngram_ids(words, self.profiles)
        order = np.argsort(owner, kind="stable")
        counts = np.bincount(owner, minlength=len(words))
        bounds = np.concatenate([[0], np.cumsum(counts)])
        rows = self.rows[first:first + len(words)]
        rows[:, :-1] = _segment_sums(self.profiles.excess[ids[order]], bounds[:-1], bounds[1:])
        rows[:, -1] = counts
        target = np.arange(first, first + len(words))
        target[np.fromiter(map(str.isascii, words), dtype=bool, count=len(words))] = 0
        for word, rest in stripped.items():
            target[self.slot[word] - first] = self.slot[rest] if rest else 0
        self.without_latin[first:first + len(words)] = target


@cache
def _word_scores() -> _WordScores:
    return _WordScores()


def forget_words() -> None:
    """Empty the word cache (the benchmark uses it to time the worst case, every word new)."""
    _word_scores().clear()


def _prepare(text: str) -> str:
    """langdetect's clean-up before n-grams: no URLs or e-mail addresses, Vietnamese marks composed."""
    if "@" in text:
        text = Detector.MAIL_RE.sub(" ", text)
    if "://" in text:
        text = Detector.URL_RE.sub(" ", text)
    return NGram.normalize_vi(text) if _VI_MARK.search(text) else text


@dataclass(slots=True)
class Letters:
    """Letters per script in each of n spans (one row per span), and langdetect's own character classes."""

    scripts: np.ndarray  # (n, scripts)
    latin: np.ndarray  # (n,): ASCII letters
    non_latin: np.ndarray  # (n,): characters from U+0300 up, but Latin Extended Additional

    def total(self, rows: list[int]) -> Letters:
        """The selected spans taken together, as one row."""
        return Letters(*(a[rows].sum(axis=0, keepdims=True) for a in (self.scripts, self.latin, self.non_latin)))

    def __add__(self, other: Letters) -> Letters:
        return Letters(self.scripts + other.scripts, self.latin + other.latin, self.non_latin + other.non_latin)

    def drops_latin(self) -> np.ndarray:
        """langdetect's rule: ASCII letters are dropped from a text that is mostly in another script."""
        return self.latin * 2 < self.non_latin


@dataclass(frozen=True, slots=True)
class Guess:
    lang: str
    score: float
    variant: str | None = None
    by: str = "none"  # what decided: "script", "profiles", "lingua" (lang_second), "rules" (lang_rules), "opening" or "none"


UNDECIDED = Guess("und", 0.0)


def count_letters(text: str, spans: list[tuple[int, int]]) -> Letters:
    """Letters of each span of `text` (spans sorted and not overlapping), from one bincount."""
    cps = codepoints(text)
    script, _ = scripts_and_kinds(cps)
    ld_class = ((cps >= 0x41) & (cps <= 0x7A)).astype(np.int64)
    ld_class[(cps >= 0x300) & ((cps < 0x1E00) | (cps > 0x1EFF))] = 2
    label = np.full(len(cps), -1, dtype=np.int64)
    for i, (start, end) in enumerate(spans):
        label[start:end] = i
    inside = label >= 0
    width = _N_SCRIPTS * 3
    counts = np.bincount(label[inside] * width + script[inside].astype(np.int64) * 3 + ld_class[inside],
                         minlength=len(spans) * width).reshape(len(spans), _N_SCRIPTS, 3)
    return Letters(counts.sum(axis=2), counts[:, :, 1].sum(axis=1), counts[:, :, 2].sum(axis=1))


def score_words(text: str, spans: list[tuple[int, int]], without_latin: bool) -> tuple[np.ndarray, np.ndarray]:
    """Summed word scores of each span, (n, profiles + 1), as read and without ASCII letters.

    The spans are joined with a sentinel word between them and split into
    words once; the sentinel's row is zero, so each span's score is the sum of
    the rows from its sentinel to the next. The scores without ASCII letters
    are computed only if `without_latin` (else the first array is returned twice).
    """
    table = _word_scores()
    joined = f" {_SENTINEL} ".join(text[s:e].replace(_SENTINEL, " ") for s, e in spans)
    ids = table.ids(_WORD_RUN.findall(_prepare(joined)))
    starts = np.concatenate([[0], np.flatnonzero(ids == 0)])
    ends = np.concatenate([starts[1:], [len(ids)]])
    full = _segment_sums(table.rows[ids], starts, ends)
    if not without_latin:
        return full, full
    return full, _segment_sums(table.rows[table.without_latin[ids]], starts, ends)


def by_script(letters: Letters, span_text: Callable[[int], str]) -> list[Guess | None]:
    """The language of each span where its letters alone decide it; None where the profiles must.

    `span_text(i)` gives the text of span i, read only for Chinese (its variant).
    """
    out: list[Guess | None] = []
    for i, row in enumerate(letters.scripts.tolist()):
        cjk = row[_HAN] + row[_KANA] + row[_HANGUL]
        n_letters = sum(row) - row[0] + (CJK_WEIGHT - 1) * cjk
        top = max(range(1, _N_SCRIPTS), key=row.__getitem__)
        if not n_letters:
            out.append(UNDECIDED)
        elif CJK_WEIGHT * cjk >= SCRIPT_SHARE * n_letters:
            share = round(CJK_WEIGHT * cjk / n_letters, 4)
            if row[_HANGUL] >= 0.5 * cjk:
                out.append(Guess("ko", share, by="script"))
            elif row[_KANA] >= 0.1 * cjk:
                out.append(Guess("ja", share, by="script"))
            else:
                out.append(Guess("zh", share, chinese_variant(span_text(i)), by="script"))
        elif top in _SINGLE_SCRIPT_IDS and row[top] >= SCRIPT_SHARE * n_letters:
            out.append(Guess(_SINGLE_SCRIPT_IDS[top], round(row[top] / n_letters, 4), by="script"))
        else:
            out.append(None)
    return out


@cache
def _prior(lang: str, weight: float) -> np.ndarray:
    return np.array([weight if code.split("-")[0] == lang else 0.0 for code in profiles().langs])


def by_profiles(letters: Letters, scores: np.ndarray, span_text: Callable[[int], str], prior: str | None = None,
                prior_weight: float = 0.0) -> list[Guess]:
    """langdetect's answer for each span, without its sampling: the posterior of all the n-grams read.

    `scores` holds, per span, the word scores langdetect would read (without
    ASCII letters where it drops them). `prior` (the document's language) gets
    `prior_weight` log-odds. The confidence reported is that of the posterior
    scaled to `EVIDENCE_NGRAMS` n-grams: how clearly the n-grams point to the
    language, not how many there are. Cyrillic that langdetect reads as
    Russian, Ukrainian, Bulgarian or Macedonian may be Serbian (`span_text`).
    """
    langs = profiles().langs
    ngrams = scores[:, -1]
    logp = scores[:, :-1] * (np.minimum(1.0, EVIDENCE_NGRAMS / np.maximum(ngrams, 1)) / _FIXED)[:, None]
    if prior and prior_weight:
        logp += _prior(prior, prior_weight)
    best = logp.argmax(axis=1)
    confidence = 1.0 / np.exp(logp - logp[np.arange(len(logp)), best][:, None]).sum(axis=1)
    out = []
    for i, (n, b, c) in enumerate(zip(ngrams.tolist(), best.tolist(), confidence.tolist())):
        code, c = langs[b], round(c, 4)
        by = "profiles"
        # A paragraph that reads as its document's language (favoured by the prior) is not asked about again,
        # nor one of a few letters (an option, a number, a code line), where lingua is slow and no surer.
        below = SECOND_OPINION_BELOW if n < EVIDENCE_NGRAMS else LONG_SECOND_OPINION_BELOW
        if (0 < n and c < below and not code.startswith("zh-")
                and (prior is None or (code != prior and n >= PARAGRAPH_NGRAMS))):
            ranked = np.argsort(-logp[i], kind="stable")[:CANDIDATES]
            second = lang_second.choose(span_text(i), [langs[k] for k in ranked])
            code, by = second, ("profiles" if second == code else "lingua")
        if n <= 0:
            out.append(UNDECIDED)
        elif code.startswith("zh-"):
            out.append(Guess("zh", c, code, by="profiles"))
        else:
            refined, variant = lang_rules.refine(code, span_text(i))
            if refined != code:
                code, by = refined, "rules"
            if prior and prior != code and code in lang_rules.SIBLINGS.get(prior, ()):
                code, variant = prior, None  # a short paragraph of a Serbian article read as Croatian stays Serbian
            out.append(Guess(code, c, variant, by=by))
    return out


def chinese_variant(text: str) -> str | None:
    """zh-cn or zh-tw from characters that differ between the two; None if nothing tells them apart."""
    simplified, traditional = len(_SIMPLIFIED.findall(text)), len(_TRADITIONAL.findall(text))
    if simplified == traditional:
        return None
    return "zh-cn" if simplified > traditional else "zh-tw"


def identify(text: str, spans: list[tuple[int, int]], limit: int = SAMPLE_CHARS,
             prior_weight: float = 0.0) -> tuple[Guess, list[Guess]]:
    """The language of `text` and of each of its spans (sorted, not overlapping).

    The text as a whole is read on its first `limit` characters, as langdetect
    reads it, each span on its own first `limit` characters. Words are scored
    only for what the letters alone do not decide; a span is judged with its
    text's language favoured by `prior_weight` log-odds.
    """
    spans = [(s, min(e, s + limit)) for s, e in spans]
    letters = count_letters(text, spans)
    in_sample = [i for i, (s, e) in enumerate(spans) if e <= limit]
    cut = [(s, limit) for s, e in spans if s < limit < e]
    whole = letters.total(in_sample) + count_letters(text, cut).total([0]) if cut else letters.total(in_sample)
    sample = text[:limit]
    [guess] = by_script(whole, lambda _: sample)
    if len(spans) == 1 and in_sample:  # one paragraph: it is the document
        if guess is None:
            [guess] = by_profiles(whole, score_words(text, spans, bool(whole.drops_latin()[0]))[1], lambda _: sample)
        return guess, [guess]
    guesses = by_script(letters, lambda i: text[spans[i][0]:spans[i][1]])
    pending = [i for i, g in enumerate(guesses) if g is None]
    scored = sorted(set(pending) | (set(in_sample) if guess is None else set()))
    if scored:
        drop = letters.drops_latin()
        doc_drops = bool(whole.drops_latin()[0])
        full, clean = score_words(text, [spans[i] for i in scored], doc_drops or bool(drop[scored].any()))
        row = {i: k for k, i in enumerate(scored)}
        if guess is None:
            read = clean if doc_drops else full
            total = read[[row[i] for i in in_sample]].sum(axis=0, keepdims=True)
            if cut:
                total += score_words(text, cut, doc_drops)[1]
            [guess] = by_profiles(whole, total, lambda _: sample)
        if pending:
            rows = [row[i] for i in pending]
            read = np.where(drop[pending][:, None], clean[rows], full[rows])
            found = by_profiles(Letters(letters.scripts[pending], letters.latin[pending], letters.non_latin[pending]),
                                read, lambda k: text[spans[pending[k]][0]:spans[pending[k]][1]], guess.lang,
                                prior_weight)
            for i, g in zip(pending, found):
                guesses[i] = g
    guesses = [g or UNDECIDED for g in guesses]
    return _article_language(guess or UNDECIDED, guesses, letters, text), guesses


def _weights(letters: Letters) -> list[int]:
    """Letters of each span, a CJK character counting CJK_WEIGHT: about how much each one says."""
    s = letters.scripts
    return (s[:, 1:].sum(axis=1) + (CJK_WEIGHT - 1) * (s[:, _HAN] + s[:, _KANA] + s[:, _HANGUL])).tolist()


def _article_language(guess: Guess, guesses: list[Guess], letters: Letters, text: str) -> Guess:
    """The article's own language when it opens in another script than the one that holds most letters.

    A Chinese or Japanese article that gives English translations of its
    paragraphs, or quotes English at length, can have more Latin letters than
    Han and kana, and the whole text then reads as English. Its headline and
    lead are in its own language: when the first paragraph of some length is
    in a language its script decides, unlike the whole text, and that language
    holds at least OPENING_SHARE of the letters, that is the document's
    language. Texts in one script are left to the profiles (a French article
    quoting English stays French).
    """
    if guess.by not in ("profiles", "lingua", "rules"):
        return guess
    weights = _weights(letters)
    opening = next((g for g, w in zip(guesses, weights) if w >= OPENING_LETTERS and g.lang != "und"), None)
    if opening is None or opening.by != "script" or opening.lang == guess.lang:
        return guess
    share = sum(w for g, w in zip(guesses, weights) if g.lang == opening.lang) / max(1, sum(weights))
    if share < OPENING_SHARE:
        return guess
    variant = chinese_variant(text) if opening.lang == "zh" else opening.variant
    return Guess(opening.lang, round(share, 4), variant, by="opening")


def detect(text: str, max_chars: int = SAMPLE_CHARS) -> tuple[str, float, str | None]:
    """(ISO 639-1 code, confidence, variant) for `text`; ("und", 0.0, None) if undecidable."""
    g, _ = identify(text, [(0, len(text))], max_chars or len(text))
    return g.lang, g.score, g.variant


_BLANK_LINE = re.compile(r"\n[^\S\n]*\n\s*")


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the blank-line separated blocks of `text`, without their surrounding whitespace."""
    spans = []
    pos = 0
    for cut in [*(m.span() for m in _BLANK_LINE.finditer(text)), (len(text), len(text))]:
        block = text[pos:cut[0]]
        stripped = block.strip()
        if stripped:
            start = pos + len(block) - len(block.lstrip())
            spans.append((start, start + len(stripped)))
        pos = cut[1]
    return spans


class LanguageStage(Stage):
    name = "language"
    defaults = {
        "sample_chars": SAMPLE_CHARS,  # characters read for the document, and for each paragraph
        "paragraph_prior": 10.0,  # log-odds for the document's language when judging one of its paragraphs
    }

    def __call__(self, doc: Document) -> Document:
        text = doc.text
        if not doc.paragraphs:
            doc.paragraphs = [Paragraph(s, e) for s, e in paragraph_spans(text)]
        spans = sorted({(p.start, p.end) for p in doc.paragraphs}) or [(0, len(text))]
        guess, guesses = identify(text, spans, self.options["sample_chars"], self.options["paragraph_prior"])
        doc.lang, doc.lang_score, doc.lang_variant = guess.lang, guess.score, guess.variant
        self.count(f"lang_{doc.lang}")
        self.count(f"decided_by_{guess.by}")
        by_span = dict(zip(spans, guesses))
        for p in doc.paragraphs:
            pg = by_span[(p.start, p.end)]
            p.lang, p.lang_score = pg.lang, pg.score
            if pg.lang not in (doc.lang, "und"):
                self.count("paragraphs_in_other_language")
        return doc
