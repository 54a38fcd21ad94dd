"""Articles written for the duplicate tests (our own text): one wire story and the copies outlets made of it,
stories on the same topic that are not copies, briefs from one template, bare headlines."""

from __future__ import annotations

from pathlib import Path

import xxhash

from pipeline.document import Document
from pipeline.passes.minhash.params import DedupSettings
from pipeline.passes.minhash.signatures import SignatureWriter, signature_path

WIRE = """Dockworkers at the port of Velmora walked off the job on Tuesday morning, leaving more than forty container ships waiting at anchor outside the harbour and halting the loading of grain bound for the southern provinces.

The strike was called by the Velmora Harbour Workers Union after three months of talks with the port authority broke down over night-shift pay and the use of automated cranes on the eastern quay. Union secretary Amara Telles said the workers would stay out until the authority put a written offer on the table.

"We have asked for the same thing since March: that a crane driver who works through the night is paid for the night," Telles told reporters outside the main gate. "Nobody is against new machines. We are against losing our jobs to them without a plan."

The port authority said in a statement that it regretted the walkout and had offered a seven percent rise spread over two years. It said the automation of the eastern quay would go ahead as planned but that no permanent worker would be dismissed.

Shipping agents warned that every day of the stoppage would add to costs for importers. The port handles about a fifth of the country's container traffic and most of its grain exports.

Talks are expected to resume on Thursday under a mediator appointed by the labour ministry."""

# Another outlet: its own headline and byline, "walked off the job" rewritten, the
# quote trimmed, the last paragraph cut, a follow line added.
REWRITE = """Velmora port at a standstill as dockers strike over night pay

By Jonas Reiter, Coastal Times

Dockworkers at the port of Velmora went on strike on Tuesday morning, leaving more than forty container ships waiting at anchor outside the harbour and halting the loading of grain bound for the southern provinces.

The strike was called by the Velmora Harbour Workers Union after three months of talks with the port authority broke down over night-shift pay and the use of automated cranes on the eastern quay. Union secretary Amara Telles said the workers would stay out until the authority put a written offer on the table.

"We have asked for the same thing since March: that a crane driver who works through the night is paid for the night," Telles told reporters outside the main gate.

The port authority said in a statement that it regretted the walkout and had offered a seven percent pay rise spread over two years. It said the automation of the eastern quay would go ahead as planned but that no permanent worker would be dismissed.

Shipping agents warned that every day of the stoppage would add to costs for importers. The port handles about a fifth of the nation's container traffic and most of its grain exports.

Follow us for more business news."""

# A third copy: the same text with the paragraphs in another order and boilerplate around it.
REORDERED = "\n\n".join(
    ["Breaking: port strike", *[WIRE.split("\n\n")[i] for i in (0, 1, 3, 2, 5, 4)], "Share this story. Related Pages"]
)

# The same strike, the next day: same names and words, other facts. Not a copy.
FOLLOW_UP = """Talks between the Velmora port authority and striking dockworkers resumed on Wednesday evening, a day earlier than planned, after the labour ministry warned that grain exports could not wait until the end of the week.

The mediator, a retired judge named Ilse Varga, met union secretary Amara Telles and the authority's director for four hours at the ministry's regional office. Neither side spoke to reporters when the meeting ended shortly before midnight.

Ships continued to queue outside the harbour. By Wednesday night the number waiting at anchor had risen to fifty-three, according to the harbour master's office, and two grain carriers had turned back towards other ports.

Farmers' associations in the southern provinces said silos were close to full and asked the government to order an emergency loading of grain. The ministry said it had no plan to intervene while talks were continuing.

A union spokesman said the night-shift pay offer was still the main obstacle, and that the question of the automated cranes could be settled later if the authority kept its promise that no permanent worker would be dismissed."""

