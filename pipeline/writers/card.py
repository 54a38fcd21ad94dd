"""The dataset card (README.md): a YAML header that `datasets` and the Hub read
(configs, features, split sizes) and a body that tells a reader what the corpus
is, where it came from, what was done to it and what to watch out for.

The card is rendered from what a build leaves in the output folder,
`recipe.json`, `stats.json` and the shards' sizes, and from nothing else: no
clock, no timings. So the same run always gives the same bytes, and
`newscorpus validate` can regenerate it to tell a stale or hand-edited card.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import yaml
from huggingface_hub import DatasetCardData
from huggingface_hub.repocard import REGEX_YAML_BLOCK

from pipeline.document import SCHEMA
from pipeline.settings import card_settings, output_settings, stage_settings

#: stats.json keys that are not a corpus pass's own counts.
_NOT_PASSES = {
    "inputs", "records_read", "rejected", "rejects_by_reason", "languages", "stages", "masks", "per_file",
    "rows_written", "duplicates_dropped", "splits", "accounting_ok", "pipeline_version", "provenance", "faults",
}
_SIZES = ((1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"), (1_000_000, "100K<n<1M"),
          (10_000_000, "1M<n<10M"), (100_000_000, "10M<n<100M"), (1_000_000_000, "100M<n<1B"))
#: How many input files the card lists by name; the rest are in stats.json.
_FILES_LISTED = 20


def size_category(n: int) -> str:
    for limit, label in _SIZES:
        if n < limit:
            return label
    return "1B<n<10B"


@cache
def language_names() -> dict[str, str]:
    """ISO 639 code -> English name, from the list the Hub itself accepts (shipped with `datasets`)."""
    try:
        text = (resources.files("datasets.utils") / "resources" / "languages.json").read_text(encoding="utf-8")
    except (FileNotFoundError, ModuleNotFoundError):  # a `datasets` that no longer ships it: codes only
        return {}
    return json.loads(text)


def split_counts(stats: dict[str, Any]) -> dict[str, dict[str, int]]:
    """lang -> split -> rows, from stats.json's "lang/split" counts (only non-empty pairs are there)."""
    counts: dict[str, dict[str, int]] = {}
    for key, n in stats["splits"].items():
        lang, split = key.split("/", 1)
        counts.setdefault(lang, {})[split] = n
    return dict(sorted(counts.items()))


def split_order(names: Iterable[str]) -> list[str]:
    """train, validation, test, then any other split alphabetically (recipe.json keeps no key order)."""
    usual = ("train", "validation", "test")
    return sorted(names, key=lambda s: (usual.index(s) if s in usual else len(usual), s))


def split_names(stats: dict[str, Any]) -> list[str]:
    """Splits that have rows."""
    return split_order({split for per_lang in split_counts(stats).values() for split in per_lang})


Sizes = dict[tuple[str, str], tuple[int, int]]  # (lang, split) -> (Arrow bytes, Parquet bytes)


def card_header(recipe: dict[str, Any], stats: dict[str, Any], sizes: Sizes) -> DatasetCardData:
    """The YAML header, built with the Hub's and `datasets`' own card classes so it reads back as written.

    `sizes` maps (lang, split) to (Arrow bytes, Parquet file bytes), as `shard_sizes` measures them.
    """
    from datasets import Features, SplitDict, SplitInfo  # `datasets` is slow to import; only needed here
    from datasets.info import DatasetInfo, DatasetInfosDict
    from datasets.utils.metadata import MetadataConfigs

    card = card_settings(recipe["corpus"], recipe["name"])
    per_lang = split_counts(stats)
    splits = split_names(stats)
    langs = list(per_lang)
    data = DatasetCardData(
        pretty_name=card.pretty_name,
        license=card.license,
        language=[lang for lang in langs if lang in language_names()] or None,
        multilinguality="multilingual" if len(langs) > 1 else "monolingual",
        size_categories=[size_category(stats["rows_written"])],
        task_categories=card.task_categories,
        source_datasets=card.source_datasets,
        tags=card.tags,
    )
    configs = {"default": {"default": True, "data_files": [
        {"split": s, "path": f"data/*/{s}-*.parquet"} for s in splits]}}
    for lang, counts in per_lang.items():
        configs[lang] = {"data_files": [
            {"split": s, "path": f"data/{lang}/{s}-*.parquet"} for s in splits if s in counts]}
    MetadataConfigs(configs).to_dataset_card_data(data)

    features = Features.from_arrow_schema(SCHEMA)

    def info(langs: list[str]) -> DatasetInfo:
        split_dict = SplitDict()
        for s in splits:
            rows = sum(per_lang[lang].get(s, 0) for lang in langs)
            if rows:
                split_dict.add(SplitInfo(name=s, num_examples=rows,
                                         num_bytes=sum(sizes.get((lang, s), (0, 0))[0] for lang in langs)))
        download = sum(sizes.get((lang, s), (0, 0))[1] for lang in langs for s in splits)
        return DatasetInfo(features=features, splits=split_dict, download_size=download,
                           dataset_size=sum(i.num_bytes for i in split_dict.values()))

    DatasetInfosDict({"default": info(langs), **{lang: info([lang]) for lang in langs}}).to_dataset_card_data(data)
    return data


