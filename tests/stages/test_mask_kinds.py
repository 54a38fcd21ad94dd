"""What a mask hides: censorship, a softened swear word, a private person's name, or nothing at all.

Every sample here was written for these tests, in the shapes real pages show: content-farm
masks glued to punctuation and digits, swear words with their edges kept, review pages that
hide their users' names, separators, bold text and code that share the same stars."""

from __future__ import annotations

import pytest

from pipeline.document import Removed
from pipeline.stages.mask_kinds import profane, profanity_marks
from pipeline.stages.masks import MasksStage, find_masks
from tests.conftest import doc


def kinds(text: str) -> list[tuple[str, str]]:
    return [(m.raw, m.kind) for m in find_masks(text)]


# --- censorship in the shapes real masked pages show ----------------------------------------------------------


@pytest.mark.parametrize(
    "text, raws",
    [
        ("The fishermen went missing early in the season.** has denied any role in it.", ["**"]),
        ("A flood in the valley in 1998** more than 3,000 homes, the archive shows.", ["**"]),
        ("The court said the ** had been planted by the ** officers.", ["**", "**"]),
        ("Witnesses described ** ＊＊ near the harbour gate.", ["**", "＊＊"]),
        ("The ministry said the ban on the **\nwould stay in place.", ["**"]),
        ("Dockers met the minister to discuss the **", ["**"]),
        # unspaced Chinese and Japanese: beside digits, punctuation and the line's end
        ("报道称,渔业部门**2019年曾要求当地关闭码头。", ["**"]),
        ("港口委员会宣布,新**6月3日起实施。", ["**"]),
        # a masked text: there `**...**` around a clause is two masks, not bold
        ("截至昨晚,**已导致14人**、50多人受伤,当地**部门正在核查。", ["**", "**", "**"]),
        ("当地居民对这次**\n表示担忧。", ["**"]),
        ("市役所は**について3日に説明した。", ["**"]),
    ],
)
def test_censorship_masks_glued_to_punctuation_digits_and_line_ends(text, raws):
    found = find_masks(text)
    assert [m.raw for m in found] == raws and all(m.kind == "censorship" for m in found)
    out = MasksStage()(doc(text)).text
    assert "**" not in out and "＊＊" not in out and out.count("[REDACTED]") == len(raws)


# --- profanity: its own kind, letters kept -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, raw",
    [
        ("“Get the f**k off my boat,” the skipper shouted.", "f**k"),
        ("He called it a f***ing disgrace on live radio.", "f***ing"),
        ("WHAT THE F**K IS THIS, the banner read.", "F**K"),
        ("“Pure horse ****,” the mayor replied.", "****"),
        ("She answered: “F—k off.”", "F—k"),
        ("The coach called the ruling bull$#!t after the match.", "bull$#!t"),
        ("He said the plan was sh*t and left.", "sh*t"),
    ],
)
def test_softened_swear_words_are_profanity_and_stay_as_written(text, raw):
    assert kinds(text) == [(raw, "profanity")]
    d = MasksStage()(doc(text))
    [r] = d.redactions
    assert d.text == text and d.text[r.start:r.end] == raw and (r.kind, r.raw) == ("profanity", raw)


def test_profanity_needs_the_kept_letters_and_the_hidden_count_to_spell_a_swear_word():
    assert profane("f", 3, "ing") and profane("F", 2, "K") and profane("bull", None, "t")
    assert not profane("f", 1, "k")  # f*k hides one letter: no such word in the list
    assert not profane("", 4, "") and not profane("Man", 2, "")
    # dashes between words and symbols in prices are not swear words
    assert profanity_marks("a long—and cold—winter; prices fell 5%&6% in the port") == []


# --- privacy: users' names and anonymised people or places, never a token ------------------------------------


REVIEWS = "Reviewed by Jo** on the ferry: clean cabins.\nPa** Ke** wrote: the crossing was late.\nFe******* said: good food."


def test_masked_user_names_are_left_as_written_by_default():
    assert {m.kind for m in find_masks(REVIEWS)} == {"privacy"}
    d = MasksStage()(doc(REVIEWS))
    assert d.text == REVIEWS and d.redactions == []


def test_masked_user_names_can_be_listed_as_privacy_without_losing_a_letter():
    stage = MasksStage(privacy="mark")
    d = stage(doc(REVIEWS))
    assert d.text == REVIEWS
    assert [(r.raw, r.kind) for r in d.redactions] == [
        ("Jo**", "privacy"), ("Pa**", "privacy"), ("Ke**", "privacy"), ("Fe*******", "privacy")]
    assert all(d.text[r.start:r.end] == r.raw for r in d.redactions)
    assert stage.stats["masks_privacy"] == 4


