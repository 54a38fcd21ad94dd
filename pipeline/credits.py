"""Outlets that a page names without a label: wire credits, datelines, copyright lines.

News text credits its outlet in a few fixed shapes besides "Source:" lines:

- a dateline opening the first paragraphs: `SANTIAGO, Chile (AP) — ...`,
  `(Reuters) - ...`, `MOSKVA, 16 января. /ТАСС/. ...`, `(ANSA) - ROMA, 5 MAG - ...`;
- Chinese wire datelines: `新华社北京9月5日电`, `（中央社記者王小明台北27日電）`, `【東方晨報訊】`;
- a credit line of its own: `(Harbor Ledger)`, `-- NORDWIRE`, or a wire agency's
  name alone at the end of the article;
- a copyright line: `© 2024 Harbor Ledger. All rights reserved.`

A wire agency is recognised by name only in the last shape (a lone line at the
end could be anything else); the others carry their own punctuation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.dates import has_numeric_date

# Wire agencies, as they sign a story on a line of their own. A closed list: agencies are few.
WIRES = frozenset(s.casefold() for s in """
AP|Associated Press|The Associated Press|Reuters|AFP|Agence France-Presse|dpa|EFE|ANSA|Lusa|TASS|ТАСС|РИА Новости|
Интерфакс|Interfax|Xinhua|新华社|新華社|中新社|中新网|中央社|Kyodo|共同通信|Yonhap|연합뉴스|Bernama|PTI|IANS|ANI|UNI|
NTB|TT|Ritzau|STA|Tanjug|Танјуг|BTA|БТА|MTI|ČTK|CTK|PAP|APA|SDA|ATS|Belga|ANP|AAP|CP|The Canadian Press|
Canadian Press|Anadolu|AA|IRNA|ایرنا|ISNA|ایسنا|WAFA|KUNA|WAM|SPA|MENA|Antara|PNA|VNA|TTXVN|Prensa Latina|Notimex|
Télam|Agência Brasil|Europa Press|Agencia EFE|UPI|Bloomberg|HINA|Fena|FENA|MINA|MIA|ATA|Kathimerini|ΑΠΕ-ΜΠΕ|ANA-MPA|
Ukrinform|Укрінформ|БЕЛТА|BelTA|Kazinform|KUNA|QNA|BNA|ONA|NNA|RSS|BSS|UNB|APP|Xinhua News Agency|
رويترز|أ ف ب|فرانس برس|د ب أ|الأناضول|أسوشيتد برس|رویترز|خبرگزاری فرانسه|Рейтер|Франс Пресс|АФП|ロイター|ロイター通信|
路透社|法新社|美联社|美聯社|로이터|AFP통신|AP통신
""".replace("\n", "").split("|") if s.strip())

_AGENCY = r"[A-ZÀ-ÞА-ЯЁ][\w.&'’ -]{0,28}?"
# "SANTIAGO, Chile (AP) — ", "(Reuters) - ", "Peking (AFP) Bei dem ...", "KUALA LUMPUR, 11 Mei (Bernama) --"
_DATELINE = re.compile(
    rf"^\s*(?P<place>[A-ZÀ-ÞА-ЯЁ][^\W\d_]*[\w.,'’ /-]{{0,40}}?\s*)?[(（]\s*(?P<agency>{_AGENCY})\s*[)）]\s*"
    rf"(?:(?P<dash>[-–—:•]+|--)|(?=[A-ZÀ-ÞА-ЯЁ]))")
# "НЬЮ-ЙОРК, 16 января. /ТАСС/. "
_SLASH_DATELINE = re.compile(rf"^\s*[A-ZÀ-ÞА-ЯЁ][^/]{{0,40}}?\s/(?P<agency>{_AGENCY})/[.\s]")
# "(ANSA) - ROMA, 5 MAG - " is covered by _DATELINE; "SANTIAGO – Reuters" on a line of its own:
_PLACE_AGENCY = re.compile(r"^\s*[A-ZÀ-ÞА-ЯЁ][A-ZÀ-ÞА-ЯЁ .,'’-]{2,30}\s[-–—]\s(?P<agency>[A-Z][\w.& -]{1,30})\s*$")
_ZH_DATELINE = re.compile(
    r"^\s*[（(【]?\s*(?P<outlet>[\u4e00-\u9fff]{1,6}?(?:社|網|网|台))"
    r"(?:(?:記者|记者)\s*(?P<name>[\u4e00-\u9fff]{2,3}))?[\u4e00-\u9fff]{0,8}?"
    r"[\d一二三四五六七八九十〇]{1,4}(?:月[\d一二三四五六七八九十〇]{1,3})?日(?:電|电|綜合|综合)")
_TAG = (r"【(?P<outlet>[^【】\s]{1,10}?(?:社|網|网|台|報|报|新聞台|新闻台|通信))(?:訊|讯)?】"
        r"(?:\s*(?:記者|记者)\s*(?P<name>[\u4e00-\u9fff]{2,3})(?:報道|报道|報導|报导))?")
_ZH_TAG = re.compile(r"^\s*" + _TAG)
# The same tag after a time stamp, on a page flattened to one line: "... 2024年3月5日 09:12 【港灣新聞台】...".
_ZH_TAG_AFTER_TIME = re.compile(r"^.{0,150}?\d[:：]\d{2}\s*" + _TAG)
# A CJK outlet's name as it ends: 东方社, 港灣網, 晨報, 新聞台, 某某通信, 某某电视 (not "本报", "this paper").
_CJK_OUTLET = re.compile(r"^(?!本[报報台网網社])[\u4e00-\u9fff\u3040-\u30ffA-Za-z0-9]{1,14}"
                         r"(?:社|網|网|报|報|台|通信|新聞|新闻|電視|电视|週刊|周刊)$")
# A web outlet's domain as its name: "harborledger.example", "NEWS.EXAMPLE.COM".
# Its last part a country's two letters or a generic top-level name, not a file's extension ("dpkg.cfg", "a.gz").
_DOMAIN = (r"(?:www\.)?[A-Za-z][\w-]*(?:\.[A-Za-z][\w-]*)*\.(?:(?!(?i:gz|js|py|sh|md|rb|so|ko|xz|bz|db|hs|cs|ts|go|"
           r"pm|ps|mo|po)(?![\w.]))[A-Za-z]{2}|(?i:com|net|org|info|biz|news|media|press|online|"
           r"site|today|world|asia|africa|tv|fm|co|io))(?![\w.])")
_DOMAIN_NAME = re.compile(_DOMAIN)
# A domain opening a paragraph as its dateline: "Harborledger.id - The minister said", "PORT.EXAMPLE, LISBOA -".
_DOMAIN_DATELINE = re.compile(
    rf"^\s*(?P<outlet>{_DOMAIN})(?:\s*,\s*[^\W\d_][^\W\d_ ]*(?:\s[^\W\d_]+){{0,2}})?\s*[-–—]+\s*(?=\S)")
# A domain on a line of its own, alone or with a section name: "harborledger.example: News".
_DOMAIN_LINE = re.compile(rf"^\s*(?P<outlet>{_DOMAIN})\s*(?:[:|｜]\s*[^\W\d_][^\W\d_ ]{{0,24}})?\s*$")
# A translated Chinese wire dateline: "East Wire Service, Lisbon, March 5 (Reporter Li Ming) The ...".
_REPORTER_DATELINE = re.compile(
    r"^\s*(?P<outlet>[A-Z][\w.&'’-]*(?:\s[A-Z][\w.&'’-]*){0,4}),\s[^()（）]{2,60}?\s\d{1,2}(?:st|nd|rd|th)?\s*[(（]\s*"
    r"(?i:(?:by\s+)?(?:staff\s+|special\s+)?(?:reporters?|correspondents?|journalists?))\s+(?P<name>[^()（）]{2,60}?)\s*[)）]")
# A reporter credit in brackets opening the lead, as translations render "【某网记者 王某】": "[Harbor net reporter Li Ming]".
_BRACKET_REPORTER = re.compile(r"^\s*[\[【]\s*(?:[^\[\]【】]{0,30}?\s)?(?i:reporters?|correspondents?)\s+"
                               r"(?P<names>[A-Z][^\[\]【】]{1,40}?)\s*[\]】]")
# The agency a Persian lead credits, as Iranian agencies open their stories: "به گزارش <agency>، ...".
_FA_REPORT = re.compile(r"^\s*به گزارش\s+(?P<outlet>[^،,.:\s]+(?:\s+[^،,.:\s]+){0,3}?)\s*(?:[،,]|\s+به نقل از\s)")
# A site naming itself by its domain in its lead: "According to harborledger.example, ...", "По данным Port.example".
_DOMAIN_SAYS = re.compile(rf"(?i:\b(?:according to|reports?|по данным|сообщает|передает|передаёт|пишет|laut|selon|"
                          rf"según|segundo|secondo|menurut|theo)\s+)(?P<outlet>{_DOMAIN})")
# A wire its correspondent reports for: "..., передает корреспондент ТАСС", "повідомляє кореспондент Укрінформ".
_CORRESPONDENT = re.compile(r"(?:переда[её]т|сообщает|переда[єе]|повідомляє)\s+(?:собственный\s+|власний\s+)?"
                            r"к[оа]р+еспондент\w*\s+(?P<wire>[^\W\d_][\w-]{1,20})")
_DOMAIN_DATE = re.compile(rf"(?P<outlet>{_DOMAIN})\s*[,|｜·•]\s*(?:[^\W\d_]{{3,9}}\.?\s+)?\d{{1,4}}\b")
# "东方社国内部出品": an outlet's desk credited as the producer of a video item.
_PRODUCED = re.compile(r"^(?P<outlet>[\u4e00-\u9fff]{2,8}?(?:社|网|網|台|报|報))[\u4e00-\u9fff]{0,6}出品$")
_FILE_PHOTO = re.compile(r"[／/]\s*(?P<outlet>[A-Za-z\u4e00-\u9fff]{2,12}?)(?:資料照|资料照)|(?:攝|摄)\s*[:：]\s*"
                         r"[\u4e00-\u9fff]{2,4}\s*[／/]\s*(?P<staff>[A-Za-z\u4e00-\u9fff]{2,12})\s*$")
_PREPARED = re.compile(r"^(?i:pripravil[a]?|pripremil[ao]|pripremio|napisal[a]?|napisao)\s+"
                       r"(?:(?i:dopisni(?:k|ca)|novinar(?:ka)?|urednik|urednica)\s+)?(?:(?P<wire>[A-ZČŠŽĆĐ][\w-]{1,15})\s+)?"
                       r"(?:(?i:iz|u|v)\s+[A-ZČŠŽĆĐ][^\W\d_]+\s+)?"
                       r"(?P<name>[A-ZČŠŽĆĐ][^\W\d_]+(?:\s[A-ZČŠŽĆĐ][^\W\d_]+){1,2})$")
_ACCOUNT = re.compile(r"^(?P<outlet>[\u4e00-\u9fff\u30a0-\u30ffA-Za-z0-9]{2,12}?)の(?:公式)?アカウント$")
_KO_OUTLET = re.compile(r"^[가-힣A-Za-z0-9 ]{1,16}(?:신문|일보|방송|통신|타임스|타임즈|데일리)$")
_MASTHEAD_WORD = re.compile(r"(?i)\b(?:daily|times|post|herald|tribune|gazette|journal|courier|chronicle|observer|"
                            r"zeitung|diario|jornal|giornale|gazeta|dagblad|avis|kurier)\b")
# A site describing itself: "<Outlet> is a (leading) news website", "<Outlet> é um blog", "<Outlet> est un site".
_ABOUT = re.compile(
    r"(?:^|[,.]\s+)(?:the\s+|o\s+|a\s+|el\s+|la\s+|le\s+)?(?P<outlet>[A-Z][\w.&'’-]*(?:\s(?:[A-Z][\w.&'’-]*|do|da|de|del|of)){0,6})"
    r"\s(?:is|é|es|est|ist)\s(?:a|an|the|um|uma|un|una|une|ein|eine)\s(?:[\w-]+\s){0,4}?"
    r"(?i:website|web site|news site|news portal|portal|blog|newspaper|magazine|news agency|broadcaster|site|sitio|"
    r"periódico|jornal|revista|journal|zeitung|nachrichtenportal|webseite)\b")
# "New on Harbor Ledger" heading the site's other stories under an article.
_NEW_ON = re.compile(r"(?i)^(?:new on|latest on|ново на|новое на|нове на|novo n[ao]|nuevo en|neu auf|nouveau sur|nytt på|"
                     r"nyt på|nieuw op|nowe na)\s+(?P<outlet>[^\W\d_][\w.&'’-]*(?:\s[\w.&'’-]+){0,2})\s*[:.…]?$")
# "Read the full article on Harbor Ledger": a teaser page naming the outlet it comes from.
_READ_AT = re.compile(
    r"(?i)^(?:read (?:the )?(?:full|whole|complete|entire) (?:article|story)|continue reading|"
    r"läs hela artikeln|les hele (?:artikkelen|saken)|læs hele artiklen|lire l['’]article complet|"
    r"lesen sie den (?:ganzen|vollständigen) artikel|lee el artículo completo|lea la noticia completa|"
    r"leia a matéria completa|leia o artigo completo|leggi l['’]articolo completo|читать полностью|"
    r"lees het volledige artikel|baca selengkapnya)"
    r"\s+(?:on|at|in|auf|bei|på|sur|en|no|na|em|su|sul|op|di|на|в)\s+(?P<outlet>[^\W\d_].{0,40}?)\s*[.…:»>]*$")
_PAREN_LINE = re.compile(r"^\s*[(（]\s*(?P<outlet>[^()（）]{2,40}?)\s*[)）]\s*$")
_DASH_LINE = re.compile(r"^\s*(?:--|—|–)\s*(?P<outlet>[^\W\d_][\w.& -]{1,30})\s*$")
_COPYRIGHT = re.compile(
    r"(?:©|\(c\)|ⓒ|copyright)\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*,?\s*)?(?P<outlet>[^\W\d_][^|•·,;©]{1,60}?)"
    r"\s*(?:$|[|•·,;]|\.\s|\s+(?:inc|ltd|llc|gmbh|all rights|todos los|tous droits|alle rechte|tutti i diritti|"
    r"版权|版權|著作権|저작권|all right)\b)",
    re.IGNORECASE,
)
# "... in der Region. AFP/ dpa", "... (AFP/jW)": a wire's name closing the last paragraph.
_TAIL = re.compile(r"(?:\.\s+|\()(?P<agency>[^\W\d_][\w-]{1,20})(?:\s*/\s*[\w -]{1,15})?\)?\s*$")
# A desk or team credit instead of a person: "Team Harbor Ledger", "Harbor Ledger Desk", "HARBOR TEAM".
_DESK = re.compile(r"(?i)^(?:team|redaksi|redaktion|rédaction|redacción|redação|redazione|редакция(?:\s+сайта)?)"
                   r"\s+(?P<a>.{2,40})$|^(?P<b>.{2,40}?)\s+(?:team|desk|staff|newsroom|redaksi|"
                   r"redaktion|rédaction|redacción|redação|redazione|редакция|编辑部|編輯部|ডেস্ক|डेस्क)$")
# A comment or view counter beside a credit: "0 | Lusa", "Lusa | 12".
_COUNTER = re.compile(r"^\s*\d+\s*[|｜]\s*|\s*[|｜]\s*\d+\s*$")
_RIGHTS = re.compile(r"(?i)reserv|riservat|vorbehalt|derechos|direitos|droits|rights|права|版权|版權|著作|저작")
# A site's name written as one capitalised compound ("HarborLedger", "TheValleyTimes"), not a surname
# with a particle ("McKay", "DeLuca": a first part of fewer than three letters or Mac/Mc).
_CAMEL = re.compile(r"^(?!Ma?c[A-Z])[A-Z][a-z]{2,}(?:[A-Z][a-z]+)+$")
_NEWS_WORD = re.compile(r"(?i)news|press|presse|prensa|agency|agence|agencia|agência|agentur|agenzia|times|post\b|"
                        r"daily|journal|gazette|herald|tribune|zeitung|diario|jornal|giornale|radio|tv\b|новост|"
                        r"агентств|газет|وكالة|صحيفة|خبرگزاری|روزنامه")
_NOT_NAME = re.compile(r"[。！？!?]|\s{3,}|https?://")


@dataclass(frozen=True, slots=True)
class Credit:
    """An outlet a line credits, and an author a Chinese wire dateline names with it."""

    outlet: str
    author: str | None = None


def _outlet(name: str | None) -> str | None:
    if not name:
        return None
    name = name.strip(" .,:;-–—")
    if not 2 <= len(name) <= 40 or _NOT_NAME.search(name) or _RIGHTS.search(name) or len(name.split()) > 5 \
            or has_numeric_date(name):
        return None
    return name


def dateline_credit(line: str) -> Credit | None:
    """The wire agency or outlet that a dateline at the start of a paragraph credits."""
    head = line[:90]
    for pattern in (_DATELINE, _SLASH_DATELINE) if ("(" in head or "（" in head or "/" in head) else ():
        m = pattern.match(line)
        if not m or (outlet := _outlet(m["agency"])) is None or any(ch.isdigit() for ch in outlet):
            continue
        place = m.groupdict().get("place") or ""
        if len(place.split()) > 4 or (pattern is _DATELINE and not m["dash"] and outlet.casefold() not in WIRES):
            continue
        return Credit(outlet)
    m = _ZH_DATELINE.match(line) or _ZH_TAG.match(line) or (_ZH_TAG_AFTER_TIME.match(line) if "【" in head else None)
    if m:
        return Credit(m["outlet"], m.groupdict().get("name"))
    if "(" in head or "（" in head:
        m = _REPORTER_DATELINE.match(line)
        if m and (outlet := _outlet(m["outlet"])) and _looks_like_outlet(outlet):
            return Credit(outlet, m["name"])
    m = _DOMAIN_DATELINE.match(line) if "." in head else None
    if m and (outlet := _outlet(m["outlet"])):
        return Credit(outlet)
    m = _FA_REPORT.match(line) if "به گزارش" in head else None
    if m and (outlet := _outlet(m["outlet"])):
        return Credit(outlet)
    return None


def lead_byline(line: str) -> str | None:
    """The reporter a bracketed credit opening the lead names ("[Harbor net reporter Li Ming] The ...");
    its outlet part, a translation's guess, is not read."""
    m = _BRACKET_REPORTER.match(line) if line[:1] in "[【" or line.lstrip()[:1] in "[【" else None
    return m["names"] if m else None


