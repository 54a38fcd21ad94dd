from pipeline.stages.unicode import UnicodeStage
from tests.conftest import doc


def test_mojibake_is_repaired():
    assert UnicodeStage()(doc("CafÃ© opens")).text == "Café opens"


def test_language_punctuation_and_quotes_are_kept():
    text = "他说：“你好，世界。”\n“Quoted” text — ﬁne"
    assert UnicodeStage()(doc(text)).text == text


def test_line_ends_are_unified():
    assert UnicodeStage()(doc("a\r\nb\rc")).text == "a\nb\nc"
