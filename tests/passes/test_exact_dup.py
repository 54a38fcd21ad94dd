import pyarrow as pa

from pipeline.passes.exact_dup import canonical_order, completeness, exact_edges, exact_key, fold
from pipeline.text import words
from tests.conftest import doc

MASK = "[REDACTED]"


def key(text: str) -> str | None:
    return exact_key(words(fold(text, MASK)))


def test_key_folds_what_outlets_change_when_they_copy():
    original = "The council approved the budget on Monday.\n\nSchools get 12% more."
    assert key(original) == key("THE COUNCIL approved the budget on Monday!  Schools get 12 % more")
    assert key(original) == key("The council approved the budget on Monday.\nSchools get 12% more.")
    # full-width forms (NFKC) and a mask written differently by each outlet
    assert key("Ｔｈｅ council approved") == key("The council approved")
    assert key(f"a large amount of {MASK} equipment") == key("a large amount of equipment")
    assert key(original) != key("The council rejected the budget on Monday. Schools get 12% more.")


def test_texts_without_words_have_no_key():
    assert key("* * *") is None
    assert key("") is None
    assert key("— —") is None


def test_canonical_order_prefers_earliest_then_complete_then_longest_then_id():
    members = [
        canonical_order(None, 5, 9000, "a"),
        canonical_order("2024-06-05", 5, 9000, "b"),
        canonical_order("2024-06-04", 1, 100, "c"),
        canonical_order("2024-06-04", 3, 100, "d"),
        canonical_order("2024-06-04", 3, 200, "e"),
        canonical_order("2024-06-04", 3, 200, "f"),
    ]
    assert [m[-1] for m in sorted(members)] == ["e", "f", "d", "c", "b", "a"]


def test_completeness_counts_filled_metadata():
    assert completeness(doc("x")) == 0
    assert completeness(doc("x", title="T", source="S", url="u", published="2024-01-01")) == 4


def test_exact_edges_link_each_group_to_its_lowest_number():
    keys = pa.array(["k1", "k2", None, "k1", None, "k1", "k2", "k3"])
    firsts, others = exact_edges(keys)
    assert sorted(zip(firsts.tolist(), others.tolist())) == [(0, 3), (0, 5), (1, 6)]