def self_credit(paragraph: str) -> str | None:
    """A site naming itself by its domain in a lead ("According to harborledger.example, the port ..."), or
    a wire its correspondent reports for ("..., передает корреспондент ТАСС.")."""
    head = paragraph[:600]
    m = _DOMAIN_SAYS.search(head) if "." in head else None
    if m:
        return _outlet(m["outlet"])
    m = _CORRESPONDENT.search(head) if "орреспондент" in head else None
    if m and m["wire"].casefold() in WIRES:
        return m["wire"]
    return None


def dated_domain(line: str) -> str | None:
    """A site's domain before the article's date on a header line ("Print E-mail harborledger.example, May 26, 2015")."""
    m = _DOMAIN_DATE.search(line) if len(line) <= 120 and "." in line else None
    return _outlet(m["outlet"]) if m else None


def produced_by(line: str) -> str | None:
    """The outlet a Chinese producer credit names ("东方社国内部出品": produced by the outlet's desk)."""
    m = _PRODUCED.match(line.strip()) if line.rstrip().endswith("出品") else None
    return m["outlet"] if m else None


def masthead(line: str) -> str | None:
    """An outlet's name as a masthead line prints it: a compound or a domain ("HarborLedger",
    "harborledger.example"), capitalised words with a newspaper word ("VALLEY TIMES", "The Harbor Post"),
    a CJK or Korean outlet's name ("港灣日報", "항구일보"). A plain "News" is a section, not a name."""
    text = line.strip()
    if not 2 <= len(text) <= 40:
        return None
    if _CAMEL.match(text) or (_DOMAIN_NAME.fullmatch(text) and "." in text):
        return text
    if _CJK_OUTLET.match(text) or _KO_OUTLET.match(text):
        return text
    if _MASTHEAD_WORD.search(text) and (text.isupper() or _looks_like_outlet(text)) and len(text.split()) <= 4:
        return _outlet(text)
    return None


