import pytest

from pipeline.stages.language import LanguageStage, detect
from tests.conftest import doc

SAMPLES = {
    "en": "The city council approved the new budget on Tuesday after a long debate about schools and roads.",
    "ru": "Городской совет во вторник утвердил новый бюджет после долгих споров о школах и дорогах.",
    "de": "Der Stadtrat hat am Dienstag nach langer Debatte über Schulen und Straßen den neuen Haushalt beschlossen.",
    "es": "El ayuntamiento aprobó el martes el nuevo presupuesto tras un largo debate sobre escuelas y carreteras.",
    "ar": "وافق مجلس المدينة يوم الثلاثاء على الميزانية الجديدة بعد نقاش طويل حول المدارس والطرق.",
}


@pytest.mark.parametrize("lang", sorted(SAMPLES))
def test_detects_language(lang):
    d = LanguageStage()(doc(SAMPLES[lang]))
    assert d.lang == lang and d.lang_score > 0.9


def test_chinese_is_zh_with_variant_kept():
    code, score, variant = detect("市议会周二在就学校和道路问题进行长时间辩论后批准了新预算。")
    assert code == "zh" and variant in ("zh-cn", "zh-tw")


def test_deterministic_on_ambiguous_text():
    text = "Rio Tinto Porto Alegre data 2024 total"
    assert len({detect(text) for _ in range(5)}) == 1


def test_undecidable_text():
    assert detect("12345 ...") == ("und", 0.0, None)
