import pytest

from pipeline.credits import copyright_credit, dateline_credit, desk_credit, line_credit, tail_credit


@pytest.mark.parametrize(
    "line, outlet",
    [
        ("PORTO ALEGRE, Brazil (AP) — Floodwaters kept rising on Sunday as rescuers", "AP"),
        ("(Reuters) - Shares of the carmaker fell 4% on Monday after", "Reuters"),
        ("Lissabon (AFP) Bei einem Brand in einer Fabrik sind", "AFP"),
        ("ОМСК, 3 марта. /ТАСС/. Паводок затопил три села", "ТАСС"),
        ("(ANSA) - MILANO, 4 GIU - Un incendio ha distrutto", "ANSA"),
        ("东方社广州3月5日电 广州市今日发布新规", "东方社"),
    ],
)
def test_datelines(line, outlet):
    assert dateline_credit(line).outlet == outlet


def test_chinese_dateline_names_its_reporter():
    credit = dateline_credit("（東方社記者林志明台中5日電）颱風逼近")
    assert credit.outlet == "東方社" and credit.author == "林志明"
    assert dateline_credit("【港灣日報訊】記者陳美玲報道：市政府昨日宣布").author == "陳美玲"


@pytest.mark.parametrize(
    "line",
    ["Members of the Harbour Party (HP) Voted against the plan on Monday",  # an acronym in a sentence
     "The council (which met twice) decided", "【简介】港口新规出台", "(2024) - a year in review"],
)
def test_not_datelines(line):
    assert dateline_credit(line) is None


def test_credit_lines():
    assert line_credit("(Harbor Ledger)", at_end=False).outlet == "Harbor Ledger"
    assert line_credit("-- NORDWIRE", at_end=True).outlet == "NORDWIRE"
    assert line_credit("LISBOA – Reuters", at_end=False).outlet == "Reuters"
    assert line_credit("Reuters", at_end=True).outlet == "Reuters"
    assert line_credit("Reuters", at_end=False) is None  # alone at the top it could be a section
    assert line_credit("Team Hafenbote", at_end=False).outlet == "Hafenbote"
    assert line_credit("Contact us", at_end=True) is None


def test_desks_and_wires_as_authors_are_outlets():
    assert desk_credit("Reuters Staff") is None or desk_credit("Reuters Staff") == "Reuters"
    assert desk_credit("Reuters") == "Reuters"
    assert desk_credit("Hafenbote Desk") == "Hafenbote"
    assert desk_credit("Редакция сайта Вести Севера") == "Вести Севера"
    assert desk_credit("Jane Doe") is None


def test_copyright_and_closing_wire():
    assert copyright_credit("© 2024 Harbor Ledger. All rights reserved.") == "Harbor Ledger"
    assert copyright_credit("Copyright © 2019 portnews.example Inc. All Rights Reserved.") == "portnews.example"
    assert copyright_credit("Copyright AP - Associated Press") == "AP"
    assert copyright_credit("© RIPRODUZIONE RISERVATA") is None
    assert copyright_credit("The council copied the plan.") is None
    assert tail_credit("Der Hafen bleibt bis Montag gesperrt. AFP/ dpa") == "AFP"
    assert tail_credit("...die Fähren fahren wieder. (AFP/hb)") == "AFP"
    assert tail_credit("Mit Material von dpa") is None