def photo_credit(line: str) -> str | None:
    """The outlet a Chinese caption credits its own photo to ("（示意圖／港灣網資料照）" a file photo of the
    outlet, "攝：陳大文/港灣傳媒" its photographer)."""
    m = _FILE_PHOTO.search(line) if "資料照" in line or "资料照" in line or "攝" in line or "摄" in line else None
    return _outlet(m["outlet"] or m["staff"]) if m else None


def prepared_by(line: str) -> tuple[str | None, str | None]:
    """The wire and the reporter of a South Slavic byline ("pripravila dopisnica <Wire> iz Zagreba Ana Novak",
    "Pripremio novinar Marko Horvat"): (wire or None, name or None)."""
    m = _PREPARED.match(line.strip()) if line.lstrip()[:1] in "pPnN" else None
    if not m:
        return None, None
    wire = m["wire"] if m["wire"] and m["wire"].casefold() in WIRES else None
    return wire, m["name"]


def account_credit(line: str) -> str | None:
    """The site a Japanese follow widget names ("港湾新聞のアカウント", "港湾新聞の公式アカウント")."""
    m = _ACCOUNT.match(line.strip()) if line.rstrip().endswith("アカウント") else None
    return m["outlet"] if m else None


def about_credit(line: str) -> str | None:
    """The outlet a site's blurb describes ("Harbor Ledger is a leading news website ...", "O Portal X é
    um blog que ...")."""
    m = _ABOUT.search(line[:200]) if len(line) >= 20 else None
    if m is None:
        return None
    name = m["outlet"]
    particles = sum(1 for w in name.split() if w in ("do", "da", "de", "del", "of"))
    return name if len(name.split()) - particles <= 5 and _outlet(name.replace(" ", "")[:40]) else None


