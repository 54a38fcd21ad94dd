import pytest

from pipeline.stages.subtitle import SubtitleStage
from tests.conftest import doc


def test_glued_subtitle_is_split():
    d = SubtitleStage()(doc("-- How the ferry line reshapes the island economyLast week, the port opened.\n\nMore."))
    assert d.subtitle == "How the ferry line reshapes the island economy"
    assert d.text == "Last week, the port opened.\n\nMore."
    assert d.removed[0].kind == "subtitle"


@pytest.mark.parametrize(
    "text",
    [
        "Apple showed the new iPhone to reporters today. Sales start soon.",
        "The chain McDonald said it would hire more staff in the region.",
        "Videos on YouTube drew record numbers of viewers this winter.",
        "The report was released. ThenThe council met.",  # sentence end before the glue
    ],
)
def test_names_and_sentences_are_not_split(text):
    d = SubtitleStage()(doc(text))
    assert d.text == text and d.subtitle is None
