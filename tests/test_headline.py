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
