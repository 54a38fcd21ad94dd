"""Boilerplate found by the shape of a page (pipeline/stages/layout.py), through the stage and alone."""

import pytest

from pipeline.stages import layout
from pipeline.stages.boilerplate import BoilerplateStage
from tests.conftest import doc

PARA_EN = ("The regional council approved the new ferry timetable on Tuesday after three months of talks with "
           "the island communities, who had asked for an earlier first crossing in winter.")
PARA_EN_2 = ("Under the plan, the first boat will leave the harbour at half past six, and two extra evening "
             "crossings will run on Fridays from October until the end of March.")
PARA_SR = ("Gradsko veće usvojilo je u utorak novi red vožnje trajekta posle tri meseca razgovora sa "
           "stanovnicima ostrva, koji su tražili raniji prvi polazak tokom zime.")
PARA_SR_2 = ("Prema planu, prvi brod isplovljava u pola sedam, a petkom će od oktobra do kraja marta "
             "saobraćati i dva dodatna večernja polaska.")
PARA_KO = "시의회는 화요일 섬 주민들과 석 달간의 협의 끝에 새 여객선 시간표를 승인했다. 겨울철 첫 배가 한 시간 앞당겨진다."
PARA_KO_2 = "운항사는 금요일 저녁 배편을 두 차례 늘리고, 3월 말까지 이 시간표를 유지하겠다고 밝혔다. 요금은 그대로다."
PARA_UK = ("Міська рада у вівторок ухвалила новий розклад порому після трьох місяців переговорів із "
           "мешканцями острова, які просили раніший перший рейс узимку.")
PARA_UK_2 = ("За планом перший пором вирушатиме о пів на сьому, а по п'ятницях до кінця березня "
             "курсуватимуть ще два вечірні рейси.")


def run(text):
    return BoilerplateStage()(doc(text))


def test_units_count_wide_characters_twice():
    assert layout.units("ferry") == 5
    assert layout.units("여객선") == 6
    assert layout.units("渡轮 ok") == 7


@pytest.mark.parametrize("line", [
    "Friday, 2 May 2025, 17:30", "2024/11/01 13:12", "12. 03. 2025. u 09:15", "п'ятниця, 2 травня 2025, 17:30",
    "Kamis, 5 Juni 2025 - 14:33 WIB", "2025年3月4日 08:10",
])
def test_date_and_time_lines_are_stamps(line):
    assert layout.is_stamp(line)


@pytest.mark.parametrize("line", [
    "Prices rose 5% in 2024 across the region", "The ferry leaves at 06:30 every weekday from the north pier",
    "Komentari (34)",
])
def test_lines_with_numbers_that_are_not_stamps(line):
    assert not layout.is_stamp(line)


def test_a_korean_site_menu_above_the_headline_goes_and_the_headline_stays():
    menu = "\n".join(["경제", "  • 증권", "  • 은행", "  • 부동산", "사회", "  • 교통", "  • 환경", "로그인", "회원가입"])
    title = "시의회, 새 여객선 시간표 승인… 겨울 첫 배 한 시간 앞당겨"
    d = run(f"{menu}\n\n{title}\n\n{PARA_KO}\n\n{PARA_KO_2}")
    assert d.text.split("\n\n") == [title, PARA_KO, PARA_KO_2]
    assert {r.text for r in d.removed} >= {"• 증권", "로그인", "사회"}


def test_teasers_with_their_dates_and_leads_after_the_article_go():
    teasers = "\n".join([
        "ŠTRAJK U LUCI: Brodovi čekaju treći dan na vez",
        "Radnici lučke uprave stupili su u štrajk zbog plata, a red brodova na sidrištu produžava se svakog dana.",
        "14. 02. 2025. u 08:40",
        "NOVI MOST DO JESENI Radovi ulaze u završnu fazu",
        "Izvođač radova tvrdi da će most biti otvoren za saobraćaj pre prvih jesenjih kiša.",
        "14. 02. 2025. u 07:55",
        "Komentari (12)",
    ])
    d = run(f"{PARA_SR}\n\n{PARA_SR_2}\n\n{teasers}")
    assert d.text == f"{PARA_SR}\n\n{PARA_SR_2}"
    assert len(d.removed) == 7


def test_ukrainian_teasers_headline_then_date_then_lead_go():
    teasers = "\n\n".join([
        "Пором на острів курсуватиме частіше з жовтня",
        "вівторок, 4 березня 2025, 17:30",
        "Перевізник додасть два вечірні рейси по п'ятницях і ранній рейс узимку.",
        "Рада обговорить ціни на квитки наступного тижня",
        "вівторок, 4 березня 2025, 16:05",
    ])
    d = run(f"{PARA_UK}\n\n{PARA_UK_2}\n\n{teasers}")
    assert d.text == f"{PARA_UK}\n\n{PARA_UK_2}"


def test_an_article_that_ends_with_a_short_list_keeps_it():
    text = f"{PARA_EN}\n\n{PARA_EN_2}\n\nThe new crossings:\n\nFriday 19:40\n\nFriday 21:10\n\nSunday 20:15"
    assert run(text).text == text


def test_an_article_that_ends_with_names_keeps_them():
    text = f"{PARA_EN}\n\nThe prize went to three pupils:\n\nAnna Berg\n\nTomás Ruiz\n\nLi Wei"
    assert run(text).text == text