def render_card(recipe: dict[str, Any], stats: dict[str, Any], sizes: Sizes) -> str:
    """The whole README.md for a run: `recipe` as saved in recipe.json, `stats` as in stats.json."""
    header = card_header(recipe, stats, sizes)
    corpus = recipe["corpus"]
    name = header.pretty_name
    sections = [
        f"# {name}",
        describe(corpus),
        *([note] if (note := _unstated(corpus)) else []),
        _at_a_glance(stats),
        _sources(recipe, stats),
        _processing(recipe, stats),
        _masks(recipe, stats),
        _languages(stats),
        _columns(),
        _limitations(recipe, stats),
        _citation(recipe),
        _reproducing(recipe, stats),
    ]
    return "---\n" + header_yaml(header) + "\n---\n\n" + "\n\n".join(s.rstrip() for s in sections) + "\n"


# The Hub's card classes read and write their YAML with PyYAML's pure-Python parser and emitter: about
# 0.1 s to write a card header and 0.3 s to read one back, most of a small build's last step and of a
# `validate`. PyYAML's libyaml bindings do the same work in C; the data and the settings stay the Hub's.
# A PyYAML built without libyaml (its wheels all have it) falls back to the pure-Python classes, which
# write the same YAML but for characters libyaml escapes (emoji, line separators).
_DUMPER = getattr(yaml, "CDumper", yaml.Dumper)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def header_yaml(header: DatasetCardData) -> str:
    """The header's YAML as `header.to_yaml()` writes it (unicode kept, keys in their order)."""
    return yaml.dump(header.to_dict(), Dumper=_DUMPER, allow_unicode=True, sort_keys=False).strip()


def read_header(card: str) -> DatasetCardData:
    """A card's header as the Hub's `DatasetCard(card).data` reads it; ValueError or a YAML error if it
    has none or it is not a mapping."""
    match = REGEX_YAML_BLOCK.search(card)
    if match is None:
        raise ValueError("no YAML header between --- lines")
    data = yaml.load(match.group(2), Loader=_LOADER)
    if not isinstance(data, dict):
        raise ValueError("the YAML header is not a mapping")
    return DatasetCardData(**data)


def describe(corpus: dict[str, Any]) -> str:
    """The recipe's description, else one that says how much the recipe said (nothing, without a corpus.toml)."""
    if corpus.get("description"):
        return str(corpus["description"]).strip()
    if not corpus:
        return ("A news corpus built by newscorpus with its default recipe: no corpus.toml was given, "
                "so every option is at its default and nothing about the texts' origin is stated.")
    return "A news corpus built with newscorpus."


def _unstated(corpus: dict[str, Any]) -> str:
    """What the card cannot say because the recipe does not: it claims no license or creator of its own."""
    missing = [f"{what} (`[corpus] {key}`)" for key, what in (("license", "license"), ("creator", "creator"))
               if not corpus.get(key)]
    if not missing:
        return ""
    return ("The recipe states no " + " and no ".join(missing) + ": the card claims none. "
            "The input texts' own terms apply; `newscorpus init` writes a recipe to state them in.")