def line_credit(line: str, at_end: bool, at_top: bool = True) -> Credit | None:
    """The outlet a short line of its own credits: `(Outlet)`, `-- OUTLET`, `PLACE – Agency`, a domain
    ("harborledger.example: News"), "Read the full article on <Outlet>", a desk at the top ("Team X"),
    or (closing an article) a wire agency's name alone, a counter beside it allowed ("0 | Lusa")."""
    text = line.strip()
    if not text or len(text) > 120:
        return None
    for pattern in (_PAREN_LINE, _DASH_LINE, _PLACE_AGENCY, _DOMAIN_LINE, _READ_AT):
        if pattern is _DOMAIN_LINE and "." not in text:
            continue
        m = pattern.match(text)
        if m and (outlet := _outlet(m.groupdict().get("outlet") or m.groupdict().get("agency"))):
            if pattern is not _PAREN_LINE or outlet.casefold() in WIRES or _looks_like_outlet(outlet) \
                    or _CJK_OUTLET.match(outlet):
                return Credit(outlet)
    if at_end and (m := _NEW_ON.match(text)) and (outlet := _outlet(m["outlet"])):
        return Credit(outlet)
    if wire := closing_wire(text, at_end):
        return Credit(wire)
    desk = desk_credit(text) if at_top and len(text.split()) <= 5 else None
    if desk and desk.casefold() not in WIRES:
        return Credit(desk)
    return None


