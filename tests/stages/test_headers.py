import pytest

from pipeline.document import Author
from pipeline.stages.headers import HeadersStage, parse_authors
from tests.conftest import doc

SEED_LIKE = """Mayor s plan for the harbour will change the city! Four reasons why

Harbor Ledger Updated on 2024-03-14

Author: Li Wen (Senior Fellow of the Coastal Studies Institute).

-- A look at the plan and what it meansLast week, the council voted.

Second paragraph.
"""
BODY = "The council voted on Thursday to rebuild the old quay, ending years of debate.\n\nA second paragraph of text."


def run(text, **fields):
    return HeadersStage()(doc(text, **fields))


def test_seed_shaped_header_block():
    d = run(SEED_LIKE)
    assert d.title == "Mayor s plan for the harbour will change the city! Four reasons why"
    assert d.source == "Harbor Ledger"
    assert d.updated == "2024-03-14"
    assert d.published == "2024-03-14"  # the only date the article states
    assert d.authors == [Author("Li Wen", "Senior Fellow of the Coastal Studies Institute")]
    assert d.text.startswith("-- A look at the plan")
    assert [r.kind for r in d.removed] == ["title", "dateline", "byline"]
    assert [r.line for r in d.removed] == [0, 2, 4]


def test_published_and_updated_on_one_line():
    d = run("Title\n\nNordwind Kurier Veröffentlicht am 14.03.2024 Aktualisiert am 15. März 2024\n\nBody.")
    assert (d.source, d.published, d.updated) == ("Nordwind Kurier", "2024-03-14", "2024-03-15")


@pytest.mark.parametrize(
    "line, source, date",
    [
        ("东方晨报 发布时间：2024年3月14日", "东方晨报", "2024-03-14"),
        ("Газета Севера Обновлено 14 марта 2024", "Газета Севера", "2024-03-14"),
        ("Diario del Sur Actualizado el 14 de marzo de 2024", "Diario del Sur", "2024-03-14"),
        ("Le Courrier Atlantique Publié le 14/03/2024", "Le Courrier Atlantique", "2024-03-14"),
        ("صحيفة الساحل نشر في 2024-03-14", "صحيفة الساحل", "2024-03-14"),
        ("Jornal da Costa | Publicado em 14/03/2024 às 10h05", "Jornal da Costa", "2024-03-14"),
        ("関西ニュース　2024年3月14日", "関西ニュース", "2024-03-14"),
        ("동부신문 | 등록 2024.03.14 14:33", "동부신문", "2024-03-14"),
        ("Harbor Ledger · 14 March 2024 · 5 min read", "Harbor Ledger", "2024-03-14"),
    ],
)
def test_datelines_in_several_languages(line, source, date):
    d = run(f"A title\n\n{line}\n\nBody text here.")
    assert (d.source, d.published) == (source, date)
    assert d.text == "Body text here."


@pytest.mark.parametrize(
    "block, authors",
    [
        ("By Dana Whitfield, Omar Haddad and Lena Park", ["Dana Whitfield", "Omar Haddad", "Lena Park"]),
        ("作者：王立群", ["王立群"]),
        ("本报记者 李晓峰 通讯员 陈东", ["李晓峰", "陈东"]),
        ("撰文：林家豪、黃美玲", ["林家豪", "黃美玲"]),
        ("海都记者 陈文浩", ["陈文浩"]),
        ("Авторы: Игорь Лебедев и Ксения Миронова", ["Игорь Лебедев", "Ксения Миронова"]),
        ("Von Katrin Weber und Jonas Brandt", ["Katrin Weber", "Jonas Brandt"]),
        ("Por Marina Costa e Paulo Freitas", ["Marina Costa", "Paulo Freitas"]),
        ("Par Camille Durand et Hugo Lemaire", ["Camille Durand", "Hugo Lemaire"]),
        ("كتب: سامر يوسف و هدى كريم", ["سامر يوسف", "هدى كريم"]),
        ("بقلم أحمد سالم", ["أحمد سالم"]),
        ("文・佐藤花子", ["佐藤花子"]),
        ("記者：山田太郎", ["山田太郎"]),
        ("박지훈·최유진 기자", ["박지훈", "최유진"]),
        ("홍길동 기자 gildong@hanbit.example", ["홍길동"]),
        ("글=윤성호", ["윤성호"]),
    ],
)
def test_bylines_in_many_languages(block, authors):
    d = run(f"A title\n\n{block}\n\n{BODY}")
    assert [a.name for a in d.authors] == authors
    assert d.text == BODY


