"""Dates in news headers, in any common form and language, to ISO 8601.

Nearly every date a news page states is one of a few shapes: ISO or numeric
(`2024-02-02`, `02.02.2024`, `2024/2/2`), CJK (`2024年2月2日`, `2024년 2월 2일`),
day-month-year or month-day-year with a month name (`2 February 2024`,
`2. Februar 2024`, `14 de marzo de 2024`, `Feb. 2, 2024`, `22 أبريل 2024`), or
relative to when the page was fetched (`3 hours ago`, `вчера`, `3小时前`).
Those are read here by precompiled expressions, which is fast and exact about
day/month order; dateparser only sees what they do not cover.

Nothing is guessed: day, month and year must all be stated; a relative date is
resolved only against a known crawl time, and only when it names a day
(`3 months ago` is not a day, so it stays null); an ambiguous numeric date
follows the caller's day-first hint, an unambiguous one (`03/14/2024`) is read
the only way it can be.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from pipeline.hebrew_calendar import hebrew_date

_MIN_YEAR, _MAX_YEAR = 1900, 2100

# Month names and abbreviations of the languages the corpus sees most. A name
# maps to one month in every language that uses it ("mar", "mai", "set" agree).
_MONTH_NAMES: dict[int, tuple[str, ...]] = {
    1: ("january", "jan", "января", "январь", "янв", "enero", "ene", "janeiro", "januar", "jänner", "janvier",
        "janv", "gennaio", "gen", "يناير", "كانون الثاني", "jänn",
        "januari", "ocak", "січня", "січень", "জানুয়ারি", "জানুয়ারী", "जनवरी", "มกราคม", "ม.ค."),
    2: ("february", "feb", "февраля", "февраль", "фев", "февр", "febrero", "fevereiro", "fev", "februar",
        "février", "fevrier", "févr", "febbraio", "فبراير", "شباط",
        "februari", "şubat", "subat", "лютого", "лютий", "ফেব্রুয়ারি", "ফেব্রুয়ারী", "फ़रवरी", "फरवरी", "กุมภาพันธ์", "ก.พ."),
    3: ("march", "mar", "марта", "март", "мар", "marzo", "março", "marco", "märz", "maerz", "mär", "mars",
        "مارس", "آذار", "اذار",
        "marts", "mart", "maret", "mac", "березня", "березень", "মার্চ", "मार्च", "มีนาคม", "มี.ค."),
    4: ("april", "apr", "апреля", "апрель", "апр", "abril", "abr", "avril", "avr", "aprile", "أبريل", "ابريل",
        "إبريل", "نيسان",
        "nisan", "квітня", "квітень", "এপ্রিল", "अप्रैल", "เมษายน", "เม.ย."),
    5: ("may", "мая", "май", "mayo", "maio", "mai", "maggio", "mag", "مايو", "أيار", "ايار",
        "maj", "mayıs", "mayis", "mei", "травня", "травень", "মে", "मई", "พฤษภาคม", "พ.ค."),
    6: ("june", "jun", "июня", "июнь", "июн", "junio", "junho", "juni", "juin", "giugno", "giu", "يونيو",
        "يونيه", "حزيران",
        "haziran", "червня", "червень", "জুন", "जून", "มิถุนายน", "มิ.ย."),
    7: ("july", "jul", "июля", "июль", "июл", "julio", "julho", "juli", "juillet", "juil", "luglio", "lug",
        "يوليو", "يوليه", "تموز",
        "julai", "temmuz", "липня", "липень", "জুলাই", "जुलाई", "กรกฎาคม", "ก.ค."),
    8: ("august", "aug", "августа", "август", "авг", "agosto", "ago", "août", "aout", "أغسطس", "اغسطس", "آب",
        "augusti", "agustus", "ogos", "ağustos", "agustos", "серпня", "серпень", "আগস্ট", "अगस्त", "สิงหาคม", "ส.ค."),
    9: ("september", "sep", "sept", "сентября", "сентябрь", "сен", "сент", "septiembre", "setiembre",
        "setembro", "set", "septembre", "settembre", "سبتمبر", "أيلول", "ايلول",
        "eylül", "eylul", "вересня", "вересень", "সেপ্টেম্বর", "सितंबर", "सितम्बर", "กันยายน", "ก.ย."),
    10: ("october", "oct", "октября", "октябрь", "окт", "octubre", "outubro", "out", "oktober", "okt",
         "octobre", "ottobre", "ott", "أكتوبر", "اكتوبر", "تشرين الأول", "تشرين الاول",
        "ekim", "жовтня", "жовтень", "অক্টোবর", "अक्टूबर", "ตุลาคม", "ต.ค."),
    11: ("november", "nov", "ноября", "ноябрь", "нояб", "ноя", "noviembre", "novembro", "novembre", "نوفمبر",
         "تشرين الثاني",
        "kasım", "kasim", "листопада", "листопад", "নভেম্বর", "नवंबर", "नवम्बर", "พฤศจิกายน", "พ.ย."),
    12: ("december", "dec", "декабря", "декабрь", "дек", "diciembre", "dic", "dezembro", "dez", "dezember",
         "décembre", "decembre", "déc", "dicembre", "ديسمبر", "كانون الأول", "كانون الاول",
        "desember", "disember", "aralık", "aralik", "грудня", "грудень", "ডিসেম্বর", "दिसंबर", "दिसम्बर", "ธันวาคม", "ธ.ค."),
}
# More languages, full names only (nominative and the genitive dates use), so that no short word of
# one language reads as a month of another; "listopad(a)" is left out: October in Croatian, November
# in Polish and Czech. Hebrew names also as written after the preposition ב- ("בספטמבר").
_MORE_MONTHS = {
    1: "stycznia styczeń ledna leden januára januarja siječnja siječanj јануар януари ianuarie ιανουαρίου ינואר "
       "gener ژانویه",
    2: "lutego luty února únor februára februarja veljače veljača фебруар февруари februarie φεβρουαρίου פברואר "
       "febrer pebrero فوریه",
    3: "marca března březen marec maart ožujka ožujak martie μαρτίου מרץ מרס març marso",
    4: "kwietnia kwiecień dubna duben apríla aprila travnja travanj април aprilie απριλίου אפריל آوریل",
    5: "maja května květen mája svibnja svibanj мај μαΐου מאי maig",
    6: "czerwca czerwiec června červen júna junij junija lipnja lipanj јун юни iunie ιουνίου יוני juny hunyo ژوئن",
    7: "lipca lipiec července červenec júla julij julija srpnja srpanj јул юли iulie ιουλίου יולי juliol hulyo "
       "ژوئیه",
    8: "sierpnia sierpień srpna srpen augusta avgust avgusta kolovoza kolovoz augustus αυγούστου אוגוסט agost اوت",
    9: "września wrzesień září septembra septembar rujna rujan септембар септември septembrie σεπτεμβρίου ספטמבר "
       "setembre setyembre سپتامبر",
    10: "października październik října říjen októbra oktobra oktobar октобар октомври octombrie οκτωβρίου "
        "אוקטובר oktubre اکتبر",
    11: "listopadu novembra novembar studenoga studenog studeni новембар ноември noiembrie νοεμβρίου נובמבר "
        "nobyembre نوامبر",
    12: "grudnia grudzień prosince prosinec decembra decembar prosinca prosinac децембар декември decembrie "
        "δεκεμβρίου דצמבר desembre disyembre دسامبر",
}
_HEBREW = re.compile(r"[\u0590-\u05ff]")
for _month, _names in _MORE_MONTHS.items():
    _MONTH_NAMES[_month] += tuple(_names.split()) + tuple("ב" + n for n in _names.split() if _HEBREW.match(n))
# Keys as `_normalise` leaves the text (NFKC splits some Bengali and Devanagari letters).
_MONTHS = {unicodedata.normalize("NFKC", name): month for month, names in _MONTH_NAMES.items() for name in names}
_THAI_MONTHS = {name: month for name, month in _MONTHS.items() if "\u0e00" <= name[0] <= "\u0e7f"}
# Solar Hijri months (Iran, Afghanistan): read only with a Solar Hijri year (1300-1499).
_PERSIAN_MONTHS = {name: n for n, name in enumerate(
    "فروردین اردیبهشت خرداد تیر مرداد شهریور مهر آبان آذر دی بهمن اسفند".split(), start=1)}
# Weekday names and abbreviations: they go with a date, never name an outlet or a person.
WEEKDAYS = frozenset("""
monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun
понедельник вторник среда четверг пятница суббота воскресенье пн вт ср чт пт сб вс
lunes martes miércoles miercoles jueves viernes sábado sabado domingo lun mar mié mie jue vie sáb sab dom
segunda-feira terça-feira quarta-feira quinta-feira sexta-feira segunda terça quarta quinta sexta seg ter qua qui sex
montag dienstag mittwoch donnerstag freitag samstag sonntag mo di mi do fr sa so
lundi mardi mercredi jeudi vendredi samedi dimanche lunedì martedì mercoledì giovedì venerdì sabato domenica
الاثنين الإثنين الثلاثاء الأربعاء الاربعاء الخميس الجمعة السبت الأحد الاحد
""".split())


def _trie(words) -> str:
    """An alternation of literal words as a regex trie: `re` tries "a|b|c" branch by branch at every
    position, a trie decides on each character once (month names are searched in every date)."""
    tree: dict = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(tree)
_MONTH = "(?P<month>" + _trie(_MONTHS) + r")(?![^\W\d_])\.?"
_LETTER_BEFORE = r"(?<![^\W\d_])"

_ISO = re.compile(r"(?<![\d.])(\d{4})\s?[-/.]\s?(\d{1,2})\s?[-/.]\s?(\d{1,2})(?![\d])")
_NUMERIC = re.compile(r"(?<![\d.])(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})(?![\d])"
                      r"|(?<![\d.])(\d{1,2})\.\s(\d{1,2})\.\s(\d{4})(?![\d])")  # "23. 02. 2021."
# Years counted from another era, read only where the era is named or the calendar's own month is
# (Hebrew-calendar dates, with their letters for numbers, are read by `pipeline.hebrew_calendar`):
# Japanese era names (令和6年 = 2024), the Republic of China (民國113年 = 2024), Thai Buddhist-era
# years with a Thai month (8 ธ.ค. 2568, or 68 for short), Solar Hijri years (1398/09/18, 18 آذر 1398).
_JA_ERA = re.compile(r"(令和|平成|昭和)\s*(元|\d{1,2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_JA_ERA_START = {"令和": 2018, "平成": 1988, "昭和": 1925}
_ROC = re.compile(r"(?:中華民國|中华民国|民國|民国)\s*(\d{2,3})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_THAI = re.compile(r"(?<!\d)(\d{1,2})\s*(" + "|".join(sorted(map(re.escape, _THAI_MONTHS), key=len, reverse=True))
                   + r")\s*(\d{4}|\d{2})(?!\d)")
_PERSIAN = re.compile(r"(?<!\d)(\d{1,2})\s*(" + "|".join(_PERSIAN_MONTHS) + r")\s*(1[34]\d\d)(?!\d)")
_CJK = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号號]")
_KO = re.compile(r"(\d{4})\s*년\s*(\d{1,2})\s*월\s*(\d{1,2})\s*일")
# "2 February 2024", "2. Februar 2024", "14 de marzo de 2024", "1er juillet 2024", "24, أغسطس 2019"
_DAY_MONTH_YEAR = re.compile(
    rf"(?<!\d)(?P<day>\d{{1,2}})(?:st|nd|rd|th|er|eme|ème|º|ª|°)?\.?,?\s*(?:de\s+|of\s+)?{_LETTER_BEFORE}{_MONTH}"
    r",?\s*(?:de\s+|del\s+)?(?P<year>\d{4})(?!\d)"
)
# "February 2, 2024", "Feb. 2nd 2024"
_MONTH_DAY_YEAR = re.compile(
    rf"{_LETTER_BEFORE}{_MONTH}\s*(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?!\d),?\s*(?P<year>\d{{4}})(?!\d)"
)
_YEAR = re.compile(r"\d{4}")
_DAY_MONTH = re.compile(rf"(?P<day>\d{{1,2}})\.?\s*(?:de\s+)?{_MONTH}")
# Where a lead states its date (see `lead_date`); a word for today in the languages the corpus sees most.
_LEAD_BRACKET = re.compile(r"^[(（\[](?P<date>[^()（）\[\]]{4,40})[)）\]]")
_TODAY_BRACKET = re.compile(r"(?i)(?:\btoday|\bheute|aujourd'hui|\bhoy|\bhoje|\boggi|сегодня|今天|今日|오늘|วันนี้|اليوم|"
                            r"hari ini|bugün|dzisiaj|vandaag|\bidag|\bi dag|danas|днес|dnes|danes)\s*"
                            r"[(（](?P<date>[^()（）]{4,40})[)）]")
_LEAD_DATELINE = re.compile(r"^[A-ZÀ-ÞА-ЯЁ][^\W\d_]+(?:[ '.-][^\W\d_]+){0,3},\s*(?P<date>[^,()\-–—]{3,30}?)\s*"
                            r"(?:[(（][^()（）]{1,30}[)）]\s*)?[-–—]")
# A date with no year or no day ("Mar 8", "8. März", "3月14日", "14.03.", "March 2024"): stated, not to be read.
_PARTIAL = re.compile(
    rf"(?<!\d)\d{{1,2}}(?:st|nd|rd|th|er)?\.?\s*(?:de\s+)?{_LETTER_BEFORE}{_MONTH}"
    rf"|{_LETTER_BEFORE}{_MONTH.replace('?P<month>', '?:')}\s*(?:\d{{1,2}}|\d{{4}})(?!\d)"
    r"|\d{1,2}\s*月\s*\d{1,2}\s*[日号號]|\d{1,2}\s*월\s*\d{1,2}\s*일|(?<![\d.])\d{1,2}[./]\d{1,2}\.(?!\d)"
)
_DIGIT = re.compile(r"\d")
_RANGE_TO = re.compile(r"\s*(?:[-–—~〜～]|to|bis|au|al|до|至|到)\s*(?=\d)")  # a second date after the first
_RANGE_FROM = re.compile(r"(?<![\d.:/])\d{1,2}\.?\s*[-–—]\s*$")  # "3-" of "3-9 March 2024"

# Relative dates. Each pattern captures an amount (digits, or none for "one")
# and a unit; a unit shorter than a day resolves to the crawl time minus the
# offset; months and years name no day, so they stay null.
_ONE = r"a|an|one|un|una|um|uma|une|einer|einem|einen|ein|один|одну|одна"
_EN_UNIT = r"sec(?:ond)?s?|min(?:ute)?s?|h(?:ou)?rs?|hours?|h|days?|weeks?|wks?|months?|years?|yrs?"
_RELATIVE_AMOUNT = [
    re.compile(rf"(?i)\b(?P<n>\d+|{_ONE})\s*(?P<unit>{_EN_UNIT})\.?\s+ago\b"),
    re.compile(r"(?i)(?<!\w)(?P<n>\d+)?\s*(?P<unit>секунд\w*|сек|минут\w*|мин|час\w*|дн\w*|день|недел\w*|месяц\w*|год\w*|лет)\.?\s+назад"),
    re.compile(r"(?P<n>\d+)\s*(?P<unit>秒钟?|秒鐘|分钟|分鐘|分|小时|小時|時間|天|日|周|週間?|星期|个月|個月|ヶ月|か月|カ月|年)\s*以?前"),
    re.compile(r"(?P<n>\d+)\s*(?P<unit>초|분|시간|일|주|개월|달|년)\s*전"),
    re.compile(rf"(?i)\bhace\s+(?P<n>\d+|{_ONE})\s+(?P<unit>segundos?|minutos?|min|horas?|h|días?|dias?|semanas?|mes(?:es)?|años?)(?!\w)"),
    re.compile(rf"(?i)(?<!\w)h[áa]\s+(?P<n>\d+|{_ONE})\s+(?P<unit>segundos?|minutos?|min|horas?|h|dias?|semanas?|mes(?:es)?|anos?)(?!\w)"),
    re.compile(rf"(?i)\bvor\s+(?P<n>\d+|{_ONE})\s+(?P<unit>Sekunden?|Minuten?|Min|Stunden?|Std|Tag(?:en)?|Wochen?|Monat(?:en)?|Jahr(?:en)?)(?!\w)\.?"),
    re.compile(rf"(?i)\bil\s+y\s+a\s+(?P<n>\d+|{_ONE})\s+(?P<unit>secondes?|minutes?|min|heures?|h|jours?|semaines?|mois|ans?)(?!\w)"),
    re.compile(r"(?i)\b(?P<n>\d+|un|una)\s+(?P<unit>second[oi]|minut[oi]|or[ae]|giorn[oi]|settiman[ae]|mes[ei]|ann[oi])\s+fa\b"),
    re.compile(r"(?:منذ|قبل)\s+(?P<n>\d+)?\s*(?P<unit>ثوان\w*|ثانية|دقيقت\w*|دقيقة|دقائق|ساعت\w*|ساعة|ساعات|يوم\w*|أيام|ايام|أسبوع\w*|اسبوع\w*|أسابيع|شهر\w*|أشهر|سنة|سنوات)"),
]
# Words naming the crawl day itself or a day before it: (pattern, days back).
_RELATIVE_DAY = [
    (re.compile(r"(?i)\b(?:the\s+)?day before yesterday\b|\bпозавчера\b|\banteayer\b|\banteontem\b|\bvorgestern\b"
                r"|\bavant-hier\b|\bl'altro ieri\b|前天|一昨日|おととい|그저께|그제|أول\s+أمس|اول\s+امس"), 2),
    (re.compile(r"(?i)\b(?:yesterday|вчера|ayer|ontem|gestern|hier|ieri)\b|昨天|昨日|어제|أمس|امس|البارحة"), 1),
    (re.compile(r"(?i)\b(?:today|just now|сегодня|только что|hoy|hoje|heute|aujourd'hui|oggi)\b|今天|今日|刚刚|剛剛"
                r"|たった今|오늘|방금|اليوم|الآن"), 0),
]
# Seconds per unit, by how the unit word starts (casefolded); a unit not
# listed (month, year) names no day.
_UNIT_SECONDS = [
    (("sec", "sek", "seg", "second", "сек", "秒", "초", "ث"), 1),
    (("min", "мин", "分", "분", "دق"), 60),
    (("h", "час", "小", "時", "시간", "ساع", "std", "stund", "or"), 3600),
    (("day", "д", "天", "日", "일", "يوم", "أيام", "ايام", "tag", "jour", "día", "dia", "giorn"), 86400),
    (("week", "wk", "недел", "周", "週", "星期", "주", "أسب", "اسب", "sem", "woch", "settiman"), 7 * 86400),
]
# Words without which no relative pattern can match: most texts skip them all.
_RELATIVE_HINT = re.compile(_trie([
    "ago", "назад", "前", "전", "hace", "há", "ha ", "vor ", "il y a", " fa", "منذ", "قبل", "yesterday", "today",
    "just now", "вчера", "позавчера", "сегодня", "только что", "ayer", "anteayer", "hoy", "ontem", "anteontem", "hoje",
    "gestern", "vorgestern", "heute", "hier", "avant-hier", "aujourd'hui", "ieri", "oggi", "昨", "今", "刚刚", "剛剛",
    "一昨日", "おととい", "たった今", "어제", "그저께", "그제", "오늘", "방금", "أمس", "امس", "أول", "اول", "البارحة",
    "اليوم", "الآن",
]))
_TWO = re.compile(r"ين$|ان$")  # the Arabic dual: "ساعتين" two hours, "يومين" two days
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹০১২৩৪৫৬৭৮৯०१२३४५६७८९๐๑๒๓๔๕๖๗๘๙", "0123456789" * 5)


@dataclass(frozen=True, slots=True)
class DateMatch:
    """A date expression found in a text.

    `iso` is None when the expression is a date that cannot be read for
    certain (an impossible day, a relative date without a crawl time, "3
    months ago"); `rest` is the text around the expression, for callers that
    must judge whether a line is a date line and nothing else.
    """

    iso: str | None
    relative: bool
    rest: str
    start: int = 0  # where the expression is in the text as normalised (digits of every script as ASCII)
    end: int = 0


def _valid(y: int, m: int, d: int) -> str | None:
    if not _MIN_YEAR <= y <= _MAX_YEAR:
        return None
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def parse_date(text: str, day_first: bool = True, relative_base: datetime | None = None) -> str | None:
    """The ISO date written in `text`, or None when it cannot be read for certain."""
    text = text.strip().rstrip(".,;")
    if not text:
        return None
    found = find_date(text, day_first, relative_base)
    if found is not None:
        return None if is_range(text) else found.iso
    # dateparser sees only what could be a whole date the expressions missed (a month name in
    # another language): it needs a four-digit year, and a date without its year or day stays null
    if len(text) > 80 or not _YEAR.search(text) or is_partial(text):
        return None
    return _dateparser(_normalise(text), day_first)


@lru_cache(maxsize=8192)
def find_date(text: str, day_first: bool = True, relative_base: datetime | None = None) -> DateMatch | None:
    """The first date expression of a common form in `text` (no dateparser), or None."""
    text = _normalise(text)
    lower = text.lower()
    if len(lower) != len(text):  # a letter whose lower case is longer: keep offsets exact
        lower = text
    hebrew = hebrew_date(text)
    if hebrew is not None:
        iso, start, end = hebrew
        return DateMatch(iso, False, (text[:start] + " " + text[end:]).strip(), start, end)
    if _DIGIT.search(text):
        era = _era_date(text)
        if era is not None:
            return era
        for pattern in (_ISO, _CJK, _KO):
            m = pattern.search(text)
            if m:
                y, mo, d = int(m[1]), int(m[2]), int(m[3])
                if pattern is _ISO and 1300 <= y < 1500:
                    return _match(text, m, _solar_hijri(y, mo, d))
                return _match(text, m, _valid(y, mo, d))
        if _YEAR.search(text):
            for pattern in (_DAY_MONTH_YEAR, _MONTH_DAY_YEAR):
                m = pattern.search(lower)
                if m and m["month"] in _MONTHS:
                    return _match(text, m, _valid(int(m["year"]), _MONTHS[m["month"]], int(m["day"])))
        m = _NUMERIC.search(text)
        if m:
            a, b, year = (m[1], m[2], m[3]) if m[1] else (m[4], m[5], m[6])
            return _match(text, m, _numeric(int(a), int(b), year, day_first))
    if not _RELATIVE_HINT.search(lower):
        return None
    for pattern in _RELATIVE_AMOUNT:
        m = pattern.search(text)
        if m:
            return _match(text, m, _offset(m, relative_base), relative=True)
    for pattern, days in _RELATIVE_DAY:
        m = pattern.search(text)
        if m:
            iso = (relative_base - timedelta(days=days)).date().isoformat() if relative_base else None
            return _match(text, m, iso, relative=True)
    return None


def _era_date(text: str) -> DateMatch | None:
    """A date whose year is counted in another era or calendar that the text names (see `_JA_ERA`)."""
    m = _JA_ERA.search(text)
    if m:
        year = 1 if m[2] == "元" else int(m[2])
        return _match(text, m, _valid(_JA_ERA_START[m[1]] + year, int(m[3]), int(m[4])))
    m = _ROC.search(text)
    if m:
        return _match(text, m, _valid(1911 + int(m[1]), int(m[2]), int(m[3])))
    m = _THAI.search(text.lower())
    if m:
        year = int(m[3]) + (2500 if len(m[3]) == 2 else 0)
        return _match(text, m, _valid(year - 543 if year > 2400 else year, _THAI_MONTHS[m[2]], int(m[1])))
    m = _PERSIAN.search(text)
    if m:
        return _match(text, m, _solar_hijri(int(m[3]), _PERSIAN_MONTHS[m[2]], int(m[1])))
    return None


def _solar_hijri(year: int, month: int, day: int) -> str | None:
    """The Gregorian date of a Solar Hijri one: days counted from 1 Farvardin 1300 (21 March 1921),
    with the 33-year cycle's leap years (the year modulo 33 is 1, 5, 9, 13, 17, 22, 26 or 30)."""
    if not (1300 <= year < 1500 and 1 <= month <= 12 and 1 <= day <= (31 if month <= 6 else 30)):
        return None
    days = sum(366 if _hijri_leap(y) else 365 for y in range(1300, year))
    days += (month - 1) * 31 if month <= 7 else 186 + (month - 7) * 30
    if month == 12 and day == 30 and not _hijri_leap(year):
        return None
    return (date(1921, 3, 21) + timedelta(days=days + day - 1)).isoformat()


def _hijri_leap(year: int) -> bool:
    return year % 33 in (1, 5, 9, 13, 17, 22, 26, 30)


def lead_date(text: str, day_first: bool = True, month: str | None = None) -> str | None:
    """The article's date as its lead paragraph opens with it: in brackets ("(3 ก.พ. 67) ...",
    "(12.03.2024) ..."), in brackets after a word for today ("... today (12 January 2024) ..."), or in a
    wire dateline ("BERLIN, 12. März 2024 (dpa) - ..."). A dateline without its year ("Kraków, 14. maja
    -") is read only with `month` ("2024-05", a text store's stamp) and only when it names that month."""
    head = _normalise(text.strip()[:400])
    for m in (_LEAD_BRACKET.match(head), _TODAY_BRACKET.search(head), _LEAD_DATELINE.match(head)):
        if m is None:
            continue
        found = find_date(m["date"], day_first)
        if found is not None and found.iso and not found.relative and len(re.findall(r"[^\W\d_]{2,}", found.rest)) <= 2:
            return found.iso
        if month and m.re is _LEAD_DATELINE and (day := _DAY_MONTH.fullmatch(m["date"].lower().strip(" .,"))):
            year, stamp_month = int(month[:4]), int(month[5:7])
            if _MONTHS[day["month"]] == stamp_month:
                return _valid(year, stamp_month, int(day["day"]))
    return None


def is_range(text: str) -> bool:
    """Whether `text` states a span of days ("2023/05/01-2023/05/07", "3-9 March 2024"): a period an
    article covers, not the day it was published."""
    text = _normalise(text)
    found = find_date(text)
    if found is None or found.iso is None or found.relative:
        return False
    after = _RANGE_TO.match(text, found.end)
    return (after is not None and find_date(text[after.end():after.end() + 40]) is not None) or bool(
        _RANGE_FROM.search(text[:found.start]))


def has_numeric_date(text: str) -> bool:
    """The text holds a date written in digits ("2011-04-12", "12.04.2011"), valid or not: a date stamp,
    which no name holds."""
    return bool(_ISO.search(text) or _NUMERIC.search(text))


def is_partial(text: str) -> bool:
    """Whether `text` states a date without its year or day ("Updated Mar 8, 10:45 AM", "3月14日", "March 2024")."""
    text = _normalise(text)
    return bool(_PARTIAL.search(text.lower() if len(text.lower()) == len(text) else text))


def is_relative(text: str) -> bool:
    """Whether `text` states its date relative to when it was read ("3 hours ago", "вчера")."""
    found = find_date(text)
    return found is not None and found.relative


@lru_cache(maxsize=1024)
def parse_crawl_time(value: str | None) -> datetime | None:
    """A document's crawl time (ISO 8601, as readers store it) as a naive datetime, or None."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed.replace(tzinfo=None)


def _normalise(text: str) -> str:
    if text.isascii():
        return text
    return unicodedata.normalize("NFKC", text).translate(_DIGITS)


def _match(text: str, m: re.Match[str], iso: str | None, relative: bool = False) -> DateMatch:
    return DateMatch(iso, relative, (text[: m.start()] + " " + text[m.end():]).strip(), m.start(), m.end())


def _numeric(a: int, b: int, year: str, day_first: bool) -> str | None:
    y = int(year)
    if len(year) == 2:
        y += 2000 if y < 70 else 1900
    if a > 12 >= b:  # only one reading is a date: not a guess
        return _valid(y, b, a)
    if b > 12 >= a:
        return _valid(y, a, b)
    day, month = (a, b) if day_first else (b, a)
    return _valid(y, month, day)


def _offset(m: re.Match[str], base: datetime | None) -> str | None:
    if base is None:
        return None
    unit = m["unit"].casefold()
    seconds = next((s for prefixes, s in _UNIT_SECONDS if unit.startswith(prefixes)), None)
    if seconds is None:
        return None
    n = m["n"]
    amount = int(n) if n and n.isdigit() else 2 if _TWO.search(unit) else 1
    return (base - timedelta(seconds=amount * seconds)).date().isoformat()


def _dateparser(text: str, day_first: bool) -> str | None:
    import dateparser  # imported lazily: most dates never need it

    settings = {
        "DATE_ORDER": "DMY" if day_first else "MDY",
        "REQUIRE_PARTS": ["day", "month", "year"],
        "RETURN_AS_TIMEZONE_AWARE": False,
        "PARSERS": ["timestamp", "absolute-time", "custom-formats"],
    }
    try:
        parsed = dateparser.parse(text, settings=settings)
    except (ValueError, OverflowError):
        return None
    if parsed is None or not _MIN_YEAR <= parsed.year <= _MAX_YEAR:
        return None
    return parsed.date().isoformat()
