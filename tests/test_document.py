from pipeline.document import SCHEMA, Edit, Redaction
from tests.conftest import doc


def test_rewrite_shifts_every_recorded_span():
    d = doc("aa XX bb YY cc")
    d.redactions.append(Redaction(9, 11, "YY", "censorship"))
    d.edits.append(Edit("x", 0, 2, "a"))
    spans = d.rewrite([(3, 5, "[LONGER]")])
    assert d.text == "aa [LONGER] bb YY cc"
    assert spans == [(3, 11)]
    assert d.text[d.redactions[0].start:d.redactions[0].end] == "YY"
    assert (d.edits[0].start, d.edits[0].end) == (0, 2)


def test_rewrite_returns_spans_in_the_order_given():
    d = doc("one two three")
    spans = d.rewrite([(8, 13, "3"), (0, 3, "1")])
    assert d.text == "1 two 3"
    assert [d.text[s:e] for s, e in spans] == ["3", "1"]


def test_row_matches_schema_names():
    assert set(doc("x").to_row()) == set(SCHEMA.names)
