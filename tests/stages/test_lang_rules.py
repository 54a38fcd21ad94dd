"""Languages langdetect has no profile for: each rule on a sentence of its language written by the team,
and the profiled neighbour it starts from left alone when the other's marks are missing."""

from __future__ import annotations

import pytest

from pipeline.stages.lang_rules import is_serbian_cyrillic, refine
from pipeline.stages.language import LanguageStage, detect
from tests.conftest import doc

# (expected code, expected variant, text): one news-like sentence per language or script.
SENTENCES = [
    ("be", "be-Cyrl", "Урад абвясціў, што новыя правілы ўступяць у сілу ў студзені, а цэны на хлеб не зменяцца."),
    ("be", "be-Latn", "Urad abviasciŭ, što novyja praviły ŭstupiać u siłu ŭ studzieni, a ceny na chleb nie źmieniacca."),
    ("sr", "sr-Cyrl", "Влада је саопштила да ће нова правила важити од јануара."),
    ("sr", "sr-Latn", "Vlada je saopštila da će nova pravila važiti od januara, a predsednik je rekao da je to "
                      "bilo potrebno posle dve godine."),
    ("bs", None, "Općina je saopćila da će naredna sedmica donijeti hiljadu novih radnih mjesta, a historija "
                 "grada bit će prikazana u muzeju."),
    ("hr", None, "Vlada je priopćila da će nova pravila vrijediti od siječnja, a predsjednik je rekao da je tjedan "
                 "bio težak za sve."),
    ("ms", None, "Kerajaan berkata bahawa projek itu akan siap tahun depan kerana wang telah diluluskan oleh "
                 "pejabat menteri."),
    ("id", None, "Pemerintah mengatakan bahwa proyek itu akan selesai tahun depan karena uang sudah disetujui "
                 "oleh kantor menteri."),
    ("mk", None, "Владата соопшти дека новиот закон е усвоен и ќе стапи на сила во јануари."),
    ("kk", None, "Үкімет жаңа ережелер қаңтар айынан бастап күшіне енетінін хабарлады."),
    ("mn", None, "Засгийн газар шинэ дүрэм нэгдүгээр сараас хүчин төгөлдөр болно гэж мэдэгдэв."),
    ("uz", "uz-Cyrl", "Ҳукумат янги қоидалар январдан кучга киришини маълум қилди, бу ўзгариш муҳим."),
    ("uz", "uz-Latn", "Hukumat yangi qoidalar yanvardan kuchga kirishini ma'lum qildi va bu o'zgarish uchun "
                      "muhim bo'ldi."),
    ("az", None, "Hökumət yeni qaydaların yanvardan qüvvəyə minəcəyini bildirdi və bu dəyişiklik vacibdir."),
    ("gl", None, "A Xunta anunciou que as novas normas entrarán en vigor en xaneiro, pero non haberá cambios "
                 "nos prezos e tamén se manterá unha axuda."),
    ("eu", None, "Gaur goizean udalak esan du arau berriak urtarrilean izango direla indarrean eta beste "
                 "aldaketa batzuk ere egingo dituztela."),
    # the profiled neighbours, which must stay themselves
    ("pt", None, "O governo anunciou que as novas regras entram em vigor em janeiro, mas não haverá mudanças "
                 "nos preços e também se manterá uma ajuda."),
    ("es", None, "El gobierno anunció que las nuevas normas entrarán en vigor en enero, pero no habrá cambios."),
    ("tr", None, "Hükümet yeni kuralların ocak ayından itibaren yürürlüğe gireceğini açıkladı."),
    ("ru", None, "Правительство объявило, что новые правила вступят в силу в январе."),
    ("uk", None, "Уряд оголосив, що нові правила набудуть чинності в січні, а ціни на хліб не зміняться."),
    ("bg", None, "Правителството обяви, че новите правила влизат в сила от януари."),
    ("fr", None, "Les pêcheurs du port ont bloqué l'entrée du bassin du matin jusqu'au soir du lendemain."),
]


@pytest.mark.parametrize("code,variant,text", SENTENCES, ids=[f"{c}-{v or ''}" for c, v, _ in SENTENCES])
def test_each_language_and_script_is_recognised(code, variant, text):
    got, score, got_variant = detect(text)
    assert (got, got_variant) == (code, variant)
    assert 0 < score <= 1


def test_macedonian_is_not_serbian_without_serbian_letters_or_words():
    macedonian = "Претседателот рече дека владата ќе ги намали даноците оваа година."
    assert not is_serbian_cyrillic(macedonian, "mk")
    assert refine("mk", macedonian) == ("mk", None)
    # Serbian read by the Macedonian profile: its own letter ђ turns it back
    assert is_serbian_cyrillic("Међутим, влада није одговорила на питања новинара.", "mk")


def test_a_rule_needs_positive_evidence_not_just_a_neighbour():
    # Croatian without any Serbian or Bosnian mark stays Croatian; Indonesian without Malay words stays Indonesian
    assert refine("hr", "Predsjednik je otvorio novi most preko rijeke.") == ("hr", None)
    assert refine("id", "Presiden membuka jembatan baru di atas sungai itu.") == ("id", None)
    # Esperanto has ŭ too, but also its own ĉ ĝ ĥ ĵ ŝ: not Belarusian
    assert refine("pl", "La ŝtato anoncis ke la nova ponto estos malfermita aŭ hodiaŭ aŭ morgaŭ.")[0] != "be"


def test_a_short_paragraph_of_a_serbian_article_follows_the_article():
    article = ("Vlada je saopštila da će nova pravila važiti od januara, a predsednik je rekao da je to bilo "
               "potrebno posle dve godine pregovora.\n\nOpozicija je najavila da će glasati protiv.\n\n"
               "Predsednik je ponovio da vreme za odlaganje više nema i da je reč o istorijskoj odluci.")
    d = LanguageStage()(doc(article))
    assert (d.lang, d.lang_variant) == ("sr", "sr-Latn")
    assert [p.lang for p in d.paragraphs] == ["sr", "sr", "sr"]