def test_header_lines_in_either_order_with_blank_lines_between():
    text = "A title\n\nBy Tomasz Nowak\n\n\nFirst published: 12 March 2024\n\nLast updated: 14 March 2024\n\n" + BODY
    d = run(text)
    assert (d.published, d.updated, d.authors) == ("2024-03-12", "2024-03-14", [Author("Tomasz Nowak")])
    assert d.text == BODY


def test_one_line_chinese_header_with_every_field():
    d = run(f"标题\n\n2024-03-14 10:20:33 来源：东方晨报 作者：王立群\n\n{BODY}")
    assert (d.published, d.source, d.authors) == ("2024-03-14", "东方晨报", [Author("王立群")])


def test_label_on_its_own_line_and_value_on_the_next():
    d = run(f"عنوان الخبر\n\nالكاتب : محمد العلي\n\nتاريخ النشر\n\n24, أغسطس 2023\n\n{BODY}")
    assert (d.published, d.authors) == ("2023-08-24", [Author("محمد العلي")])


def test_outlet_on_its_own_line_above_a_date_line():
    d = run(f"A title\n\nHarbor Ledger\n\nPublished\n\nMarch 3, 2024\n\n{BODY}")
    assert (d.source, d.published) == ("Harbor Ledger", "2024-03-03")
    assert d.text == BODY


def test_byline_continued_by_its_agency_or_outlet():
    d = run(f"A title\n\nBy SAMUEL ORTIZ\nCoastline Wire Service\n\n{BODY}")
    assert d.authors == [Author("SAMUEL ORTIZ", "Coastline Wire Service")]
    d = run(f"Um título\n\nPor Ana Ribeiro\nDo Jornal do Planalto\n\n{BODY}")
    assert (d.authors, d.source) == ([Author("Ana Ribeiro")], "Jornal do Planalto")


def test_relative_dates_resolve_against_the_crawl_date():
    d = run(f"A title\n\nUpdated 3 hours ago\n\n{BODY}", crawled="2024-09-12T08:30:00Z")
    assert (d.published, d.updated, d.quality_flags) == ("2024-09-12", "2024-09-12", [])
    d = run(f"Заголовок\n\nвчера, 18:40\n\n{BODY}", crawled="2024-06-03T09:00:00+03:00")
    assert d.published == "2024-06-02"


def test_relative_date_without_a_crawl_date_stays_null_and_is_flagged():
    d = run(f"Заголовок\n\nСеверный вестник · 3 часа назад\n\n{BODY}")
    assert (d.source, d.published, d.updated) == ("Северный вестник", None, None)
    assert d.quality_flags == ["date_unparsed"]


def test_unparseable_date_stays_null_and_is_flagged():
    d = run("Title\n\nHarbor Ledger Updated on 45/13/2024\n\nBody.")
    assert d.published is None and d.updated is None
    assert "date_unparsed" in d.quality_flags


def test_day_first_hint_from_the_recipe():
    text = f"A title\n\nNorthfield Courier | Published 04/07/2024 10:32 a.m. ET\n\n{BODY}"
    assert HeadersStage()(doc(text)).published == "2024-07-04"
    assert HeadersStage(day_first=False)(doc(text)).published == "2024-04-07"


def test_bylines_and_sources_at_the_end_of_the_article():
    d = run(f"A title\n\n{BODY}\n\n（记者 周婷）\n\n版权所有 © 星港新闻网")
    assert d.authors == [Author("周婷")]
    assert "（记者 周婷）" not in d.text and "版权所有" in d.text  # the copyright line is left to boilerplate
    d = run(f"제목\n\n{BODY}\n\n이서연 기자 seoyeon@dongbu.example\n\n관련기사\n\n시립도서관 야간 개관 시간 연장")
    assert d.authors == [Author("이서연")]
    d = run(f"A title\n\n{BODY}\n\nSource: Riverbend Herald")
    assert d.source == "Riverbend Herald"