def card_for(out: Path) -> str:
    """The card a built output folder should carry, from its recipe.json, stats.json and shard sizes."""
    recipe = json.loads((out / "recipe.json").read_text(encoding="utf-8"))
    stats = json.loads((out / "stats.json").read_text(encoding="utf-8"))
    return render_card(recipe, stats, shard_sizes(out))


def shard_sizes(out: Path) -> Sizes:
    """(lang, split) -> (bytes in Arrow, as `datasets` counts a split's num_bytes; bytes of Parquet files).

    Measured by decoding each row group, so it costs a read of the data but
    is exactly what `load_dataset` will report, and the same for the same files.
    """
    sizes: Sizes = {}
    for path in sorted(out.glob("data/*/*.parquet")):
        key = (path.parent.name, path.name.split("-", 1)[0])
        pf = pq.ParquetFile(path)
        arrow = sum(pf.read_row_group(i).nbytes for i in range(pf.num_row_groups))
        before = sizes.get(key, (0, 0))
        sizes[key] = (before[0] + arrow, before[1] + path.stat().st_size)
    return sizes


def _table(head: Iterable[str], rows: Iterable[Iterable[Any]], right: int = 1) -> str:
    """A Markdown table; columns from index `right` on are numbers, aligned right."""
    head = list(head)
    lines = ["| " + " | ".join(head) + " |",
             "| " + " | ".join("---" if i < right else "---:" for i in range(len(head))) + " |"]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def _cell(value: Any) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def _counts(counts: dict[str, Any]) -> str:
    def value(v: Any) -> str:
        return json.dumps(v, ensure_ascii=False, sort_keys=True) if isinstance(v, (dict, list)) else str(v)

    return ", ".join(f"{k.replace('_', ' ')} {value(v)}" for k, v in counts.items()) or "nothing to count"


def _at_a_glance(stats: dict[str, Any]) -> str:
    per_split: dict[str, int] = {}
    for counts in split_counts(stats).values():
        for s, n in counts.items():
            per_split[s] = per_split.get(s, 0) + n
    return "\n".join([
        "## At a glance",
        "",
        f"- Rows: **{stats['rows_written']}** in {len(split_counts(stats))} languages "
        f"({', '.join(f'{s} {n}' for s, n in per_split.items())})",
        f"- Input records read: {stats['records_read']} from {stats['inputs']['files']} files",
        f"- Rejected, with the reason, in `rejects.jsonl`: {stats['rejected']}",
        f"- Duplicates linked (`dup_of`, by `dup_kind`): {_kinds(stats)}",
        f"- Duplicates dropped (listed in `duplicates.jsonl` when any): {stats['duplicates_dropped']}",
        f"- Accounting (read = rows + rejected + dropped): "
        f"{'holds' if stats['accounting_ok'] else 'DOES NOT HOLD'}",
        f"- Censorship masks: {stats['masks']['total']} in {stats['masks']['documents']} articles",
        *_faults(stats),
    ])


def _faults(stats: dict[str, Any]) -> list[str]:
    """The items a corpus pass failed on (they keep what the per-document stages gave them), by step."""
    faults = stats.get("faults", {})
    if not faults.get("total"):
        return []
    return [f"- Items a corpus pass failed on, which keep what the per-document stages gave them: {faults['total']} "
            f"({_counts(faults['by_step'])}; examples in `stats.json`, `faults`)"]


def _kinds(stats: dict[str, Any]) -> str:
    kinds = stats.get("dedup", {}).get("kinds", {})
    return f"{sum(kinds.values())} ({', '.join(f'{k} {v}' for k, v in kinds.items())})" if kinds else "0"