# Another port, another strike: the same topic and vocabulary, nothing copied.
OTHER_PORT = """Crane operators at the northern port of Saltmere stopped work for twenty-four hours on Monday in a dispute over safety checks, the second stoppage at the port this year.

The operators' union said two cranes on the western quay had failed inspections in the spring and were still in use. The port authority said both cranes had been repaired and certified by an independent engineer, and that it would publish the certificates.

About a dozen ships were delayed, most of them carrying timber and steel. Shipping agents said the delays were short and that the port would clear the backlog by Wednesday.

The union said further stoppages were possible if the authority did not agree to monthly inspections with a union observer present. The authority said it was willing to discuss the request at the next meeting of the port's safety committee, planned for the end of the month."""

ZH_WIRE = """韦尔莫拉港的码头工人周二上午开始罢工，四十多艘集装箱船在港外锚地等待，运往南方各省的粮食装船工作被迫中断。

工会秘书长阿玛拉·特列斯表示，经过三个月的谈判，工会与港务局在夜班工资和东码头使用自动化起重机的问题上未能达成一致。她说，在港务局提出书面方案之前，工人们不会复工。

港务局在声明中对罢工表示遗憾，并称已提出在两年内分步加薪百分之七。声明说，东码头的自动化改造将按计划进行，但不会解雇任何正式工人。

航运代理警告说，罢工每持续一天，进口商的成本就会增加。该港承担全国约五分之一的集装箱运输和大部分粮食出口。"""

ZH_COPY = """来源：沿海日报

韦尔莫拉港的码头工人周二上午开始罢工，四十多艘集装箱船在港外锚地等候，运往南方各省的粮食装船工作被迫中断。

工会秘书长阿玛拉·特列斯表示，经过三个月的谈判，工会与港务局在夜班工资和东码头使用自动化起重机的问题上未能达成一致。她说，在港务局提出书面方案之前，工人们不会复工。

港务局在声明中对罢工表示遗憾，并称已提出在两年内分步加薪百分之七。声明说，东码头的自动化改造将按计划进行，但不会解雇任何正式工人。

航运代理警告说，罢工每持续一天，进口商的成本就会增加。该港承担全国约五分之一的集装箱运输和大部分粮食出口。

责任编辑：王明"""

ZH_OTHER = """萨尔特米尔港的起重机操作员周一停工二十四小时，原因是双方在安全检查问题上存在分歧，这是该港今年第二次停工。

工会表示，西码头有两台起重机在春季检查中不合格，但至今仍在使用。港务局则称，两台起重机均已修复，并经独立工程师认证，将公布相关证书。

约有十多艘船只受到延误，大部分装载木材和钢材。航运代理表示，延误时间不长，港口将在周三前清理积压。"""


def brief(place: str, sky: str, high: int, day: str, low: int, wind: str, speed: int) -> str:
    """A weather brief as agencies send hundreds a day: one template, other facts."""
    return (f"{place} weather: {sky} skies, high of {high} degrees on {day}, low of {low}. "
            f"Wind from the {wind} at {speed} km/h.")


def article(text: str, name: str, **fields) -> Document:
    """A cleaned document as the stages leave it, with an id derived from its name."""
    doc = Document(text=text, source_path=f"{name}.txt", source_index=0, lang=fields.pop("lang", "en"), **fields)
    doc.id = xxhash.xxh3_128_hexdigest(name.encode())
    return doc


def write_signatures(work: Path, groups: list[list[Document]], settings: DedupSettings) -> list[Path]:
    """One signature file per group of documents, as tasks write them."""
    work.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, docs in enumerate(groups):
        writer = SignatureWriter(signature_path(work, f"task-{i:05d}"), settings, "[REDACTED]")
        for d in docs:
            writer.add(d)
        writer.close()
        writer.commit()
        paths.append(writer.path)
    return paths


# A page of an outlet that printed the wire story inside its own clutter: menus, a
# cookie line, teaser headlines, share buttons; more lines of clutter than of article.
CLUTTERED = "\n".join([
    "Home", "News", "Business", "Sport", "Weather", "Log in", "Subscribe",
    "We use cookies to give you the best experience on our site and to show you relevant ads.",
    "Accept all", "Manage settings", "Ports and shipping", "Tuesday 4 June 2024",
    *WIRE.split("\n\n"),
    "Share on Facebook", "Share on X", "Print", "Most read",
    "Council approves new cycle lanes in the old town", "Storm warning for the coast tonight",
    "Ferry timetable changes from Monday", "Local bakery wins national prize",
    "Newsletter: get the morning briefing in your inbox every weekday",
    "Copyright 2024 Harbour Media Group. All rights reserved.",
])

