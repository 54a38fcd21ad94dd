"""Language of documents and paragraphs: accuracy on the team's labelled set, agreement with plain
langdetect, the script fast paths and langdetect's known misses, paragraphs of mixed documents."""

from __future__ import annotations

from pathlib import Path

import pytest
from langdetect import DetectorFactory, detect_langs
from langdetect.utils.ngram import NGram

from pipeline.document import Paragraph
from pipeline.stages import language
from pipeline.stages.language import LanguageStage, detect, paragraph_spans
from tests.conftest import doc

LANG_DIR = Path(__file__).resolve().parents[1] / "data" / "lang"
# Languages langdetect has no profile for, or reads wrongly by script: where the stage differs on purpose.
FIXED_BY_SCRIPT = {"ka", "hy", "sr", "zh-tw"}


def labelled() -> list[tuple[str, str]]:
    """(label, text) of every document of the labelled set: one long article and three short items per file."""
    out = []
    for path in sorted(LANG_DIR.glob("*.txt")):
        for text in path.read_text(encoding="utf-8").split("\n%%\n"):
            out.append((path.stem, text.strip()))
    return out


def plain_langdetect(text: str) -> str:
    DetectorFactory.seed = 0
    return detect_langs(text)[0].lang.split("-")[0]


def test_labelled_set_covers_twenty_languages_short_and_long():
    docs = labelled()
    assert len({label.split("-")[0] for label, _ in docs}) >= 20
    assert any(len(t) < 150 for _, t in docs) and any(len(t) > 600 for _, t in docs)


def test_every_labelled_document_gets_its_language():
    wrong = [(label, detect(text)) for label, text in labelled() if detect(text)[0] != label.split("-")[0]]
    assert wrong == []


def test_same_answers_as_plain_langdetect_where_it_has_a_profile():
    docs = [(label, text) for label, text in labelled() if label not in FIXED_BY_SCRIPT]
    differ = [(label, text[:40]) for label, text in docs if detect(text)[0] != plain_langdetect(text)]
    assert differ == []


@pytest.mark.parametrize("label", sorted(FIXED_BY_SCRIPT))
def test_langdetect_misses_are_fixed(label):
    text = (LANG_DIR / f"{label}.txt").read_text(encoding="utf-8").split("\n%%\n")[0]
    assert plain_langdetect(text) != label.split("-")[0]  # the miss is real
    code, score, variant = detect(text)
    assert code == label.split("-")[0] and score > 0.9
    if label == "zh-tw":
        assert variant == "zh-tw"


def test_chinese_variants_and_japanese_kana():
    assert detect("国务院今天发表声明，这个计划将在三个城市开始试点。") == ("zh", 1.0, "zh-cn")
    assert detect("國務院今天發表聲明，這個計畫將在三個城市開始試點。")[2] == "zh-tw"
    assert detect("東京都は来月から新しい制度を始めると発表した。")[0] == "ja"
    assert detect("서울시는 다음 달부터 새 제도를 시행한다고 밝혔다.")[0] == "ko"


def test_cyrillic_neighbours_of_serbian_stay_themselves():
    assert detect("Советот на општината ќе одлучи за новиот буџет следната недела.")[0] == "mk"
    assert detect("Правительство объявило, что новые правила вступят в силу в январе.")[0] == "ru"
    assert detect("Уряд оголосив, що нові правила набудуть чинності в січні.")[0] == "uk"
    assert detect("Влада је саопштила да ће нова правила важити од јануара.")[0] == "sr"


def test_ngrams_are_exactly_langdetects():
    words = ["NATO", "NATOs", "iPhone", "McDONALD", "Đường", "ÀÉÎ", "straße", "a", "İstanbul", "ﬁnal", "东京"]
    p = language.profiles()
    owner, rows = language._ngram_ids(words, p)
    for k, word in enumerate(words):
        ng, expected = NGram(), []
        for ch in word + " ":
            ng.add_char(ch)
            if ng.capitalword:
                continue
            for n in (1, 2, 3):
                if len(ng.grams) >= n and ng.grams[-n:] != " ":
                    expected.append(ng.grams[-n:])
        got = sorted(rows[owner == k].tolist())
        want = []
        for gram in expected:
            code = language._pack(language.codepoints(gram), len(gram))
            row = p.index.lookup(code)[0]
            if row >= 0:
                want.append(int(row))
        assert got == sorted(want), word


def test_stage_makes_paragraphs_and_tells_a_quoted_paragraph_apart():
    text = ("Der Stadtrat hat am Dienstag den neuen Haushalt beschlossen, nach einer langen Debatte über Schulen.\n\n"
            "Zum Abschluss\n\n"
            "The mayor told foreign reporters that the budget would protect schools and public transport.\n\n"
            "Die Opposition kritisierte die Pläne und kündigte an, vor Gericht zu ziehen.")
    d = LanguageStage()(doc(text))
    assert d.lang == "de"
    assert [text[p.start:p.end][:12] for p in d.paragraphs] == ["Der Stadtrat", "Zum Abschlus", "The mayor to", "Die Oppositi"]
    assert [p.lang for p in d.paragraphs] == ["de", "de", "en", "de"]
    assert all(0 < p.lang_score <= 1 for p in d.paragraphs)


