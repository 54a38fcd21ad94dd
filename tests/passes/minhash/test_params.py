import pytest

from pipeline.passes.minhash.params import PRESETS, dedup_settings, optimal_bands_rows
from pipeline.recipe import RecipeError


def s_curve_midpoint(bands: int, rows: int) -> float:
    """Similarity at which a pair becomes a candidate with probability about one half."""
    return (1 / bands) ** (1 / rows)


@pytest.mark.parametrize("threshold", [0.45, 0.6, 0.8, 0.9])
def test_bands_and_rows_follow_the_threshold(threshold):
    bands, rows = optimal_bands_rows(threshold, 256, 0.5, 0.5)
    assert bands * rows <= 256
    assert abs(s_curve_midpoint(bands, rows) - threshold) < 0.08


def test_weighting_false_negatives_moves_the_curve_below_the_threshold():
    balanced = optimal_bands_rows(0.8, 256, 0.5, 0.5)
    recall_first = optimal_bands_rows(0.8, 256, 0.2, 0.8)
    assert s_curve_midpoint(*recall_first) < s_curve_midpoint(*balanced)
    candidate = lambda s, b, r: 1 - (1 - s**r) ** b  # noqa: E731
    assert candidate(0.85, *recall_first) > 0.95 > candidate(0.85, *balanced)


def test_defaults_and_preset_and_overrides():
    default = dedup_settings({})
    assert (default.exact, default.near, default.mode) == (True, True, "mark")
    assert default.minhash.threshold == 0.8
    news = dedup_settings({"preset": "news"}).minhash
    assert (news.num_perm, news.shingle_size, news.threshold) == (
        PRESETS["news"]["num_perm"], PRESETS["news"]["shingle_size"], PRESETS["news"]["threshold"])
    tuned = dedup_settings({"preset": "news", "threshold": 0.7, "bands": 16, "rows": 8}).minhash
    assert (tuned.shingle_size, tuned.threshold, tuned.bands, tuned.rows) == (news.shingle_size, 0.7, 16, 8)


def test_character_shingles_for_unspaced_scripts():
    params = dedup_settings({"shingle_size": 3, "char_shingle_size": 6}).minhash
    assert [params.shingle_size_for(lang) for lang in ("en", "zh", "ja", "th", "ko", "und")] == [3, 6, 6, 6, 3, 3]


@pytest.mark.parametrize("options, message", [
    ({"mode": "delete"}, "mode must be"),
    ({"treshold": 0.8}, "unknown option"),
    ({"preset": "tweets"}, "unknown preset"),
    ({"bands": 10}, "both bands and rows"),
    ({"bands": 30, "rows": 10}, "must fit in num_perm"),
    ({"threshold": 1.5}, "threshold must be"),
    ({"near": "yes"}, "near must be true or false"),
    ({"num_perm": "many"}, "[dedup]"),
])
def test_bad_options_are_errors_that_say_what_to_fix(options, message):
    with pytest.raises(RecipeError, match=message.replace("[", r"\[")):
        dedup_settings(options)