def signature_credit(line: str) -> str | None:
    """The outlet a statement is signed with, on its line above the date ("港灣通訊社", "Harbor News
    Agency"): a CJK outlet's name or capitalised words with a news word in them; a person signing is not read."""
    text = line.strip()
    if _CJK_OUTLET.match(text):
        return text
    if len(text) <= 40 and _NEWS_WORD.search(text) and _looks_like_outlet(text):
        return _outlet(text)
    return None


def closing_wire(line: str, at_end: bool = True) -> str | None:
    """A wire agency's name alone on a line closing an item ("Lusa"), or beside a counter anywhere
    ("0 | Lusa")."""
    text = line.strip()
    bare = _COUNTER.sub("", text) if "|" in text or "｜" in text else text
    return bare if (at_end or bare != text) and bare.casefold() in WIRES else None


def tail_credit(line: str) -> str | None:
    """A wire agency's name closing an article's last paragraph ("... AFP/ dpa", "(AFP/jW)")."""
    m = _TAIL.search(line[-60:]) if "(" in line[-60:] or ". " in line[-60:] else None
    if m and m["agency"].casefold() in WIRES:
        return m["agency"]
    return None


def desk_credit(name: str) -> str | None:
    """The outlet behind a desk or team byline ("Team Harbor Ledger" -> "Harbor Ledger"), or a wire
    agency named as the author ("Reuters", "Reuters Staff")."""
    name = name.strip()
    if name.casefold() in WIRES:
        return name
    words = name.split()
    if len(words) == 1 and (_CAMEL.match(name) or _DOMAIN_NAME.fullmatch(name)):
        return name  # "By HarborLedger", "By harborledger.example": a site, not a person
    if 1 < len(words) <= 3 and words[0].casefold() in WIRES and all(w[:1].isupper() for w in words[1:]):
        return words[0]  # "Wire New Delhi": the wire and its bureau
    m = _DESK.match(name)
    if m:
        outlet = _outlet(m["a"] or m["b"])
        return outlet if outlet and outlet.casefold() not in ("the", "news") else None
    return None


def copyright_credit(line: str) -> str | None:
    """The holder a copyright line names ("© 2024 Harbor Ledger. All rights reserved." -> Harbor Ledger);
    for "Copyright AP - Associated Press" the first name."""
    line = line if len(line) <= 200 else line[-80:]
    lower = line.lower()
    if "©" not in line and "ⓒ" not in line and "(c)" not in lower and "copyright" not in lower:
        return None
    m = _COPYRIGHT.search(line)
    if not m:
        return None
    name = re.split(r"\s+[-–—]\s+", m["outlet"])[0]
    return _outlet(name)


def _looks_like_outlet(name: str) -> bool:
    """Capitalised words or a domain, as outlets write their names ("China Daily", "example.com")."""
    if "." in name and " " not in name:
        return True
    words = name.split()
    return all(w[0].isupper() or not w[0].isalpha() for w in words) and len(words) <= 4
