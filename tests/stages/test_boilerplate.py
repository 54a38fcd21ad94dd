import pytest

from pipeline.stages import boilerplate
from pipeline.stages.boilerplate import ANYWHERE, EDGE, MARKER, NONE, BoilerplateStage, build_lexicon, generic_lexicon
from tests.conftest import doc

BODY = "The council voted on Thursday to rebuild the old quay.\n\nWork starts in spring and will take two years."


def run(text, **fields):
    return BoilerplateStage()(doc(text, **fields))


def test_trailing_and_leading_lines_are_removed_and_kept():
    d = run("Share this article\n\nBody one.\n\nBody two.\n\nRelated Pages\n\n相关阅读")
    assert d.text == "Body one.\n\nBody two."
    assert [r.text for r in d.removed] == ["Share this article", "Related Pages", "相关阅读"]
    assert {r.kind for r in d.removed} == {"boilerplate"}


def test_a_body_line_that_mentions_related_pages_stays():
    text = "Body one.\n\nThe related pages of the report were leaked to the press on Monday."
    assert run(text).text == text


@pytest.mark.parametrize(
    "line",
    [
        "Facebook Twitter WhatsApp Email",
        "© 2024 Harbor Ledger. All rights reserved.",
        "This site uses cookies to provide you with a better experience. By continuing, you agree to our cookie policy.",
        "Follow us on Instagram",
        "5 min read",
        "Comments (12)",
        "Home > News > World",
        "Подписывайтесь на наш Telegram-канал",
        "Нашли ошибку? Выделите её и нажмите Ctrl+Enter",
        "责任编辑：张敏",
        "上一篇：北岭新建两座口袋公园",
        "Utilizamos cookies propias y de terceros para mejorar nuestros servicios.",
        "Síguenos en Instagram",
        "Diese Website verwendet Cookies, um Ihnen ein optimales Nutzungserlebnis zu bieten.",
        "Mit Material von dpa",
        "Tous droits réservés",
        "Suivez-nous sur Facebook",
        "جميع الحقوق محفوظة © 2024 صحيفة الميدان",
        "تابعونا على تويتر",
        "Siga o Diário Capibaré no Instagram",
        "Todos os direitos reservados.",
        "無断転載禁止",
        "<저작권자 ⓒ 한빛일보, 무단전재 및 재배포 금지>",
        "メニュー 検索",
        # notices: syndication, site self-description, personal data, licence, a numbered rights notice
        "This story is auto-generated from a syndicated feed; only the headline was edited.",
        "Ferry Times is a popular local news website about island life, ferries and fishing.",
        "Please click to read our notice on the protection of personal data and the cookies we use.",
        "This archived story is available for your personal, non-commercial use only.",
        "1、凡注明来源为本报的稿件，版权均属本报，未经许可不得转载。",
        # a prompt pointing to the article in another language
        "Esta nota también está disponible en su versión en inglés.",
        "Read this article in Spanish",
        "Lire la version anglaise de cet article",
    ],
)
def test_end_of_body_boilerplate_in_ten_languages(line):
    d = run(f"{BODY}\n\n{line}")
    assert d.text == BODY
    assert [r.text for r in d.removed] == [line]


@pytest.mark.parametrize(
    "line",
    [
        "Advertisement",
        "Read more: Libraries in three other cities have already dropped fines",
        "Sign up for our morning briefing to get the forecast in your inbox.",
        "Share on Facebook",
        "Читайте также: Мэр открыл новый мост",
        "По теме: Набережную реконструируют к осени",
        "广告",
        "Te puede interesar: La anchoa vuelve a los puertos",
        "Anzeige",
        "À lire aussi : La pêche aux filets fantômes, un fléau pour les côtes",
        "إعلان",
        "Leia também: Vacina chega a mais 12 municípios",
        "Agentes de saúde durante vistoria — Foto: Divulgação/Prefeitura",
        "この記事をシェア",
        "광고",
        "Фото: Пётр Зуев",
    ],
)
def test_isolated_boilerplate_lines_inside_the_body(line):
    text = f"First paragraph of the article.\n\n{line}\n\nSecond paragraph of the article."
    d = run(text)
    assert d.text == "First paragraph of the article.\n\nSecond paragraph of the article."


