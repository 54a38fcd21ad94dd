"""Reader options, from the recipe's `[input]` table, checked before any work.

    [input]
    paths = ["raw/**/*"]
    format = "auto"              # or text, jsonl, html, warc: one format for every input
    encoding = "auto"            # or a codec name, to skip detection for a corpus known to be in it
    invalid_bytes = "reject"     # or "replace": keep records with undecodable bytes as U+FFFD, flagged
    max_doc_bytes = 10485760     # a record larger than this (raw bytes) is rejected, not read
    max_reject_rate = 0.05       # the build exits with code 3 when more records than this are rejected
    html_timeout = 10.0          # seconds one page may take to extract
    html_memory_mb = 1024        # memory one extraction may add before it is stopped
    html_reset_every = 1000      # pages between resets of the extraction libraries' caches
    fields = { text = "body", date = ["published", "date"] }   # JSONL keys for each field

An unknown key or a value of the wrong kind is a recipe error that names it,
as for stages: a typo must not silently fall back to a default.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pipeline.readers.decode import codec_name
from pipeline.recipe import RecipeError

FORMATS = ("auto", "text", "jsonl", "html", "warc")

#: JSONL keys looked for, in order, for each Document field; the recipe's `fields` replaces a field's list.
DEFAULT_FIELDS: dict[str, tuple[str, ...]] = {
    "text": ("text", "content", "body", "article", "maintext"),
    "title": ("title", "headline"),
    "url": ("url", "link", "source_url"),
    "date": ("date", "published", "date_publish", "published_at", "pubdate"),
    "author": ("author", "authors", "byline"),
    "source": ("source", "sitename", "source_domain", "outlet", "publisher"),
    "crawled": ("crawled", "date_download", "crawl_date"),
    "id": ("id", "doc_id", "uuid"),
}


@dataclass(frozen=True)
class ReaderOptions:
    format: str = "auto"
    encoding: str = "auto"
    invalid_bytes: str = "reject"
    max_doc_bytes: int = 10 * 2**20
    max_reject_rate: float | None = None
    html_timeout: float = 10.0
    html_memory_mb: int = 1024
    html_reset_every: int = 1000
    fields: dict[str, tuple[str, ...]] = field(default_factory=lambda: dict(DEFAULT_FIELDS))

    @property
    def forced_encoding(self) -> str | None:
        return None if self.encoding == "auto" else self.encoding

    @property
    def replace_invalid(self) -> bool:
        return self.invalid_bytes == "replace"

    @classmethod
    def from_recipe(cls, table: dict[str, Any]) -> ReaderOptions:
        """Options from an `[input]` table; raises `RecipeError` saying what is wrong."""
        known = set(cls.__dataclass_fields__) | {"paths"}
        unknown = set(table) - known
        if unknown:
            raise RecipeError(f"[input]: unknown option(s) {', '.join(sorted(unknown))}; "
                              f"known: {', '.join(sorted(known))}")
        values = {k: v for k, v in table.items() if k not in ("paths", "fields")}
        opts = cls(**values, fields=_fields(table.get("fields", {})))
        _check(opts)
        return opts


def _fields(mapping: Any) -> dict[str, tuple[str, ...]]:
    if not isinstance(mapping, dict):
        raise RecipeError("[input] fields must be a table, e.g. fields = { text = \"body\" }")
    unknown = set(mapping) - set(DEFAULT_FIELDS)
    if unknown:
        raise RecipeError(f"[input] fields: unknown field(s) {', '.join(sorted(unknown))}; "
                          f"known: {', '.join(DEFAULT_FIELDS)}")
    out = dict(DEFAULT_FIELDS)
    for name, keys in mapping.items():
        keys = (keys,) if isinstance(keys, str) else tuple(keys) if isinstance(keys, list) else None
        if not keys or not all(isinstance(k, str) and k for k in keys):
            raise RecipeError(f"[input] fields.{name} must be a key name or a list of key names")
        out[name] = keys
    return out


def _check(o: ReaderOptions) -> None:
    problems = []
    if o.format not in FORMATS:
        problems.append(f"format must be one of {', '.join(FORMATS)}, not {o.format!r}")
    if o.encoding != "auto" and codec_name(o.encoding) is None:
        problems.append(f"encoding {o.encoding!r} is no known codec")
    if o.invalid_bytes not in ("reject", "replace"):
        problems.append(f"invalid_bytes must be \"reject\" or \"replace\", not {o.invalid_bytes!r}")
    for name in ("max_doc_bytes", "html_memory_mb", "html_reset_every"):
        value = getattr(o, name)
        if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
            problems.append(f"{name} must be a positive integer, not {value!r}")
    if not isinstance(o.html_timeout, (int, float)) or o.html_timeout <= 0:
        problems.append(f"html_timeout must be a positive number of seconds, not {o.html_timeout!r}")
    rate = o.max_reject_rate
    if rate is not None and (not isinstance(rate, (int, float)) or not 0 <= rate <= 1):
        problems.append(f"max_reject_rate must be a fraction between 0 and 1, not {rate!r}")
    if problems:
        raise RecipeError("[input]: " + "; ".join(problems))


def reject_rate_problem(stats: dict[str, Any], options: ReaderOptions) -> str | None:
    """What is wrong when a run rejected more records than the recipe allows, else None.

    The build itself finishes either way (rows and rejects are all written, so
    the user can look); the CLI turns this into a non-zero exit for scripts.
    """
    read, rejected = stats.get("records_read", 0), stats.get("rejected", 0)
    if options.max_reject_rate is None or not read or rejected / read <= options.max_reject_rate:
        return None
    return (f"{rejected} of {read} records rejected ({rejected / read:.1%}), more than [input] max_reject_rate = "
            f"{options.max_reject_rate:g}; reasons are in rejects.jsonl")
