import pytest

from pipeline.stages.masks import MasksStage, find_masks
from tests.conftest import doc


@pytest.mark.parametrize(
    "text, cleaned",
    [
        ("a large amount of ** equipment, which", "a large amount of [REDACTED] equipment, which"),
        ("the shortage of conventional** equipment", "the shortage of conventional [REDACTED] equipment"),
        ("the supplement of the conventional **.", "the supplement of the conventional [REDACTED]."),
        ('he called it "**" on air', 'he called it "[REDACTED]" on air'),
        ("** are banned at the border.", "[REDACTED] are banned at the border."),
        ("the ** ** protests", "the [REDACTED] protests"),
        ("美国的**装备", "美国的[REDACTED]装备"),
        ("旧城区的＊＊问题", "旧城区的[REDACTED]问题"),
    ],
)
def test_masks_in_every_shape(text, cleaned):
    d = MasksStage()(doc(text))
    assert d.text == cleaned
    assert len(d.redactions) == 1
    r = d.redactions[0]
    assert d.text[r.start:r.end] == "[REDACTED]"
    assert r.raw in text and set(r.raw) <= set("*＊ ")
    assert r.kind == "word"


@pytest.mark.parametrize(
    "text",
    [
        "**Note** the museum is closed on Mondays.",
        "**Editor's note:** this story was updated.",
        "The model has 2**10 inputs and 10**6 parameters; compute x**2.",
        "* first stop\n* second stop",
        "Rating: ****",
        "earned our top score of *****.",
        "Part one.\n\n***\n\nPart two.",
        "First story.\n******\nSecond story.",
        "write to j***@example.com",
        "call 138****5678 today",
        "the server at 203.0.113.* answered",
        "use `a ** b` in code",
    ],
)
def test_honest_stars_are_not_masks(text):
    d = MasksStage()(doc(text))
    assert d.text == text and d.redactions == []


def test_in_word_mask_is_partial():
    [m] = find_masks("what the f**k was that")
    assert m.kind == "partial"


def test_spans_and_context_are_exact_with_several_masks():
    text = "conventional** arms and ** equipment and more **."
    d = MasksStage(token="<MASK>", context_chars=10)(doc(text))
    assert d.text == "conventional <MASK> arms and <MASK> equipment and more <MASK>."
    for r in d.redactions:
        assert d.text[r.start:r.end] == "<MASK>"
        assert d.text[r.start - len(r.left):r.start] == r.left
        assert d.text[r.end:r.end + len(r.right)] == r.right
