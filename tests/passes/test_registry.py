"""A corpus pass is one entry of the registry: a toy pass added there alone gets its options resolved
with the recipe, its per-document hook run by every task, its corpus step run by the build, and its
transform and stats in the published corpus."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline import passes
from pipeline.build import build
from pipeline.document import Document
from pipeline.passes.base import CorpusPass, PassResult
from pipeline.recipe import load_recipe

ARTICLES = {
    "harbour.txt": "The harbour authority opened a second ferry pier on Monday. Crossings to the island now "
                   "leave every twenty minutes, and the old pier closes for repairs until spring.",
    "rathaus.txt": "Der Stadtrat hat am Dienstag den Haushalt beschlossen. Für Schulen und Radwege stehen im "
                   "kommenden Jahr deutlich mehr Mittel bereit als bisher geplant.",
    "cosecha.txt": "La cosecha de aceituna empezó con dos semanas de adelanto. Las cooperativas esperan un año "
                   "mejor que el anterior, aunque el precio del aceite sigue bajando.",
}


class _Lengths:
    """The toy hook: each written row's text length, in a file beside the task's work shard."""

    def __init__(self, path: Path, flag: str) -> None:
        self.path, self.flag, self.lengths, self.seconds = path, flag, [], 0.0

    def add(self, doc: Document) -> None:
        self.lengths.append(len(doc.text))

    def close(self) -> None:
        self.path.with_name(self.path.name + ".tmp").write_text(json.dumps(self.lengths), encoding="utf-8")

    def commit(self) -> None:
        self.path.with_name(self.path.name + ".tmp").replace(self.path)


def _options(tables: dict[str, Any], stages: dict[str, Any]) -> str:
    return "toy-" + stages["masks"].options["token"].strip("[]").lower()  # reads a stage's resolved option


def _hook(flag: str, work_dir: Path, task: str) -> _Lengths:
    return _Lengths(work_dir / f"{task}.toy.json", flag)


def _run(shards: list[Path], recipe, work_dir: Path, executor, faults) -> PassResult:
    lengths = [n for s in shards for n in json.loads((s.parent / f"{s.stem}.toy.json").read_text(encoding="utf-8"))]
    flag = recipe.settings.passes["toy"]

    def transform(table: pa.Table) -> pa.Table:
        at = table.schema.get_field_index("quality_flags")
        flags = [[*f, flag] for f in table["quality_flags"].to_pylist()]
        return table.set_column(at, "quality_flags", pa.array(flags, table.schema.field(at).type))

    return PassResult(name="toy", transform=transform, stats={"rows": len(lengths), "chars": sum(lengths)})


TOY = CorpusPass(name="toy", options=_options, run=_run, hook=_hook, hook_step="length")


def test_a_pass_added_to_the_registry_alone_runs_in_tasks_and_on_the_corpus(tmp_path, monkeypatch):
    monkeypatch.setattr(passes, "PASSES", (*passes.PASSES, TOY))
    folder = tmp_path / "corpus"
    (folder / "raw").mkdir(parents=True)
    for name, text in ARTICLES.items():
        (folder / "raw" / name).write_text(text, encoding="utf-8")
    (folder / "corpus.toml").write_text('[input]\npaths = ["raw"]\n[stages.quality]\nmin_words = 5\n'
                                        '[stages.masks]\ntoken = "[MASK]"\n', encoding="utf-8")
    recipe = load_recipe(folder)
    assert list(recipe.settings.passes) == ["dedup", "restore", "toy"] and recipe.settings.passes["toy"] == "toy-mask"

    result = build(recipe, workers=1)
    stats = json.loads((result.output / "stats.json").read_text(encoding="utf-8"))
    rows = [r for f in sorted((result.output / "data").rglob("*.parquet")) for r in pq.read_table(f).to_pylist()]
    assert stats["toy"] == {"rows": 3, "chars": sum(len(r["text"]) for r in rows)}
    assert all(r["quality_flags"][-1] == "toy-mask" for r in rows) and len(rows) == 3
    assert "toy_lengths" in stats["seconds_per_stage"]  # the hook's time, named after the pass and its step
    assert stats["dedup"]["documents"] == 3 and stats["restore"]["mode"] == "candidates"  # the others still ran
    assert "- **toy**" in (result.output / "README.md").read_text(encoding="utf-8")
