"""Quality signals and flags: clean articles in every language pass, bad pages get the right flag."""

from __future__ import annotations

import math
import random
from pathlib import Path

import pytest

from pipeline.document import QUALITY_FIELDS, Edit, Redaction, Reject
from pipeline.recipe import RecipeError
from pipeline.stages.language import LanguageStage
from pipeline.stages.quality import LANGUAGE_DIR, QualityStage, _ngram_arrays, _ngram_lists, _ngram_repetition, signals
from tests.conftest import doc

LANG_DIR = Path(__file__).resolve().parents[1] / "data" / "lang"
ARTICLES = {path.stem: path.read_text(encoding="utf-8").split("\n%%\n")[0].strip() for path in sorted(LANG_DIR.glob("*.txt"))}


def checked(text: str, **options) -> object:
    """A document through the language and quality stages, as the build runs them."""
    return QualityStage(**options)(LanguageStage()(doc(text)))


@pytest.mark.parametrize("label", sorted(ARTICLES))
def test_clean_article_in_each_language_gets_no_flag(label):
    d = checked(ARTICLES[label])
    assert d.quality_flags == [], (label, {k: round(v, 3) for k, v in d.quality.items()})
    assert set(QUALITY_FIELDS) <= set(d.quality)


def test_page_of_navigation_links_is_flagged():
    nav = "\n".join(["Home", "World", "Business", "Markets", "Sport", "Culture", "Weather", "Travel", "Opinion",
                     "Contact us", "About us", "Privacy policy", "Terms of use", "Subscribe", "Sign in"])
    flags = checked(nav).quality_flags
    assert {"short_lines", "few_sentences"} <= set(flags)


def test_list_of_prices_is_flagged():
    prices = "\n".join(f"{item} {kg} kg .......... {price:.2f} EUR (was {price * 1.2:.2f})" for item, kg, price in [
        ("Rice", 5, 12.99), ("Flour", 2, 3.49), ("Sugar", 1, 1.89), ("Olive oil", 1, 8.75), ("Potatoes", 10, 9.90),
        ("Onions", 3, 2.70), ("Tomatoes", 2, 4.40), ("Apples", 4, 6.20), ("Coffee", 1, 7.35), ("Tea", 1, 3.15)])
    assert "digit_heavy" in checked(prices).quality_flags


def test_paragraph_repeated_ten_times_is_flagged():
    text = "\n\n".join([ARTICLES["en"].split("\n\n")[0]] * 10)
    d = checked(text)
    assert {"repeated_paragraphs", "repeated_lines", "repeated_ngrams"} <= set(d.quality_flags)
    assert d.quality["dup_paragraph_ratio"] == pytest.approx(0.9)
    assert d.quality["dup_10gram_ratio"] > 0.8


def test_chinese_and_japanese_are_counted_by_character():
    d = checked(ARTICLES["zh-cn"])
    assert d.quality["words"] == d.quality["unspaced_words"] > 150
    assert d.quality["mean_word_length"] == pytest.approx(1.0, abs=0.05)
    assert d.quality["stopword_ratio"] > 0.05


def test_devanagari_words_keep_their_vowel_signs():
    d = checked(ARTICLES["hi"])
    assert 3.0 < d.quality["mean_word_length"] < 6.0
    assert d.quality["terminal_punct_ratio"] == 1.0  # the danda ends sentences


def test_stopword_ratio_is_nan_where_no_list_exists():
    assert math.isnan(checked(ARTICLES["hy"]).quality["stopword_ratio"])
    assert checked(ARTICLES["de"]).quality["stopword_ratio"] > 0.2


def test_bilingual_page_is_mixed_language_and_a_quote_is_not():
    english = ARTICLES["en"].split("\n\n")
    spanish = ARTICLES["es"].split("\n\n")
    bilingual = "\n\n".join(p for pair in zip(english, spanish) for p in pair)
    d = checked(bilingual)
    assert "mixed_language" in d.quality_flags and d.quality["second_lang_share"] > 0.4
    quoted = "\n\n".join(english + ["«La sequía es la peor en décadas», dijo la consejera."])
    q = checked(quoted)
    assert "mixed_language" not in q.quality_flags and 0 < q.quality["second_lang_share"] < 0.2


def test_untranslated_fragments_in_another_script():
    text = ARTICLES["en"].replace("reservoir", "水库 reservoir").replace("Farmers", "农民 Farmers")
    text = text.replace("households", "家庭 households")
    d = checked(text)
    assert d.quality["foreign_fragments"] == 4  # 水库 twice, 农民, 家庭
    assert "untranslated_fragments" in d.quality_flags
    # Latin names in a Chinese article are not fragments.
    assert checked(ARTICLES["zh-cn"] + "\n\n记者 Li Wen 报道。").quality["foreign_fragments"] == 0


