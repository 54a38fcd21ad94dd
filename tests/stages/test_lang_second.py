"""lingua's second opinion: it chooses only among the candidates it is given, leaves out those it has no
model for, and answers the same whatever the order of the candidates."""

from __future__ import annotations

from pipeline.stages import lang_second
from pipeline.stages.language import detect


def test_chooses_among_the_candidates_only():
    text = "obrigado pela ajuda"
    assert lang_second.choose(text, ["pt", "es", "gl"]) == "pt"
    assert lang_second.choose(text, ["es", "it"]) in ("es", "it")


def test_order_of_candidates_does_not_matter():
    text = "goede morgen"
    assert lang_second.choose(text, ["nl", "af", "de"]) == lang_second.choose(text, ["de", "af", "nl"])


def test_languages_without_a_lingua_model_are_left_out():
    assert not lang_second.knows("ne") and lang_second.knows("hi") and lang_second.knows("no")
    assert lang_second.choose("भारत सरकार", ["ne", "hi", "mr"]) in ("hi", "mr")
    assert lang_second.choose("ಬೆಂಗಳೂರು ನಗರ", ["kn"]) == "kn"  # nothing to choose from


def test_a_few_words_the_profiles_are_unsure_of():
    # Two-word headlines of close languages: the profiles alone split them, the second opinion does not
    pairs = {"pt": "obrigado senhores", "es": "gracias señores", "nl": "goedemorgen allemaal",
             "no": "takk skal dere ha", "da": "tak skal I have"}
    assert {code: detect(text)[0] for code, text in pairs.items()} == {code: code for code in pairs}