@pytest.mark.parametrize(
    "line",
    [
        "Share prices of the bus maker rose sharply after the announcement.",
        "Follow-up measurements are planned for August, when the melt season peaks.",
        "Comments from residents were mostly positive.",
        "The museum is open to the public from Tuesday to Sunday.",
        "\"We use cookies responsibly,\" the company's founder said.",
        "Copyright law has not kept pace with artificial intelligence, the judge wrote.",
        "Cookies and pastries are sold at the market every Saturday.",
        "Home is where the heart is, the old fisherman said.",
        "Subscribers to the water utility will see a new charge on their bills.",
        "Related to the budget, the council also approved a new parking plan.",
        "The first is to provide strategic support to the port.",
        "* * *",
    ],
)
def test_body_lines_that_look_like_boilerplate_stay(line):
    text = f"First paragraph of the article.\n\n{line}\n\nSecond paragraph of the article."
    assert run(text).text == text


def test_a_related_block_goes_with_its_links_but_a_body_paragraph_stops_it():
    d = run(f"{BODY}\n\nRelated articles\n\nFerry fares to rise in July\n\nCouncil delays vote on parking\n\n© Ledger")
    assert d.text == BODY
    assert len(d.removed) == 4
    kept = f"{BODY}\n\nRelated articles\n\nThe council will meet again next month to discuss the plan in detail."
    assert run(kept).text == f"{BODY}\n\nThe council will meet again next month to discuss the plan in detail."


def test_edge_only_lines_stay_inside_the_body():
    text = f"First paragraph.\n\nComments\n\n{BODY}"
    assert run(text).text == text  # "Comments" is navigation at an edge, a heading inside
    assert run(f"{BODY}\n\nComments").text == BODY


def test_recipe_lines_and_per_source_rules():
    stage = BoilerplateStage(lines=["Subscribe to the Ledger"], per_source={"Harbor Ledger": [r"^tips\?"]})
    d = stage(doc("Body.\n\nTips? Write to us\n\nSubscribe to the Ledger!", source="Harbor Ledger"))
    assert d.text == "Body."
    other = stage(doc("Body.\n\nTips? Write to us", source="Another Outlet"))
    assert other.text == "Body.\n\nTips? Write to us"


def test_recipe_patterns_apply_to_every_source():
    stage = BoilerplateStage(patterns=[r"^promo code \w+$"])
    assert stage(doc(f"{BODY}\n\nPromo code SPRING24")).text == BODY


def test_a_bad_recipe_pattern_is_a_clear_error():
    with pytest.raises(ValueError, match="bad pattern"):
        BoilerplateStage(per_source={"Harbor Ledger": ["(unclosed"]})


def test_classification_grades():
    lexicon = generic_lexicon()
    assert lexicon.classify("Related articles") == MARKER
    assert lexicon.classify("Advertisement") == ANYWHERE
    assert lexicon.classify("Comments") == EDGE
    assert lexicon.classify("The mayor said the plan was ready.") == NONE


def test_classes_kept_by_the_lexicon_are_the_ones_it_finds(monkeypatch):
    lexicon = build_lexicon(("Harbor Ledger Extra",))
    lines = ["Related articles", "  Advertisement ", "Comments", "Harbor Ledger Extra", "The mayor said the plan was ready.",
             "", "©  2024 Harbor Ledger", "x" * 700, " " * 10 + "Share this article" + " " * 600]
    for line in lines * 2:  # the second time from what it kept
        for edge in (True, False):
            assert lexicon.classify(line, edge) == lexicon._classify(line, edge), (line, edge)
    monkeypatch.setattr(boilerplate, "_KNOWN_LINES", 3)
    for n in range(10):
        lexicon.classify(f"Line {n}")
    assert len(lexicon._known) <= 3  # emptied when full


def test_a_share_bar_one_network_per_line_at_the_end():
    d = run(f"{BODY}\n\nPartager :\nFacebook\nX\nE-mail")
    assert d.text == BODY and len(d.removed) == 4


# Widget, prompt and paywall lines in languages the phrase lists grew to cover (own wording).
@pytest.mark.parametrize("line", [
    "Baca juga: Harga tiket feri naik mulai bulan depan",  # id
    "Scroll untuk melanjutkan",  # id
    "Không có bình luận",  # vi
    "Läs hela artikeln på sajten",  # sv
    "Pratite nas na društvenim mrežama",  # sr
    "Komentari (7)",  # sr
    "Читайте також: Пором курсуватиме частіше",  # uk
    "Bizi takip edin",  # tr
    "この記事は有料記事です。",  # ja
    "残り412文字(全文900文字)",  # ja
    "暂无评论，快来发表你的评论吧",  # zh
    "加载中",  # zh
    "12 comments",  # en
    "Your email address will not be published.",  # en: a comment form's prompts, each on its line
    "Required fields are marked *",  # en
    # printed alike by sites in many languages: embeds, scroll, language and follow prompts, share bars
    "View this post on Instagram",
    "Pogledajte ovaj post na Instagramu",
    "Diesen Beitrag auf Instagram ansehen",
    "Ver esta publicación en Instagram",
    "Посмотреть эту публикацию в Instagram",
    "Gulir untuk melanjutkan membaca",
    "Selecione o seu idioma",
    "若無法正常瀏覽此電子報，請點此",
    "版權聲明:本網所有圖文,未經授權不得轉載。",
    "Pratite vesti na Google News",
    "Twitter Facebook Myspace Yahoo! Digg",
    "分享工具 微信 微博",
    "A- A A+",
    "------------------",
    "ملک بھر سے مزید",
])
def test_widget_and_prompt_lines_in_more_languages_go_inside_the_body(line):
    d = run(f"{BODY}\n\n{line}\n\nThe harbour master welcomed the decision and said more boats would follow.")
    assert line not in d.text
    assert "The harbour master welcomed" in d.text


