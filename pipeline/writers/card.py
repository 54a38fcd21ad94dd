"""The dataset card (README.md): a YAML header that `datasets` reads for its
configs, and a body that tells a reader what the corpus is and how it was made.

Everything in it comes from the recipe and stats.json, never from timings or
the clock, so the same run always gives the same card.
"""

from __future__ import annotations

from typing import Any

import yaml

from pipeline import __version__
from pipeline.recipe import Recipe


def _size_category(n: int) -> str:
    for limit, label in ((1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"), (1_000_000, "100K<n<1M")):
        if n < limit:
            return label
    return "1M<n<10M" if n < 10_000_000 else "n>10M"


def render_card(recipe: Recipe, stats: dict[str, Any], shards: dict[tuple[str, str], list[str]]) -> str:
    langs = sorted({lang for lang, _ in shards})
    splits = sorted({split for _, split in shards}, key=lambda s: (s != "train", s))
    configs = [
        {
            "config_name": "default",
            "default": True,
            "data_files": [{"split": s, "path": f"data/*/{s}-*.parquet"} for s in splits],
        }
    ]
    for lang in langs:
        configs.append(
            {
                "config_name": lang,
                "data_files": [
                    {"split": s, "path": f"data/{lang}/{s}-*.parquet"} for s in splits if (lang, s) in shards
                ],
            }
        )
    corpus = recipe.corpus
    header = {
        "pretty_name": corpus.get("pretty_name", recipe.name),
        "license": corpus.get("license", "other"),
        "language": [lang for lang in langs if len(lang) == 2],
        "multilinguality": "multilingual" if len(langs) > 1 else "monolingual",
        "size_categories": [_size_category(stats["rows_written"])],
        "task_categories": corpus.get("task_categories", ["text-generation"]),
        "source_datasets": corpus.get("source_datasets", ["original"]),
        "configs": configs,
    }
    lines = [
        "---",
        yaml.safe_dump(header, sort_keys=False, allow_unicode=True).rstrip(),
        "---",
        "",
        f"# {header['pretty_name']}",
        "",
        corpus.get("description", "A news corpus built with newscorpus.").strip(),
        "",
        "## Contents",
        "",
        f"- Records read: {stats['records_read']}",
        f"- Rows written: {stats['rows_written']}",
        f"- Rejected (see rejects.jsonl): {stats['rejected']}",
        f"- Duplicates dropped: {stats['duplicates_dropped']}",
        "",
        "| language | rows |",
        "| --- | ---: |",
        *(f"| {lang} | {n} |" for lang, n in sorted(stats["languages"].items())),
        "",
        "## Processing",
        "",
        "Each article went through these stages, in order (counts from stats.json):",
        "",
        *(
            f"- **{name}**: " + (", ".join(f"{k} {v}" for k, v in counts.items()) or "no changes")
            for name, counts in stats["stages"].items()
        ),
        "",
        "## Censorship masks",
        "",
        f"Masks found: {stats['masks']['total']} in {stats['masks']['documents']} articles. "
        "Each is replaced in `text` by one token and listed in `redactions` with its span and original form.",
        "",
        "| outlet | masks | articles |",
        "| --- | ---: | ---: |",
        *(f"| {src} | {c['masks']} | {c['documents']} |" for src, c in stats["masks"]["by_source"].items()),
        "",
        "## Reproducing",
        "",
        f"Built with newscorpus {__version__}. The resolved recipe is in `recipe.json`:",
        "",
        "```json",
        recipe.to_json(),
        "```",
        "",
    ]
    return "\n".join(lines)
