"""`newscorpus publish OUTPUT --repo-id ORG/NAME`: put a built corpus on the Hugging Face Hub.

Nothing is sent unless `validate_output` finds the folder whole and its card,
Croissant file and stats true to the data: a corpus that says wrong things
about itself is worse than none. Only the published files go up (never the
hidden work folder or half-written files), in one commit, and shards that an
earlier upload left behind are deleted in the same commit, so the Hub copy
never mixes two builds. The Hub client is passed in, so tests exercise
everything up to the network boundary with a fake.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from pipeline import __version__
from pipeline.build import is_owned
from pipeline.validate import Report, validate_output

#: Remote paths an upload replaces wholesale: shards from a build with another shard
#: count would otherwise be loaded beside the new ones; duplicates.jsonl exists only in drop mode.
REPLACED = ["data/**", "duplicates.jsonl"]


class PublishError(RuntimeError):
    """The corpus cannot be published as it stands; the message says why."""

    def __init__(self, message: str, report: Report | None = None) -> None:
        super().__init__(message)
        self.report = report


class HubApi(Protocol):
    """The part of `huggingface_hub.HfApi` an upload uses."""

    def create_repo(self, repo_id: str, *, repo_type: str, private: bool, exist_ok: bool) -> Any: ...

    def update_repo_settings(self, repo_id: str, *, repo_type: str, private: bool) -> Any: ...

    def upload_folder(self, *, repo_id: str, folder_path: str, repo_type: str, commit_message: str,
                      allow_patterns: list[str], ignore_patterns: list[str], delete_patterns: list[str]) -> Any: ...


@dataclass
class PublishResult:
    repo_id: str
    files: list[tuple[str, int]] = field(default_factory=list)  # (path in the repo, bytes)
    dry_run: bool = True
    commit_url: str | None = None

    @property
    def total_bytes(self) -> int:
        return sum(size for _, size in self.files)


def files_to_publish(out: Path) -> list[str]:
    """What an upload sends, relative to `out`: the files a build publishes (the README's list), never
    anything else in the folder (a `report.html`, notes), a hidden file or folder (the .newscorpus work
    folder) or a half-written *.tmp."""
    files = []
    for path in sorted(out.rglob("*")):
        rel = path.relative_to(out)
        if (path.is_file() and is_owned(rel.as_posix()) and not any(part.startswith(".") for part in rel.parts)
                and (path.suffix == ".parquet" if rel.parts[0] == "data" else path.suffix != ".tmp")):
            files.append(rel.as_posix())
    return files


def check_repo_id(repo_id: str) -> None:
    from huggingface_hub.utils import HFValidationError, validate_repo_id

    try:
        validate_repo_id(repo_id)
    except HFValidationError as exc:
        raise PublishError(f"--repo-id {repo_id!r} is not a valid repository id: {exc}") from exc
    if repo_id.count("/") != 1:
        raise PublishError(f"--repo-id {repo_id!r} must be ORG/NAME (a user or organisation, then the dataset name)")


def default_api() -> HubApi:
    """The real Hub client, once a token is known (HF_TOKEN, or a saved `hf auth login`)."""
    from huggingface_hub import HfApi, get_token

    if not get_token():
        raise PublishError("no Hugging Face token: set HF_TOKEN or run `hf auth login` (or use --dry-run)")
    return HfApi()


def publish(out: Path, repo_id: str, private: bool = False, dry_run: bool = False,
            api: HubApi | None = None) -> PublishResult:
    """Validate `out`, then upload it to the dataset repository `repo_id` (unless `dry_run`)."""
    check_repo_id(repo_id)
    report = validate_output(out)
    if not report.ok:
        raise PublishError(f"{out} is not fit to publish ({len(report.problems)} problems); "
                           "`newscorpus validate` lists them", report)
    files = files_to_publish(out)
    result = PublishResult(repo_id, [(f, (out / f).stat().st_size) for f in files], dry_run=dry_run)
    if dry_run:
        return result
    api = api or default_api()
    api.create_repo(repo_id, repo_type="dataset", private=private, exist_ok=True)
    if private:  # create_repo leaves an existing public repository public
        api.update_repo_settings(repo_id, repo_type="dataset", private=True)
    commit = api.upload_folder(
        repo_id=repo_id,
        folder_path=str(out),
        repo_type="dataset",
        commit_message=f"newscorpus {__version__}: {report.rows} rows in {report.shards} shards",
        allow_patterns=files,
        ignore_patterns=[".*", ".*/**", "*.tmp"],
        delete_patterns=REPLACED,
    )
    result.commit_url = getattr(commit, "commit_url", None)
    return result
