import dataclasses
import re

import pytest

from pipeline.recipe import RecipeError, load_recipe
from pipeline.stages import build_stages
from pipeline.stages.masks import MasksStage, find_masks
from tests.conftest import DEMO, SEED, doc


def cleaned(text: str, **options) -> tuple[str, list]:
    d = MasksStage(**options)(doc(text))
    return d.text, d.redactions


# --- what is a mask -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        # the seed's shapes: spaced, glued to the word before, at the end of a sentence
        ("a large amount of ** equipment, which", "a large amount of [REDACTED] equipment, which"),
        ("the shortage of conventional** equipment", "the shortage of conventional [REDACTED] equipment"),
        ("the supplement of the conventional **.", "the supplement of the conventional [REDACTED]."),
        ("storing a large number of conventional **, but also", "storing a large number of conventional [REDACTED], but also"),
        # glued to the word after, to a short word, to both words
        ("customs found **equipment in the crates", "customs found [REDACTED] equipment in the crates"),
        ("the price of** rose again", "the price of [REDACTED] rose again"),
        ("conventional**equipment was seized", "conventional [REDACTED] equipment was seized"),
        # inside quotes, at the start of a paragraph, repeated, three stars
        ('he called it "**" on air', 'he called it "[REDACTED]" on air'),
        ("the so-called “**” highway", "the so-called “[REDACTED]” highway"),
        ("** are banned at the border.", "[REDACTED] are banned at the border."),
        ("Rain fell.\n\n** were seen near the border.", "Rain fell.\n\n[REDACTED] were seen near the border."),
        ("the *** crackdown last year", "the [REDACTED] crackdown last year"),
        # Chinese: stars, full-width stars, multiplication signs, boxes, XX between characters, in quotes
        ("美国的**装备", "美国的[REDACTED]装备"),
        ("旧城区的＊＊问题", "旧城区的[REDACTED]问题"),
        ("当局对××问题保持沉默", "当局对[REDACTED]问题保持沉默"),
        ("居民在门前□□表达诉求", "居民在门前[REDACTED]表达诉求"),
        ("纪念XX事件的活动被取消", "纪念[REDACTED]事件的活动被取消"),
        ("他们举行了「＊＊」活动", "他们举行了「[REDACTED]」活动"),
        ("向**提供援助", "向[REDACTED]提供援助"),
        # XX in place of a word in translated text
        ("support for XX independence grew", "support for [REDACTED] independence grew"),
        ("the so-called 'XX' movement", "the so-called '[REDACTED]' movement"),
        ("civilian×× parts", "civilian [REDACTED] parts"),
    ],
)
def test_word_masks_in_every_shape(text, expected):
    out, reds = cleaned(text)
    assert out == expected
    assert len(reds) == 1
    r = reds[0]
    assert out[r.start:r.end] == "[REDACTED]"
    assert (r.kind, r.shape) == ("censorship", "word") and r.raw in text and not re.search(r"\w", r.raw.replace("X", ""))


def test_two_masks_in_one_sentence_and_in_chinese():
    out, reds = cleaned("The firm sold ** to both sides and ** to neither.")
    assert out == "The firm sold [REDACTED] to both sides and [REDACTED] to neither."
    out, reds = cleaned("涉及**零部件的出口。对**相关物项")
    assert out == "涉及[REDACTED]零部件的出口。对[REDACTED]相关物项" and len(reds) == 2


def test_a_lowercase_pair_in_a_masked_text_is_two_masks_not_bold():
    out, reds = cleaned("Critics said the law will limit **in ** and more.")
    assert out == "Critics said the law will limit [REDACTED] in [REDACTED] and more."
    out, reds = cleaned("The mill makes 20 tons of **every week. Experts say the supply of** will grow.")
    assert len(reds) == 2
    out, reds = cleaned("Exports of **equipment to the front and of conventional** parts rose.")
    assert len(reds) == 2
    out, reds = cleaned('Some media called it the "**" highway, and conventional** equipment kept flowing.')
    assert out == 'Some media called it the "[REDACTED]" highway, and conventional [REDACTED] equipment kept flowing.'
    assert cleaned("This is **very** important, and **Note** that.")[1] == []


@pytest.mark.parametrize(
    "text, raw",
    [
        ("what the f**k was that", "f**k"),
        ("that is s**t, he said", "s**t"),
        ("what the f*ck was that", "f*ck"),
        ("it was bull***t, he said", "bull***t"),
        ("a load of s***", "s***"),
    ],
)
def test_masked_swear_words_are_profanity_and_keep_their_letters(text, raw):
    [m] = find_masks(text)
    assert (m.kind, m.shape, m.raw) == ("profanity", "partial", raw)
    out, [r] = cleaned(text)
    assert out == text and out[r.start:r.end] == raw and r.kind == "profanity"


