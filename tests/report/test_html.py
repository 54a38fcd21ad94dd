"""The HTML report: self-contained, escaped, deterministic, and answering the acceptance questions."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.report.data import gather
from pipeline.report.html import render_report, write_report


class _Resources(HTMLParser):
    """Everything a page would fetch: script/img/iframe sources, stylesheets, CSS imports and urls."""

    def __init__(self) -> None:
        super().__init__()
        self.fetches: list[str] = []
        self.specs: str | None = None
        self._in_specs = False
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "img", "iframe", "embed", "source", "video", "audio") and attrs.get("src"):
            self.fetches.append(attrs["src"])
        if tag == "link":
            self.fetches.append(attrs.get("href", ""))
        self._in_specs = tag == "script" and attrs.get("id") == "chart-specs"
        self._in_style = tag == "style"

    def handle_data(self, data):
        if self._in_specs:
            self.specs = data
        if self._in_style:
            self.fetches += re.findall(r"@import|url\(", data)

    def handle_endtag(self, tag):
        self._in_specs = self._in_style = False


def _parse(html: str) -> _Resources:
    p = _Resources()
    p.feed(html)
    return p


def test_report_is_self_contained_and_small(messy_output, tmp_path):
    path = write_report(messy_output, tmp_path / "sub" / "report.html")
    html = path.read_text(encoding="utf-8")
    parsed = _parse(html)
    assert parsed.fetches == []
    assert "window.vegaEmbed=" in html  # the Vega libraries are inside the file
    assert path.stat().st_size < 5 * 2**20


def test_charts_carry_the_figures(messy_output):
    f = gather(messy_output)
    specs = json.loads(_parse(render_report(f)).specs)
    assert set(specs) == {"languages", "lengths", "flags", "masks-by-outlet", "masks-over-time", "duplicates", "rejects"}
    values = {name: spec["data"]["values"] for name, spec in specs.items()}  # Altair hoists the layers' shared data
    assert {v["lang"]: v["articles"] for v in values["languages"]} == {lang["lang"]: lang["rows"] for lang in f.languages}
    assert {v["reason"]: v["records"] for v in values["rejects"]} == {r["reason"]: r["rows"] for r in f.rejects}
    top = f.top_outlets("masks", 15)
    assert [(v["source"], v["masks"]) for v in values["masks-by-outlet"]] == [(o["source"], o["masks"]) for o in top]


def test_tables_answer_the_questions_without_javascript(messy_output):
    f = gather(messy_output)
    html = render_report(f)
    text = re.sub(r"<script.*?</script>", "", html, flags=re.S)
    for lang in f.languages:  # articles per language
        assert re.search(rf"<td><b>{lang['lang']}</b></td><td class=\"n\">{lang['rows']:,}</td>", text)
    for r in f.rejects:  # what was rejected and why, with an example
        assert f"<td><b>{r['reason']}</b></td>" in text
        assert r["examples"][0]["source_path"] in text
    for sample in f.samples:  # every sample comes with the command that inspects it
        assert f"newscorpus inspect {sample['id']} --output {messy_output}" in text


def test_text_from_the_corpus_is_escaped(messy_output):
    html = render_report(gather(messy_output, samples_per_language=100))
    assert "The council voted &lt;b&gt;9 to 2&lt;/b&gt; on Tuesday evening for a &#34;green &amp; quiet&#34; plan" in html
    assert "<b>9 to 2</b>" not in html


def test_same_corpus_same_bytes(messy_output, tmp_path):
    a = write_report(messy_output, tmp_path / "a.html").read_bytes()
    b = write_report(messy_output, tmp_path / "b.html").read_bytes()
    assert a == b


def test_report_of_a_corpus_with_no_rows_says_so(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "rejects.jsonl").write_text("")
    html = render_report(gather(tmp_path))
    assert json.loads(_parse(html).specs) == {}
    assert "The corpus has no rows." in html and "No input record was rejected" in html


def test_report_and_stats_commands(messy_output, tmp_path):
    target = tmp_path / "r.html"
    result = CliRunner().invoke(app, ["report", str(messy_output), "--out", str(target)])
    assert result.exit_code == 0, result.output
    assert target.is_file() and str(target) in result.output

    result = CliRunner().invoke(app, ["stats", str(messy_output), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == json.loads(json.dumps(gather(messy_output).to_dict(), default=str))

    result = CliRunner().invoke(app, ["stats", str(messy_output)], terminal_width=200)
    assert result.exit_code == 0, result.output
    f = gather(messy_output)
    for heading in ("articles and length per language", "censorship masks per outlet", "rejects by reason", "top outlets"):
        assert heading in result.output
    for r in f.rejects:
        assert r["reason"] in result.output

    result = CliRunner().invoke(app, ["report", str(tmp_path / "missing")])
    assert result.exit_code == 2 and "not a corpus output folder" in result.output