@pytest.mark.parametrize("line", [
    "Baca laporan lengkap dewan kota yang terbit pada hari Selasa.",
    "Komentari su stigli i od opozicije, koja traži raniji polazak.",
    "The twelve comments received during consultation all asked for an earlier boat.",
    "加载中的货物在码头上等了三天，最后由渡轮运走。",
])
def test_article_sentences_that_start_like_widgets_stay(line):
    text = f"{BODY}\n\n{line}\n\nThe harbour master welcomed the decision and said more boats would follow."
    assert run(text).text == text


def run_with_headers(text):
    """The headers stage then this one, as a build runs them (the undo record between them)."""
    from collections import Counter

    from pipeline.stages.headers import HeadersStage
    from pipeline.task import clean_document

    return clean_document(doc(text), [HeadersStage(), BoilerplateStage()], Counter())


LEAD = ("The ferry between the two islands will run every hour from May, the transport board said on "
        "Tuesday, after a winter in which boats were often cancelled because of storms.")


@pytest.mark.parametrize("chrome", [
    ["Skip links", "Island Life"],  # en: an accessibility link and a section name
    ["Ссылки для доступа", "Регионы"],  # ru
    ["Vremenska prognoza Kursna lista", "Vijesti"],  # hr: widget names, a section
    ["天氣 空氣質素", "港聞"],  # zh
    ["Would you like to read this page in English instead?", "Nachrichten"],  # a language prompt
])
def test_lines_above_the_headline_are_the_pages_chrome(chrome):
    head = "\n".join(chrome)
    d = run_with_headers(f"{head}\n\nFerry to run every hour from May\n\nPublished: 14 March 2024\n\n{LEAD}\n\nMore text.")
    assert d.title == "Ferry to run every hour from May"
    assert d.text.startswith(LEAD)
    assert set(chrome) <= {r.text for r in d.removed if r.kind == "boilerplate"}


def test_nothing_above_the_headline_goes_when_a_paragraph_stands_there():
    text = f"{LEAD}\n\nShort line\n\nFerry to run every hour from May\n\nPublished: 14 March 2024\n\nMore text follows here."
    d = run_with_headers(text)
    assert LEAD in d.text and "Short line" in d.text


def test_without_the_headers_record_the_lines_above_stay():
    text = f"Island Life\n\n{LEAD}"
    assert run(text, title="Ferry to run every hour from May").text == text


@pytest.mark.parametrize("line", [
    "Read also: Ferry fares to rise in May",
    "Читайте також: Пором курсуватиме частіше",
    "Lesen Sie auch: Neue Fähre für die Inseln",
    "A+ A-",
])
def test_a_known_line_inside_a_text_without_blank_lines_goes(line):
    text = f"{LEAD}\n{line}\nThe harbour master welcomed the decision and said more boats would follow."
    d = run(text)
    assert line not in d.text and LEAD in d.text and "The harbour master" in d.text


def test_a_wrapped_line_that_starts_like_a_prompt_stays():
    text = (f"{LEAD}\nThe board said the prices of the tickets would be set by the harbour and\n"
            "share on the market for the operators would be opened in the autumn.\n"
            f"{LEAD}")
    assert run(text).text == text


def test_a_sentence_about_a_website_inside_the_body_stays():
    text = f"{BODY}\n\nThe portal is a popular website about ferries, the council said.\n\n{LEAD}"
    assert run(text).text == text



@pytest.mark.parametrize("line", [
    "Otherwise the English version of the timetable is shown.",
    "Sinon, c'est la version anglaise du guide qui est proposée.",
    "La versión en inglés del horario se publicó más tarde.",
])
def test_a_sentence_about_another_language_version_at_the_end_stays(line):
    assert run(f"{BODY}\n\n{line}").text == f"{BODY}\n\n{line}"