@pytest.mark.parametrize("text", ["村民王某称其不知情", "Mr. X told the court he had left", "他在××市打工多年",
                                  "记者李**报道", "港口位于XX县"])
def test_anonymised_people_and_places_are_not_censorship(text):
    assert all(kind == "privacy" for _, kind in kinds(text))
    assert MasksStage()(doc(text)).text == text


def test_a_long_word_glued_to_a_mask_is_censorship_not_a_name():
    assert kinds("Officials in Canada** the shipment last spring.") == [("**", "censorship")]


# --- not masks at all --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Ferry fares to rise in autumn******\nThe operator said on Monday that fares would rise.",
        "港口扩建工程正式启动******\n记者从港务局获悉,工程将于明年完工。",
        "The harbour reopened.\n\n******\n\nIn other news, the market closed early.",
        "**Never logged in**\n    The account has not been used yet.",
        "Read the **Notice to Mariners\nbefore you sail** and keep a copy.",
        "int parse(struct node **head, char **argv);",
        "The function walks struct entry **list and frees each item.",
        "Set x = a * b and y = 2**10 before the loop.",
        "Exports rose 12%** last year.\n\n** Provisional figures from the port office.",
        "Leave a reply. Required fields are marked *\nName *",
        "Service: ****\nFood: ***",
        "* cabins\n* deck chairs\n* lockers",
        "The band *NSYNC played the harbour festival.",
        "Call 138****5678 or write to h***@port.example.",
        "The solver writes each root as r*exp(i*phi) and lists names like tab*le.",
        "Write the s@@@ form of the substitution when the text holds slashes.",
        "Copy gs://harbour-logs/** to the archive, or pass --include=** to keep all files.",
        "Supported from version [**, 2.0.0) only.",
    ],
)
def test_other_uses_of_stars_are_left_alone(text):
    assert find_masks(text) == []
    d = MasksStage()(doc(text))
    assert d.text == text and d.redactions == []


# --- masks outside the body ---------------------------------------------------------------------------------


def test_masks_in_the_title_and_in_removed_lines_are_listed_with_their_field():
    d = doc("Dockers said the ** had been stopped.", title="Port halts ** shipments",
            removed=[Removed("boilerplate", "News · Sport · ** · Weather", -1), Removed("title", "Port halts ** shipments", 0)])
    d = MasksStage()(d)
    where = [(r.field, r.item, r.kind) for r in d.redactions]
    assert where == [("text", -1, "censorship"), ("title", -1, "censorship"), ("removed", 0, "censorship")]
    assert d.title == "Port halts [REDACTED] shipments" and d.text == "Dockers said the [REDACTED] had been stopped."
    title, removed = d.redactions[1], d.redactions[2]
    assert d.title[title.start:title.end] == "[REDACTED]"
    assert d.removed[0].text == "News · Sport · ** · Weather"  # removed lines stay as the source had them
    assert d.removed[0].text[removed.start:removed.end] == "**"


def test_a_later_rewrite_of_text_leaves_title_spans_alone():
    d = MasksStage()(doc("A ** was seen.", title="The ** case"))
    title = d.redactions[1]
    d.rewrite([(0, 1, "One")])
    assert d.redactions[0].start == len("One ") and (title.start, title.end) == (4, 14)


MANUAL = """NAME
       tidewatch - follow harbour tide tables

DESCRIPTION
       tidewatch reads tables from the current folder. The pattern ** matches
       every folder below it, and a ** b raises a to the power b in --expr.

OPTIONS
       --recursive
              Descend into folders, as ** would.
"""


def test_stars_in_a_rendered_manual_are_not_censorship():
    assert find_masks(MANUAL) == []
    # the same sentence in news prose, with nothing indented, is masked
    assert kinds("Officials said the ** matches were cancelled.") == [("**", "censorship")]


def test_in_a_censored_text_a_short_name_glued_to_a_mask_is_censorship():
    text = "State media said Xi** visited the port, and the ** equipment was moved."
    assert kinds(text) == [("**", "censorship"), ("**", "censorship")]
    assert MasksStage()(doc(text)).text.count("[REDACTED]") == 2


def test_a_headline_left_in_the_text_has_its_masks_listed_once():
    text = "Port halts ** shipments\n\nDockers said the ** had been stopped."
    d = MasksStage()(doc(text, title="Port halts ** shipments"))
    assert [r.field for r in d.redactions] == ["text", "text"]
    assert d.title == "Port halts [REDACTED] shipments"
    # taken out of the text as its title line, the headline's repeat in the body is a second mask
    d = MasksStage()(doc(text, title="Port halts ** shipments", removed=[Removed("title", "Port halts ** shipments", 0)]))
    assert [r.field for r in d.redactions] == ["text", "text", "title"]
