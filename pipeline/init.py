"""`newscorpus init [DIR]`: start a recipe for one's own corpus instead of borrowing the demo's.

The recipe written is valid as it stands (every optional key is a comment),
so `newscorpus build DIR` runs as soon as files are in its input folder; and
it states nothing about the corpus the user has not written: no license, no
creator, no description, which the card then reports as not stated.
"""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.errors import UsageError

RECIPE = "corpus.toml"
INPUT_FOLDER = "raw"

TEMPLATE = """\
# The recipe for the corpus in this folder: `newscorpus build <this folder>` reads it.
# Lines starting with # are options left at their defaults; the README's "Recipe"
# section lists them all. The dataset card and croissant.json say only what this
# file states: a license or a creator left unset is reported as not stated.

[corpus]
name = "{name}"
# pretty_name = "{name}"                  # the card's title
# license = "cc-by-4.0"                   # the license of the texts, as a Hub license id: set it before publishing
# description = \"\"\"What the corpus holds, and why it was made.\"\"\"
# collection = "How the input files were gathered (which sites, which dates, which crawler)."
# creator = [{{ name = "Your team", type = "Organization" }}]
# limitations = ["Anything a user of the corpus must know."]

# Languages are detected per article (`lang` on every row, one config per language
# on the card); nothing needs listing here. Per-language quality thresholds:
# [stages.quality.per_language.de]
# min_words = 80

[input]
paths = ["{inputs}/**/*"]                 # relative to this file: files, folders or globs (.txt, .jsonl, .html, .warc, compressed or not)
# format = "auto"                         # or text, jsonl, html, warc
# fields = {{ text = "body", date = "published", title = "headline" }}   # JSONL keys, when not the usual names
# max_reject_rate = 0.1                   # off unless set: `build` exits 3 when more records than this share are rejected

[output]
path = "output"                           # relative to this file, or a URL such as s3://bucket/corpus
# splits = {{ train = 0.98, validation = 0.01, test = 0.01 }}

# [stages.masks]
# token = "[REDACTED]"                    # what a censorship mask (** or ××) becomes in `text`

# [stages.quality]
# drop = ["too_short"]                    # flags that turn a row into a reject (by default rows are only flagged)

# [dedup]
# preset = "news"                         # near-duplicates tuned for edited syndicated copies
# mode = "mark"                           # or "drop"
"""


class InitError(UsageError, ValueError):
    """The recipe cannot be written where asked; the message says why."""


def write_recipe(folder: Path) -> Path:
    """Write `folder`/corpus.toml (and an empty input folder beside it); never over an existing recipe."""
    folder = folder.resolve()
    target = folder / RECIPE
    if target.exists():
        raise InitError(f"{target} exists already: edit it, or choose another folder")
    if folder.exists() and not folder.is_dir():
        raise InitError(f"{folder} is a file, not a folder")
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", folder.name).strip("-") or "corpus"
    (folder / INPUT_FOLDER).mkdir(parents=True, exist_ok=True)
    target.write_text(TEMPLATE.format(name=name, inputs=INPUT_FOLDER), encoding="utf-8")
    return target