def _sources(recipe: dict[str, Any], stats: dict[str, Any]) -> str:
    corpus = recipe["corpus"]
    reader = {k: v for k, v in recipe.get("input", {}).items() if k != "paths"}
    lines = [
        "## Sources and collection",
        "",
        corpus.get("collection", "The recipe does not say how the input files were gathered "
                                 "(a `collection` entry in its `[corpus]` table would)."),
        "",
        f"Inputs named by the recipe: {', '.join(f'`{p}`' for p in recipe.get('inputs', [])) or 'none recorded'}. "
        f"They matched {stats['inputs']['files']} files, read in {stats['inputs'].get('tasks', 1)} task(s)"
        + (f" with reader options `{json.dumps(reader, ensure_ascii=False, sort_keys=True)}`." if reader else "."),
        "",
    ]
    files = sorted(stats["per_file"].items(), key=lambda kv: (-kv[1].get("read", 0), kv[0]))
    lines.append(_table(["input file", "records read", "rows"],
                        [(f"`{path}`", c.get("read", 0), c.get("rows", 0)) for path, c in files[:_FILES_LISTED]]))
    if len(files) > _FILES_LISTED:
        lines += ["", f"... and {len(files) - _FILES_LISTED} more files, each counted in `stats.json` (`per_file`)."]
    return "\n".join(lines)


def _processing(recipe: dict[str, Any], stats: dict[str, Any]) -> str:
    lines = [
        "## Processing",
        "",
        "Every record went through these per-document stages, in this order. Each one annotates rather than "
        "deletes: what it removed is in `removed`, what it repaired in `edits`, masks in `redactions`. "
        "Options are the recipe's (defaults otherwise); counts are from `stats.json`.",
        "",
    ]
    for i, (stage, counts) in enumerate(stats["stages"].items(), 1):
        options = recipe["stages"].get(stage, {})
        opts = f" (options: `{json.dumps(options, ensure_ascii=False, sort_keys=True)}`)" if options else ""
        lines.append(f"{i}. **{stage}**{opts}: {_counts(counts)}")
    disabled = [s for s, o in recipe["stages"].items() if o.get("enabled", True) is False]
    if disabled:
        lines += ["", f"Disabled by the recipe: {', '.join(disabled)}."]
    lines += ["", "Then corpus-level passes over all documents:", ""]
    for name, counts in stats.items():
        if name not in _NOT_PASSES and not name.startswith("seconds") and isinstance(counts, dict):
            options = f" (recipe: `{json.dumps(recipe[name], sort_keys=True)}`)" if recipe.get(name) else ""
            lines.append(f"- **{name}**{options}: {_counts(counts)}")
    lines += ["", f"Rejected records: {stats['rejected']}."]
    if stats["rejects_by_reason"]:
        lines += ["", _table(["reason", "records"], sorted(stats["rejects_by_reason"].items()))]
    splits = output_settings(recipe["build"]).splits
    total = sum(splits.values())
    lines += [
        "",
        "Splits are chosen from the first 32 bits of each row's `id` (a content hash), so a row keeps its split "
        "when documents are added and whatever the number of workers. Fractions asked for: "
        + ", ".join(f"{s} {splits[s] / total:.2%}" for s in split_order(splits)) + ".",
    ]
    return "\n".join(lines)


def _masks(recipe: dict[str, Any], stats: dict[str, Any]) -> str:
    masks = stats["masks"]
    token = stage_settings("masks", recipe["stages"].get("masks", {})).options["token"]
    share = masks["documents"] / stats["rows_written"] if stats["rows_written"] else 0.0
    kinds = masks.get("by_kind", {})
    kept = stats["stages"].get("masks", {}).get("masks_privacy_kept", 0)
    lines = [
        "## Censorship masks",
        "",
        f"Some source texts had words replaced by `**` (or `＊＊`, `××`, `XX`, `□□`) before they were "
        f"machine-translated. {masks['total']} masks were found in {masks['documents']} articles ({share:.1%} of "
        "rows) and listed in `redactions` with their span, their form in the source and their `kind`:",
        "",
        _table(["kind", "what it is", "masks"], [
            ("censorship", f"a word hidden by a censor; replaced by `{token}`", kinds.get("censorship", 0)),
            ("profanity", "a swear word softened by the publisher (`f***ing`); left as written", kinds.get("profanity", 0)),
            ("privacy", "a private person's name hidden (`Man**`, `张××`); left as written", kinds.get("privacy", 0)),
            ("unknown", "letters kept around a mask that fits neither; left as written", kinds.get("unknown", 0)),
        ], right=2),
        "",
        "A mask in the title or subtitle is listed with `field` set to that column (and the title holds the "
        "token); one in a line taken out as boilerplate or header has `field` `removed` and `item`, its place in "
        "`removed`. Only censorship masks get candidate words, where the corpus gives evidence (guesses, not "
        "the original).",
    ]
    if kept:
        lines[-1] += (f" {kept} masked names of private people (`Man**`, `张××`) were left as written and not listed "
                      "(`privacy = \"mark\"` in `[stages.masks]` lists them).")
    if masks["by_source"]:
        lines += ["", _table(["outlet", "masks", "censorship", "articles"],
                             [(src, c["masks"], c.get("censorship", 0), c["documents"])
                              for src, c in masks["by_source"].items()])]
    return "\n".join(lines + _restoration(stats))