def test_chinese_article_quoting_english_keeps_zh_and_marks_the_quote():
    article = (LANG_DIR / "zh-cn.txt").read_text(encoding="utf-8").split("\n%%\n")[0].strip().split("\n\n")
    quote = "\"We expect the first phase to be finished before the next rainy season,\" the engineer said."
    text = "\n\n".join(article[:2] + [quote] + article[2:])
    d = LanguageStage()(doc(text))
    assert (d.lang, d.lang_variant) == ("zh", "zh-cn")
    assert [p.lang for p in d.paragraphs] == ["zh", "zh", "en", "zh", "zh"]


def test_traditional_chinese_article_with_longer_english_translations_is_zh():
    # Each Chinese paragraph followed by its English translation: more Latin letters than Han, but the
    # article opens in Chinese and its own words are Chinese; the translations show as English paragraphs.
    paragraphs = [
        "市議會週二通過新年度預算，將增加公共運輸與學校修繕的經費。",
        "The city council on Tuesday passed the new annual budget, adding money for public transport and "
        "for repairs to school buildings across every district of the city.",
        "市長表示，這項計畫能在三年內改善老舊校舍的安全。",
        "The mayor said the plan would make old school buildings safer within three years, and that work "
        "would begin during the summer holidays to avoid disturbing lessons.",
    ]
    d = LanguageStage()(doc("\n\n".join(paragraphs)))
    assert (d.lang, d.lang_variant) == ("zh", "zh-tw")
    assert [p.lang for p in d.paragraphs] == ["zh", "en", "zh", "en"]


def test_japanese_post_quoting_english_is_ja():
    paragraphs = [
        "昨日、新しいスマートフォンの発表会に行ってきました。",
        "発表の中で、開発者はこう話していました。",
        "\"We rebuilt the camera from scratch, and the battery now lasts two full days even with heavy use, "
        "which was the number one request from our customers last year.\"",
        "正直なところ、バッテリーが二日もつのはうれしいです。",
    ]
    d = LanguageStage()(doc("\n\n".join(paragraphs)))
    assert d.lang == "ja"
    assert [p.lang for p in d.paragraphs] == ["ja", "ja", "en", "ja"]


def test_english_article_opening_in_english_with_a_chinese_quote_stays_english():
    text = ("The trade ministers met in Geneva on Monday to discuss tariffs on steel and aluminium.\n\n"
            "中方代表表示，双方将继续保持沟通。\n\n"
            "The talks are expected to continue next month, officials said after the meeting ended.")
    d = LanguageStage()(doc(text))
    assert d.lang == "en"
    assert [p.lang for p in d.paragraphs] == ["en", "zh", "en"]


def test_short_opening_line_in_another_script_does_not_decide():
    # a site name in Han over an English article: below OPENING_SHARE of the letters, the profiles decide
    text = "本网讯国际新闻频道最新报道\n\n" + "The council approved the new budget on Tuesday after a long debate about schools. " * 3
    assert LanguageStage()(doc(text)).lang == "en"


def test_existing_paragraph_spans_are_filled_not_replaced():
    text = "Budget approved\n\nThe council approved the new budget on Tuesday after a long debate about schools."
    paragraphs = [Paragraph(0, 15, "heading"), Paragraph(17, len(text), "body")]
    d = LanguageStage()(doc(text, paragraphs=paragraphs))
    assert [(p.start, p.end, p.kind, p.lang) for p in d.paragraphs] == [(0, 15, "heading", "en"),
                                                                        (17, len(text), "body", "en")]


def test_document_language_is_read_on_the_first_sample_chars():
    spanish = "El ayuntamiento aprobó el martes el nuevo presupuesto tras un largo debate sobre escuelas. "
    english = "The council approved the new budget on Tuesday after a long debate about schools and roads. "
    text = "\n\n".join([spanish * 3] * 4 + [english * 3] * 8)
    d = LanguageStage(sample_chars=1500)(doc(text))
    assert d.lang == "es"
    assert [p.lang for p in d.paragraphs] == ["es"] * 4 + ["en"] * 8


def test_answers_do_not_depend_on_the_word_cache():
    docs = [text for _, text in labelled()[::7]]
    before = [LanguageStage()(doc(t)) for t in docs]
    language.forget_words()
    after = [LanguageStage()(doc(t)) for t in reversed(docs)][::-1]
    assert [(d.lang, d.lang_score, [(p.lang, p.lang_score) for p in d.paragraphs]) for d in before] == \
           [(d.lang, d.lang_score, [(p.lang, p.lang_score) for p in d.paragraphs]) for d in after]


@pytest.mark.parametrize("text", ["", "   \n\n  ", "12345 ... 2024-01-02", "★★★ —— ###\n\n2024"])
def test_text_without_letters_is_undecided(text):
    d = LanguageStage()(doc(text))
    assert (d.lang, d.lang_score) == ("und", 0.0)
    assert all(p.lang == "und" for p in d.paragraphs)


def test_broken_text_is_read_not_an_error():
    d = LanguageStage()(doc("Le conseil municipal a voté \ud800 le budget de la ville pour l'année prochaine."))
    assert d.lang == "fr"


def test_undecidable_text():
    assert detect("12345 ...") == ("und", 0.0, None)


def test_paragraph_spans_strip_blank_blocks():
    text = "  First block.\n\n\n  \nSecond block\nstill second.  \n\n"
    assert [text[s:e] for s, e in paragraph_spans(text)] == ["First block.", "Second block\nstill second."]
