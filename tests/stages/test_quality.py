from pipeline.document import Reject
from pipeline.stages.quality import QualityStage
from tests.conftest import doc

CLEAN = "\n\n".join(
    f"Paragraph {i} tells how the harbour authority plans to widen the channel for larger ships next year." for i in range(6)
)


def test_clean_article_gets_no_flag():
    d = QualityStage()(doc(CLEAN, lang_score=0.99))
    assert d.quality_flags == []
    assert d.quality["words"] > 50 and d.quality["terminal_punct_ratio"] == 1.0


def test_repeated_paragraph_is_flagged():
    text = "\n\n".join(["The same paragraph about the harbour and its new channel, repeated."] * 10)
    assert "repeated_paragraphs" in QualityStage()(doc(text, lang_score=0.99)).quality_flags


def test_short_text_and_price_list_are_flagged():
    prices = "\n\n".join(f"Item {i}: $ {i * 3}.99 / € {i * 2}.50" for i in range(20))
    flags = QualityStage()(doc(prices, lang_score=0.99)).quality_flags
    assert {"digit_heavy", "few_sentences"} <= set(flags)
    assert "too_short" in QualityStage()(doc("Short note.", lang_score=0.99)).quality_flags


def test_chinese_words_are_counted_by_character():
    d = QualityStage()(doc("港口管理局计划明年拓宽航道以便更大的船只进入。" * 4, lang_score=0.99))
    assert d.quality["words"] >= 80
    assert "too_short" not in d.quality_flags


def test_drop_list_turns_a_flag_into_a_reject():
    r = QualityStage(drop=["too_short"])(doc("Short note.", lang_score=0.99))
    assert isinstance(r, Reject) and r.reason == "too_short"


def test_empty_body_is_rejected():
    r = QualityStage()(doc("   "))
    assert isinstance(r, Reject) and r.reason == "empty_text"