def test_a_live_blog_with_times_between_paragraphs_is_kept():
    text = "\n\n".join(["09:15", PARA_EN, "10:40", PARA_EN_2, "11:05", PARA_EN[::-1]])
    assert run(text).text == text


def test_a_menu_left_inside_the_body_goes_but_a_short_list_of_three_stays():
    menu = "\n".join(["News", "Sport", "Weather", "Culture", "Travel"])
    listing = "Coffee\nBread\nCheese"
    d = run(f"{PARA_EN}\n\n{menu}\n\n{PARA_EN_2}\n\n{listing}\n\n{PARA_UK}")
    assert d.text == f"{PARA_EN}\n\n{PARA_EN_2}\n\n{listing}\n\n{PARA_UK}"


def test_short_sentences_are_an_article_not_a_header():
    d = run("Share this article\n\nThe vote was close.\n\nIt passed by one.\n\nRelated articles")
    assert d.text == "The vote was close.\n\nIt passed by one."


def test_a_page_of_only_short_lines_is_not_emptied_by_shape():
    text = "Harbour\n\nFerries\n\nTimetable\n\nContact"
    assert run(text).text  # something of it is left for the quality stage to judge


def test_header_and_trailer_cuts_alone():
    lines = ["Menu", "Home", "• Local", PARA_EN, PARA_EN_2, "Share", "Comments (3)"]
    weights = [2, 2, 2, layout.PROSE, layout.PROSE, 2, 2]
    assert layout.header_cut(lines, lambda i: weights[i]) == 3
    assert layout.trailer_cut(lines, lambda i: weights[i]) == 5
    prose_only = [layout.PROSE] * 3
    assert layout.header_cut(lines[3:6], lambda i: prose_only[i]) == 0
    assert layout.trailer_cut(lines[3:6], lambda i: prose_only[i]) == 3


@pytest.mark.parametrize("line, code", [
    ("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b", True), ("page_has_loaded_ok", True), ("[ad_2]", True),
    ("COVID-19", False), ("snake_case", False), ("Harbour", False), ("Lisboa", False),
])
def test_page_machinery_lines(line, code):
    assert layout.is_code(line) is code
    text = f"{PARA_EN}\n\n{line}\n\n{PARA_EN_2}"
    assert (line in run(text).text) is not code


def test_a_last_paragraph_under_its_own_date_is_kept():
    text = f"{PARA_EN}\n\n2025-03-04\n\n{PARA_EN_2}"
    assert run(text).text == text


# Other articles' headlines listed below the article, as a page's "more news" box prints them (own wording).
TEASERS_EN = ["Harbour master retires after forty years at the quay", "Island school wins regional chess title",
              "Why the winter storms cost the fishing fleet a month?"]
TEASERS_SR = ["TRAJEKT KASNI TRI SATA: Putnici čekali na hladnoći", "Ribari traže novu luku na jugu ostrva",
              "Gradonačelnik najavio obnovu starog mola do leta"]
TEASERS_UK = ["Рибалки просять новий причал на півдні острова", "Шкільна команда виграла обласний турнір з шахів",
              "Чому зимові шторми коштували флоту місяць роботи?"]


@pytest.mark.parametrize("paras, teasers", [
    ((PARA_EN, PARA_EN_2), TEASERS_EN), ((PARA_SR, PARA_SR_2), TEASERS_SR), ((PARA_UK, PARA_UK_2), TEASERS_UK)])
def test_a_list_of_other_headlines_ending_the_text_goes(paras, teasers):
    d = run("\n".join([*paras, *teasers]))
    assert d.text == "\n".join(paras)
    assert [r.text for r in d.removed] == teasers


def test_two_headline_lines_or_a_tweet_at_the_end_stay():
    tail = ["Harbour master retires after forty years at the quay",
            "Ferry runs late again as storm hits the coast pic.twitter.com/abc123"]
    text = "\n".join([PARA_EN, PARA_EN_2, *tail])
    assert run(text).text == text
    assert layout.teaser_tail([PARA_EN, *TEASERS_EN, TEASERS_EN[0] + " and more"]) == 4


def test_wrapped_text_at_the_end_is_no_list_of_headlines():
    wrapped = ["The ferry timetable was agreed after long talks. The first boat now leaves",
               "at half past six in winter and at six in summer, and the council expects",
               "more passengers from the mainland once the new quay opens next spring"]
    assert layout.teaser_tail([PARA_EN, *wrapped]) == 0
    assert layout.teaser_tail(TEASERS_EN) == 0  # nothing but headlines: no article to keep them apart from


@pytest.mark.parametrize("line", [
    "Home · News · Sport · Weather · Culture · Travel · 【Opinion】 【Comments: 12】",
    "首 页 要闻 国际 财经 体育 评论 图片",
    "Naslovna | Vijesti | Sport | Kultura | Magazin",
])
def test_a_navigation_bar_on_one_line(line):
    assert layout.is_menu_line(line)


@pytest.mark.parametrize("line", [
    "The council, the ferry company and the harbour office met on Tuesday · a first in years.",
    "市议会周二批准了新的渡轮时刻表。",
    "Vijesti | Sport",
])
def test_text_is_no_navigation_bar(line):
    assert not layout.is_menu_line(line)