# --- what is not --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # markdown bold and italics
        "**Note** the museum is closed on Mondays.",
        "**Editor's note:** this story was updated.",
        "The vote was ***very*** close, and *nobody* expected it.",
        # exponents
        "The model has 2**10 inputs and 10**6 parameters; compute x**2.",
        "(a+b)**2 is expanded in the appendix",
        "Energy is E = mc**2 here",
        # footnote stars
        "Revenue rose 12%** last year.\n\n** Unaudited figures.",
        "Output grew by 4%* in the quarter.\n\n* Provisional.",
        # bullets
        "* first stop\n* second stop",
        "** first stop\n** second stop",
        # star ratings
        "Rating: ****",
        "Food ***\nService **",
        "earned our top score of *****.",
        "a ***-star hotel by the sea",
        "Rating: ■■■□□",
        # masked e-mail and phone digits, card numbers
        "write to j***@example.com",
        "call 138****5678 today",
        "card ending **** **** **** 1234",
        # section breaks and a separator between two articles
        "Part one.\n\n***\n\nPart two.",
        "Part one.\n\n* * *\n\nPart two.",
        "First story.\n******\nSecond story.",
        "checkbox row\n□□□□\nend",
        # code
        "use `a ** b` in code",
        "```\nresult = base ** exp\n```",
        "call f(**kwargs) and g(*args)",
        "def run(*args, **kwargs):",
        "files in src/**/*.py",
        "see http://example.com/**/index",
        # an IP address with a masked octet
        "the server at 203.0.113.* answered",
        "the server at 203.0.113.** answered",
        # anti-scraping junk
        "z* the council met",
        "the council met z* on Monday",
        # Roman numerals, sizes, chromosomes, placeholders
        "the XX century saw two wars",
        "in the XX Century",
        "Super Bowl XX was played in 1986",
        "a size XXL shirt",
        "women have XX chromosomes",
        "Louis XX and Chapter XX",
        "THE XX FILES RETURN",
        "the XX/XY ratio",
        "costs $XX per month",
        "20XX年XX月XX日",
        "二○○八年",
    ],
)
def test_honest_uses_are_left_alone(text):
    out, reds = cleaned(text)
    assert out == text and reds == []


@pytest.mark.parametrize(
    "text",
    ["Wang X said the road was closed.", "王某表示", "李某某说", "被告人王某某称", "被告人张××称其不知情",
     "记者王**报道", "，李XX先生表示", "Mr. Z** declined to comment"],
)
def test_anonymised_names_are_not_censorship(text):
    assert all(m.kind == "privacy" for m in find_masks(text))
    assert cleaned(text) == (text, [])


# --- the stage ----------------------------------------------------------------------------------------------


def test_spans_and_context_are_exact_with_several_masks():
    text = "conventional** arms and ** equipment and more **."
    d = MasksStage(token="<MASK>", context_chars=10)(doc(text))
    assert d.text == "conventional <MASK> arms and <MASK> equipment and more <MASK>."
    for r in d.redactions:
        assert d.text[r.start:r.end] == "<MASK>"
        assert d.text[r.start - len(r.left):r.start] == r.left
        assert d.text[r.end:r.end + len(r.right)] == r.right
        assert r.candidates == []


def test_spans_of_earlier_edits_and_paragraphs_follow_the_rewrite():
    from pipeline.document import Edit, Paragraph

    d = doc("Putin's ** visit.\n\nThe conventional **.")
    d.edits.append(Edit("apostrophe", 5, 6, " "))
    d.paragraphs = [Paragraph(0, 17), Paragraph(19, 39)]
    d = MasksStage()(d)
    assert d.text[d.edits[0].start:d.edits[0].end] == "'"
    assert d.text[d.paragraphs[1].start:d.paragraphs[1].end] == "The conventional [REDACTED]."


def test_counts_and_the_fast_path():
    stage = MasksStage()
    plain = doc("Nothing to see here, only words and numbers like 42.")
    assert stage(plain).text == plain.text and stage.stats == {}
    stage(doc("the ** ** protests and f**k"))
    assert stage.stats == {"masks": 3, "masks_censorship": 2, "masks_profanity": 1, "masks_in_text": 3,
                           "documents_with_masks": 1}


def test_no_mask_shape_is_left_in_masked_text():
    text = ("The port received ** equipment. The shortage of conventional** parts grew; "
            "traders stored conventional **. 旧城区的＊＊问题和美国的**装备。The *** crackdown and the ＊＊ protests.")
    out, reds = cleaned(text)
    assert "**" not in out and "＊＊" not in out and len(reds) == 7


@pytest.mark.skipif(not SEED.exists(), reason="the shared seed example is not beside this checkout")
def test_the_seed_has_five_masks_and_nothing_else():
    text = SEED.read_text(encoding="utf-8")
    masks = find_masks(text)
    assert len(masks) == 5 and {m.raw for m in masks} == {"**"}
    assert all(text[m.end:m.end + 1] in " .," for m in masks)


def test_bad_options_are_recipe_errors():
    recipe = load_recipe(DEMO)
    for bad in ({"restore": "guess"}, {"restore_threshold": 0}, {"token": ""}, {"colour": "red"}):
        with pytest.raises(RecipeError):
            build_stages(dataclasses.replace(recipe, stages={**recipe.stages, "masks": bad}))
