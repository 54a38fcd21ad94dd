"""The header block of a news article: title, outlet, date lines, byline.

Scraped and machine-translated news keeps its header lines in the text, in
any order, on one line or several, with blank lines between:

    <title>
    <Outlet> Updated on <date>          Harbor Ledger | 14 March 2024 | By Jane Doe
    Author: <Name> (<Affiliation>).     发布时间：2024-03-14 10:20 来源：东方晨报 作者：王立群
                                        입력 2024.03.14 10:20  수정 2024.03.14 11:00
                                        홍길동·김철수 기자

A header line is read as labelled fields ("Published", "来源", "By", "Автор",
"입력", ...) and unlabelled pieces (a date, an outlet before a date, a Korean
"<name> 기자" byline). A line is taken only when every piece of it reads as a
header field, so a body sentence that happens to contain "Published on" or
start with "By" is never taken. Besides the top of the text, the last lines
are checked for bylines and source lines (Korean and Chinese articles sign at
the end), and the first body line for a wire prefix ("(서울=한빛통신) 홍길동 기자 =").

Values are never invented: a field the article does not state stays null; a
date that is stated but cannot be read for certain (impossible, or relative
with no crawl time) stays null and flags the document `date_unparsed`. When an
article states only when it was updated, that date is also `published` (the
article's date as its outlet gives it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

from pipeline.dates import WEEKDAYS, find_date, is_partial, is_range, lead_date, parse_crawl_time, parse_date
from pipeline.document import Author, Document, Removed
from pipeline.credits import (
    WIRES, about_credit, closing_wire, copyright_credit, dated_domain, dateline_credit, desk_credit, lead_byline, line_credit, masthead,
    account_credit, photo_credit, prepared_by, produced_by, self_credit, signature_credit, tail_credit,
)
from pipeline.headline import clean as clean_headline
from pipeline.headline import HEADLINE_WINDOW, find_headline, headline_shaped, is_body, plausible, shape_recurs
from pipeline.headline import doubled_start
from pipeline.headline import joined as joined_titles
from pipeline.headline import key as headline_key
from pipeline.precedence import after_text, before_text
from pipeline.stages.base import Stage
from pipeline.stages.boilerplate import (
    EDGE, MARKER, MAX_LINKS, NONE, Kinds, generic_lexicon, line_key, links_block, normalise_paragraphs, phrase_pattern,
)
from pipeline.text import CJK, SENTENCE_ENDS

# ---------------------------------------------------------------- labels
# kind -> labels. "published"/"updated"/"date" introduce a date, "source" an
# outlet, "author" names, "ignore" a field that is no metadata of ours (editor,
# photographer). Labels marked with a trailing ":" only count before a colon.
_LABELS: dict[str, list[str]] = {
    "published": [
        "Published on", "Published at", "Published", "First published on", "First published", "Posted on",
        "Posted at", "Posted", "Originally published", "Date published", "Release date",
        "发布时间", "發布時間", "发布日期", "發佈時間", "發佈日期", "发表时间", "發表時間", "发表日期", "发布于", "發佈於",
        "发表于", "發表於", "发布", "發布", "出版时间",
        "Опубликовано", "Опубликован", "Опубликована", "Дата публикации", "Публикация", "Размещено",
        "Publicado el", "Publicado em", "Publicado", "Publicada el", "Publicada em", "Publicada", "Fecha de publicación",
        "Data de publicação", "Publicação",
        "Veröffentlicht am", "Veröffentlicht", "Erstellt am", "Erschienen am", "Erschienen", "Publiziert am",
        "Publié le", "Publié", "Mis en ligne le", "Mis en ligne", "Date de publication",
        "Pubblicato il", "Pubblicato", "Pubblicata il",
        "نشر في", "نُشر في", "نشر بتاريخ", "نُشر بتاريخ", "تاريخ النشر", "نشر", "نُشر", "منشور",
        "Publicerad", "Publiceret", "Publisert", "Indsat", "Diterbitkan", "Yayınlanma", "Giriş Tarihi",
        "تاریخ انتشار", "منتشر شده", "প্রকাশিত", "प्रकाशित", "פורסם", "Objavljeno", "Опубліковано", "Δημοσίευση",
        "公開日時", "公開日", "公開", "配信日時", "配信日", "配信", "掲載日", "掲載", "投稿日時", "投稿日", "発行日",
        "기사입력", "입력", "등록일", "등록", "발행일", "게시일", "게시", "게재", "승인",
    ],
    "updated": [
        "Last updated on", "Last updated", "Updated on", "Updated at", "Updated", "Last modified", "Modified",
        "更新时间", "更新時間", "更新日期", "更新於", "更新于", "最后更新", "最後更新",
        "Обновлено", "Обновлен", "Обновлена", "Дата обновления", "Изменено", "Обновление",
        "Actualizado el", "Actualizado", "Actualizada", "Última actualización", "Ultima actualización",
        "Atualizado em", "Atualizado", "Atualizada", "Atualização", "Última atualização",
        "Zuletzt aktualisiert", "Aktualisiert am", "Aktualisiert", "Stand", "Geändert am",
        "Mis à jour le", "Mis à jour", "Mise à jour", "Modifié le", "Actualisé le",
        "Aggiornato il", "Aggiornato", "Ultimo aggiornamento",
        "تم التحديث في", "تم التحديث", "آخر تحديث", "اخر تحديث", "تحديث",
        "Uppdaterad", "Opdateret", "Oppdatert", "Güncelleme Tarihi", "Güncelleme", "হালনাগাদ", "עודכן", "Ažurirano",
        "Оновлено", "Ενημέρωση",
        "最終更新日", "最終更新", "更新日時", "更新日", "更新",
        "최종수정", "기사수정", "수정일", "수정", "업데이트",
    ],
    "date": [
        "Date:", "Time:", "时间:", "時間:", "日期:", "Fecha:", "Data:", "Datum:", "Дата:", "Время:", "التاريخ:", "日付:",
        "日時:", "날짜:", "일시:",
    ],
    "source": [
        "Source:", "Sources:", "来源:", "來源:", "出处:", "出處:", "稿源:", "Источник:", "Fuente:", "Quelle:", "Fonte:",
        "المصدر:", "出典:", "출처:", "Agency:", "Agencia:", "Agentur:",
    ],
    "author": [
        "Posted by", "Written by", "Reporting by", "Reported by", "Story by", "Words by", "Text by", "By", "Article rédigé par",
        "Rédigé par", "Par", "Escrito por", "Texto de", "Reportagem de", "Por", "Von", "Text von", "Di", "A cura di",
        "بقلم", "كتب", "كتبت", "إعداد", "اعداد",
        "Authors", "Author", "Autores", "Autoras", "Autora", "Autor", "Auteurs", "Auteur", "Autore", "Autori",
        "Penulis:", "Oleh", "Skrevet af", "Autori:", "ΓΡΑΦΕΙ:", "Γράφει:",
        "Авторы", "Автор", "Текст", "Корреспондент", "Text:", "Texto:", "Texte:", "Reporter:", "Correspondent:",
        "作者", "撰文", "撰稿", "本报记者", "本報記者", "特约记者", "特約記者", "实习生", "記者", "记者", "通讯员", "通訊員",
        "文:", "文/", "文／", "文|", "文｜", "文・", "著者", "筆者", "執筆者", "執筆", "取材・文", "取材・執筆",
        "الكاتب", "المؤلف", "كاتب المقال", "글·사진", "글:", "글=", "작성자", "기고",
    ],
    "ignore": [
        "Edited by", "Editing by", "Editor:", "Editors:", "Photo:", "Photos:", "Photography:", "Translated by",
        "Translation:", "责任编辑", "責任編輯", "编辑:", "編輯:", "责编", "責編", "校对:", "审核:", "审校:", "翻译:",
        "摄影:", "图:", "圖:", "Редактор:", "Фото:", "Перевод:", "Edición:", "Foto:", "Traducción:", "Redaktion:",
        "Bearbeitung:", "Übersetzung:", "Édité par", "Édition:", "Traduction:", "Edição:", "Tradução:", "تحرير:",
        "ترجمة:", "تصوير:", "編集:", "写真:", "翻訳:", "편집:", "사진:", "번역:", "کد خبر:", "Editor:",
    ],
}
_KIND = {}
_NEEDS_COLON = set()
for _kind, _labels in _LABELS.items():
    for _label in _labels:
        _bare = _label.rstrip(":")
        _KIND[_bare.casefold()] = _kind
        if _label.endswith(":"):
            _NEEDS_COLON.add(_bare.casefold())
_SEPARATOR_LABELS = {"文/", "文／", "文|", "文｜", "文・", "글=", "글·사진"}
# Matched against the lower-cased line: IGNORECASE would make the search several times slower.
# Chinese and Japanese characters: scripts written without spaces between words.
_UNSPACED = CJK
# Matched against the lower-cased line: IGNORECASE would make the search several times slower.
# Labels of spaced scripts must start a word; those of unspaced ones may start anywhere.
_LABEL_TEXTS = {label.rstrip(":").lower() for labels in _LABELS.values() for label in labels}
_LABEL = re.compile(
    r"(?P<label>\b(?:" + phrase_pattern({t for t in _LABEL_TEXTS if not _UNSPACED.match(t)}) + ")|"
    + phrase_pattern({t for t in _LABEL_TEXTS if _UNSPACED.match(t)}) + r")(?P<colon>\s*[:：]\s*)?"
)
_WORD_END = re.compile(r"(?![^\W\d_])")
# A text store's stamp before the page text: " date 2024-03-14 <first line>" (or only the month).
_STAMP = re.compile(r"^\s?date\s+(?P<date>\d{4}-\d{2}(?:-\d{2})?)(?:\s+|$)")

# A header line's pieces are separated by bars, bullets, spaced dashes or wide gaps.
_SEGMENTS = re.compile(r"\s*[|｜│丨¦]\s*|(?<=[\u3000-\u9fff\d])\s{2}(?=[\u3000-\u9fff])|\s+[·•・]\s+|\s+[-–—]+\s+|\s{3,}|\t+|\s+/\s+|\s*\u3000\s*")
_STRIP = " \t,，;；|·•-–—:："
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|https?://\S+|(?<!\w)@\w+")
_READ_TIME = re.compile(r"(?i)^\d+(?:\s*[-–]\s*\d+)?\s*(?:min|mins|minutes?|minuten|minutos|minuti|мин\w*|分钟?|분)\.?(?:\s+\S+){0,3}$")
_TIME = re.compile(r"(?i)\b\d{1,2}\s*[:h.]\s*\d{2}(?::\d{2})?(?:\s*(?:am|pm|a\.m\.|p\.m\.|uhr|h|hrs))?\b|\b\d{1,2}\s*(?:am|pm|a\.m\.|p\.m\.)"
                   r"|(?<=\d)\s*(?:ص|م)(?!\w)|\d{1,2}\s*時\s*(?:\d{1,2}\s*分)?|\d{1,2}\s*시\s*(?:\d{1,2}\s*분)?|[ap]\.?m\.?|오전|오후|午前|午後|上午|下午|صباح[اًا]?|مساء[اًا]?"
                   r"|\b(?:[A-Z]{2,4}T|UTC|GMT|ET|PT|CET|MSK|KST|JST)\b(?:[+-]\d{1,2})?|[+-]\d{2}:?\d{2}")
_DATEISH = re.compile(r"\d{1,4}\s*[./\-年월]\s*\d{1,2}|\d{1,2}\s*[:：]\s*\d{2}")
_SENTENCE_END = tuple(SENTENCE_ENDS + "…:：,，;")  # a line that ends a sentence or a clause
_OUTLET_DATE = re.compile(r"^(?P<outlet>\D{2,60}?)\s+(?P<date>(?:\d{1,2}|\d{4}|[^\W\d_]+\.?\s+\d{1,2})\b.{0,40})$")
_DIGIT = re.compile(r"\d")
_READ_TIME_LINE = re.compile(r"(?i)^(?:estimated\s+)?(?:reading|read)\s+time\s*[:：]?\s*\d|^(?:lesezeit|temps de lecture|"
                             r"tiempo de lectura|tempo de leitura|tempo di lettura|время чтения|leestijd|lästid)\s*[:：]?\s*\d")
_DIGIT_RUN = re.compile(r"\d{3}")
_NAMED_DATE = re.compile(r"^(?P<outlet>[^\W\d_][^,，\d]{1,40}?)\s*[,，]\s*\d")
# words, then a lower-case word of four letters at most right before a date: "<someone> on <date>"
_PHRASE_BEFORE_DATE = re.compile(r"\S+\s+\S+\s+[a-zß-ÿа-яё]{1,4}$")
_SENTENCE_BREAK = re.compile(r"(?<=[^\W\d_]{2})[.!?]\s+[^\W\d_]|[。！？](?=.)")
# A wire service's dateline on a line of its own: "MADRID, 12 Mar. (Agencia Meseta) -".
_WIRE_LINE = re.compile(r"^(?P<place>[A-ZÀ-ÖØ-ÞА-ЯЁ][A-ZÀ-ÖØ-ÞА-ЯЁ .'’-]{1,30}),?\s*(?P<date>[^()]{0,30}?)\s*"
                        r"\((?P<agency>[^()]{2,40})\)\s*[-–—:.]*$")
# The role under a name line: "Анна Смирнова" / "Корреспондент отдела науки".
_ROLE_LINE = re.compile(
    r"(?i)^(?:senior |chief |staff |special |foreign )?(?:correspondent|reporter|staff writer|writer|editor|columnist|"
    r"journalist|contributor|корреспондент|обозреватель|редактор|журналист|спецкор|corresponsal|redactor|redactora|"
    r"periodista|columnista|korrespondent|redakteur|journalist|autorin|correspondant|journaliste|rédact|chroniqueu|"
    r"repórter|correspondente|jornalista|colunista|مراسل|محرر|صحفي|صحافي|记者|特派员|特约|記者|編集委員|論説委員|기자|특파원)")
_QUOTES = re.compile(r"[\"“”„‟«»「」『』,，]")
_BRACKETS = re.compile(r"[【】〔〕［］\[\]{}<>]")
_NOT_IN_NAME = re.compile(r"[。！？!?:：；;]|[(（\[【][^)）\]】]*$|^[^(（\[【]*[)）\]】]")

# Korean bylines: "<name> 기자", "<name>·<name> 기자 <email>".
_KO_ROLE = r"(?:선임기자|수석기자|전문기자|객원기자|인턴기자|기자|특파원|논설위원|편집위원|통신원|에디터)"
_KO_NAMES = r"[가-힣]{2,4}(?:\s*[·,、ㆍ]\s*[가-힣]{2,4})*"
_KO_BYLINE = re.compile(rf"^(?P<names>{_KO_NAMES})\s*{_KO_ROLE}(?:\s*[=＝])?$")
# Chinese "<outlet>记者 <name>" lines: "新华社记者刘欢", "海都记者 陈文浩" (the outlet is often abbreviated).
_ZH_REPORTER = re.compile(r"^\W{0,2}[\u4e00-\u9fffA-Za-z]{0,10}?(?:特约|首席|实习|见习)?(?:记者|記者)\s*"
                          r"(?P<names>(?!编辑|編輯|责编|責編|摄影|攝影)[\u4e00-\u9fff]{2,4}"
                          r"(?:[\s、，,]+(?!编辑|編輯|责编|責編|摄影|攝影)[\u4e00-\u9fff]{2,4})*)"
                          r"(?:\s*[/／]\s*[\u4e00-\u9fff]{1,12}|\s+(?:编辑|編輯|责编|責編|摄影|攝影)[\s:：]*[\u4e00-\u9fff\s、]{2,60})?$")
# "每经编辑 魏官红", "责编：王一": an editor's credit, not an author.
_ZH_EDITOR = re.compile(r"^[\u4e00-\u9fff]{0,6}?(?:编辑|編輯|责编|責編|校对|校對|审核|審核)[\s:：]*[\u4e00-\u9fff\s、]{2,20}$")
_SOURCE_HINT = re.compile(r"来源|來源|稿源|出处|出處|[Ss]ource|[Ff]uente|[Qq]uelle|[Ff]onte|[Ии]сточник|出典|출처")
# A labelled outlet anywhere on a line with other things: "责任编辑: 王一  来源:东方晨报 转载请注明出处".
_LABELLED_SOURCE = re.compile(r"(?<![图圖片像])(?:来源|來源|稿源|出处|出處|Source|Fuente|Quelle|Fonte|Источник|出典|출처)\s*[:：]\s*"
                              r"(?P<source>[^\s|｜,，;；。]{2,40})", re.IGNORECASE)
# Wire prefixes at the start of the first body line.
_KO_WIRE = re.compile(
    rf"^\s*[(\[（【]\s*(?:(?P<place>[^=＝)\]）】]{{1,15}})\s*[=＝]\s*)?(?P<outlet>[^)\]）】\s][^)\]）】]{{0,24}}?)"
    rf"(?:(?:\s*[/／]\s*|\s+)(?P<inner>{_KO_NAMES})\s*{_KO_ROLE})?\s*[)\]）】]\s*(?:(?P<names>{_KO_NAMES})\s*{_KO_ROLE}\s*[=＝]\s*)?"
)
_JA_WIRE = re.compile(r"^\s*【(?P<place>[^＝=】]{1,12})[＝=](?P<names>[^】]{2,20})】\s*")
_ZH_WIRE = re.compile(r"^(?P<outlet>[\u4e00-\u9fff]{2,8}?社)[\u4e00-\u9fff\d]{0,12}电\s*[（(]\s*(?:记者|記者)\s*(?P<names>[^）)]{2,30})[）)]")
# "(Reporting by X; Editing by Y)", "（记者 王立群）" at the end of an article.
_TAIL_PAREN = re.compile(r"^[(（\[]?\s*(?P<inner>(?:Reporting|Reported|Writing|Additional reporting) by .+|(?:记者|記者|文[/／]|本报记者)\s*.+?)\s*[)）\]]?\.?$",
                         re.IGNORECASE)
# The author's bio closing an op-ed, a paragraph of one sentence: "Jane Doe is a port economist in Lisbon."
_BIO = re.compile(r"^(?P<name>[A-Z][\w'’.-]+(?:[ -][A-Z][\w'’.-]+){1,3})\s(?:is|was|est|ist|es|é|è)\s(?:a|an|the|un|une|ein|eine|"
                  r"um|uma|una|uno)\s[^.!?]{3,120}\.$")
# "(Reporting by A; Writing by B; Editing by C)" at the end of a line, glued to the last sentence or alone.
_CLOSING_PARENS = re.compile(r"\((?P<inner>(?i:(?:additional\s+)?(?:reporting|reported|writing|written)\s+by\s)[^()]{2,200})\)\.?\s*$")
_CREDIT_SPLIT = re.compile(r"\s*;\s*|(?<=[^\W\d_]{2})\.\s+(?=[A-Z])")
_CREDIT_PART = re.compile(r"(?i)^\s*(?:additional\s+)?(?:reporting|reported|writing|written)\s+by\s+")

# "Jane Doe - Harbor Ledger", "Jane Doe, Lisbon": a byline without a label under the headline.
_NAMED_LINE = re.compile(r"^(?P<name>[^\W\d_][^,\-–—|]{2,40}?)\s*(?:\s[-–—|]\s(?P<outlet>[^\W\d_][^,]{1,40})|,\s*"
                         r"(?P<place>[^\W\d_][^\W\d_ -]{1,20}))$")
# "【津島史人、安藤いく子】" closing a paragraph: a Japanese byline.
_JA_TAIL = re.compile(r"【(?P<names>[\u3040-\u30ff\u4e00-\u9fff]{2,6}(?:[、・][\u3040-\u30ff\u4e00-\u9fff]{2,6})*)】\s*$")
_WEEKDAY = re.compile(r"(?<![^\W\d_])(?:" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + r")(?![^\W\d_])"
                      r"|星期|周[一二三四五六日]|曜日|요일|বার|बार|วัน")
_FROM_OUTLET = re.compile(r"^(?:From|Do|Da|Desde)\s+(?P<outlet>[A-Z].{1,50})$")
_AND = re.compile(r"\s+(?:and|&|und|et|y|e|и|та|및|ve)\s+|\s*[;；、·ㆍ]\s*|\s*،\s*|\s+و\s*")
_COMMA = re.compile(r"\s*[,，/／]\s*")
_PAREN = re.compile(r"^(?P<name>[^(（]+?)\s*[(（](?P<aff>[^)）]+)[)）]\s*$")
_CJK_NAMES = re.compile(r"^[\u4e00-\u9fff\u3040-\u30ff]{2,4}(?:\s+[\u4e00-\u9fff\u3040-\u30ff]{2,4})+$")
_ROLE_WORDS = re.compile(r"^(?:本报记者|本報記者|记者|記者|通讯员|通訊員|特约记者|实习生|本报|本報)\s*|\s*(?:" + _KO_ROLE + r"|記者|记者|報道|报道)$")
_FUNCTION_WORDS = {"of", "the", "and", "for", "on", "at", "in"}
PARTICLES = {"de", "da", "do", "dos", "das", "del", "della", "di", "van", "von", "der", "den", "le", "la", "du",
              "des", "y", "e", "bin", "ibn", "al", "el", "ter", "zu", "af", "st.", "mac", "ben", "abu", "ould"}
_ORG_HINT = re.compile(
    r"(?i)universi|institut|academ|akadem|college|school|agency|agencia|agência|agentur|news|press|presse|prensa|times|post\b|"
    r"daily|journal|jornal|ledger|gazette|gazeta|herald|tribune|courier|kurier|courrier|chronicle|crónica|observer|"
    r"review|wire|radio|tv\b|television|media|magazine|zeitung|blatt|diario|periódico|correio|corriere|folha|"
    r"reuters|bloomberg|\bafp\b|\bap\b|\bdpa\b|\befe\b|\blusa\b|\bansa\b|\btass\b|center|centre|zentrum|centro|"
    r"department|ministry|ministerio|ministère|bureau|foundation|stiftung|fundación|council|committee|correspondent|"
    r"korrespondent|corresponsal|correspondant|editor|redakt|redac|rédac|reporter|professor|profesor|researcher|"
    r"analyst|desk|staff|newsroom|team|service|office|group|company|inc\b|ltd\b|gmbh|\bof\b|\bat\b|\bfor\b|"
    r"大学|大學|研究|学院|學院|报|報|社|台|网|網|新聞|新闻|通信|日報|日报|晚报|时报|時報|"
    r"университет|институт|газет|агентств|вестник|новост|корреспондент|редак|"
    r"صحيفة|جريدة|وكالة|جامعة|معهد|مركز|قناة|موقع|شبكة|مراسل|"
    r"신문|일보|뉴스|통신|방송|대학|연구"
)


@dataclass
class _Line:
    """The metadata one header line states."""

    dates: list[tuple[str, str]] = field(default_factory=list)  # (kind, text)
    source: str | None = None
    outlet: str | None = None  # an unlabelled piece that names the outlet
    outlet_after_byline: bool = False
    bylines: list[str] = field(default_factory=list)
    ignored: int = 0
    labelled: bool = False

    @property
    def kind(self) -> str | None:
        if self.dates:
            return "dateline"
        if self.bylines:
            return "byline"
        if self.source:
            return "source"
        if self.ignored and self.labelled:
            return "boilerplate"
        return None


def _clean(s: str) -> str:
    return s.strip().strip(_STRIP + ".。").strip()


def _date_like(text: str, strict: bool) -> bool:
    """A piece that is a date and nothing else (a weekday, a time, a zone may go with it)."""
    text = _clean(text)
    if not text or len(text) > 60 or _READ_TIME.match(text):
        return False  # "2-3 minutes" after "Estimated read time:" is no date
    found = find_date(text)
    if found is None:
        words = re.findall(r"[^\W\d_]{2,}", _TIME.sub(" ", text))
        if is_partial(text):  # a day and month, no year: stated, but not to be read
            return len(words) <= (2 if strict else 4)
        return not strict and bool(_DATEISH.search(text)) and len(words) <= 3
    rest = _TIME.sub(" ", found.rest)
    words = re.findall(r"[^\W\d_]+", _UNSPACED.sub(" ", rest)) + _UNSPACED.findall(rest)
    if found.relative:
        return len(words) <= (1 if strict else 2) and sum(len(w) for w in words) <= 12
    return len(words) <= 3 and sum(len(w) for w in words) <= 24


def _is_name(name: str, strict: bool = False) -> bool:
    """A plausible personal name (or a desk name) as bylines write them.

    `strict` is for names after a label with no colon ("记者 王立群", "By Jane
    Doe"): in scripts without spaces a name is then at most six characters.
    """
    name = name.strip()
    if not name or len(name) > 60 or _DIGIT.search(name) or _NOT_IN_NAME.search(name):
        return False
    if _UNSPACED.search(name) and len(name.replace(" ", "")) > (6 if strict else 12):
        return False
    tokens = name.split()
    if len(tokens) > 6:
        return False
    cased = [t for t in tokens if t[0].isalpha() and t[0].lower() != t[0].upper()]
    if not cased:
        return len(name) <= 40
    if cased[0] is tokens[0] and not tokens[0][0].isupper():
        return False
    return all(t[0].isupper() or t.casefold() in PARTICLES or not t[0].isalpha() for t in cased)


def _is_person(part: str, source: str | None) -> bool:
    """Whether a comma-separated part of a byline is another person rather than an affiliation."""
    if _ORG_HINT.search(part) or (source and part.casefold() == source.casefold()) or not _is_name(part):
        return False
    tokens = part.split()
    if any(t.isupper() and len(t) > 1 for t in tokens) and not all(t.isupper() for t in tokens):
        return False  # an acronym: an organisation
    return 2 <= len(tokens) <= 4 or bool(re.fullmatch(r"[\u4e00-\u9fff\uac00-\ud7a3]{2,4}", part))


def parse_authors(names: str, source: str | None = None) -> list[Author]:
    """Authors from a byline's name part: several names, affiliations in parentheses or after a comma."""
    names = _clean(_EMAIL.sub(" ", names))
    authors: list[Author] = []
    for piece in _split_outside_parens(names, _AND):
        piece = _clean(_ROLE_WORDS.sub("", _clean(piece)))
        if not piece:
            continue
        m = _PAREN.match(piece)
        if m:
            authors.append(Author(_clean(m["name"]), _clean(m["aff"])))
            continue
        if _CJK_NAMES.match(piece):
            authors.extend(Author(p) for p in piece.split())
            continue
        parts = [_clean(p) for p in _split_outside_parens(piece, _COMMA) if _clean(p)]
        if len(parts) > 1 and all(_is_person(p, source) for p in parts[1:]):
            authors.extend(Author(p) for p in parts)
        elif len(parts) > 1:
            authors.append(Author(parts[0], ", ".join(parts[1:])))
        elif parts:
            authors.append(Author(parts[0]))
    return authors


def _split_outside_parens(s: str, sep: re.Pattern[str]) -> list[str]:
    """`sep.split(s)`, except at separators inside parentheses ("Jane Doe (Press, Radio)")."""
    if "(" not in s and "（" not in s:
        return sep.split(s)
    pieces, start = [], 0
    for m in sep.finditer(s):
        before = s[: m.start()]
        depth = before.count("(") + before.count("（") - before.count(")") - before.count("）")
        if depth <= 0 and m.end() > m.start():
            pieces.append(s[start: m.start()])
            start = m.end()
    pieces.append(s[start:])
    return pieces


def _labels_in(segment: str) -> list[re.Match[str]]:
    """Label occurrences in a segment that really are labels: a word of their own, a colon where needed.

    In spaced scripts a label must start and end at a word boundary ("By" is
    not in "Byline"). In Chinese and Japanese, which have no spaces, a label
    inside a run of text counts only when a colon or a slash follows it
    ("东方晨报来源：新华社"), so "发布会" is never the label "发布".
    """
    found = []
    lowered = segment.lower()
    if len(lowered) != len(segment):  # a rare letter whose lower case is longer: keep offsets exact
        lowered = segment
    for m in _LABEL.finditer(lowered):
        if _is_label(segment, m):
            found.append(m)
    return found


def _is_label(segment: str, m: re.Match[str]) -> bool:
    """Whether a match of `_LABEL` in a segment is a label (see `_labels_in`)."""
    label = segment[m.start("label"):m.end("label")]
    key = label.casefold()
    colon = bool(m["colon"])
    if key in _NEEDS_COLON and not colon:
        return False
    unspaced = bool(_UNSPACED.match(label[-1])) or key in _SEPARATOR_LABELS
    if not unspaced and not colon and not _WORD_END.match(segment, m.end("label")):
        return False
    before = segment[m.start() - 1] if m.start() else " "
    return not before.isalpha() or unspaced and (colon or key in _SEPARATOR_LABELS) and bool(_UNSPACED.match(label[0]))


@lru_cache(maxsize=4096)
def _read_line(line: str, loose: bool = False) -> _Line | None:
    """The metadata a line states, or None if any piece of it is not a header field.

    `loose` (once the title is known) also reads an outlet and a date run
    together with nothing between them ("Radio Costa Norte 28 de abril de 2021").
    """
    if len(line) > 200 or (len(line) > 100 and _SENTENCE_BREAK.search(line)):
        return None  # a paragraph of sentences
    if _READ_TIME_LINE.match(line):
        return _Line(ignored=1, labelled=True)  # "Estimated reading time: 4 min": a widget, no date
    wire = _WIRE_LINE.match(line)
    if wire:
        date = wire["date"].strip(_STRIP)
        return _Line(dates=[("published", date)] if date else [], source=_clean(wire["agency"]))
    out = _Line()
    if all(_read_segment(seg, out) for seg in (s.strip(_STRIP) for s in _SEGMENTS.split(line)) if seg) \
            and out.kind is not None and not (out.outlet and not (out.dates or out.bylines)):
        if out.outlet and out.bylines and not out.dates:
            # "By Helen Marsh | Contributing writer": what follows a byline is its affiliation; what comes
            # before it ("القاهرة - كتب: ...", a city or a section) is left unread rather than guessed
            if out.outlet_after_byline and out.outlet.casefold() in WIRES:
                out.source = out.outlet  # "By Jane Doe | Wire": the wire the story came from
            elif out.outlet_after_byline:
                out.bylines[-1] = f"{out.bylines[-1]}, {out.outlet}"
            out.outlet = None
        return out
    if loose and (glued := _OUTLET_DATE.match(line)) and _outlet_only(glued["outlet"]) \
            and _clean(glued["outlet"]).casefold() not in WEEKDAYS and not _clean(glued["outlet"]).split()[-1][0].islower():
        # (an outlet's name ends in a name, not in "on" or "at": "<someone> on <date>" is a caption)
        found = find_date(glued["date"])
        if found is not None and not found.relative and _date_like(glued["date"], strict=True):
            return _Line(dates=[("published", glued["date"])], outlet=_clean(glued["outlet"]))
    reporter = _ZH_REPORTER.match(line)
    return _Line(bylines=[reporter["names"]]) if reporter else None


def _read_segment(segment: str, out: _Line) -> bool:
    labels = _labels_in(segment)
    prefix = segment[: labels[0].start()] if labels else segment
    if prefix.strip(_STRIP) and not _read_unlabelled(prefix.strip(_STRIP), out, before_label=bool(labels)):
        return False
    for n, m in enumerate(labels):
        value = segment[m.end(): labels[n + 1].start() if n + 1 < len(labels) else len(segment)]
        value = value.strip(_STRIP)
        kind = _KIND[m["label"].casefold()]
        colon = bool(m["colon"] and m["colon"].strip())
        if not value:
            continue  # "Written by" with nothing after it; a label alone on its line is joined by the caller
        if kind in ("published", "updated", "date"):
            if not _date_like(value, strict=not colon):
                return False
            out.dates.append(("published" if kind == "date" else kind, value))
        elif kind == "source":
            if len(value) > 80 or len(value.split()) > 8 or value[0].islower():
                return False
            out.source = out.source or _clean(value)
        elif kind == "author":
            value, dates = _split_trailing_dates(value)
            out.dates.extend(("published", d) for d in dates)
            authors = parse_authors(value)
            if not authors or not all(_is_name(a.name, strict=not colon) for a in authors):
                return False
            if m["label"].casefold() == "posted by" and out.bylines:
                out.ignored += 1  # "By Wire | Posted by Jane Doe": the web producer, not an author
            else:
                out.bylines.append(value)
        else:
            out.ignored += 1
        out.labelled = True
    return True


def _split_trailing_dates(value: str) -> tuple[str, list[str]]:
    """"Anna Schulte, 12.03.2024, 18:05 Uhr" -> ("Anna Schulte", ["12.03.2024, 18:05 Uhr"])."""
    parts = _COMMA.split(value)
    for k in range(1, len(parts)):
        tail = ", ".join(parts[k:])
        if _date_like(tail, strict=False) and find_date(tail) is not None:
            return ", ".join(parts[:k]), [tail]
    return value, []


def _read_unlabelled(piece: str, out: _Line, before_label: bool) -> bool:
    """An unlabelled piece of a header line: a date, a Korean byline, an outlet, or noise."""
    if len(piece) > 80:
        return False  # text, not a header field
    if _date_like(piece, strict=True):
        out.dates.append(("published", piece))
        named = _NAMED_DATE.match(piece)
        if named and out.outlet is None and (outlet := _outlet_only(named["outlet"])) and (
                _ORG_HINT.search(outlet) or outlet.casefold() in WIRES or "." in outlet):
            out.outlet = outlet  # "Harbor Ledger, 14/03/2024": the outlet and its date, not a place's
        return True
    if _KO_BYLINE.match(_clean(_EMAIL.sub(" ", piece))):
        out.bylines.append(_EMAIL.sub(" ", piece))
        return True
    if (reporter := _ZH_REPORTER.match(piece)) is not None:
        out.bylines.append(reporter["names"])  # "海都记者 陈文浩", "记者王立群／台北报导"
        return True
    if _ZH_EDITOR.match(piece):
        out.ignored += 1
        return True
    if not _clean(_EMAIL.sub(" ", piece)) or _READ_TIME.match(piece) or not _clean(_TIME.sub(" ", piece)) \
            or _clean(piece).casefold() in WEEKDAYS:
        out.ignored += 1
        return True
    if generic_lexicon().is_phrase(piece):
        out.ignored += 1
        return True
    words = piece.split()
    outlet_shaped = (
        len(piece) <= 60 and len(words) <= 8 and any(ch.isalpha() for ch in piece) and not piece[0].islower()
        and not piece.endswith(_SENTENCE_END) and not _NOT_IN_NAME.search(piece) and not _BRACKETS.search(piece)
    )
    if outlet_shaped and out.outlet is None and not (before_label and len(words) > 5):
        out.outlet = _clean(piece)
        out.outlet_after_byline = bool(out.bylines)
        return True
    return False


class HeadersStage(Stage):
    name = "headers"
    defaults = {"max_header_lines": 12, "max_tail_lines": 6, "max_title_chars": 250, "day_first": True}

    def __call__(self, doc: Document) -> Document:
        held = before_text(doc)  # what the markup or the record states wins over the text (pipeline.precedence)
        self._read(doc)
        after_text(doc, held)
        return doc

    def _read(self, doc: Document) -> None:
        lines = doc.text.split("\n")
        base = parse_crawl_time(doc.crawled)
        state = _State(doc, base, self)
        taken: dict[int, str] = {}
        self._stamp(lines, state)
        self._top(lines, state, taken)
        self._tail(lines, state, taken)
        self._credit_lines(lines, state, taken)
        if doc.title is None:
            self._headline(lines, state, taken)
        self._credits(lines, state, taken)
        self._today_widget(lines, state, taken)
        self._credited_date(lines, state, taken)
        self._lead_date(lines, state, taken)
        for i in sorted(taken):
            doc.removed.append(Removed(taken[i], lines[i], i))
            self.count(taken[i])
        body = [line for i, line in enumerate(lines) if i not in taken]
        doc.text = normalise_paragraphs("\n".join(body))
        self._wire_prefix(doc, state)
        state.finish()

    def _top(self, lines: list[str], state: _State, taken: dict[int, str]) -> None:
        lexicon = generic_lexicon()
        content = [i for i, line in enumerate(lines) if line.strip()]
        menu = lexicon.menu_run([lines[i] for i in content[:40]])
        for i in content[:menu]:
            taken[i] = "boilerplate"
        content = content[menu:][: self.options["max_header_lines"]]
        given_title = state.doc.title
        started = False  # a line of body (or a deck) has been seen: no title below it
        title_seen = False
        headline_at: int | None = None
        skipped = 0
        pos = 0
        while pos < len(content):
            i = content[pos]
            line = lines[i].strip()
            info = _read_line(line, loose=state.doc.title is not None or pos > 0)
            if info is None and pos + 1 < len(content) and _is_bare_label(line):
                joined = _read_line(f"{line.rstrip(':：')}: {lines[content[pos + 1]].strip()}")
                if joined is not None:
                    taken[i] = taken[content[pos + 1]] = state.apply(joined)
                    pos += 2
                    continue
            kind = lexicon.classify(line, edge=not started) if info is None else NONE
            previous = taken.get(content[pos - 1]) if pos else None
            if info is not None:
                if pos == 0 and menu == 0 and info.dates and not (info.bylines or info.source or info.outlet) \
                        and _WEEKDAY.search(line.lower()):
                    state.widget_date = True
                taken[i] = state.apply(info)
            elif previous == "byline" and state.continue_byline(line):
                taken[i] = "byline"
            elif not started and (kind in (EDGE, MARKER) or line_key(line) in lexicon.lines or _empty_label(line)):
                taken[i] = "boilerplate"
            elif given_title is not None and not started and line_key(line) == line_key(given_title):
                taken[i] = "title"  # the reader gave the title and the text repeats it
                started = True
            elif given_title is None and state.doc.title is None and not started and self._is_kicker(
                    line, lines, content, pos):
                taken[i] = "boilerplate"  # a section name above the title ("Kommunalpolitik")
            elif (state.doc.title is not None or title_seen) and pos + 1 < len(content) and _name_and_role(
                    line, lines[content[pos + 1]].strip()):
                state.apply(_Line(bylines=[f"{line}, {lines[content[pos + 1]].strip()}"]))
                taken[i] = taken[content[pos + 1]] = "byline"
                pos += 2
                continue
            elif not started and title_seen and _outlet_sized(line) and _outlet_only(line) and (
                (previous == "dateline" and _ORG_HINT.search(line))
                or (pos + 1 < len(content) and _dateline_at(lines, content, pos + 1))
            ):
                state.apply(_Line(source=_outlet_only(line)))
                taken[i] = "source"
            elif kind != NONE:
                if not started:
                    taken[i] = "boilerplate"
            elif not started and not title_seen and given_title is None and not is_body(line) \
                    and plausible(clean_headline(line)[0]):
                title_seen = True  # the headline, found later by scoring: header lines follow it
                headline_at = pos
            else:
                started = True
                # a deck or a kicker may sit among the header lines; a paragraph of text ends them
                skipped += 1 if len(line) > 60 or line.endswith(_SENTENCE_END) else 0
                if skipped > 2 or len(line) > 300:
                    break
            pos += 1
        if headline_at is not None and headline_at + 1 < len(content) and state.doc.title is None:
            # the first line a headline could be, with a header line right under it: the headline, no
            # need to score the others (a section name or a site's name is a word or two)
            text = clean_headline(lines[content[headline_at]])[0]
            below = content[headline_at + 1]
            if taken.get(below) is None and headline_at + 2 < len(content) and not is_body(lines[below]):
                below = content[headline_at + 2]  # a deck between the headline and the header line
            under = taken.get(below) if not shape_recurs(lines, below) else None  # a list: each item dated
            after = next((lines[i].strip() for i in content[headline_at + 1:] if i not in taken), "")
            # a word or two ("News", "Nyheder") is a section name when a headline follows the header lines
            later = not is_body(after) and len(after.split()) >= 3 and headline_shaped(after) \
                and not after.endswith(_SENTENCE_END)
            if under in ("dateline", "byline", "source") and (len(text.split()) >= 3 or not later) \
                    and not _not_headline(text) and not joined_titles(lines, content[headline_at]):
                state.doc.title = text
                taken[content[headline_at]] = "title"

    def _stamp(self, lines: list[str], state: _State) -> None:
        """A text store's "date 2024-03-14" stamp at the very start: the article's date. It is cut when
        a header line follows it on the same line and left when body text does (the text stays whole)."""
        m = _STAMP.match(lines[0]) if lines else None
        if not m:
            return
        state.apply(_Line(dates=[("published", m["date"])]) if len(m["date"]) == 10 else _Line())
        state.stamp_month = m["date"] if len(m["date"]) == 7 else None
        rest = lines[0][m.end():]
        if not is_body(rest):
            state.doc.removed.append(Removed("dateline", m.group(0).strip(), 0))
            lines[0] = rest
            self.count("dateline")

    def _credited_date(self, lines: list[str], state: _State, taken: dict[int, str]) -> None:
        """No date line: the date on a source or byline line right under (or above) the headline, which
        other fields on it kept from being read whole ("新闻来源: <outlets> 于<date> 提示: <disclaimer>")."""
        heads = [i for i, kind in taken.items() if kind == "title"]
        if state.doc.published is not None or state.doc.updated is not None or not heads:
            return
        content = [i for i, line in enumerate(lines) if line.strip() and i not in heads]
        head = min(heads)
        around = [i for i in content if i < head][-1:] + [i for i in content if i > head][:2]
        for i in around:
            if taken.get(i) in ("source", "byline") and (iso := _date_of_line(lines[i].strip(), state)):
                state.doc.published = iso
                return

    def _lead_date(self, lines: list[str], state: _State, taken: dict[int, str]) -> None:
        """No date line: the date the first paragraphs open with, or give in brackets after "today" (see
        `pipeline.dates.lead_date`)."""
        doc = state.doc
        if doc.published is not None or doc.updated is not None:
            return
        top = state.headline if state.headline is not None else -1
        for i in [i for i in range(top + 1, len(lines)) if lines[i].strip() and i not in taken][:2]:
            if iso := lead_date(lines[i], self.options["day_first"], state.stamp_month):
                doc.published = iso
                self.count("lead_date")
                return

    def _today_widget(self, lines: list[str], state: _State, taken: dict[int, str]) -> None:
        """A weekday and a date alone at the very top, away from the headline, is the site's "today": the
        article's date is a date line under the headline, or none."""
        content = [i for i, line in enumerate(lines) if line.strip()]
        heads = [i for i, kind in taken.items() if kind == "title"]
        if not state.widget_date or not heads or len(content) < 2 or min(heads) == content[1]:
            return
        state.doc.published = None
        for i in [i for i in content if i > min(heads)][:3]:
            if taken.get(i) in (None, "dateline") and (iso := _date_of_line(lines[i].strip(), state)):
                state.doc.published = iso
                break

    def _under_headline(self, lines: list[str], index: int, state: _State, taken: dict[int, str]) -> None:
        """Header lines under a headline found deep in a page (below menus, a deck, a caption): date lines,
        bylines, "Name - Outlet" and "Name, Place" lines, read until the body starts."""
        under = [i for i in range(index + 1, len(lines)) if lines[i].strip() and i not in taken][:6]
        bodies = 0
        for n, i in enumerate(under):
            line = lines[i].strip()
            if is_body(line):
                bodies += 1
                if bodies >= 2:
                    break
                continue
            info = _read_line(line)
            if info is not None and (info.dates or info.bylines or info.source):
                taken[i] = state.apply(info)
                continue
            named = _NAMED_LINE.match(line)
            if n < 3 and not state.bylines and named and _is_person(named["name"], None) \
                    and (named["outlet"] or named["place"]):
                state.bylines.append(named["name"])
                taken[i] = "byline"
                if named["outlet"] and not state.doc.source and _title_case(named["outlet"]):
                    state.doc.source = named["outlet"].strip()

    def _credit_lines(self, lines: list[str], state: _State, taken: dict[int, str]) -> None:
        """Credit lines of their own at the top or the end ("(Harbor Ledger)", "-- NORDWIRE", "Team X"):
        read and cut (see `pipeline.credits`)."""
        content = [i for i, line in enumerate(lines) if line.strip() and i not in taken]
        last = set(content[-8:])
        for n, i in enumerate(content):
            # closing an article: at the end, or right under a paragraph (pages that hold several items)
            closing = i in last or (0 < n < 40 and _closes(lines[content[n - 1]]))
            if n >= 12 and i not in last:
                if closing and (wire := closing_wire(lines[i])):  # a wire signing one item of several
                    taken[i] = "source"
                    state.credits.append(wire)
                continue
            credit = line_credit(lines[i], at_end=closing, at_top=n < 6 or (n < 12 and i not in last))
            if credit is not None:
                taken[i] = "source"
                state.credits.append(credit.outlet)

    def _credits(self, lines: list[str], state: _State, taken: dict[int, str]) -> None:
        """Outlets named without a label line of their own: a "来源:" among other things on a line, a
        dateline opening one of the first paragraphs under the headline, a wire closing the article, a
        copyright line (see `pipeline.credits`)."""
        content = [i for i, line in enumerate(lines) if line.strip() and i not in taken]
        found = list(state.credits)
        filled = [i for i, line in enumerate(lines) if line.strip()]
        for i in filled[:15] + filled[-8:]:
            m = _LABELLED_SOURCE.search(lines[i]) if len(lines[i]) < 200 and _SOURCE_HINT.search(lines[i]) else None
            if m and not m["source"][0].islower():
                found.insert(0, m["source"])
                break
        top = state.headline if state.headline is not None else -1
        paragraphs = [i for i in content if i > top and (len(lines[i].strip()) >= 40 or lines[i].lstrip()[:1] == "【")][:4]
        for i in paragraphs:
            credit = dateline_credit(_STAMP.sub("", lines[i]))
            if credit is not None:
                found.insert(0, credit.outlet)
                if credit.author and not state.bylines:
                    state.bylines.append(credit.author)
                break
        if paragraphs and not state.bylines and (reporter := lead_byline(lines[paragraphs[0]])):
            state.bylines.append(reporter)  # "[Harbor net reporter Li Ming] The port ..."
        for i in paragraphs[:2]:
            if outlet := self_credit(lines[i]):
                found.append(outlet)  # "According to harborledger.example, ..."
                break
        found.extend(self._signatures(lines, content, state))
        if not state.bylines:
            for i in content:
                signed = _JA_TAIL.search(lines[i]) if lines[i].rstrip().endswith("】") else None
                if signed is not None and len(lines[i]) > len(signed[0]) + 20 and (
                        i in content[-6:] or lines[i][:signed.start()].rstrip().endswith("。")):
                    state.bylines.append(signed["names"])  # "...本文。【津島史人、安藤いく子】", teasers below it
                    break
        if not state.bylines:
            self._reporter_line(lines, content[:20], state, taken)
        for i in content[:3] if not state.bylines else ():
            if (name := prepared_by(lines[i])[1]) is not None:
                state.bylines.append(name)  # "pripravila dopisnica <Wire> iz <Place> <Name>"
                break
        if content and (wire := tail_credit(lines[content[-1]])):
            found.append(wire)
        filled = [i for i, line in enumerate(lines) if line.strip()]
        for i in filled[:3] + filled[-10:]:
            holder = copyright_credit(lines[i])
            if holder:
                found.append(holder)
        if not found and not state.doc.source:
            found.extend(self._site_names(lines, filled, taken))
        if found and not state.doc.source:
            state.doc.source = _trim_source(found[0])

    def _site_names(self, lines: list[str], filled: list[int], taken: dict[int, str]) -> list[str]:
        """The weakest credits, read when nothing else names the outlet: a masthead above the headline (or at
        the top of a page that has none, a list of articles), a domain before the date, a producer credit,
        the site's blurb about itself."""
        title = min((i for i, kind in taken.items() if kind == "title"), default=None)
        found = []
        for n, i in enumerate(filled[:15]):
            line = lines[i].strip()
            above_title = title is not None and i < title and taken.get(i) != "title"
            nxt = lines[filled[n + 1]].strip() if n + 1 < len(filled) else ""
            if (above_title or title is None) and n < 4 and (name := masthead(line)):
                found.append(name)
            elif above_title and n < 6 and nxt == line and len(line.split()) <= 3 and not _is_person(line, None) \
                    and _outlet_only(line):
                found.append(line)  # a logo's text printed twice over the headline
            elif line.endswith(",") and taken.get(filled[n + 1] if n + 1 < len(filled) else -1) == "dateline" \
                    and len(line) <= 40 and len(line.split()) <= 4 and _title_case(line) and not _DIGIT.search(line):
                found.append(_clean(line))  # "Harbor Ledger," over "14.03.2024": one credit on two lines
            elif (name := dated_domain(line)) or (name := produced_by(line)) or (name := prepared_by(line)[0]):
                found.append(name)
        for i in filled[:5] + filled[-10:]:
            if name := about_credit(lines[i]):
                found.append(name)
        for i in filled[:12]:
            if name := photo_credit(lines[i]):
                found.append(name)
        for i in filled[:40]:
            if name := account_credit(lines[i]):
                found.append(name)
        return found

    def _reporter_line(self, lines: list[str], window: list[int], state: _State, taken: dict[int, str]) -> None:
        """A Chinese reporter line below captions and a dateline ("东方社记者 王立群 李明"), or a person's name
        right above the date line under the headline ("Jane Doe" / "14.03.2024. 10:20")."""
        title = min((i for i, kind in taken.items() if kind == "title"), default=None)
        filled = [i for i in range(title + 1 if title is not None else 0, len(lines)) if lines[i].strip()][:10]
        for n, i in enumerate(window):
            line = lines[i].strip()
            if len(line) > 40:
                continue
            if len(line) <= 30 and "," not in line and (reporter := _ZH_REPORTER.match(line)):
                state.bylines.append(reporter["names"])
                taken[i] = "byline"
                return
            k = filled.index(i) if title is not None and i in filled and i not in taken else -1
            if 0 <= k < len(filled) - 1 and taken.get(filled[k + 1]) == "dateline" \
                    and _is_person(line, state.doc.source) and not line.endswith(_SENTENCE_END) \
                    and (k == 0 or _is_person(lines[filled[k - 1]].strip(), None)):
                state.bylines.append(line)
                taken[i] = "byline"
                return

    def _signatures(self, lines: list[str], content: list[int], state: _State) -> list[str]:
        """Outlets that sign a statement between its last sentence and its date ("...权利。" / "港灣通訊社" /
        "2024年3月5日"), left in the text."""
        found = []
        filled = [i for i, line in enumerate(lines) if line.strip()]
        filled = filled[:60] + filled[60:][-15:]  # a statement's end: on the first screen or at the very end
        kept = set(content)
        for n in range(1, len(filled) - 1):
            line = lines[filled[n]].strip()
            if len(line) > 40 or filled[n] not in kept or not lines[filled[n - 1]].rstrip().endswith(_SENTENCE_END):
                continue
            outlet = signature_credit(line)
            after = lines[filled[n + 1]].strip()
            if outlet and _DIGIT.search(after) and _date_like(after, strict=True) and find_date(after) is not None:
                found.append(outlet)
        return found

    def _headline(self, lines: list[str], state: _State, taken: dict[int, str]) -> None:
        """The headline among the first lines (see `pipeline.headline`), then a date line beside it
        that no label marked ("2016/9/27 08:19", "0 Comment(s) Print China Post, May 26, 2015")."""
        header = {i for i, kind in taken.items() if kind in ("dateline", "byline", "source")}
        dated: dict[int, str] = {}
        near = [i for i, line in enumerate(lines) if line.strip() and i not in taken][:HEADLINE_WINDOW]
        long_lines = 0
        for i in near:
            line = lines[i].strip()
            if len(line) > 120:
                long_lines += 1
                if long_lines >= 3:
                    break  # the body has started: no headline below (see `pipeline.headline`)
                continue
            if iso := _date_of_line(line, state):
                dated[i] = iso
                header.add(i)
            elif (_DIGIT.search(line) and _date_like(line, strict=True)) or (
                    _label_led(line) and generic_lexicon().classify(line) == NONE) \
                    or _LABELLED_SOURCE.search(line) or (
                    (named := _NAMED_LINE.match(line)) and _is_person(named["name"], None)):
                header.add(i)  # a date line not to be read (relative, partial), a byline, a source line
        found = find_headline(lines, set(taken), header, _not_headline)
        if found is None:
            self._flattened(lines, state, taken)
            return
        state.doc.title = found.text
        state.headline = found.index
        taken[found.index] = "title"
        for j in found.repeats:
            # other prints of the headline: alone, or as "<headline> - <Site>"; a line that merely starts or
            # ends with it ("Breaking: <headline>", a lead opening with its words) stays
            again = clean_headline(lines[j])[0]
            same = headline_key(again) == headline_key(found.text) or (
                again.startswith(found.text) and len(again) <= len(found.text) + 40 and found.source)
            if j < found.index + 12 and same and not is_body(lines[j]):
                taken[j] = "title"
        if found.source and not state.doc.source:
            state.doc.source = _clean(found.source)
        self._under_headline(lines, found.index, state, taken)
        if state.doc.published is None:
            near = [i for i in range(max(0, found.index - 3), len(lines)) if lines[i].strip() and i != found.index]
            around = [i for i in near if i < found.index][-1:] + [i for i in near if i > found.index][:2]
            for i in around:
                if i in dated:
                    state.doc.published = dated[i]
                    break

    def _flattened(self, lines: list[str], state: _State, taken: dict[int, str]) -> None:
        """A page flattened onto its first line, opening with its headline printed twice and then, often,
        its date: the headline is the title (the line stays: it holds the body), the date is read."""
        first = next((i for i, line in enumerate(lines) if line.strip() and i not in taken), None)
        if first is None or not is_body(lines[first]) or (head := doubled_start(lines[first])) is None \
                or _not_headline(head):
            return
        state.doc.title = clean_headline(head)[0]
        rest = lines[first].strip()[2 * len(head) + 2:]
        found = find_date(rest[:40], self.options["day_first"])
        if state.doc.published is None and found is not None and found.iso and not found.relative \
                and found.start == 0:
            state.doc.published = found.iso

    def _is_kicker(self, line: str, lines: list[str], content: list[int], pos: int) -> bool:
        """One word above a title-like line that header lines follow: a section name, not the title."""
        if len(line.split()) != 1 or len(line) > 30 or line.endswith(_SENTENCE_END) or pos + 2 >= len(content):
            return False
        title, after = lines[content[pos + 1]].strip(), lines[content[pos + 2]].strip()
        return len(title.split()) >= 3 and self._is_title(title, lines, content[pos + 1]) \
            and _read_line(title) is None and (_read_line(after, loose=True) is not None or _is_bare_label(after))

    def _is_title(self, line: str, lines: list[str], i: int) -> bool:
        if len(line) > self.options["max_title_chars"] or line.endswith((".", "。", ":", "：", ",", "，", ";")):
            return False
        nxt = next((line.strip() for line in lines[i + 1:] if line.strip()), "")
        return bool(nxt) and (_read_line(nxt) is not None or _is_bare_label(nxt))

    def _tail(self, lines: list[str], state: _State, taken: dict[int, str]) -> None:
        lexicon = generic_lexicon()
        content = [i for i, line in enumerate(lines) if line.strip() and i not in taken]
        window = content[-(self.options["max_tail_lines"] + MAX_LINKS + 1):]
        kinds = Kinds(lines, lexicon.classify)
        links = links_block(window, lines, kinds)  # "Related" and its links: signatures sit above them
        content = [i for i in content if i not in links]
        first_body = content[0] if content else None
        for i in reversed(content[-self.options["max_tail_lines"]:]):
            if i == first_body:
                break
            line = lines[i].strip()
            paren = _TAIL_PAREN.match(line)
            ko = _KO_BYLINE.match(_clean(_EMAIL.sub(" ", line)))
            if paren and (line.startswith(("(", "（", "[")) or _CREDIT_PART.match(line)):
                # "(Reporting by A; Writing by B; Editing by C)": reporters and writers are authors
                parts = [_CREDIT_PART.sub("", part) for part in re.split(r"\s*;\s*", paren["inner"])
                         if _CREDIT_PART.match(part) or not re.match(r"(?i)\s*(?:editing|edited|compiled)\b", part)]
                taken[i] = state.apply(_Line(bylines=[p for p in parts if p.strip()]))
            elif ko:
                taken[i] = state.apply(_Line(bylines=[ko["names"]]))
            elif (info := _read_line(line)) is not None and info.labelled and not info.outlet:
                taken[i] = state.apply(info)
            elif kinds[i] == NONE:
                break
        if not state.bylines:
            self._closing_credit(lines, content[-12:], state, taken)

    def _closing_credit(self, lines: list[str], window: list[int], state: _State, taken: dict[int, str]) -> None:
        """A byline among the last lines, past a bio or a comment prompt ("Written by Jane Doe"), in
        parentheses closing the last paragraph ("... on Monday.(Reporting by Jane Doe; Editing by ...)"), or an
        op-ed's closing bio ("Jane Doe is a port economist.") at the very end or over a credit line."""
        for k in range(len(window) - 1, -1, -1):
            i = window[k]
            line = lines[i].strip()
            m = _CLOSING_PARENS.search(line) if "by" in line else None
            if m:
                parts = [_CREDIT_PART.sub("", part) for part in _CREDIT_SPLIT.split(m["inner"]) if _CREDIT_PART.match(part)]
                if parts and all(_is_name(p) for p in parts):
                    state.bylines.extend(parts)  # read, and left: the credit closes the article's text
                    return
            bio = _BIO.match(line) if len(line) <= 160 and " " in line else None
            if bio and _is_person(bio["name"], state.doc.source) and (
                    k >= len(window) - 3 or _read_line(lines[window[k + 1]].strip()) is not None):
                state.bylines.append(bio["name"])  # "Jane Doe is a port economist.": an op-ed's author, left as text
                return
            led = len(line) <= 60 and i not in taken and (label := _LABEL.match(line.lower())) is not None \
                and _is_label(line, label)
            info = _read_line(line) if led else None  # "Written by Jane Doe", not a sentence with "记者" in it
            if info is not None and info.labelled and info.bylines and not (info.outlet or info.source):
                taken[i] = state.apply(info)
                return

    def _wire_prefix(self, doc: Document, state: _State) -> None:
        """Korean and Japanese wire bylines glued to the start of a first body line are read and cut;
        Chinese ones ("新华社北京1月5日电（记者 成欣）") are read and left, they open the lead sentence."""
        offset = 0
        for line in doc.text.split("\n")[:3]:
            m = _KO_WIRE.match(line)
            if m and not (m["names"] or m["inner"]):
                m = None
            m = m or _JA_WIRE.match(line)
            if m:
                names = m.groupdict().get("names") or m.groupdict().get("inner")
                outlet = m.groupdict().get("outlet")
                state.apply(_Line(bylines=[names], source=_clean(outlet) if outlet else None))
                doc.removed.append(Removed("byline", m.group(0).strip(), -1))
                doc.text = doc.text[:offset] + doc.text[offset + m.end():]
                self.count("byline")
                return
            m = _ZH_WIRE.match(line)
            if m:
                state.apply(_Line(bylines=[m["names"]], source=m["outlet"]))
                return
            offset += len(line) + 1


def _closes(line: str) -> bool:
    """A paragraph of article text that a credit line may close."""
    line = line.strip()
    return len(line) >= 80 and line.endswith(_SENTENCE_END)


@lru_cache(maxsize=4096)  # navigation and promo lines recur from page to page
def _not_headline(text: str) -> bool:
    """A known navigation, share or promo phrase, a line of header fields or a desk's credit ("Redaktion
    Harbor Ledger"): never the headline."""
    lexicon = generic_lexicon()
    return lexicon.classify(text) != NONE or line_key(text) in lexicon.lines or _label_led(text) \
        or _read_line(text) is not None or desk_credit(text) is not None


def _label_led(line: str) -> bool:
    """A line with a piece that starts with a metadata label ("Updated:", "By Jane Doe", "来源：")."""
    if _is_bare_label(line):
        return True
    for seg in _SEGMENTS.split(line):
        seg = seg.strip(_STRIP)
        lowered = seg.lower()
        m = _LABEL.match(lowered) if len(lowered) == len(seg) else None
        if m and _is_label(seg, m) and _KIND[m["label"].casefold()] != "ignore":
            return True
    return False


def _date_of_line(line: str, state: _State) -> str | None:
    """The date a short line states when it is mostly that date: a date with a time, a weekday, a
    label or an outlet's name and a few widget words around it. Partial and relative dates are not read."""
    if len(line) > 160 or not _DIGIT.search(line) or (len(line) > 90 and not _labels_in(line)):
        return None  # (a long line only with labels: "来源: <outlet> 于<date> 提示: <disclaimer>")
    found = find_date(line, state.stage.options["day_first"])
    if found is None or found.iso is None or found.relative or is_range(line):
        return None
    labelled = _label_led(line) or bool(_labels_in(line))
    if not labelled and _PHRASE_BEFORE_DATE.search(found.rest[:found.start].rstrip()):
        return None  # "Harbour master Tom Reyes on <date>": a caption or a sentence, not a date line
    rest = _TIME.sub(" ", found.rest)
    words = sum(1 for token in _UNSPACED.sub("", rest).split() if any(ch.isalpha() for ch in token))
    words += len(_UNSPACED.findall(rest)) // 2
    return found.iso if words <= 5 or labelled else None


def _title_case(words: str) -> bool:
    """Every word capitalised (particles aside), as outlet names are written in cased scripts:
    "Le Phare de l'Ouest", "Times of the Valley", but not a deck such as "Thousands without power"."""
    for token in words.split():
        token = re.split(r"['’]", token)[-1] or token  # l'Ouest, d'Italia
        if token[0].isalpha() and not (token[0].isupper() or token[0].lower() == token[0].upper()
                                       or token.casefold() in PARTICLES or token.casefold() in _FUNCTION_WORDS):
            return False
    return True


def _outlet_only(line: str) -> str | None:
    """The outlet a line names when it names nothing else ("Harbor Ledger" on a line of its own, or
    "Harbor Ledger," before its date); not a counter ("Day 2046")."""
    line = line.rstrip(",，")
    if _labels_in(line) or not _title_case(line) or _DIGIT_RUN.search(line):
        return None
    if _QUOTES.search(line):
        return None
    out = _Line()
    if _read_unlabelled(line, out, before_label=False) and out.outlet and not (out.dates or out.bylines or out.ignored):
        return out.outlet
    return None


def _outlet_sized(line: str) -> bool:
    """Short enough for an outlet's name rather than a headline: a few words, or an organisation's."""
    chars = len(_UNSPACED.findall(line))
    return chars <= 10 and len(line.split()) <= 5


def _dateline_at(lines: list[str], content: list[int], pos: int) -> bool:
    """Whether the content line at `pos` is a date line, alone or as a bare label with its value below."""
    line = lines[content[pos]].strip()
    info = _read_line(line)
    if info is None and _is_bare_label(line) and pos + 1 < len(content):
        info = _read_line(f"{line.rstrip(':：')}: {lines[content[pos + 1]].strip()}")
    return info is not None and bool(info.dates)


def _name_and_role(line: str, nxt: str) -> bool:
    """A name on its own line with the author's role under it."""
    return len(line) <= 40 and _is_person(line, None) and len(nxt) <= 60 and bool(_ROLE_LINE.match(nxt)) \
        and not nxt.endswith(_SENTENCE_END)


def _empty_label(line: str) -> bool:
    """A label that needs a colon, alone without one ("Text", "Source"): a template's field left empty."""
    key = line.strip().casefold()
    return key in _NEEDS_COLON and key in _KIND


def _is_bare_label(line: str) -> bool:
    """A line that is only a label ("تاريخ النشر", "Published:"), its value on the next line."""
    stripped = line.strip().rstrip(":：").strip()
    key = stripped.casefold()
    if key in _NEEDS_COLON and not line.strip().endswith((":", "：")):
        return False  # "Text" alone is a player's label, "Text:" a byline's
    return key in _KIND and _KIND[key] != "ignore"


class _State:
    """What the header lines of one document have stated so far."""

    def __init__(self, doc: Document, base: datetime | None, stage: HeadersStage) -> None:
        self.doc, self.base, self.stage = doc, base, stage
        self.bylines: list[str] = []
        self.credits: list[str] = []  # outlets credited by lines of their own
        self.headline: int | None = None  # the headline's line, when found by scoring
        self.widget_date = False  # the first line is a weekday and a date and nothing else
        self.unparsed = False
        self.stamp_month: str | None = None  # a text store's stamp that gives only the year and month
        self.had_authors = bool(doc.authors)

    def apply(self, info: _Line) -> str:
        doc = self.doc
        for kind, text in info.dates:
            iso = parse_date(text, self.stage.options["day_first"], self.base)
            if iso is None:
                self.unparsed = True
            elif getattr(doc, kind) is None:
                setattr(doc, kind, iso)
        source = _trim_source(info.source or info.outlet)
        if source and not doc.source:
            doc.source = source
        self.bylines.extend(info.bylines)
        return info.kind or "byline"

    def continue_byline(self, line: str) -> bool:
        """The line under a byline that names where its authors work ("Associated Press", "Do Jornal X")."""
        if len(line) > 60 or len(line.split()) > 6 or line.endswith(_SENTENCE_END) or not line[0].isupper():
            return False
        m = _FROM_OUTLET.match(line)
        if m:
            self.doc.source = self.doc.source or _clean(m["outlet"])
            return True
        if _ORG_HINT.search(line) and _title_case(line) and self.bylines:
            self.bylines[-1] = f"{self.bylines[-1]}, {_clean(line)}"
            return True
        return False

    def finish(self) -> None:
        doc = self.doc
        if not self.had_authors and self.bylines:
            seen = set()
            for byline in self.bylines:
                for author in parse_authors(byline, doc.source):
                    if (outlet := desk_credit(author.name)) is not None:
                        doc.source = doc.source or outlet  # "By Reuters Staff", "Team Harbor Ledger"
                        continue
                    if author.name.casefold() not in seen:
                        seen.add(author.name.casefold())
                        doc.authors.append(author)
        if doc.published is None and doc.updated is not None:
            doc.published = doc.updated
            self.stage.count("published_from_updated")
        if self.unparsed:
            self.stage.count("date_unparsed")
            if "date_unparsed" not in doc.quality_flags:
                doc.quality_flags.append("date_unparsed")
        if doc.title and doc.source:
            doc.title = strip_outlet(doc.title, doc.source)


_DESK_WORDS = {"redaksi", "redaktion", "rédaction", "redacción", "redação", "redazione", "редакция", "team", "staff",
               "desk", "newsroom"}


def _trim_source(source: str | None) -> str | None:
    """An outlet as a "来源：" line names it, without what follows it on the line (a space, then a widget,
    or other credits after a slash: "A/B/C 于2020-07-13" -> "A")."""
    if source and _UNSPACED.search(source):
        source = re.split(r"\s|[/／]", source.strip())[0]
    if not source:
        return None
    source = source.strip()
    if source[:1] in "(（" and source[-1:] in ")）":
        source = source[1:-1].strip()  # "(Harbor Ledger)"
    source = desk_credit(source) or source  # "Team Harbor Ledger"
    last = source.split()[-1] if source.split() else ""
    if not source or source[0].isdigit() or source.casefold() in _DESK_WORDS or last in _FUNCTION_WORDS:
        return None  # a counter ("86 views"), a desk with no name, a caption's words ("... Jr. on")
    return source


def strip_outlet(title: str, source: str) -> str:
    """"Port tightens checks | Harbor Ledger" -> "Port tightens checks" when the outlet is known."""
    for sep in (" | ", " - ", " — ", " – ", " :: ", "｜", "_"):
        if title.endswith(sep + source):
            return title[: -len(sep + source)].strip()
    return title