def test_machine_translation_artifacts_are_counted():
    body = ARTICLES["en"].split("\n\n")
    text = "\n\n".join([body[0], "The first is water.", body[1], "The first is price.", body[2],
                        "The first is timing.", body[3]])
    d = doc(text, lang="en", lang_score=1.0, edits=[Edit("apostrophe", 10, 11, " ")],
            redactions=[Redaction(0, 3, "**", "word")])
    q = signals(d)
    assert q["enumeration_restarts"] == 2 and q["apostrophes_fixed"] == 1 and q["mask_count"] == 1
    assert "enumeration_restart" in QualityStage()(d).quality_flags


def test_mask_density_flag():
    words = ARTICLES["en"].split()
    d = doc(ARTICLES["en"], lang="en", lang_score=1.0, redactions=[Redaction(0, 1, "**", "word")] * 8)
    assert 100 * 8 / len(words) > 3.0
    assert "mask_dense" in QualityStage()(d).quality_flags


def test_thresholds_per_language_from_files_and_recipe():
    stage = QualityStage(min_words=80, per_language={"de": {"min_words": 500}})
    assert stage.thresholds("en")["min_words"] == 80
    assert stage.thresholds("zh")["min_words"] == 100  # data/quality/zh.toml: counted in characters
    assert stage.thresholds("de")["min_words"] == 500
    assert "too_short" in stage(LanguageStage()(doc(ARTICLES["de"]))).quality_flags
    assert (LANGUAGE_DIR / "zh.toml").is_file()


def test_unknown_threshold_is_an_error():
    with pytest.raises(ValueError, match="unknown threshold"):
        QualityStage(per_language={"de": {"min_wrods": 5}})
    with pytest.raises((ValueError, RecipeError), match="unknown option"):
        QualityStage(min_wrods=5)


def test_short_text_is_flagged_and_dropped_on_request():
    assert "too_short" in checked("Short note about the harbour.").quality_flags
    r = QualityStage(drop=["too_short"])(LanguageStage()(doc("Short note about the harbour.")))
    assert isinstance(r, Reject) and r.reason == "too_short" and "drop list" in r.message


def test_empty_body_is_rejected():
    r = QualityStage()(doc("   "))
    assert isinstance(r, Reject) and r.reason == "empty_text"


def test_text_of_symbols_only_does_not_break_the_signals():
    d = checked("★ ★ ★\n\n— — —\n\n###")
    assert d.quality["words"] == 0 and "too_short" in d.quality_flags


def _ngram_cases() -> list[list[str]]:
    """Word lists for the two n-gram paths: edge lengths around each n, one word repeated, all words
    distinct, and random lists over small vocabularies (many ties between equally frequent n-grams)."""
    rng = random.Random(5)
    cases = [["a"] * n for n in (2, 3, 4, 5, 6, 9, 10, 11, 40)]
    cases += [[f"w{i}" for i in range(n)] for n in (2, 4, 5, 10, 11, 60)]
    cases += [["ab", "c"] * 6, ["x", "yy", "zzz"] * 7 + ["x"]]
    for _ in range(300):
        vocab = [rng.choice("abcdefgh") * rng.randint(1, 9) + str(v) for v in range(rng.choice([1, 2, 3, 5, 12, 40]))]
        cases.append([rng.choice(vocab) for _ in range(rng.randint(2, 220))])
    return cases


def test_ngram_signals_are_the_same_floats_with_lists_and_arrays():
    for toks in _ngram_cases():
        vocab: dict[str, int] = {}
        ids = [vocab.setdefault(w, len(vocab)) for w in toks]
        lengths = list(map(len, toks))
        by_lists, by_arrays = _ngram_lists(ids, lengths), _ngram_arrays(ids, lengths)
        assert by_lists.keys() == by_arrays.keys(), toks
        assert [float(v).hex() for v in by_lists.values()] == [float(v).hex() for v in by_arrays.values()], toks


def test_ngram_signals_of_a_short_text():
    toks = "the port the port opened the port the port opened".split()
    q = _ngram_repetition(toks)
    assert q["top_2gram_ratio"] == 4 * 7 / 40  # "the port" four times, 7 of the 40 word characters each
    assert q["dup_5gram_ratio"] == 1.0 and q["dup_10gram_ratio"] == 0.0
    assert _ngram_repetition(["alone"]) == dict.fromkeys(q, 0.0)