def _restoration(stats: dict[str, Any]) -> list[str]:
    """What the restoration pass offered, how far its scores can be trusted, and what it applied."""
    r = stats.get("restore", {})
    if r.get("mode", "off") == "off" or not r.get("word_masks"):
        return []
    lines = ["", f"Candidates were offered for {r['with_candidates']} of the {r['word_masks']} censorship masks that "
             "hid a whole word in `text` (swear words, names and in-word masks get none), ranked by how often each word fills "
             "the same contexts elsewhere in the corpus. Scores are probabilities calibrated on the corpus itself."]
    check = r.get("calibration", {})
    if check.get("fitted"):
        lines[-1] += (f" On {check['pseudo_masks']} printed words hidden and guessed like masks, the top candidate "
                      f"was right {check['held_out_top1_accuracy']:.0%} of the time, with a mean score of "
                      f"{check['held_out_mean_top1_score']:.2f}.")
    if r["mode"] == "apply":
        lines[-1] += (f" The recipe asked to apply them: {r['applied']} top candidates scoring at least "
                      f"{r['threshold']} were put into `text`, each recorded in `edits` (kind `restore`); "
                      "`redactions` keep the raw mask.")
    if r.get("likely_masked"):
        lines += ["", "Words the masks most likely hide, with the expected number of masks: " + ", ".join(
            f"{w['word']} ({w['masks']})" for w in r["likely_masked"]) + "."]
    return lines


def _languages(stats: dict[str, Any]) -> str:
    splits = split_names(stats)
    names = language_names()
    total = stats["rows_written"] or 1
    rows = [
        (f"`{lang}`", names.get(lang, "undetermined" if lang == "und" else lang),
         *(counts.get(s, 0) for s in splits), sum(counts.values()), f"{sum(counts.values()) / total:.1%}")
        for lang, counts in split_counts(stats).items()
    ]
    return "\n".join([
        "## Languages",
        "",
        "One configuration per language (`load_dataset(path, \"en\")`); `default` has them all.",
        "",
        _table(["config", "language", *splits, "rows", "share"], rows, right=2),
        "",
        "`lang` is an ISO 639-1 code (`und`: no letters), the language of most of the article's own words: "
        "quotations, translations and boilerplate in another language show in `paragraphs[].lang`. langdetect's "
        "profiles decide, lingua's models are asked where they are unsure, the script decides alone for "
        "`ko`, `ja`, `zh`, `el`, `he`, `th`, `hy`, `ka`, `am`, `km`, `lo`, `my`, `si` and the Indic scripts, and "
        "letters and common words tell `be`, `bs`, `sr`, `ms`, `kk`, `mn`, `uz`, `az`, `gl`, `eu` (no langdetect "
        "profile) from their neighbours. `lang_variant` names the script or standard where a language has two: "
        "`zh-cn`/`zh-tw` (simplified/traditional characters), `sr-Cyrl`/`sr-Latn`, `be-Cyrl`/`be-Latn`, "
        "`uz-Cyrl`/`uz-Latn`; it is null otherwise.",
    ])


def _columns() -> str:
    rows = [(f"`{f.name}`", f"`{f.type}`") for f in SCHEMA]
    return "\n".join(["## Columns", "", _table(["column", "Arrow type"], rows, right=2)])