def test_wire_bylines_glued_to_the_first_line():
    d = run("산지 쌀값 석 달째 하락\n\n(세종=한빛통신) 김민수 기자 = 산지 쌀값이 3개월 연속 하락했다.\n\n둘째 문단.")
    assert (d.source, d.authors) == ("한빛통신", [Author("김민수")])
    assert d.text.startswith("산지 쌀값이")
    d = run("大阪港の花火大会が復活へ\n\n【大阪＝中村優子】大阪の港で花火大会が復活する。\n\n次の段落。")
    assert d.authors == [Author("中村優子")] and d.text.startswith("大阪の港で")
    d = run("滨江启动河道整治行动\n\n海星社滨江6月3日电（记者 高远）记者从滨江市生态环境局获悉，整治行动启动。\n\n第二段。")
    assert (d.source, d.authors) == ("海星社", [Author("高远")])
    assert d.text.startswith("海星社滨江6月3日电")  # a Chinese wire lead is part of the sentence: kept


def test_navigation_above_the_title_is_boilerplate():
    d = run(f"Skip to main content\n\nMenu\n\nThe real title\n\nBy Jane Doe\n\n{BODY}")
    assert d.title == "The real title"
    assert [r.kind for r in d.removed] == ["boilerplate", "boilerplate", "title", "byline"]


def test_a_title_given_by_the_reader_is_kept_and_its_repetition_removed():
    d = run(f"The real title\n\nBy Jane Doe\n\n{BODY}", title="The real title")
    assert d.title == "The real title" and d.text == BODY and d.authors == [Author("Jane Doe")]


def test_title_loses_its_outlet_suffix_when_the_outlet_is_known():
    d = run(f"Port tightens checks | Harbor Ledger\n\nHarbor Ledger | 14 March 2024\n\n{BODY}")
    assert (d.title, d.source) == ("Port tightens checks", "Harbor Ledger")


@pytest.mark.parametrize(
    "first",
    [
        "The minister said the report was Published on Monday after long talks with unions and employers.",
        "By 2030, the district expects to run 64 electric buses from a new depot.",
        "Von Montag an gilt an allen Grundschulen der Stadt ein Handyverbot.",
        "Por su parte, la oposición critica que la medida llega tarde.",
        "Par ailleurs, la mairie prévoit d'ouvrir les halles le dimanche.",
        "Written by hand, the letter reached the mayor a week later.",
        "Source: the ministry's annual report, which was published in May.",
        "新闻发布会上，市长表示将继续推进改造。",
        "Stand with the workers, the union told its members on Friday.",
    ],
)
def test_body_sentences_are_never_header_lines(first):
    text = f"{first}\n\nMore of the article follows here in a second paragraph."
    d = run(text)
    assert d.source is None and d.published is None and d.authors == [] and d.title is None
    assert d.text == text


def test_absent_fields_stay_null():
    d = run(f"Only a title above the article\n\n{BODY}")
    assert d.title == "Only a title above the article"
    assert (d.source, d.published, d.updated, d.authors, d.quality_flags) == (None, None, None, [], [])


def test_copyright_line_names_the_outlet_only_when_nothing_else_does():
    d = run(f"A title\n\n{BODY}\n\n© 2024 Уральский курьер. Все права защищены.")
    assert d.source == "Уральский курьер"
    d = run(f"A title\n\nИсточник: Северный вестник\n\n{BODY}\n\n© 2024 Уральский курьер. Все права защищены.")
    assert d.source == "Северный вестник"


