import pytest

from pipeline.credits import (
    about_credit, copyright_credit, dated_domain, dateline_credit, desk_credit, lead_byline, line_credit, masthead,
    account_credit, photo_credit, prepared_by, produced_by, self_credit, signature_credit, tail_credit,
)


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


@pytest.mark.parametrize(
    "line, outlet, author",
    [
        ("East Wire Service, Lisbon, Portugal, March 5 (Reporter Li Ming) On the evening of the 4th, the", "East Wire Service",
         "Li Ming"),
        ("Hafenblatt.id -Der Minister sagte am Montag, der Hafen bleibe bis Freitag geschlossen.", "Hafenblatt.id", None),
        ("PORTNEWS.EXAMPLE.COM, SURABAYA - Menteri mengatakan pelabuhan akan ditutup", "PORTNEWS.EXAMPLE.COM", None),
        ("به گزارش خبرگزاری بندر به نقل از روابط عمومی، وزیر گفت که بندر بسته می‌شود.", "خبرگزاری بندر", None),
        ("【港湾通信】港の新しい規則が発表された", "港湾通信", None),
        ("港口新規 港口新規 2024年3月5日 09:12 【港灣新聞台】警方今日表示，港口將關閉。", "港灣新聞台", None),
    ],
)
def test_more_dateline_shapes(line, outlet, author):
    credit = dateline_credit(line)
    assert (credit.outlet, credit.author) == (outlet, author)


@pytest.mark.parametrize(
    "line",
    ["The minister, Lisbon, said on March 5 (reporter questions were not taken) that",  # lower case, a sentence
     "photo.jpg - the harbour at night", "به گزارش‌ها، بندر بسته شد"],
)
def test_not_more_datelines(line):
    assert dateline_credit(line) is None


def test_bracketed_reporter_opens_a_translated_lead():
    assert lead_byline("[harbor net reporter Li Ming] military scholars published an article") == "Li Ming"
    assert lead_byline("[Photo] the harbour at night") is None


def test_self_credits_in_a_lead():
    assert self_credit("По данным Hafen.az, землетрясение произошло в 10 км от берега.") == "Hafen.az"
    assert self_credit("Об этом заявил сегодня министр, передает корреспондент Интерфакс. Далее") == "Интерфакс"
    assert self_credit("Об этом пишет корреспондент местной газеты.") is None  # no wire, no domain
    assert self_credit("According to the mayor, the port will reopen on Friday.") is None


def test_credit_lines_of_new_shapes():
    assert line_credit("（南方广播电视总台港湾网）", at_end=True).outlet == "南方广播电视总台港湾网"
    assert line_credit("（本报）", at_end=True) is None  # "this paper": no name
    assert line_credit("hafenblatt.com.ua: Новини", at_end=False).outlet == "hafenblatt.com.ua"
    assert line_credit("Läs hela artikeln på Hamnbladet", at_end=True).outlet == "Hamnbladet"
    assert line_credit("Ново на Пристаниште", at_end=True).outlet == "Пристаниште"
    assert line_credit("Ново на Пристаниште", at_end=False) is None  # at the top: a menu entry
    assert line_credit("New on Netflix this week in Paris", at_end=True) is None
    assert line_credit("0|الأناضول", at_end=False).outlet == "الأناضول"  # a counter beside the wire
    assert line_credit("Bandar Desk", at_end=True, at_top=True).outlet == "Bandar"
    assert line_credit("Bandar Desk", at_end=True, at_top=False) is None
    assert line_credit("harbour-night.jpg", at_end=False) is None
    assert line_credit("dpkg.cfg", at_end=False) is None and line_credit("Packages.gz", at_end=True) is None
    assert line_credit("hafenblatt.rs", at_end=False).outlet == "hafenblatt.rs"  # a country's domain


def test_sites_and_bureaus_as_bylines():
    assert desk_credit("HarborLedger") == "HarborLedger"
    assert desk_credit("harborledger.com") == "harborledger.com"
    assert desk_credit("Lusa Lisbon") == "Lusa"  # a wire and its bureau
    assert desk_credit("McKay") is None and desk_credit("DeLuca") is None  # surnames, not sites
    assert desk_credit("Jane Doe") is None


def test_signatures_mastheads_and_blurbs():
    assert signature_credit("港灣通訊社") == "港灣通訊社"
    assert signature_credit("Harbor News Agency") == "Harbor News Agency"
    assert signature_credit("Jane Doe") is None  # a person signing
    assert masthead("HarborLedger") == "HarborLedger" and masthead("VALLEY TIMES") == "VALLEY TIMES"
    assert masthead("항구일보") == "항구일보" and masthead("港灣日報") == "港灣日報"
    assert masthead("World News") is None and masthead("Sport") is None
    assert produced_by("东方社国内部出品") == "东方社" and produced_by("张三出品") is None
    assert dated_domain("0 Comment(s) Print E-mail harborledger.org, May 26, 2015") == "harborledger.org"
    assert about_credit("Harbor Ledger is a very popular English-language website about ports.") == "Harbor Ledger"
    assert about_credit("Caro leitor, o Porto Azul é um blog que seleciona notícias.") == "Porto Azul"
    assert about_credit("The mayor is a popular figure in the port.") is None


def test_photo_credits_and_long_blurbs():
    assert photo_credit("▲港口夜景。（示意圖／港灣網資料照，與本案無關。）") == "港灣網"
    assert photo_credit("漁船在碼頭卸貨。 攝:陳大文/港灣傳媒") == "港灣傳媒"
    assert photo_credit("漁船在碼頭卸貨。") is None
    assert about_credit("Caro leitor, o Portal do Porto Azul do Norte é um blog que seleciona notícias.") == \
        "Portal do Porto Azul do Norte"


def test_south_slavic_bylines_and_follow_widgets():
    assert prepared_by("pripravila dopisnica HINA iz Zagreba Ana Novak") == ("HINA", "Ana Novak")
    assert prepared_by("Pripremio novinar Marko Horvat") == (None, "Marko Horvat")
    assert prepared_by("Pripremio je sve za put.") == (None, None)
    assert account_credit("港湾新聞のアカウント") == "港湾新聞" and account_credit("公式アカウント") is None


def test_a_masthead_with_its_date_stamp_names_no_outlet():
    # a column's name over the day's date is a date stamp, not an outlet called "Daily Report 2011-04-12"
    assert masthead("Daily Report 2011-04-12") is None
    assert signature_credit("Harbor News 12.04.2011") is None
    assert masthead("The Harbor Post") == "The Harbor Post"
