"""Photo captions and glued credits (pipeline/stages/captions.py), alone and through the stage."""

import pytest

from pipeline.document import Document
from pipeline.stages import captions
from pipeline.stages.boilerplate import BoilerplateStage
from tests.conftest import doc

PARA = ("The regional council approved the new ferry timetable on Tuesday after three months of talks with "
        "the island communities, who had asked for an earlier first crossing in winter.")
PARA_RU = ("Паром будет уходить раньше. Зимой первый рейс отправится в половине седьмого утра, а по пятницам "
           "добавятся два вечерних рейса. Цены на билеты не изменятся, сообщил перевозчик во вторник.")


@pytest.mark.parametrize("line", [
    "A firefighter sprays water on a burning warehouse in Lyon, France, May 3, 2025. REUTERS/Jean Dupont/File",
    "Commuters wait for the delayed ferry at the north pier on Monday. (Harbour Police via AP)",
    "Volunteers clean the beach after the storm. [Photo by Mara Lind/harbourdaily.example]",
    "Pescadores descargan la captura del día en el puerto. (Foto: Agencia Norte)",
    "Rescuers search the rubble of the collapsed market hall in the early morning. -- PHOTO: AFP",
    "▲市民在新建的口袋公园里赏花。",
    "市民在新建的口袋公园里赏花。新华社记者 李明 摄",
    "民眾在碼頭排隊等候渡輪。(記者陳小華攝)",
    "(From left to right) Ana Vidal, Tom Ek and Li Na receive the award.",
    "Harbor Ledger / Jane Doe",  # a credit alone
    "STAR/ Juan Dela Cruz",
    "渡輪昨日在暴風中停航。(港台圖片)",  # an outlet's picture credit in brackets
    "工人在码头装货。（新华社图片）",
    "A crane lifts a container at the port. Representational image. (Agency)",
])
def test_captions_are_found(line):
    assert captions.is_caption(line)


@pytest.mark.parametrize("line", [
    PARA,
    "他在水中拍摄了这段视频，随后上传到网上。",
    "Support for the plan stood at 41 percent in the latest CNN/ORC poll of island voters.",
    "He took the photo: a lake at dawn, mist over the water, he said.",
    "Il a expliqué que la photo: prise en 1990, montrait le port.",
    "The data shows imports from the EU/UK fell.",
    "The mayor / council agreed to meet",
    "全线告急!渡轮停航三天(组图)",
    "Sports / Football",
    "Harbor Ledger / Jane Doe said the ferry would run late, and the council agreed to pay for it.",
])
def test_article_lines_are_not_captions(line):
    assert not captions.is_caption(line)


def test_a_caption_of_one_sentence_with_its_credit_goes_whole():
    line = "Commuters wait for the delayed ferry at the north pier on Monday. (Foto: Harbour Police)"
    d = BoilerplateStage()(doc(f"{PARA}\n\n{line}\n\n{PARA_RU}"))
    assert d.text == f"{PARA}\n\n{PARA_RU}"


def test_a_caption_given_twice_goes_both_times_and_a_repeated_plain_line_once():
    cap_short = "Commuters wait for the delayed ferry at the north pier on Monday morning in the rain"
    cap_credit = cap_short + ". (Harbour Police via AP)"
    assert captions.doubled([PARA, cap_short, cap_credit, PARA]) == {1, 2}
    plain = "The harbour master said the new timetable would be reviewed after one winter of service."
    assert captions.doubled([plain, plain]) == {1}
    assert captions.doubled([PARA, plain]) == set()


def test_a_line_that_is_one_caption_twice_over():
    cap = "Pescadores descargan la captura del día en el puerto de Vigo al amanecer"
    body = "La lonja abrió una hora antes por la llegada de cuatro barcos cargados de merluza."
    assert captions.doubled([body, cap + " ▲" + cap]) == {1}
    # The only text there is loses no words: its second copy alone is cut.
    assert captions.doubled([cap + " ▲" + cap]) == set() and captions.second_copy(cap + " ▲" + cap) == len(cap) + 2


def test_a_long_paragraph_given_twice_keeps_one_copy():
    para = ("El ayuntamiento aprobó el martes el nuevo horario de los transbordadores, que saldrán media hora "
            "antes a partir del mes que viene, según informó la naviera.")
    stage = BoilerplateStage()
    out = stage(Document(text=f"{para} {para}\n\nLos billetes ya comprados siguen siendo válidos.",
                         source_path="x.txt", source_index=0))
    assert out.text.startswith(para + "\n\n") and out.text.count(para) == 1
    assert [r.text for r in out.removed] == [para]


@pytest.mark.parametrize("line, span", [
    (PARA_RU + " (Фото: Иван Петров)", "(Фото: Иван Петров)"),
    ("Tàu rời cảng lúc sáu giờ sáng. Mùa đông có thêm chuyến. Giá vé không đổi. - Ảnh: MINH AN", "- Ảnh: MINH AN"),
    ("Färjan går tidigare på vintern. Den första turen avgår halv sju, och på fredagar blir det två extra "
     "kvällsturer fram till slutet av mars. Priset är detsamma, meddelade rederiet på tisdagen efter mötet. "
     "Foto: Hamnbolaget", "Foto: Hamnbolaget"),
    ("The ferry will run twice an hour. [Jane Doe/Harbour Daily]", "[Jane Doe/Harbour Daily]"),
])
def test_a_credit_glued_to_a_line_of_text_is_cut_and_kept(line, span):
    d = BoilerplateStage()(doc(f"{PARA}\n\n{line}\n\n{PARA}"))
    assert d.text == f"{PARA}\n\n{line[: -len(span)].rstrip()}\n\n{PARA}"
    assert span in [r.text for r in d.removed]


def test_a_sentence_with_a_colon_after_photo_keeps_its_end():
    line = "Il a expliqué que la photo: prise en 1990, montrait le port."
    assert captions.credit_span(line) is None
    assert BoilerplateStage()(doc(f"{PARA}\n\n{line}")).text == f"{PARA}\n\n{line}"