@pytest.mark.parametrize(
    "names, authors",
    [
        ("Alice Smith and Bob Jones", [Author("Alice Smith"), Author("Bob Jones")]),
        ("Alice Smith, Reuters", [Author("Alice Smith", "Reuters")]),
        ("张明（东方大学国际关系学院教授）", [Author("张明", "东方大学国际关系学院教授")]),
        ("Ana Gómez y Pedro Ruiz (Universidad del Sur).", [Author("Ana Gómez"), Author("Pedro Ruiz", "Universidad del Sur")]),
        ("Emma Lindqvist, Harbor Ledger Culture Desk", [Author("Emma Lindqvist", "Harbor Ledger Culture Desk")]),
        ("Katrin Albers, Nordwind Kurier", [Author("Katrin Albers", "Nordwind Kurier")]),
        ("Jane Doe/Harbor Ledger", [Author("Jane Doe", "Harbor Ledger")]),
        ("Carmen Ibáñez, corresponsal en Lima", [Author("Carmen Ibáñez", "corresponsal en Lima")]),
        ("Николай Фёдоров, обозреватель «Речного курьера»", [Author("Николай Фёдоров", "обозреватель «Речного курьера»")]),
        ("王立群 李明", [Author("王立群"), Author("李明")]),
        ("jane@example.org Jane Doe", [Author("Jane Doe")]),
    ],
)
def test_parse_authors(names, authors):
    assert parse_authors(names) == authors


def test_affiliation_after_a_comma_when_it_is_the_outlet():
    assert parse_authors("Ada Brook, Valley Post", source="Valley Post") == [Author("Ada Brook", "Valley Post")]
    assert parse_authors("Ada Brook, Tom Reyes") == [Author("Ada Brook"), Author("Tom Reyes")]


def test_a_deck_above_a_date_line_is_not_an_outlet():
    d = run(f"Storm hits the coast\n\nThousands without power in the north\n\nUpdated 14 March 2024\n\n{BODY}")
    assert (d.source, d.published) == (None, "2024-03-14")
    assert d.text.startswith("Thousands without power in the north")
    d = run(f"A title\n\nLe Phare de l'Ouest\n\nil y a 5 heures\n\n{BODY}", crawled="2024-05-11T20:00:00+02:00")
    assert (d.source, d.published) == ("Le Phare de l'Ouest", "2024-05-11")


@pytest.mark.parametrize("line", ["Updated Mar 8, 10:45 AM", "3月14日 10:20 来源：东方晨报", "Harbor Ledger | Mar 8"])
def test_a_date_without_its_year_is_a_date_line_but_stays_null(line):
    d = run(f"A title\n\n{line}\n\n{BODY}")
    assert d.text == BODY
    assert (d.published, d.updated, d.quality_flags) == (None, None, ["date_unparsed"])


def test_a_title_that_opens_with_a_day_and_month_is_still_the_title():
    d = run(f"June 4 anniversary marked by candle vigils\n\n{BODY}")
    assert d.title == "June 4 anniversary marked by candle vigils" and d.quality_flags == []


def test_what_follows_a_byline_on_its_line_is_an_affiliation_and_what_precedes_it_is_left():
    d = run(f"A title\n\nBy Helen Marsh | Contributing writer\n\n{BODY}")
    assert (d.authors, d.source) == ([Author("Helen Marsh", "Contributing writer")], None)
    d = run(f"عنوان\n\nالقاهرة - كتب: محمود علي\n\n{BODY}")
    assert (d.authors, d.source) == ([Author("محمود علي")], None)


def test_a_date_after_a_byline_comma_is_a_date():
    d = run(f"Ein Titel\n\nVon Anna Schulte, 12.03.2024, 18:05 Uhr\n\n{BODY}")
    assert (d.authors, d.published) == ([Author("Anna Schulte")], "2024-03-12")


def test_a_section_word_above_the_title():
    d = run(f"Kommunalpolitik\n\nNeues Hallenbad kostet zwei Millionen mehr\n\nVon Anna Schulte\n\n{BODY}")
    assert d.title == "Neues Hallenbad kostet zwei Millionen mehr"
    assert [r.kind for r in d.removed] == ["boilerplate", "title", "byline"]
    # a single word above the body, with no header line under it, is a section name, not a headline
    assert run(f"Kommunalpolitik\n\n{BODY}").title is None


