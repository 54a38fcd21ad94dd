"""Languages langdetect has no profile for, told from a close one by their letters and commonest words.

langdetect reads Belarusian as Ukrainian or Russian, Malay as Indonesian,
Serbian and Bosnian in Latin letters as Croatian, Kazakh and Mongolian as
Russian or Bulgarian, Azerbaijani as Turkish, Galician as Portuguese or
Spanish, and Basque as anything. Each rule below starts from the profiles'
answer and asks for positive evidence, in letters only one language of the
group uses or in words that differ between them, so that a text of the
profiled language is left alone unless it shows the other's marks.

The answer is (code, variant): the variant names the script where a language
is written in two (`sr-Cyrl`/`sr-Latn`, `be-Cyrl`/`be-Latn`, `uz-Cyrl`/`uz-Latn`).
"""

from __future__ import annotations

import re


def _words(*words: str) -> re.Pattern[str]:
    return re.compile(r"(?i)(?<!\w)(?:" + "|".join(words) + r")(?!\w)")


def _count(pattern: re.Pattern[str], text: str) -> int:
    return len(pattern.findall(text))


# --- Cyrillic --------------------------------------------------------------------------------
_UKRAINIAN_ONLY = re.compile("[їєґЇЄҐ]")
_BELARUSIAN_U = re.compile("[ўЎ]")  # also Uzbek, which has қ ғ ҳ besides
_UZBEK_CYRILLIC = re.compile("[қғҳҚҒҲ]")
_KAZAKH = re.compile("[әғқңұһӘҒҚҢҰҺ]")  # besides ө ү і, which others share
_KAZAKH_WIDE = re.compile("[әғқңөұүһӘҒҚҢӨҰҮҺ]")
_MONGOLIAN = re.compile("[өүӨҮ]")
_NOT_MONGOLIAN = re.compile("[әғқңұһіўїєґӘҒҚҢҰҺІЎЇЄҐ]")
_I_AND_YERY = (re.compile("[іІ]"), re.compile("[ыЫ]"))
_SERBIAN_ONLY = re.compile("[ђћЂЋ]")
_MACEDONIAN_ONLY = re.compile("[ѓќѕЃЌЅ]")
_NOT_SERBIAN = re.compile("[йщъыэёяюьєїґіЙЩЪЫЭЁЯЮЬЄЇҐІ]")
_SERBIAN_CYRILLIC_WORDS = _words("је", "су", "није", "нису", "биће", "који", "која", "које", "такође", "веома",
                                 "због", "године", "али", "шта", "већ", "када")
_MACEDONIAN_WORDS = _words("е", "во", "што", "ќе", "ги", "кој", "според", "години", "беше", "биле", "оваа", "овој",
                           "тој", "таа", "сите", "нивните", "исто така", "но")

# --- Latin -----------------------------------------------------------------------------------
# Serbian (ekavian) and Bosnian/Croatian (ijekavian) forms of the same words.
_EKAVIAN = _words("vreme", "vremenu", "mesto", "mesta", "mestu", "deo", "dela", "delu", "dete", "deca",
                  "dece", "reč", "reči", "lepo", "lep", "lepa", "svet", "sveta", "svetu", "svetski", "pesma",
                  "vest", "vesti", "predsednik", "predsednika", "predsednica", "izveštaj", "uvek", "gde", "ovde",
                  "telo", "reka", "posle", "pre", "ceo", "cela", "celu", "celog", "verovatno", "primer",
                  "primera", "mesec", "meseca", "meseci", "sedište", "veće", "sreća", "nedelja",
                  "nedelje", "bezbednost", "bezbednosti", "istorija", "istorije", "opština", "opštine", "takođe",
                  "dve", "nemački", "zvanično", "sledeći", "sledeće", "videti", "razumeti")
_IJEKAVIAN = _words("vrijeme", "vremenu", "mjesto", "mjesta", "mjestu", "dio", "dijela", "dijelu", "dijete",
                    "djeca", "djece", "riječ", "riječi", "lijepo", "lijep", "lijepa", "svijet", "svijeta",
                    "svijetu", "svjetski", "pjesma", "vijest", "vijesti", "predsjednik", "predsjednika",
                    "izvještaj", "uvijek", "gdje", "ovdje", "tijelo", "rijeka", "poslije", "prije", "cijeli",
                    "cijela", "cijelu", "cijelog", "vjerovatno", "vjerojatno", "primjer", "primjera", "mjesec",
                    "mjeseca", "mjeseci", "sjedište", "vijeće", "sjednica", "dvije", "njemački", "sljedeći",
                    "sljedeće", "vidjeti", "razumjeti", "bezbjednost", "bezbjednosti")
