"""`newscorpus publish`: validation for real, the Hub client faked at the boundary (no network)."""

from __future__ import annotations

import shutil
from types import SimpleNamespace

import huggingface_hub
import pytest
from huggingface_hub import HfApi
from huggingface_hub.utils import filter_repo_objects
from typer.testing import CliRunner

from pipeline.cli import EXIT_INVALID, EXIT_USAGE, app
from pipeline.publish import REPLACED, PublishError, default_api, files_to_publish, publish


class FakeHub:
    """Records what would have gone to the Hub, with the signatures `HfApi` has."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple, dict]] = []

    def create_repo(self, repo_id, *, repo_type, private, exist_ok):
        self.calls.append(("create_repo", (repo_id,), {"repo_type": repo_type, "private": private, "exist_ok": exist_ok}))
        return f"https://hub.invalid/datasets/{repo_id}"

    def update_repo_settings(self, repo_id, *, repo_type, private):
        self.calls.append(("update_repo_settings", (repo_id,), {"repo_type": repo_type, "private": private}))

    def upload_folder(self, **kwargs):
        self.calls.append(("upload_folder", (), kwargs))
        return SimpleNamespace(commit_url=f"https://hub.invalid/datasets/{kwargs['repo_id']}/commit/1")


@pytest.fixture
def corpus(demo_build, tmp_path):
    out = shutil.copytree(demo_build.output, tmp_path / "corpus")
    (out / "data" / "en" / "train-00000-of-00001.parquet.tmp").write_bytes(b"half a shard")
    return out


def test_the_fake_has_the_real_clients_signatures():
    import inspect

    for name in ("create_repo", "update_repo_settings", "upload_folder"):
        real = inspect.signature(getattr(HfApi, name)).parameters
        fake = inspect.signature(getattr(FakeHub, name)).parameters
        used = [p for p in fake if p not in ("self", "kwargs")]
        assert set(used) <= set(real), name
    upload = inspect.signature(HfApi.upload_folder).parameters
    for arg in ("repo_id", "folder_path", "repo_type", "commit_message", "allow_patterns", "ignore_patterns",
                "delete_patterns"):
        assert arg in upload


def test_dry_run_lists_the_published_files_and_sends_nothing(corpus):
    hub = FakeHub()
    result = publish(corpus, "newscorpus/demo", dry_run=True, api=hub)
    paths = [p for p, _ in result.files]
    assert hub.calls == [] and result.dry_run and result.commit_url is None
    assert {"README.md", "croissant.json", "stats.json", "recipe.json", "rejects.jsonl"} <= set(paths)
    assert sorted(p for p in paths if p.startswith("data/")) == sorted(
        p.relative_to(corpus).as_posix() for p in corpus.glob("data/*/*.parquet"))
    assert not any(p.startswith(".newscorpus") or p.endswith(".tmp") for p in paths)
    assert (corpus / ".newscorpus").is_dir()
    assert result.total_bytes == sum((corpus / p).stat().st_size for p in paths)


def test_upload_sends_exactly_the_published_files_in_one_commit(corpus):
    hub = FakeHub()
    result = publish(corpus, "newscorpus/demo", api=hub)
    assert [c[0] for c in hub.calls] == ["create_repo", "upload_folder"]
    assert hub.calls[0][2] == {"repo_type": "dataset", "private": False, "exist_ok": True}
    upload = hub.calls[1][2]
    assert upload["repo_id"] == "newscorpus/demo" and upload["repo_type"] == "dataset"
    assert upload["folder_path"] == str(corpus) and upload["delete_patterns"] == REPLACED
    assert upload["commit_message"].endswith("26 rows in 9 shards")
    # What huggingface_hub itself would select from the folder with these patterns:
    on_disk = [p.relative_to(corpus).as_posix() for p in corpus.rglob("*") if p.is_file()]
    selected = list(filter_repo_objects(on_disk, allow_patterns=upload["allow_patterns"],
                                        ignore_patterns=upload["ignore_patterns"]))
    assert sorted(selected) == sorted(files_to_publish(corpus)) == sorted(p for p, _ in result.files)
    assert any(p.startswith(".newscorpus/") for p in on_disk)
    assert result.commit_url.endswith("/commit/1") and not result.dry_run


def test_private_also_makes_an_existing_repository_private(corpus):
    hub = FakeHub()
    publish(corpus, "newscorpus/demo", private=True, api=hub)
    assert hub.calls[0][2]["private"] is True
    assert hub.calls[1] == ("update_repo_settings", ("newscorpus/demo",), {"repo_type": "dataset", "private": True})


def test_an_invalid_corpus_is_not_uploaded(corpus):
    hub = FakeHub()
    (corpus / "data" / "ru" / "train-00000-of-00001.parquet").unlink()
    with pytest.raises(PublishError, match="not fit to publish") as info:
        publish(corpus, "newscorpus/demo", api=hub)
    assert hub.calls == []
    assert any("ru/train: says 3 rows, the shards hold 0" in str(p) for p in info.value.report.problems)


@pytest.mark.parametrize("repo_id", ["demo", "a/b/c", "org/bad name", "org/-"])
def test_a_bad_repo_id_is_refused_before_anything_else(corpus, repo_id):
    with pytest.raises(PublishError, match="repo-id"):
        publish(corpus, repo_id, dry_run=True)


def test_token_comes_from_the_environment_or_login(monkeypatch, tmp_path):
    for var in ("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "HF_OIDC_RESOURCE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr(huggingface_hub.constants, "HF_TOKEN_PATH", str(tmp_path / "token"))
    with pytest.raises(PublishError, match="HF_TOKEN"):
        default_api()
    (tmp_path / "token").write_text("hf_saved_by_login")
    assert isinstance(default_api(), HfApi)
    monkeypatch.setenv("HF_TOKEN", "hf_from_env")
    assert isinstance(default_api(), HfApi)


def test_cli(corpus, monkeypatch, tmp_path):
    for var in ("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "HF_OIDC_RESOURCE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr(huggingface_hub.constants, "HF_TOKEN_PATH", str(tmp_path / "no-token"))
    dry = CliRunner().invoke(app, ["publish", str(corpus), "--repo-id", "newscorpus/demo", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "croissant.json" in dry.output and "would upload" in dry.output and ".newscorpus" not in dry.output
    no_token = CliRunner().invoke(app, ["publish", str(corpus), "--repo-id", "newscorpus/demo"])
    assert no_token.exit_code == EXIT_USAGE and "HF_TOKEN" in no_token.output
    (corpus / "stats.json").unlink()
    invalid = CliRunner().invoke(app, ["publish", str(corpus), "--repo-id", "newscorpus/demo", "--dry-run"])
    assert invalid.exit_code == EXIT_INVALID and "stats.json: missing" in invalid.output


def readme_published_files() -> list[str]:
    """The files the README's Publishing section says an upload sends."""
    import re

    from tests.conftest import ROOT

    text = (ROOT / "README.md").read_text(encoding="utf-8").split("## Publishing", 1)[1]
    listed = re.search(r"only the\s+published files \(([^)]*)\)", text)
    assert listed, "the README's Publishing section no longer lists the published files"
    return re.findall(r"`([^`]+)`", listed[1])


def test_only_the_files_the_readme_lists_are_sent_not_a_report_or_notes_beside_them(corpus):
    from pipeline.report.html import write_report

    write_report(corpus)  # by default beside the data, in the output folder
    (corpus / "notes.txt").write_text("to do before the release")
    (corpus / "data" / "en" / "scratch.csv").write_text("a,b\n")
    listed = readme_published_files()
    sent = files_to_publish(corpus)
    assert (corpus / "report.html").is_file() and "report.html" not in sent
    assert {p for p in sent if not p.startswith("data/")} <= set(listed)
    assert [p for p in sent if p.startswith("data/")] == sorted(
        p.relative_to(corpus).as_posix() for p in corpus.glob("data/*/*.parquet"))
    assert "data/**" in listed