def test_a_wire_dateline_on_its_own_line():
    d = run(f"Título\n\nMADRID, 12 Mar. (Agencia Meseta) -\n\n{BODY}")
    assert (d.source, d.published, d.quality_flags) == ("Agencia Meseta", None, ["date_unparsed"])
    assert d.text == BODY


def test_a_name_line_with_the_role_under_it():
    d = run(f"Заголовок\n\nАнна Смирнова\nКорреспондент отдела науки\n12.03.2024\n\n{BODY}")
    assert (d.authors, d.published) == ([Author("Анна Смирнова", "Корреспондент отдела науки")], "2024-03-12")


def test_weekday_and_arabic_time_markers_go_with_the_date():
    d = run(f"عنوان الخبر\n\nالثلاثاء 12 مارس 2024 - 10:30 م\n\n{BODY}")
    assert (d.published, d.source) == ("2024-03-12", None)


# ---- real page shapes (text written for these tests)

PARA_EN = ("The harbour board approved the new ferry timetable on Tuesday after months of complaints from "
           "commuters on the eastern routes, officials said.")


def test_store_date_stamp_is_read_and_cut_before_a_headline():
    d = run(f" date 2024-06-02 Ferry timetable changes after commuter complaints\n\n{PARA_EN}\n")
    assert d.published == "2024-06-02"
    assert d.title == "Ferry timetable changes after commuter complaints"
    assert "date 2024" not in d.text


def test_store_date_stamp_before_body_text_leaves_the_text_whole():
    d = run(f" date 2024-06-02 {PARA_EN}\n\n{PARA_EN}\n")
    assert d.published == "2024-06-02" and d.title is None
    assert d.text.startswith(" date 2024-06-02 The harbour") or d.text.startswith("date 2024-06-02 The harbour")


def test_month_only_stamp_is_no_date():
    assert run(f" date 2024-06 {PARA_EN}\n").published is None


def test_headline_behind_menus_and_breadcrumbs():
    text = ("Skip to content\n\nMenu\n\nHome / Regional / Ferry timetable changes after commuter complaints\n\n"
            "Updated: Jun 2, 2024, 10:15 IST\n\nBy Jane Doe | Reuters\n\n" + PARA_EN + "\n")
    d = run(text)
    assert d.title == "Ferry timetable changes after commuter complaints"
    assert d.published == "2024-06-02"
    assert d.source == "Reuters" and [a.name for a in d.authors] == ["Jane Doe"]


def test_page_title_twin_gives_title_and_outlet():
    text = "Fähre fährt wieder nach Plan - Hafenbote\nA A A\n\nFähre fährt wieder nach Plan\n\n2024-06-02 08:10\n" + PARA_EN
    d = run(text)
    assert d.title == "Fähre fährt wieder nach Plan" and d.source == "Hafenbote" and d.published == "2024-06-02"


def test_chinese_source_line_with_date_and_widgets():
    text = ("首页 > 新闻 > 正文\n\n港口新规出台 渔船须提前申报\n\n2024年3月15日 10:20  来源：东方晨报  【字体：大 小】\n\n"
            "港务局周二发布新规，要求所有渔船在进港前二十四小时提交申报。新规将于下月起实施。\n")
    d = run(text)
    assert d.title == "港口新规出台 渔船须提前申报"
    assert d.source == "东方晨报" and d.published == "2024-03-15"


def test_wire_dateline_and_closing_credit_give_the_outlet():
    d = run("Floodwaters keep rising in the south\n\nPORTO ALEGRE, Brazil (AP) — " + PARA_EN + "\n")
    assert d.source == "AP"
    d = run(PARA_EN + "\n\n" + PARA_EN + "\n\nNORDWIRE\n")
    assert d.source is None  # not a known wire: a lone word at the end stays text
    d = run(PARA_EN + "\n\n" + PARA_EN + "\n\nReuters\n")
    assert d.source == "Reuters"


def test_today_widget_at_the_top_is_not_the_article_date():
    text = ("Friday, 7 June 2024\nHafenbote\n\nFerry timetable changes after commuter complaints\n\n"
            "Published: 2 June 2024\n\n" + PARA_EN + "\n")
    d = run(text)
    assert d.published == "2024-06-02"


