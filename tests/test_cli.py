import errno
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


def test_python_dash_m():
    """`python -m pipeline` is the CLI (a build through it, in a fresh process, is tests/bench/test_devset_eval.py's)."""
    proc = subprocess.run([sys.executable, "-m", "pipeline", "build", "--help"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "Usage:" in proc.stdout and "--workers" in proc.stdout


ARTICLE = "Harbour wall repairs begin\n\nThe council started repairs on the old harbour wall on Monday.\n"


def build_args(tmp_path, *extra):
    (tmp_path / "in").mkdir(exist_ok=True)
    (tmp_path / "in" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    return ["build", str(DEMO), "--input", str(tmp_path / "in"), "--workers", "1", "--quiet", *extra]


def one_line_error(result) -> str:
    """The error a user sees: exit 2, one line, no traceback."""
    assert result.exit_code == 2, (result.exit_code, result.output, result.exception)
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: ") and "Traceback" not in result.output, result.output
    return lines[0]


def test_an_output_that_is_a_file_is_a_one_line_error(tmp_path):
    (tmp_path / "taken").write_text("not a folder")
    line = one_line_error(CliRunner().invoke(app, build_args(tmp_path, "--output", str(tmp_path / "taken"))))
    assert "is a file, not a folder" in line


def test_an_output_that_cannot_be_created_is_a_one_line_error(tmp_path):
    (tmp_path / "taken").write_text("not a folder")
    line = one_line_error(CliRunner().invoke(app, build_args(tmp_path, "--output", str(tmp_path / "taken" / "out"))))
    assert str(tmp_path / "taken") in line and "not a folder" in line


def test_a_folder_without_permission_is_a_one_line_error(tmp_path, monkeypatch):
    from pathlib import Path

    real_mkdir = Path.mkdir

    def refused(self, *args, **kwargs):  # as for a folder the user may not write to (tests may run as root)
        if self.is_relative_to(tmp_path / "out"):
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_mkdir(self, *args, **kwargs)

    monkeypatch.setattr(Path, "mkdir", refused)
    line = one_line_error(CliRunner().invoke(app, build_args(tmp_path, "--output", str(tmp_path / "out"))))
    assert line.startswith("error: Permission denied: " + str(tmp_path / "out")) and "you may write to" in line


def test_a_full_disk_is_a_one_line_error_that_says_the_build_resumes(tmp_path, monkeypatch):
    import pyarrow.parquet as pq

    def full(path, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(pq, "ParquetWriter", full)
    line = one_line_error(CliRunner().invoke(app, build_args(tmp_path, "--output", str(tmp_path / "out"))))
    assert line.startswith("error: No space left on device: ") and "run the same command again" in line


def test_an_input_that_does_not_exist_is_a_one_line_error(tmp_path):
    args = ["build", str(DEMO), "--input", str(tmp_path / "missing" / "*.jsonl"), "--output", str(tmp_path / "out")]
    assert "matches no file" in one_line_error(CliRunner().invoke(app, args))


def test_an_unreachable_url_is_a_one_line_error(tmp_path, monkeypatch):
    """As an hf:// input offline: huggingface_hub's HTTP client raises its own error class, not an OSError."""
    ConnectError = type("ConnectError", (Exception,), {"__module__": "httpx"})

    def unreachable(url):
        raise ConnectError("[Errno -2] Name or service not known")

    monkeypatch.setattr("pipeline.recipe.list_files", unreachable)
    args = ["build", str(DEMO), "--input", "hf://datasets/someone/news/*.jsonl", "--output", str(tmp_path / "out")]
    line = one_line_error(CliRunner().invoke(app, args))
    assert "hf://datasets/someone/news/*.jsonl" in line and "Name or service not known" in line


def test_a_bug_is_still_a_traceback_and_exit_1(tmp_path, monkeypatch):
    def bug(*args, **kwargs):
        raise KeyError("a bug")

    monkeypatch.setattr("pipeline.build.build", bug)
    result = CliRunner().invoke(app, build_args(tmp_path, "--output", str(tmp_path / "out")))
    assert result.exit_code == 1 and isinstance(result.exception, KeyError)


def test_negative_workers_are_refused_and_the_help_names_the_real_default(tmp_path):
    result = CliRunner().invoke(app, build_args(tmp_path, "--output", str(tmp_path / "out"), "--workers", "-1"))
    assert result.exit_code == 2 and "--workers" in result.output
    assert not (tmp_path / "out").exists()
    help_text = " ".join(CliRunner().invoke(app, ["build", "--help"]).output.replace("│", " ").split())
    assert "the number of cores" in help_text and "[default: 0]" not in help_text


def test_stats_into_a_pipe_closed_early_exits_0(demo_build):
    """`newscorpus stats OUT | head`: the reader stops reading; that is not an error."""
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "stats", str(demo_build.output)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()  # before the command writes anything, as `head` does after its lines
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 0, stderr
    assert "Traceback" not in stderr and "BrokenPipe" not in stderr


def test_a_build_without_a_recipe_needs_input_and_output(tmp_path):
    line = one_line_error(CliRunner().invoke(app, ["build", "--input", str(tmp_path)]))
    assert "--input and --output" in line and "newscorpus init" in line
