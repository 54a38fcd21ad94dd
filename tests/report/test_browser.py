"""The report in a real browser: every chart draws, the console stays clean, a screenshot is kept.

Needs Debian's chromium (.ci/run installs it); skipped, with the reason, where it is absent.
The screenshot is written to tests/artifacts/report.png for a person to look at.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from pipeline.report.html import write_report
from tests.report.chromium import CHROMIUM, load

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} not installed (apt-get install chromium)")


class _Drawn(HTMLParser):
    """Per chart container: how many <svg> and how many drawn marks (paths with geometry, texts) it holds."""

    def __init__(self) -> None:
        super().__init__()
        self.root: dict[str, str] = {}
        self.charts: dict[str, dict[str, int]] = {}
        self._stack: list[str | None] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.root = attrs
        chart = attrs.get("id", "")[6:] if (attrs.get("id") or "").startswith("chart-") and tag == "div" else None
        if chart:
            self.charts[chart] = {"svg": 0, "marks": 0}
        current = chart or (self._stack[-1] if self._stack else None)
        if current and tag == "svg":
            self.charts[current]["svg"] += 1
        if current and ((tag == "path" and (attrs.get("d") or "").strip()) or tag == "text"):
            self.charts[current]["marks"] += 1
        if tag not in ("path", "rect", "line", "circle", "img", "br", "meta"):
            self._stack.append(current)

    def handle_endtag(self, tag):
        if tag not in ("path", "rect", "line", "circle", "img", "br", "meta") and self._stack:
            self._stack.pop()


def test_every_chart_draws_without_console_errors(messy_output, tmp_path):
    report = write_report(messy_output, tmp_path / "report.html")
    png = ARTIFACTS / "report.png"
    png.unlink(missing_ok=True)
    page = load(report, screenshot=png, height=5600)
    drawn = _Drawn()
    drawn.feed(page.dom)

    specs = json.loads(report.read_text(encoding="utf-8").split('id="chart-specs">', 1)[1].split("</script>", 1)[0])
    assert set(drawn.charts) == set(specs)
    for name, counts in drawn.charts.items():
        assert counts["svg"] == 1, f"chart {name} has no SVG"
        assert counts["marks"] >= 5, f"chart {name} drew nothing: {counts}"
    assert drawn.root.get("data-charts-drawn") == str(len(specs))
    assert "data-errors" not in drawn.root, drawn.root["data-errors"]
    assert page.console == [], f"console messages: {page.console}"

    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(data[16:20], "big") == 1280  # width from the IHDR chunk
    assert len(data) > 100_000  # a blank or error page compresses to a few KB


def test_a_chart_that_fails_is_reported_on_the_page(messy_output, tmp_path):
    """The page's own error capture works: a broken spec is named in data-errors, the rest still draw."""
    report = write_report(messy_output, tmp_path / "report.html")
    html = report.read_text(encoding="utf-8")
    head, rest = html.split('id="chart-specs">', 1)
    specs_text, tail = rest.split("</script>", 1)
    specs = json.loads(specs_text)
    specs["languages"]["layer"][0]["mark"] = {"type": "no-such-mark"}
    broken = tmp_path / "broken.html"
    broken.write_text(head + 'id="chart-specs">' + json.dumps(specs).replace("<", "\\u003c") + "</script>" + tail,
                      encoding="utf-8")
    drawn = _Drawn()
    drawn.feed(load(broken).dom)
    assert "languages" in drawn.root.get("data-errors", "")
    assert drawn.charts["languages"]["svg"] == 0
    assert all(c["svg"] == 1 for name, c in drawn.charts.items() if name != "languages")