def test_byline_shapes_under_a_headline():
    d = run("Fähre fährt wieder nach Plan\nMarta Kovač - Lučki Vjesnik\n\n" + PARA_EN + "\n")
    assert [a.name for a in d.authors] == ["Marta Kovač"] and d.source == "Lučki Vjesnik"
    d = run("港口新规出台 渔船须提前申报\n記者林志明、陳美玲/台中報導\n\n港務局周二發布新規，要求所有漁船在進港前提交申報。新規將於下月起實施。\n")
    assert [a.name for a in d.authors] == ["林志明", "陳美玲"]
    d = run("Ferry timetable changes\n\n" + PARA_EN + "\n\n(Reporting by Jane Doe; Writing by Omar Haddad; Editing by Li Wen)\n")
    assert [a.name for a in d.authors] == ["Jane Doe", "Omar Haddad"]


def test_headline_stays_null_without_one():
    d = run(PARA_EN + "\n\n" + PARA_EN + "\n")
    assert d.title is None and d.source is None and d.published is None


def test_outlet_values_are_cleaned_or_dropped():
    d = run(f"Ferry timetable changes after complaints\nTeam Hafenbote\nUpdated: 2 June 2024\n\n{PARA_EN}\n")
    assert d.source == "Hafenbote" and d.authors == []
    d = run(f"Ferry timetable changes after complaints\n- Redaksi\nRabu, 5 Juni 2024\n\n{PARA_EN}\n")
    assert d.source is None and d.published == "2024-06-05"


def test_bylines_below_the_body():
    # a byline past the author's bio and a comment prompt
    d = run(f"Ferry timetable changes\n\n{PARA_EN}\n\nWritten by Jane Doe\nJane Doe writes about ports and ferries for "
            "three local papers and hosts a weekly podcast about the coast.\nPost a comment\n")
    assert [a.name for a in d.authors] == ["Jane Doe"]
    # a Reuters-style credit glued to the last sentence: read, and the sentence stays whole
    d = run(f"Ferry timetable changes\n\n{PARA_EN}\n\nThe port reopens on Friday.(Reporting by Omar Haddad. "
            "Published in Spanish by Li Wen)\n")
    assert [a.name for a in d.authors] == ["Omar Haddad"] and "(Reporting by Omar Haddad" in d.text
    # a Japanese signature closing the article, with teasers of other stories under it
    d = run("港の新規則 漁船に事前申告\n\n港湾局は火曜日、すべての漁船に入港前の申告を求める新しい規則を発表した。来月から実施される。【山田花子、佐藤一郎】\n"
            "この記事は会員限定です。\n他の記事の見出し一つ…\n他の記事の見出し二つ…\n他の記事の見出し三つ…\n他の記事の見出し四つ…\n"
            "他の記事の見出し五つ…\n他の記事の見出し六つ…\n")
    assert [a.name for a in d.authors] == ["山田花子", "佐藤一郎"]


def test_reporter_and_name_lines_in_the_header():
    d = run("港口新规出台\n本頁位置: 首頁 新聞\n" + "圖為港口的一艘漁船在碼頭卸貨，工人們正在搬運當天捕撈的海產，場面熱鬧。\n" * 3
            + "東方社台中五日電 題:港口新规出台\n東方社記者 林志明 陳美玲\n港務局周二發布新規，要求所有漁船在進港前提交申報。\n")
    assert [a.name for a in d.authors] == ["林志明", "陳美玲"]
    d = run(f"Trajekt ponovo vozi po redu\nМарта Ковач\nMarta Kovač\n14. 03. 2024. u 10:20\n\n{PARA_EN}\n")
    assert [a.name for a in d.authors] == ["Marta Kovač"]
    d = run(f"Trajekt ponovo vozi po redu\nPosted in\nLučka Obala\n14/03/2024\n\n{PARA_EN}\n")
    assert d.authors == []  # a section name over the date, not a person