_CROATIAN = _words("tjedan", "tjedna", "tisuća", "tisuće", "kruh", "povijest", "povijesti", "suradnja", "suradnje",
                   "točno", "točka", "vlak", "zrakoplov", "glazba", "kazalište", "sveučilište", "znanost",
                   "obitelj", "obitelji", "tko", "siječnja", "veljače", "ožujka", "travnja", "svibnja", "lipnja",
                   "srpnja", "kolovoza", "rujna", "listopada", "studenoga", "prosinca", "hrvatski", "hrvatske",
                   "hrvatska", "hrvatskoj", "je li", "nogomet", "izvješće", "ravnatelj", "vanjskih", "tvrtka",
                   "tvrtke", "europski", "europske", "europska")
_SERBO_BOSNIAN = _words("hiljada", "hiljade", "hiljadu", "sedmica", "sedmice", "historija", "historije",
                        "istorija", "istorije", "ko", "šta", "tačno", "tačka", "nauka", "nauke", "porodica",
                        "porodice", "saradnja", "saradnje", "saradnji", "opština", "opštine", "općina", "općine",
                        "voz", "muzika", "pozorište", "univerzitet", "univerziteta", "da li", "januar", "februar",
                        "mart", "april", "maj", "juni", "juli", "avgust", "august", "septembar", "oktobar",
                        "novembar", "decembar", "evropski", "evropske", "evropska", "firma", "firme", "fudbal")
_BOSNIAN = _words("historija", "historije", "historiji", "sedmica", "sedmice", "sedmici", "općina", "općine",
                  "općini", "hljeb", "lahko", "mahala", "kahva", "bosanski", "bosanske", "bosanskohercegovački",
                  "bošnjački", "bošnjaci", "bošnjaka", "federacije", "kanton", "kantona", "kantonu")
_MALAY = _words("kerana", "bahawa", "iaitu", "ialah", "daripada", "sahaja", "kerajaan", "wang", "beliau", "selepas",
                "semasa", "mahu", "baharu", "polis", "cuba", "kenderaan", "percuma", "sebarang", "manakala",
                "bagaimanapun", "jabatan", "pejabat", "syarikat", "hospital", "kempen", "projek", "dalam pada itu",
                "pihak berkuasa", "tahun lepas", "minggu lepas")
_INDONESIAN = _words("karena", "bahwa", "yaitu", "saja", "pemerintah", "uang", "setelah", "mau", "polisi", "coba",
                     "kendaraan", "gratis", "bisa", "perusahaan", "kantor", "rumah sakit", "kampanye", "proyek",
                     "kebijakan", "sementara itu", "mengatakan", "tahun lalu", "minggu lalu")
_AZERBAIJANI = re.compile("[əƏ]")
_UZBEK_LATIN = re.compile("(?i)[og][\u02bb\u2018'`](?=[a-z])")
_UZBEK_WORDS = _words("va", "bilan", "uchun", "edi", "ham", "bu", "yil", "yilda", "haqida", "emas", "qilish", "qildi",
                      "bo\u02bbyicha", "bo'yicha", "o\u02bbz", "o'z", "davlat", "prezident")
_BELARUSIAN_LATIN = re.compile("[ŭŬ]")
_ESPERANTO = re.compile("[ĉĝĥĵŝĈĜĤĴŜ]")
_GALICIAN = _words("unha", "unhas", "dunha", "nunha", "tamén", "non", "coa", "coas", "polo", "pola", "xa", "dende",
                   "cando", "moi", "hai", "aínda", "ademais", "sen", "xunta", "galego", "galega")
_PORTUGUESE_SPANISH = _words("uma", "umas", "não", "também", "muito", "pelo", "pela", "já", "quando", "nos", "são",
                             "una", "unas", "no", "también", "muy", "por el", "por la", "ya", "cuando", "desde",
                             "el", "los", "las", "del", "y", "está", "esto", "eso", "ainda", "aún", "todavía")
_BASQUE = _words("eta", "dira", "ere", "baina", "zen", "egin", "izan", "dute", "ditu", "hau", "hori", "beste", "gero",
                 "bere", "behar", "bezala", "egiten", "egingo", "baino", "dela", "duela", "zuen", "zituen", "gaur",
                 "urte", "euskal", "dago", "daude", "dituzte", "zuten", "ziren", "izango", "nahi")
_WORD = re.compile(r"\w+")


