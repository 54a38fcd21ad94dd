"""A second opinion on a language when langdetect's profiles are unsure: lingua's models.

langdetect's profiles are fast and right on sentences, but a headline or a
pair of words leaves close languages (Spanish and Portuguese, Danish and
Norwegian, Dutch and Afrikaans, Croatian and Slovene) a few n-grams apart.
lingua (lingua-language-detector) is slower but better on short text: its
models are 1- to 5-grams learned on more text, and they ship inside its wheel
(nothing is downloaded). It is asked only where the profiles' posterior is
below a threshold, and only to choose among the profiles' own best few
candidates, which keeps its answers within what the profiles found plausible.

Measured on lingua's public test data (bench/lingua_eval.py): letting lingua
choose among the profiles' top 4 beat adding its log-confidence to the
profiles' posterior at any weight tried on word pairs, at equal accuracy on
sentences.

lingua is deterministic; a detector is built per set of candidates (sorted) and
per process, and ties go to the alphabetically first code.
"""

from __future__ import annotations

from functools import cache

from lingua import IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder

# Codes langdetect writes differently from lingua: Norwegian is Bokmål in lingua.
_TO_LINGUA = {"no": "nb"}
_FROM_LINGUA = {"nb": "no", "nn": "no"}


@cache
def _lingua_language(code: str) -> Language | None:
    """lingua's Language for a profile code, None if lingua has no model for it (kn, ml, ne, zh-cn...)."""
    iso = _TO_LINGUA.get(code, code)
    try:
        return Language.from_iso_code_639_1(getattr(IsoCode639_1, iso.upper()))
    except (AttributeError, ValueError):
        return None


def knows(code: str) -> bool:
    """Whether lingua has a model for the language of this profile code."""
    return _lingua_language(code) is not None


@cache
def _detector(codes: tuple[str, ...]) -> LanguageDetector:
    """A detector over the candidates alone. lingua keeps its models in one store per process, shared
    by every detector, and loads a language's models the first time a detector of it reads a text: a
    detector over every profile language loads the models of every language of the text's script
    (about 10 s of CPU for the Latin ones on a short text, in each worker), while the candidates are a
    few. Candidate sets recur, so each detector is built once."""
    return LanguageDetectorBuilder.from_languages(*map(_lingua_language, codes)).build()


#: How much of a text lingua reads to choose among the profiles' candidates.
LINGUA_CHARS = 1000


def choose(text: str, candidates: list[str]) -> str:
    """The candidate lingua finds likeliest for `text`; candidates it has no model for are left out.

    With fewer than two known candidates there is nothing to choose and the
    first known one (or the first one) is returned. A candidate lingua does
    not know (Nepali, Kannada, Malayalam) is thus never chosen here: on a few
    words its neighbours in the same script are likelier (measured).
    """
    known = sorted({c for c in candidates if knows(c)})
    if len(known) < 2:
        return known[0] if known else candidates[0]
    values = {}
    # Its time grows with the text; its answer does not, past a paragraph or two (a 7,000-character page
    # took 40 ms): it reads the first LINGUA_CHARS characters, cut at a space.
    if len(text) > LINGUA_CHARS:
        cut = text.rfind(" ", 0, LINGUA_CHARS)
        text = text[:cut if cut > 0 else LINGUA_CHARS]
    for cv in _detector(tuple(known)).compute_language_confidence_values(text):
        iso = cv.language.iso_code_639_1.name.lower()
        values[_FROM_LINGUA.get(iso, iso)] = cv.value
    return max(known, key=lambda c: (values.get(c, 0.0), [-ord(ch) for ch in c]))