def test_producers_and_sites_are_not_authors():
    d = run(f"Ferry timetable changes\nBy Lusa | Posted by Jane Doe, Lisbon\n\n{PARA_EN}\n")
    assert d.source == "Lusa" and d.authors == []
    d = run(f"Ferry timetable changes\nBy HarborLedger Updated June 1\n\n{PARA_EN}\n")
    assert d.source == "HarborLedger" and d.authors == []


def test_outlets_named_by_the_page_itself():
    d = run(f"Ferry timetable changes\nEstimated reading time: 4 minutes\n\nLISBON (Belga) — {PARA_EN}\n")
    assert d.source == "Belga" and [r.kind for r in d.removed][-1] == "boilerplate"
    statement = ("港務局聲明\n近期有人冒用本社名義發布虛假消息，我們予以譴責，並保留依法追究其責任的權利。\n"
                 "港灣通訊社\n2024年3月5日\n")
    assert run(statement).source == "港灣通訊社"
    d = run(f"Friday, 7 June 2024\nHarborLedger\n\nFerry timetable changes after commuter complaints\n\n{PARA_EN}\n")
    assert d.source == "HarborLedger"
    assert run(f"Ferry timetable changes after commuter complaints\n\n{PARA_EN}\n").source is None


def test_a_wire_signing_one_item_of_several():
    items = "".join(f"Item {n} headline about the harbour\n\n{PARA_EN}\n\nHINA\n\n" for n in range(4))
    assert run(items + "Contact us\n" * 8).source == "HINA"
    # an option line under a paragraph of a manual is no credit line
    manual = f"{PARA_EN}\n\n" * 12 + f"{PARA_EN}\n\n       --status\n\n" * 8 + f"{PARA_EN}\n\n" * 8
    assert run(manual).source is None


def test_an_op_eds_closing_bio_names_its_author():
    d = run(f"{PARA_EN}\n\n{PARA_EN}\n\nJane Doe-Smith is a port economist in Lisbon.\n\nTranslated by Li Wen\n\n"
            f"Another story starts here with a long paragraph about ferries, harbours and the people who run them.\n")
    assert [a.name for a in d.authors] == ["Jane Doe-Smith"]
    d = run(f"{PARA_EN}\n\nMayor Jane Doe is a member of the harbour board.\n\n" + f"{PARA_EN}\n\n" * 5)
    assert d.authors == []  # a sentence of the article, not a closing bio


def test_an_empty_template_label_is_boilerplate():
    d = run(f"Ferry timetable changes after commuter complaints\nSource\nBy Jane Doe\n\n{PARA_EN}\n")
    assert ("boilerplate", "Source") in [(r.kind, r.text) for r in d.removed] and [a.name for a in d.authors] == ["Jane Doe"]


def test_a_credit_split_over_two_lines_and_a_stamped_byline():
    d = run(f"Lučka Obala,\n03.11.2019\nTRAJEKT PONOVO VOZI\nAutori: MARTA KOVAČ\n\n{PARA_EN}\n")
    assert d.source == "Lučka Obala"
    d = run(f" date 2024-03 pripravila dopisnica HINA iz Zagreba Ana Novak\n{PARA_EN}\n")
    assert d.source == "HINA" and [a.name for a in d.authors] == ["Ana Novak"]
PARA_ZH = "港务局周二批准了新的渡轮时刻表，东线通勤者数月来的投诉终于有了回应。新时刻表将于下月起实施，夜间航班也将恢复。"


def test_a_source_line_with_its_date_and_a_disclaimer_under_the_headline_gives_the_date():
    text = ("要闻 | 财经 | 体育 | 视频 | 图片 | 评论\n\n港务局公布新渡轮时刻表(组图)\n\n"
            "新闻来源: 东方晨报/港城日报 于2024-03-14 9:54:15  说明:观点仅供参考\n\n" + PARA_ZH + "\n")
    d = run(text)
    assert d.title == "港务局公布新渡轮时刻表(组图)" and d.published == "2024-03-14"


