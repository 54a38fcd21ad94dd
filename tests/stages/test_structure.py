import pytest

from pipeline.stages.structure import StructureStage, paragraph_spans
from tests.conftest import doc

LONG = ("For years the wooden landing stage has handled more than twice the traffic it was designed for, and "
        "engineers told the council that its piles are rotting.")


def kinds(text):
    d = StructureStage()(doc(text))
    return [(d.text[p.start:p.end], p.kind) for p in d.paragraphs]


def test_spans_cover_each_paragraph_exactly():
    text = "First line\nsame paragraph.\n\nSecond paragraph.  \n\n\nThird."
    assert [text[s:e] for s, e in paragraph_spans(text)] == ["First line\nsame paragraph.", "Second paragraph.",
                                                             "Third."]


@pytest.mark.parametrize(
    "heading",
    [
        "The first is to provide strategic support to the port.",
        "The second is to bring the island routes under one roof.",
        "What happens next",
        "Why it matters",
        "¿Qué cambia para la flota?",
        "Во-первых, не выходить на лёд в одиночку.",
        "一是加快推进港口扩建。",
        "一、统一摊位设计",
        "導入のきっかけ",
        "첫째, 이동 진료 차량을 늘린다.",
        "Was Leser erwarten können",
        "Une histoire de partage",
        "أولاً، تحسين شبكة المياه.",
    ],
)
def test_headings_in_many_languages(heading):
    assert kinds(f"{LONG}\n\n{heading}\n\n{LONG}") == [(LONG, "body"), (heading, "heading"), (LONG, "body")]


@pytest.mark.parametrize(
    "line",
    [
        "He declined to comment.",
        "The main changes are:",
        "* Route 4 will run every ten minutes during peak hours.",
        "\"We will rebuild the pier,\" the mayor said.",
        "Rating: ****",
        "1. The city will build a new depot.",
        "Then the storm came.",
    ],
)
def test_short_body_lines_are_not_headings(line):
    assert kinds(f"{LONG}\n\n{line}\n\n{LONG}")[1] == (line, "body")


def test_a_heading_needs_a_longer_paragraph_after_it():
    text = f"{LONG}\n\nWhat happens next\n\nShort reply\n\nAnother short one"
    assert [k for _, k in kinds(text)] == ["body", "body", "body", "body"]


def test_text_is_not_changed_and_spans_follow_later_rewrites():
    text = f"{LONG}\n\nWhy it matters\n\nThe island s only hotel is full."
    d = StructureStage()(doc(text))
    assert d.text == text
    d.rewrite([(text.index(" s only"), text.index(" s only") + 2, "'s")])
    assert [d.text[p.start:p.end] for p in d.paragraphs][-1] == "The island's only hotel is full."
    assert all(p.lang is None and p.lang_score is None for p in d.paragraphs)


def test_empty_text_has_no_paragraphs():
    assert StructureStage()(doc("")).paragraphs == []
