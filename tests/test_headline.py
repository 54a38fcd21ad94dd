import pytest

from pipeline.headline import clean, find_headline, headline_shaped, is_body

BODY_EN = ("The harbour board approved the new ferry timetable on Tuesday after months of complaints from "
           "commuters on the eastern routes.")
BODY_ZH = "港务局周二批准了新的渡轮时刻表，东线通勤者数月来的投诉终于有了回应。新时刻表将于下月起实施。"


def find(lines, skip=(), header=(), reject=lambda text: text in {"Share", "Menu"}):
    return find_headline(lines, set(skip), set(header), reject)


def test_cleaning_takes_off_what_pages_glue_to_headlines():
    assert clean("Home / Regional News / Ferry timetable changes after commuter complaints")[0] == \
        "Ferry timetable changes after commuter complaints"
    assert clean("渡轮时刻表调整 东线班次增加12:05")[0] == "渡轮时刻表调整 东线班次增加"
    assert clean("Ferry timetable changes (08:41)")[0] == "Ferry timetable changes"
    assert clean("港口新规出台******")[0] == "港口新规出台"
    assert clean("【港口新规出台 渔船须提前申报】")[0] == "港口新规出台 渔船须提前申报"
    assert clean("【東方晨報】港口新規出台") == ("港口新規出台", "東方晨報")
    assert clean("3. Ferry timetable changes")[0] == "Ferry timetable changes"
    # a headline that contains a slash or a colon stays whole
    assert clean("'NOT EVEN IN WARTIME' / Mayor: 'We were misled'")[0] == "'NOT EVEN IN WARTIME' / Mayor: 'We were misled'"


def test_shape():
    assert headline_shaped("Ferry timetable changes after commuter complaints")
    assert headline_shaped("Über 300 Fähren fallen aus!")
    assert not headline_shaped("https://example.com/ferry")
    assert not headline_shaped("12:40 | 2024")
    assert not headline_shaped("Commuters waited on the pier. Photo: Harbor Ledger")  # a caption, two sentences
    assert is_body(BODY_EN) and is_body(BODY_ZH) and not is_body("Ferry timetable changes after commuter complaints")


def test_headline_after_menus_and_before_the_body():
    lines = ["Skip to content", "", "Menu", "", "Ferry timetable changes after commuter complaints", "", BODY_EN]
    found = find(lines)
    assert found is not None and found.index == 4


def test_repeated_headline_beats_a_deck():
    lines = ["Ferry timetable changes after commuter complaints", "",
             "Ferry timetable changes after commuter complaints", "",
             "Commuters on the eastern routes will get more boats", "", BODY_EN]
    found = find(lines)
    assert found.text == "Ferry timetable changes after commuter complaints" and found.repeats


def test_page_title_with_the_site_name_gives_the_outlet():
    lines = ["Fähre fährt wieder nach Plan - Hafenbote", "A A A", "", "Fähre fährt wieder nach Plan", "", BODY_EN]
    found = find(lines)
    assert found.text == "Fähre fährt wieder nach Plan" and found.source == "Hafenbote"


def test_header_line_under_the_headline():
    lines = ["Nachrichten", "Fähre fährt wieder nach Plan", "12.03.2024, 10:15", BODY_EN]
    assert find(lines, header={2}).index == 1


def test_no_headline_when_the_page_starts_with_its_body():
    assert find([BODY_EN, "", BODY_EN]) is None
    assert find([BODY_ZH, BODY_ZH]) is None
    assert find(["Share", "", BODY_EN]) is None


BODY_ES = ("El ayuntamiento aprobó el martes el nuevo horario de los transbordadores tras meses de quejas de los "
           "usuarios de las rutas del este.")


@pytest.mark.parametrize("line", [
    "• Director general: Ana Pereira",                      # a list item of a masthead
    "Inicio  Blogs  Deportes  Vídeo",                       # a menu, pieces two spaces apart
    "首页 要闻 视频 图片",                                     # a Chinese menu of short words
    "Our sitesSign inNewsletterHelp",                       # link words run together
    "Acceso ilimitado | desde 9,99 €",                      # a paywall's price
    "2024 令和6年3月14日(木) 港湾局、新しい時刻表",            # a dated page-title line
    "港务局周二公布新时刻表。（记者王立群摄）",                  # a photo caption with its credit
    "渡轮码头旧貌=港区で2024年3月1日、山田太郎撮影",            # a Japanese caption's credit
])
def test_lines_shaped_like_a_headlines_neighbours_are_not_headlines(line):
    assert not headline_shaped(line)