def _limitations(recipe: dict[str, Any], stats: dict[str, Any]) -> str:
    flags = stats["stages"].get("quality", {})
    und = split_counts(stats).get("und", {})
    items = [
        "Much of the text is machine-translated: word choice, names and idioms follow the translation system, "
        "not the original reporting. Repairs (lost apostrophes, glued subtitles) are made only where certain; "
        "the rest of the translation noise stays.",
        "Masked words are unknown. `redactions[].candidates` are statistical guesses for research on censorship, "
        "not a restoration.",
        f"Language identification is automatic and weakest on a few words of close languages (Bosnian, "
        f"Croatian and Serbian; Malay and Indonesian; Danish and Norwegian); "
        f"{sum(und.values())} rows are `und` (undetermined).",
        "Only the duplicates that the corpus passes above detect are linked (`dup_of`); a story rewritten "
        "rather than copied stays a separate row.",
        "Quality signals flag rows rather than remove them unless the recipe says so"
        + (": " + _counts({k.removeprefix("flag_"): v for k, v in flags.items() if k.startswith("flag_")})
           if any(k.startswith("flag_") for k in flags) else "") + ".",
        "The corpus covers only the outlets and periods of its inputs; their editorial lines, the censorship "
        "applied to them and the choice of what was collected shape what it says.",
        "Dates are those stated by the article (null when missing or unreadable), not verified publication dates.",
    ]
    items += list(recipe["corpus"].get("limitations", []))
    return "\n".join(["## Known limitations and biases", "", *(f"- {item}" for item in items)])


def card_citation(recipe: dict[str, Any]) -> str:
    """BibTeX for the corpus: the recipe's own `citation`, else one made from its name and creators."""
    corpus = recipe["corpus"]
    if corpus.get("citation"):
        return str(corpus["citation"]).strip()
    fields = {"title": card_settings(corpus, recipe["name"]).pretty_name, "note": "Built with newscorpus"}
    if corpus.get("creator"):
        fields["author"] = " and ".join(_names(corpus["creator"]))
    if corpus.get("date_published"):
        fields["year"] = str(corpus["date_published"])[:4]
    if corpus.get("url"):
        fields["howpublished"] = f"\\url{{{corpus['url']}}}"
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields.items())
    return f"@misc{{{recipe['name']},\n{body}\n}}"


def _citation(recipe: dict[str, Any]) -> str:
    return "\n".join(["## How to cite", "", "```bibtex", card_citation(recipe), "```"])


def _names(creator: Any) -> list[str]:
    """Creator names from the recipe: a name, a list of names, or tables with a `name`."""
    items = creator if isinstance(creator, list) else [creator]
    return [c["name"] if isinstance(c, dict) else str(c) for c in items]


def _reproducing(recipe: dict[str, Any], stats: dict[str, Any]) -> str:
    built = stats.get("provenance", {})
    versions = built.get("versions", {"newscorpus": stats["pipeline_version"]})
    lines = [
        "## Reproducing",
        "",
        f"Built with newscorpus {stats['pipeline_version']} from the resolved recipe below (also in `recipe.json`); "
        "the same inputs and recipe give the same rows, ids and bytes with any number of workers. Input files are "
        "recorded (`source_path`) by their path below the folder that was named as input, so put your copy of "
        "the inputs under folders of the same names. To rebuild and compare:",
        "",
        "```bash",
        f"pip install \"newscorpus=={versions.get('newscorpus', stats['pipeline_version'])}\"",
        "newscorpus build recipe.json " + " ".join(f"--input '{p}'" for p in recipe.get("inputs", []))
        + " --output rebuilt",
        "newscorpus validate rebuilt   # warns where installed versions differ from the ones below",
        "```",
        "",
    ]
    if built.get("inputs_digest"):
        lines += [f"- Inputs digest (every input file's content hash, xxh3-128): `{built['inputs_digest']}`; "
                  "a rebuild's `stats.json` (`provenance.inputs_digest`) shows the same value when it read the "
                  "same files.",
                  f"- Recipe hash (how documents are processed): `{built.get('recipe_hash')}`", ""]
    lines += [_table(["software", "version"], sorted(versions.items()), right=2), "",
              "```json", json.dumps(recipe, ensure_ascii=False, indent=2, sort_keys=True), "```"]
    return "\n".join(lines)
