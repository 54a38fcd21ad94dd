import pytest

from pipeline.stages.apostrophe import ApostropheStage
from tests.conftest import doc


@pytest.mark.parametrize(
    "before, after",
    [
        ("Putin s visit to the port", "Putin's visit to the port"),
        ("We don t know yet", "We don't know yet"),
        ("the country s economy and the Minister s plan", "the country's economy and the Minister's plan"),
        ("they ll decide and I m sure", "they'll decide and I'm sure"),
    ],
)
def test_lost_apostrophes_are_restored_and_recorded(before, after):
    d = ApostropheStage()(doc(before, lang="en"))
    assert d.text == after
    assert all(d.text[e.start:e.end] == "'" and e.before == " " for e in d.edits)


@pytest.mark.parametrize("text", ["the letter s is silent", "it took 5 s to load", "Pensioners' groups met"])
def test_uncertain_cases_are_left(text):
    assert ApostropheStage()(doc(text, lang="en")).text == text


def test_only_english():
    assert ApostropheStage()(doc("Putin s visit", lang="fr")).text == "Putin s visit"


def test_title_is_repaired_too():
    assert ApostropheStage()(doc("Body.", lang="en", title="Mayor s budget")).title == "Mayor's budget"