def test_headline_shapes_that_stay_headlines():
    assert headline_shaped("최상목, 美무디스에 \"한국, 질서 있는 운영 중\"")  # Korean words are short: no menu
    assert headline_shaped("港口新规出台 渔船须提前申报 违者将被处罚")
    assert headline_shaped("Ferry fares rise to $3.50 from June")  # a price without a price tag's shape
    assert headline_shaped("หนึ่งในปัญหาใหญ่ของท่าเรือ คือการจัดการเรือประมงที่เข้าออกทุกวันโดยไม่มีการแจ้งล่วงหน้า")


def test_a_list_of_dated_articles_has_no_headline():
    lines = ["Ferry timetable changes after commuter complaints", "", "HARBOR LEDGER - 2 hours 10 min ago",
             BODY_EN, "", "Port authority names a new director after long search", "",
             "HARBOR LEDGER - 3 hours 5 min ago", "", BODY_EN.replace("ferry", "bus")]
    assert find(lines, header={2}) is None


def test_a_teaser_printed_again_in_a_list_below_is_not_the_headline():
    teaser = "PUERTO RÉCORD: la nueva terminal abre con tres meses de retraso"
    lines = ["", teaser, BODY_ES, BODY_ES.replace("martes", "jueves"), BODY_ES.replace("este", "oeste"),
             teaser, "EN EL MUELLE: los pescadores piden más espacio para sus barcos",
             "OTRA VEZ: el ferry nocturno vuelve a salir tarde", "LA CIUDAD: nuevos horarios para el verano"]
    assert find(lines) is None


def test_a_page_title_that_joins_headline_and_deck_gives_the_headline():
    lines = ["首页>港口>正文", "", "港务局公布新渡轮时刻表 东线班次增加两成 夜间航班恢复运行", "",
             "2024年03月14日 10:20  |  来源:东方晨报", "", "港务局公布新渡轮时刻表", "",
             "东线班次增加两成 夜间航班恢复运行", "", BODY_ZH]
    found = find(lines, header={4})
    assert found is not None and found.text == "港务局公布新渡轮时刻表"


def test_a_longer_line_that_only_starts_with_a_line_is_no_print_of_it():
    lines = ["Jump to navigation", "", "Harbor Ledger digest at 7:15 p.m.", "",
             "Ferry timetable changes after commuter complaints PORTSMOUTH, Va.", "",
             "Ferry timetable changes after commuter complaints", "", BODY_EN, "", BODY_EN]
    found = find(lines)
    assert found is None or not found.repeats


def test_a_prev_next_label_glued_to_another_articles_title_is_no_headline():
    lines = [BODY_ES, "", "Artículo anteriorEl puerto cierra por obras durante el fin de semana",
             "Artículo siguienteNueva línea de autobús al aeropuerto"]
    assert find(lines, reject=lambda text: text in {"Artículo anterior", "Artículo siguiente"}) is None


def test_headlines_that_look_a_little_like_menus_or_captions_stay_headlines():
    assert headline_shaped("台风来袭 多地停课 航班取消")          # short clauses, none of them a menu word
    assert headline_shaped("北京暴雨 多条道路积水(组图)")          # "(with photos)" closes many Chinese headlines
    assert headline_shaped("Storm batters the coast (PHOTOS)")
    assert not headline_shaped("Storm batters the coast (Photo: Jane Doe/Harbor Ledger)")


def test_doubled_start_of_a_flattened_page():
    from pipeline.headline import doubled_start
    assert doubled_start("Ferry fares rise in June Ferry fares rise in June 14 March 2024 " + BODY_EN) == \
        "Ferry fares rise in June"
    assert doubled_start(BODY_EN + " " + BODY_EN) is None
