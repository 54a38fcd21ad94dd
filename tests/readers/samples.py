"""Inputs for the reader tests, written for them: the same articles as plain text,
HTML pages, WARC and ARC records, JSON lines, and the bad inputs a real crawl
or dump contains. Nothing here is downloaded or copied from a real page.
"""

from __future__ import annotations

import html
import io
import json
from dataclasses import dataclass

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter


@dataclass(frozen=True)
class Article:
    title: str
    outlet: str
    date: str  # ISO
    author: str
    affiliation: str
    paragraphs: tuple[str, ...]
    dateline: str  # how the plain-text version states outlet and date
    lang: str = "en"


NIGHT_MARKET = Article(
    title="Harbor district opens its first night market in a decade",
    outlet="Bayside Courier",
    date="2024-06-02",
    author="Maya Okafor",
    affiliation="Urban Affairs Desk",
    dateline="Bayside Courier Updated on 2024-06-02",
    paragraphs=(
        "More than forty stalls lit up the old ferry terminal car park on Saturday evening, as the harbor district "
        "held its first night market since the terminal closed ten years ago.",
        "Organizers from the district business association said the market would run every weekend until the end "
        "of September. Half of the stall licences went to residents who had never sold food in public before, "
        "and a training kitchen in the terminal building helped them meet the hygiene rules.",
        "Visitors queued for grilled fish skewers, steamed buns and a sour plum drink that one stall owner said "
        "her grandmother used to make at home. By nine o'clock several stalls had sold out.",
        "The city transport office added two late buses on the harbor line for the summer. A spokesperson said "
        "the service would be reviewed in October, once the number of passengers is known.",
    ),
)

# A Chinese and a Russian article, to be saved in GB18030 and Windows-1251.
RIVER_MARKET_ZH = Article(
    title="海湾新城的夜市重新开张",
    outlet="东岸日报",
    date="2024-05-18",
    author="陈晓雨",
    affiliation="城市文化研究所",
    dateline="东岸日报 更新时间 2024年5月18日",
    lang="zh",
    paragraphs=(
        "经过半年的改造，海湾新城的老夜市于本周末重新对市民开放。新夜市共有一百二十个摊位，比改造前增加了三分之一，"
        "其中一半留给了在本地经营多年的老摊主。",
        "夜市管理处负责人表示，这次改造最重要的是解决排水和照明问题。过去每到雨季，市场里的积水常常没过脚踝，"
        "不少摊主只好提前收摊。现在路面全部重新铺设，并加装了新的排水管道。",
        "不少市民在开业当晚专程赶来。一位带着孩子的居民说，小时候常和父母来这里吃炒粉和糖水，现在能带孩子重新走一走，"
        "感觉很亲切。",
        "管理处还透露，下一步将在夜市入口处设立公共自行车停放点，并在周末增开两条夜间公交线路，方便周边居民出行。",
    ),
)

BRIDGE_RU = Article(
    title="В Заречье открыли новый пешеходный мост",
    outlet="Вечерний Вестник",
    date="2024-04-12",
    author="Ирина Соколова",
    affiliation="Институт городского развития",
    dateline="Вечерний Вестник Обновлено 12.04.2024",
    lang="ru",
    paragraphs=(
        "В субботу в Заречье торжественно открыли пешеходный мост через реку Светлую. Строительство заняло почти "
        "два года, и всё это время жителям левого берега приходилось делать крюк в несколько километров, чтобы "
        "добраться до школы или поликлиники.",
        "Длина нового моста составляет сто сорок метров. По словам главного инженера проекта, конструкция "
        "рассчитана на сильные весенние паводки, а покрытие не скользит даже в гололёд.",
        "На открытие пришли сотни горожан. Многие признались, что ждали этого дня с самой осени, когда были "
        "установлены последние пролёты. Пожилая жительница соседнего квартала рассказала, что теперь сможет "
        "ходить на рынок пешком, как в молодости.",
        "Городская администрация обещает, что летом вдоль набережной у моста появятся скамейки, фонари и "
        "небольшая велосипедная дорожка.",
    ),
)


def as_text(a: Article) -> str:
    """The article as a scraper saves it: header lines, then the body."""
    body = "\n\n".join(a.paragraphs)
    return f"{a.title}\n\n{a.dateline}\nAuthor: {a.author} ({a.affiliation}).\n\n{body}\n\nRelated Pages\n"