# An outlet that printed only the first half of the wire story (the excerpt ends mid-story).
TRUNCATED = "Port strike\n\n" + "\n\n".join(WIRE.split("\n\n")[:3])

# Another agency on the same strike the same day: same names, figures and quote, its own sentences.
OTHER_AGENCY = """Work at Velmora's harbour stopped on Tuesday as members of the Velmora Harbour Workers Union began an open-ended strike, the union said.

More than forty container ships were left at anchor and grain shipments to the southern provinces were put on hold, port officials said. The dispute turns on pay for night shifts and the automated cranes planned for the eastern quay.

"We have asked for the same thing since March," union secretary Amara Telles said at the main gate, adding that her members would not return before a written offer.

Management of the port regretted the action. Its latest proposal, it said, was a seven percent increase phased in over two years, and the automation would not cost any permanent employee their job.

Importers fear rising costs: the harbour moves roughly a fifth of national container volumes. A state-appointed mediator is due to join talks on Thursday."""

# A Serbian story of our own, in Cyrillic, and the same text as a Latin-script outlet prints it.
SR_CYRILLIC = """Градско веће Новог Сада усвојило је у уторак план обнове старог моста преко Дунава, који ће бити затворен за саобраћај од јула до краја године.

Радови ће коштати око дванаест милиона евра, а највећи део новца обезбедиће се из градског буџета и кредита развојне банке. Током затварања превоз ће ићи преко два привремена понтонска моста.

Председница већа Јелена Ђорђевић рекла је да је мост у лошем стању и да се обнова више не може одлагати. Опозиција је тражила да се радови поделе у две фазе како би један део моста остао отворен.

Удружење превозника упозорило је да ће гужве у центру града бити велике током лета и затражило да се ноћни радови дозволе."""

SR_LATIN = "Novosadski dnevnik\nVesti | Grad | Region\n\n" + """Gradsko veće Novog Sada usvojilo je u utorak plan obnove starog mosta preko Dunava, koji će biti zatvoren za saobraćaj od jula do kraja godine.

Radovi će koštati oko dvanaest miliona evra, a najveći deo novca obezbediće se iz gradskog budžeta i kredita razvojne banke. Tokom zatvaranja prevoz će ići preko dva privremena pontonska mosta.

Predsednica veća Jelena Đorđević rekla je da je most u lošem stanju i da se obnova više ne može odlagati. Opozicija je tražila da se radovi podele u dve faze kako bi jedan deo mosta ostao otvoren.

Udruženje prevoznika upozorilo je da će gužve u centru grada biti velike tokom leta i zatražilo da se noćni radovi dozvole.""" + "\nPodeli vest\nKomentari (0)"



def market_report(city: str, day: str, index: str, move: str, points: str, leader: str, gain: str, loser: str,
                  loss: str, volume: str, currency: str, rate: str, bond: str) -> str:
    """A closing market report cut from one template: every sentence the same frame, a third of its words facts."""
    return (f"{city} shares closed {move} percent higher at {points} points on {day}, the {index} index's best "
            f"session this month. {leader} gained {gain} percent and {loser} lost {loss} percent, while {volume} "
            f"million shares changed hands in {city} trading.\n\nThe {currency} firmed to {rate} per dollar and "
            f"the ten-year {currency} bond yield eased to {bond} percent by the close on {day} afternoon.")


def match_report(home: str, away: str, goals: str, scorer: str, minute: str, stadium: str, crowd: str,
                 coach: str, place: str) -> str:
    """A football result in Spanish from one template: the same frame, other teams, scorers and figures."""
    return (f"El {home} venció {goals} al {away} en {stadium} ante {crowd} espectadores. {scorer} marcó en el "
            f"minuto {minute} y {coach} celebró el triunfo del {home}.\n\nEl {home}, {place} con {minute} puntos, "
            f"visita el próximo domingo al {away} en {stadium} según {coach}.")
