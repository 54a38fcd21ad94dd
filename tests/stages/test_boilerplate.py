from pipeline.stages.boilerplate import BoilerplateStage
from tests.conftest import doc


def test_trailing_and_leading_lines_are_removed_and_kept():
    d = BoilerplateStage()(doc("Share this article\n\nBody one.\n\nBody two.\n\nRelated Pages\n\n相关阅读"))
    assert d.text == "Body one.\n\nBody two."
    assert [r.text for r in d.removed] == ["Share this article", "Related Pages", "相关阅读"]


def test_a_body_line_that_mentions_related_pages_stays():
    text = "Body one.\n\nThe related pages of the report were leaked to the press on Monday."
    assert BoilerplateStage()(doc(text)).text == text


def test_recipe_lines_and_per_source_rules():
    stage = BoilerplateStage(lines=["Subscribe to the Ledger"], per_source={"Harbor Ledger": [r"^tips\?"]})
    d = stage(doc("Body.\n\nTips? Write to us\n\nSubscribe to the Ledger!", source="Harbor Ledger"))
    assert d.text == "Body."
    other = stage(doc("Body.\n\nTips? Write to us", source="Another Outlet"))
    assert other.text == "Body.\n\nTips? Write to us"