# The languages a rule above may turn a profile's answer into, by the profile language they come from.
SIBLINGS = {"sr": {"hr", "bs", "ru", "bg", "mk", "uk"}, "bs": {"hr", "sr"}, "be": {"uk", "ru", "pl"}, "ms": {"id"},
            "kk": {"ru"}, "mn": {"ru", "bg"}, "uz": {"ru"}, "az": {"tr"}, "gl": {"pt", "es"}}


def _at_least(hits: int, text: str, share: float, minimum: int = 2) -> bool:
    """Enough marker hits: at least `minimum`, and at least `share` of the text's words."""
    return hits >= minimum and hits >= share * len(_WORD.findall(text))


def refine(code: str, text: str) -> tuple[str, str | None]:
    """The language of a span the profiles read as `code`, with its script variant where it has two."""
    if code in ("ru", "uk", "bg", "mk", "pl"):
        return _cyrillic(code, text)
    if code in ("hr", "bs", "sr"):
        return _serbo_croatian(code, text)
    if code == "id" and _count(_MALAY, text) > _count(_INDONESIAN, text):
        return "ms", None
    if code in ("pt", "es") and _count(_GALICIAN, text) > 2 * _count(_PORTUGUESE_SPANISH, text) + 1:
        return "gl", None
    # The rules below are for any Latin text, so each first looks for the letters its language needs, cheaply.
    if ("ə" in text or "Ə" in text) and _at_least(_count(_AZERBAIJANI, text), text, 0.05, 3):
        return "az", None
    if _count(_UZBEK_LATIN, text) >= 2 and _at_least(_count(_UZBEK_LATIN, text) + _count(_UZBEK_WORDS, text), text, 0.1):
        return "uz", "uz-Latn"
    if ("ŭ" in text or "Ŭ" in text) and _at_least(_count(_BELARUSIAN_LATIN, text), text, 0.02) \
            and not _ESPERANTO.search(text):
        return "be", "be-Latn"
    if ("tz" in text or "tx" in text) and _at_least(_count(_BASQUE, text), text, 0.15, 3):
        return "eu", None
    return code, None


def _cyrillic(code: str, text: str) -> tuple[str, str | None]:
    if code == "pl" and not re.search("[а-яА-Я]", text):  # Belarusian in Latin letters reads as Polish
        if _at_least(_count(_BELARUSIAN_LATIN, text), text, 0.02, 1) and not _ESPERANTO.search(text):
            return "be", "be-Latn"
        return code, None
    if _BELARUSIAN_U.search(text):
        if _UZBEK_CYRILLIC.search(text):
            return "uz", "uz-Cyrl"
        if not _UKRAINIAN_ONLY.search(text):
            return "be", "be-Cyrl"
    if _KAZAKH.search(text) and _at_least(_count(_KAZAKH_WIDE, text), text, 0.05):
        return "kk", None
    if not _NOT_MONGOLIAN.search(text) and _at_least(_count(_MONGOLIAN, text), text, 0.05):
        return "mn", None
    i, yery = (bool(p.search(text)) for p in _I_AND_YERY)
    if i and yery and not _UKRAINIAN_ONLY.search(text):
        return "be", "be-Cyrl"
    if is_serbian_cyrillic(text, code):
        return "sr", "sr-Cyrl"
    return code, None


def is_serbian_cyrillic(text: str, profiled_as: str) -> bool:
    """Serbian Cyrillic: its own letters or words, none of Macedonian's, hardly any it does not use."""
    if _MACEDONIAN_ONLY.search(text) or len(_NOT_SERBIAN.findall(text)) * 100 > len(text):
        return False
    own = len(_SERBIAN_ONLY.findall(text))
    serbian, macedonian = _count(_SERBIAN_CYRILLIC_WORDS, text), _count(_MACEDONIAN_WORDS, text)
    if profiled_as == "mk":  # Macedonian's profile matched: Serbian's own letters, or clearly its words, overrule it
        return own > 0 or (serbian > 0 and not macedonian)
    return 2 * own + serbian > macedonian


def _serbo_croatian(code: str, text: str) -> tuple[str, str | None]:
    """Croatian, Bosnian or Serbian in Latin letters: ekavian or ijekavian forms, and the words that differ."""
    ekavian, ijekavian = _count(_EKAVIAN, text), _count(_IJEKAVIAN, text)
    croatian, shared = _count(_CROATIAN, text), _count(_SERBO_BOSNIAN, text)
    bosnian = _count(_BOSNIAN, text)
    if ekavian > ijekavian and ekavian + shared > croatian:
        return "sr", "sr-Latn"
    if bosnian + shared > croatian and bosnian + shared >= 2:
        return "bs", None
    return "hr", None