def test_a_photo_caption_naming_someone_on_a_day_is_not_the_articles_date():
    text = ("Ferry timetable changes after commuter complaints\n\nJane Doe - Harbor Ledger\n"
            "Harbour master Tom Reyes on April 3, 2022\nLEDGER / John Smith\n\n" + PARA_EN + "\n")
    d = run(text)
    assert d.title == "Ferry timetable changes after commuter complaints" and d.published is None


def test_a_span_of_days_at_the_top_of_a_digest_is_no_date():
    d = run("2023/05/01-2023/05/07\n\n05/01\n" + PARA_ZH + "\n\nMay 1:\n\n" + PARA_EN + "\n")
    assert d.published is None


def test_the_leads_bracketed_date_beats_the_sites_today_widget():
    text = ("Monday, 6 May 2024\nHarborTimes\n\nท่าเรือประกาศตารางเดินเรือใหม่ หลังผู้โดยสารร้องเรียนมานานหลายเดือน\n\n"
            "(3 ก.พ. 67) ท่าเรือประกาศตารางเดินเรือใหม่สำหรับเส้นทางฝั่งตะวันออก หลังจากผู้โดยสารร้องเรียนมานานหลายเดือน "
            "เรื่องความล่าช้าและการยกเลิกเที่ยวเรือโดยไม่แจ้งล่วงหน้า\n")
    assert run(text).published == "2024-02-03"


def test_a_wire_dateline_without_its_year_takes_the_year_of_a_stamp_of_the_same_month():
    para = ("Gdańsk, 14. maja - Zarząd portu zatwierdził we wtorek nowy rozkład promów po miesiącach skarg "
            "pasażerów z tras wschodnich.")
    assert run(f" date 2024-05 przygotowała korespondentka Anna Nowak\n\n{para}\n").published == "2024-05-14"
    assert run(f" date 2024-06 przygotowała korespondentka Anna Nowak\n\n{para}\n").published is None


def test_a_hebrew_calendar_date_line_under_the_headline():
    text = ("חדשות\nהנמל מפרסם לוח זמנים חדש למעבורות אחרי חודשים של תלונות\n- פורסם ג' אייר התשפ\"ג |עודכן\n\n"
            "רשות הנמל אישרה ביום שלישי את לוח הזמנים החדש של המעבורות, אחרי חודשים של תלונות מצד הנוסעים בקווים המזרחיים.\n")
    d = run(text)
    assert d.title == "הנמל מפרסם לוח זמנים חדש למעבורות אחרי חודשים של תלונות" and d.published == "2023-04-24"


def test_a_page_listing_dated_articles_has_no_title():
    text = ("Ferry timetable changes after commuter complaints\n\nHARBOR LEDGER - 2 hours 10 min ago\n" + PARA_EN
            + "\n\nPort authority names a new director after long search\n\nHARBOR LEDGER - 3 hours 5 min ago\n\n"
            + PARA_EN.replace("ferry", "bus") + "\n")
    assert run(text).title is None


def test_the_masthead_over_a_list_of_articles_names_the_outlet():
    items = "".join(f"{head}\n\n{ago} ago\n{para}\n\n" for head, ago, para in [
        ("Ferry timetable changes after commuter complaints", "2 hours 10 min", PARA_EN),
        ("Port authority names a new director after long search", "3 hours 5 min", PARA_EN.replace("ferry", "bus")),
    ])
    d = run("Home | World | Business | Sport\n\nVALLEY DAILY\n\n" + items)
    assert d.title is None and d.source == "VALLEY DAILY"
    # without a masthead word the top line names nothing
    assert run("Home | World | Business | Sport\n\nMorning Briefing\n\n" + items).source is None


def test_a_page_flattened_onto_one_line_with_its_headline_printed_twice():
    head = "港務局公布新渡輪時刻表 東線班次增加兩成"
    d = run(f"{head} {head} 2024年3月14日 10:20 【東方晨報】{PARA_ZH}{PARA_ZH}\n")
    assert d.title == head and d.published == "2024-03-14"
    assert PARA_ZH in d.text  # the line holds the body: it stays
    assert run(f"{PARA_ZH} {PARA_ZH}\n").title is None  # a paragraph printed twice is no headline
