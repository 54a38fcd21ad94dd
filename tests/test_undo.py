"""Every change a stage makes is found and can be undone to the character."""

from __future__ import annotations

import random

from pipeline.document import Undo
from pipeline.undo import changes, undo_all

ARTICLE = (
    "Harbour council backs new ferry pier\n\n"
    "Coastline Daily Updated on 2024-05-02\n"
    "By Mara Lind (Port Studies Centre)\n\n"
    "The council voted on Tuesday to build a second ferry pier.  Work starts in June.\n\n"
    "Residents said the ** equipment was loud.\n\n"
    "Share this article\nRelated Pages\n"
)


def test_header_lines_boilerplate_and_masks_undone_in_reverse_stage_order():
    after_headers = ARTICLE.split("\n\n", 2)[2]
    after_boilerplate = after_headers.replace("\n\nShare this article\nRelated Pages\n", "")
    after_masks = after_boilerplate.replace("** equipment", "[REDACTED] equipment").replace(".  Work", ". Work")
    undo = (changes("headers", ARTICLE, after_headers) + changes("boilerplate", after_headers, after_boilerplate)
            + changes("masks", after_boilerplate, after_masks))
    assert undo_all(after_masks, undo) == ARTICLE
    masks = [u for u in undo if u.stage == "masks"]
    assert [(after_masks[u.start:u.end], u.before) for u in masks] == [("", " "), ("[REDACTED]", "**")]
    headers = [u for u in undo if u.stage == "headers"]
    assert len(headers) == 1 and headers[0].start == headers[0].end == 0 and headers[0].before.startswith("Harbour")


def test_an_unchanged_text_records_nothing_and_an_empty_text_comes_back_whole():
    assert changes("unicode", ARTICLE, ARTICLE) == []
    undo = changes("headers", ARTICLE, "")
    assert undo == [Undo("headers", 0, 0, ARTICLE)] and undo_all("", undo) == ARTICLE


def test_spans_are_small_where_a_change_is_small():
    before = "Putin s visit\nthe don t rule\n" * 50
    after = before.replace(" s visit", "'s visit")
    undo = changes("apostrophe", before, after)
    assert len(undo) == 50 and all(after[u.start:u.end] == "'" and u.before == " " for u in undo)


def test_random_edits_in_many_scripts_always_undo_exactly():
    rng = random.Random(7)
    alphabet = "ab c\n\n日本語。Ωж é\t**«»\u200b\r\n"
    for _ in range(400):
        steps = [rng.choice(["", "x"]) + "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 120)))]
        undo: list[Undo] = []
        for stage in ("unicode", "headers", "boilerplate", "masks"):
            text = steps[-1]
            for _ in range(rng.randint(0, 4)):  # delete, insert or replace a random slice
                i = rng.randint(0, len(text))
                j = rng.randint(i, min(len(text), i + 30))
                text = text[:i] + "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 5))) + text[j:]
            undo += changes(stage, steps[-1], text)
            steps.append(text)
        assert undo_all(steps[-1], undo) == steps[0]