def as_html(a: Article, charset: str = "utf-8", url: str = "https://courier.example/news/night-market") -> str:
    """The article as a news site serves it: navigation, metadata, the article, related links, footer."""
    e = html.escape
    paragraphs = "\n".join(f"      <p>{e(p)}</p>" for p in a.paragraphs)
    return f"""<!DOCTYPE html>
<html lang="{a.lang}">
<head>
  <meta charset="{charset}">
  <title>{e(a.title)} | {e(a.outlet)}</title>
  <meta property="og:title" content="{e(a.title)}">
  <meta property="og:site_name" content="{e(a.outlet)}">
  <meta name="author" content="{e(a.author)}">
  <meta property="article:published_time" content="{a.date}T18:00:00+00:00">
  <link rel="canonical" href="{url}">
</head>
<body>
  <header>
    <nav><a href="/">Home</a> <a href="/city">City</a> <a href="/sport">Sport</a> <a href="/opinion">Opinion</a></nav>
  </header>
  <main>
    <article>
      <h1>{e(a.title)}</h1>
      <div class="byline">By <span class="author">{e(a.author)}</span> · <time datetime="{a.date}">{a.date}</time></div>
{paragraphs}
    </article>
    <aside>
      <h2>Related Pages</h2>
      <ul><li><a href="/a">Ferry timetable changes for the summer</a></li>
          <li><a href="/b">Council approves harbor wall repairs</a></li></ul>
    </aside>
  </main>
  <footer><p>Copyright 2024. All rights reserved.</p><a href="/privacy">Privacy</a> <a href="/cookies">Cookies</a></footer>
</body>
</html>
"""


NO_ARTICLE_HTML = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Sections</title></head>
<body><nav><ul><li><a href="/city">City</a></li><li><a href="/sport">Sport</a></li>
<li><a href="/weather">Weather</a></li></ul></nav><footer><a href="/privacy">Privacy</a></footer></body></html>
"""


def huge_html(paragraphs: int = 60000) -> str:
    """A page big enough that extracting it takes about a second and tens of megabytes."""
    body = "".join(f"<p>Paragraph {i} of a page nobody should publish, with words that differ from the rest.</p>\n"
                   for i in range(paragraphs))
    return f"<html><head><title>Endless</title></head><body><article>{body}</article></body></html>"


@dataclass(frozen=True)
class WarcRecord:
    """One record to write: `kind` "response" (with `status` and `content_type`), or any other WARC type."""

    kind: str
    url: str
    payload: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: str = "200 OK"
    date: str = "2024-06-03T07:12:00Z"


def warc_bytes(records: list[WarcRecord], gzip: bool = True) -> bytes:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gzip)
    info = writer.create_warcinfo_record("test.warc", {"software": "newscorpus tests"})
    # warcio gives it a random id and the current time: fixed here, so the same records give the same bytes.
    info.rec_headers.replace_header("WARC-Record-ID", "<urn:uuid:00000000-0000-4000-8000-ffffffffffff>")
    info.rec_headers.replace_header("WARC-Date", "2024-06-03T07:12:00Z")
    writer.write_record(info)
    for i, r in enumerate(records):
        headers = {"WARC-Date": r.date, "WARC-Record-ID": f"<urn:uuid:00000000-0000-4000-8000-{i:012d}>"}
        if r.kind == "response":
            http = StatusAndHeaders(r.status, [("Content-Type", r.content_type)], protocol="HTTP/1.1")
            rec = writer.create_warc_record(r.url, "response", payload=io.BytesIO(r.payload), http_headers=http,
                                            warc_headers_dict=headers)
        elif r.kind == "request":
            http = StatusAndHeaders(f"GET {r.url} HTTP/1.1", [("Host", "courier.example")], is_http_request=True)
            rec = writer.create_warc_record(r.url, "request", payload=io.BytesIO(b""), http_headers=http,
                                            warc_headers_dict=headers)
        else:
            rec = writer.create_warc_record(r.url, r.kind, payload=io.BytesIO(r.payload),
                                            warc_content_type="application/warc-fields", warc_headers_dict=headers)
        writer.write_record(rec)
    return buf.getvalue()


def arc_bytes(url: str, page: bytes, date: str = "20240603071200") -> bytes:
    """A version-1 ARC file (the Internet Archive's format before WARC) with one HTML response."""
    info = b"1 0 newscorpus-tests\nURL IP-address Archive-date Content-type Archive-length\n"
    out = b"filedesc://test.arc 0.0.0.0 %s text/plain %d\n%s\n" % (date.encode(), len(info), info)
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + page
    out += b"%s 192.0.2.7 %s text/html %d\n%s\n" % (url.encode(), date.encode(), len(http), http)
    return out


def jsonl(records: list[object]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8")


def article_record(a: Article, **extra: object) -> dict[str, object]:
    """The article as a scraper's JSON line: typed fields plus whatever else it collected."""
    return {"title": a.title, "text": "\n\n".join(a.paragraphs), "date": a.date, "author": a.author,
            "source": a.outlet, "url": "https://courier.example/news/" + a.date, **extra}
