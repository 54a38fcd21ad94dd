"""The newcomer's path: the README's test command is what CI runs, and it says why tests were skipped."""

from __future__ import annotations

import re

from pipeline.recipe import read_toml
from tests.conftest import ROOT


def readme_test_command() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"# 2\. Install the test extras and run the tests\n(.+)\n", readme)
    assert found, "the README's opening commands moved"
    return found[1].strip()


def test_ci_runs_exactly_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert readme_test_command() in [line.strip() for line in ci]


def test_skip_reasons_are_reported_under_the_quiet_option():
    options = read_toml(ROOT / "pyproject.toml")["tool"]["pytest"]["ini_options"]
    chars = [opt[2:] for opt in options.get("addopts", "").split() if opt.startswith("-r")]
    assert chars and "s" in chars[-1] and {"f", "E"} <= set(chars[-1])  # -r replaces pytest's default fE
