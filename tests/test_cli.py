import subprocess
import sys

from typer.testing import CliRunner

from pipeline.cli import app
from tests.conftest import DEMO


def test_build_command_prints_a_summary(tmp_path):
    result = CliRunner().invoke(app, ["build", str(DEMO), "--output", str(tmp_path / "out"), "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert "rows written" in result.output
    assert (tmp_path / "out" / "stats.json").exists()


def test_bad_recipe_is_a_clear_error(tmp_path):
    (tmp_path / "corpus.toml").write_text("[stages.masks]\ncolour = 'red'\n[input]\npaths=['*.txt']\n")
    (tmp_path / "a.txt").write_text("Title\n\nBody.")
    result = CliRunner().invoke(app, ["build", str(tmp_path)])
    assert result.exit_code == 2
    assert "unknown option" in result.output


def test_python_dash_m(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "pipeline", "build", str(DEMO), "-o", str(tmp_path / "o"), "-q"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
