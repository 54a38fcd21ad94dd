"""One article, before you trust the corpus: `newscorpus inspect FILE_OR_ID`.

For an input file the record is read and cleaned here, in-process, by the same
reader, stages and recipe as a build (so what you see is what a build writes);
for an id the row is looked up in a built corpus. Either way the view is made
from the row's own annotations: `removed` (header lines, boilerplate,
subtitle), `edits` (repairs, with what they replaced), `redactions` (masks,
with their context and candidates), `paragraphs` (structure and language per
paragraph) and the quality signals. Nothing is inferred by diffing texts.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from pipeline.document import Reject
from pipeline.fs import Location
from pipeline.query import CorpusError, connect
from pipeline.readers import read_file
from pipeline.readers.streams import file_hash
from pipeline.recipe import Recipe, RecipeError, find_inputs, load_recipe, name_below
from pipeline.stages import build_stages
from pipeline.task import clean_document

#: The shortest id prefix accepted, so a typo does not match some random row.
MIN_PREFIX = 6


@dataclass
class Inspection:
    origin: str  # "file" or "corpus"
    row: dict[str, Any] | None = None  # the row as a build writes it
    reject: dict[str, Any] | None = None  # why the record is not a row
    note: str | None = None  # e.g. that the id was dropped as a duplicate
    stages: dict[str, dict[str, int]] = field(default_factory=dict)  # what each stage counted (file input)

    def to_json(self) -> str:
        return json.dumps({"origin": self.origin, "row": self.row, "reject": self.reject, "note": self.note,
                           "stages": self.stages}, ensure_ascii=False, indent=2, default=str)


def inspect_file(path: Path, recipe: Recipe | None = None, record: int = 0) -> Inspection:
    """Read `path` and clean its record number `record` as a build with `recipe` would."""
    path = path.resolve()
    if recipe is None:
        recipe = Recipe(name="inspect", base_dir=path.parent, inputs=(str(path),), output=path.parent)
    stages = build_stages(recipe)
    shown = recorded_path(recipe.output, path) or shown_name(path, recipe)
    for item in read_file(path, shown, options=recipe.settings.reader):
        if item.source_index != record:
            continue
        outcome = item if isinstance(item, Reject) else clean_document(item, stages, Counter())
        counted = {s.name: dict(sorted(s.stats.items())) for s in stages if s.stats}
        if isinstance(outcome, Reject):
            return Inspection("file", reject=_reject_dict(outcome), stages=counted)
        return Inspection("file", row=outcome.to_row(), stages=counted)
    raise CorpusError(f"{path} has no record number {record}")


def shown_name(path: Path, recipe: Recipe) -> str:
    """The name a build of `recipe` records for `path` (its `source_path`, part of the id).

    A file among the recipe's inputs gets the build's own name; any other file
    is named as an input given alone would be (its folder and its name).
    """
    try:
        found = {f.location: f.shown for f in find_inputs(recipe.inputs)}
    except RecipeError:
        found = {}
    return found.get(path) or name_below(path, path.parent)


def recorded_path(output: Location, path: Path) -> str | None:
    """The `source_path` the corpus at `output` recorded for a file with `path`'s bytes, if it holds one.

    A row's id hashes its source path (named below its input root): found this way, `inspect FILE --output OUT` gives the
    corpus's own id from any current folder.
    """
    if not isinstance(output, Path) or not (output / "data").is_dir():
        return None
    try:
        found = connect(output).execute("SELECT min(source_path) FROM corpus WHERE source_hash = ?",
                                        [file_hash(path)]).fetchone()
    except CorpusError:
        return None
    return found[0] if found else None


def saved_recipe(output: Path) -> Recipe:
    """The resolved recipe a corpus was built with (recipe.json), to clean a file the same way.

    recipe.json does not say where the recipe folder was: a file the corpus
    holds gets the source path its rows record (`recorded_path`); another is
    taken relative to the output's parent, the recipe folder of an output at
    its default place, never to the current folder.
    """
    path = Path(output) / "recipe.json"
    if not path.is_file():
        raise CorpusError(f"{output} has no recipe.json: is it a corpus output folder?")
    data = json.loads(path.read_text(encoding="utf-8"))
    return Recipe(name=data["name"], base_dir=Path(output).resolve().parent, inputs=tuple(data.get("inputs", ())), output=Path(output),
                  corpus=data.get("corpus", {}), input=data.get("input", {}), stages=data.get("stages", {}),
                  dedup=data.get("dedup", {}), build=data.get("build", {}))


def inspect_id(output: Path, doc_id: str) -> Inspection:
    """The row with this id (or unique id prefix) in the corpus at `output`, or why there is none."""
    doc_id = doc_id.strip().lower()
    if len(doc_id) < MIN_PREFIX:
        raise CorpusError(f"id {doc_id!r} is too short: give at least {MIN_PREFIX} characters of it")
    con = connect(output)

    def matches(sql: str) -> list[dict[str, Any]]:
        result = con.execute(sql, [doc_id])
        names = [d[0] for d in result.description]
        return [dict(zip(names, row)) for row in result.fetchmany(2)]

    rows = matches("SELECT * FROM corpus WHERE starts_with(id, ?) ORDER BY id")
    if not rows:
        rejects = matches("SELECT * FROM rejects WHERE starts_with(id, ?) ORDER BY id")
        if rejects:
            return Inspection("corpus", reject=_unique(rejects, doc_id))
        dropped = matches("SELECT * FROM duplicates WHERE starts_with(id, ?) ORDER BY id")
        if dropped:
            gone = _unique(dropped, doc_id)
            found = inspect_id(output, gone["dup_of"])
            found.note = f"{gone['id']} was dropped as a duplicate of this row ({gone['dup_of']})"
            return found
        raise CorpusError(f"no row, reject or dropped duplicate in {output} has an id starting with {doc_id!r}")
    return Inspection("corpus", row=_unique(rows, doc_id))


def _unique(found: list[dict[str, Any]], doc_id: str) -> dict[str, Any]:
    if len(found) > 1:
        raise CorpusError(f"id prefix {doc_id!r} is ambiguous ({found[0]['id']}, {found[1]['id']}, ...): give more of it")
    return found[0]


def _reject_dict(r: Reject) -> dict[str, Any]:
    return {"source_path": r.source_path, "source_index": r.source_index, "position": r.position,
            "reason": r.reason, "message": r.message, "stage": r.stage, "id": r.id}


def load_for_file(path: Path, output: Path | None, recipe_path: Path | None) -> Recipe | None:
    """The recipe to clean a file with: --recipe, else the corpus's saved one, else the defaults."""
    if recipe_path is not None:
        return load_recipe(recipe_path, inputs=[str(path)])
    if output is not None:
        return saved_recipe(output)
    return None


# -- terminal view -------------------------------------------------------------------------

STYLE_EDIT_BEFORE = "strike red"
STYLE_EDIT_AFTER = "bold green"
STYLE_MASK = "bold white on dark_red"
STYLE_PARAGRAPH = "dim cyan"


def render(ins: Inspection, console: Console) -> None:
    if ins.note:
        console.print(f"[yellow]{ins.note}[/yellow]")
    if ins.reject:
        console.print(_reject_panel(ins.reject))
    if ins.row:
        row = ins.row
        console.print(_metadata(row))
        if row.get("removed"):
            console.print(_removed(row["removed"]))
        console.print(Panel(marked_text(row), title="text (cleaned), with every change marked", subtitle=_legend(),
                            title_align="left", subtitle_align="left"))
        if row.get("redactions"):
            console.print(_masks(row))
        if row.get("edits"):
            console.print(_edits(row))
        console.print(_paragraphs(row))
        console.print(_quality(row))
    if ins.stages:
        console.print(_stages(ins.stages))


def marked_text(row: dict[str, Any]) -> Text:
    """The cleaned text with repairs (old struck through, new in green), masks and paragraph languages marked."""
    text = row["text"]
    marks: list[tuple[int, int, int, str, Any]] = []  # (start, order, end, kind, item): labels before spans
    for n, p in enumerate(row.get("paragraphs") or [], 1):
        marks.append((p["start"], 0, p["start"], "paragraph", (n, p)))
    for e in row.get("edits") or []:
        marks.append((e["start"], 1, e["end"], "edit", e))
    for n, r in enumerate(row.get("redactions") or [], 1):
        if r.get("field", "text") == "text":
            marks.append((r["start"], 1, r["end"], "mask", n))
    out = Text()
    pos = 0
    for start, _, end, kind, item in sorted(marks, key=lambda m: m[:2]):
        if start < pos:
            continue  # spans never overlap in a valid row; if one does, its text is shown plainly
        out.append(text[pos:start])
        if kind == "paragraph":
            n, p = item
            lang = p.get("lang") or "?"
            score = f" {p['lang_score']:.2f}" if p.get("lang_score") is not None else ""
            heading = " heading" if p.get("kind") == "heading" else ""
            out.append(f"¶{n} {lang}{score}{heading} ", style=STYLE_PARAGRAPH)
        elif kind == "edit":
            out.append(_visible(item["before"]), style=STYLE_EDIT_BEFORE)
            out.append(text[start:end], style=STYLE_EDIT_AFTER)
        else:
            out.append(text[start:end], style=STYLE_MASK)
            out.append(str(item).translate(_SUPERSCRIPT), style="bold")
        pos = max(pos, end)
    out.append(text[pos:])
    return out


_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _visible(s: str) -> str:
    """Whitespace that was replaced must show: a struck-through space is invisible."""
    return s.replace(" ", "␣").replace("\n", "⏎") or "∅"


def _visible_breaks(s: str) -> str:
    return s.replace("\n", "⏎")


def _legend() -> Text:
    return Text.assemble(("old", STYLE_EDIT_BEFORE), "→", ("new", STYLE_EDIT_AFTER), " repair · ",
                         ("[mask]", STYLE_MASK), "ⁿ censorship mask · ", ("¶n lang score", STYLE_PARAGRAPH), " paragraph")


def _metadata(row: dict[str, Any]) -> Table:
    t = Table(show_header=False, box=None, padding=(0, 1))
    t.add_column(style="bold")
    t.add_column()
    authors = "; ".join(a["name"] + (f" ({a['affiliation']})" if a.get("affiliation") else "") for a in row.get("authors") or [])
    lang = f"{row['lang']}  score {row['lang_score']:.2f}" + (f"  variant {row['lang_variant']}" if row.get("lang_variant") else "")
    dup = row.get("dup_of")
    fields = [
        ("title", row.get("title")), ("subtitle", row.get("subtitle")), ("outlet", row.get("source")),
        ("published", row.get("published")), ("updated", row.get("updated")), ("crawled", row.get("crawled")),
        ("authors", authors), ("url", row.get("url")), ("language", lang),
        ("id", row.get("id")), ("from", f"{row.get('source_path')} record {row.get('source_index')}"
                                        f" ({row.get('format')}, {row.get('encoding')})"),
        ("duplicate", f"of {dup}" if dup else (f"canonical copy of {row['dup_cluster_size']}" if (row.get("dup_cluster_size") or 1) > 1 else None)),
        ("meta", row.get("meta")),
    ]
    for name, value in fields:
        if value or name in ("title", "outlet", "published"):
            t.add_row(name, Text(str(value)) if value else Text("— not found", style="dim"))
    return t


def _removed(removed: list[dict[str, Any]]) -> Table:
    t = Table(title="removed from the body", title_justify="left", title_style="bold")
    t.add_column("kind")
    t.add_column("line", justify="right")
    t.add_column("text", style=STYLE_EDIT_BEFORE.split()[1])
    for r in removed:
        t.add_row(r["kind"], str(r["line"] + 1) if r["line"] >= 0 else "", Text(r["text"]))
    return t


def _masks(row: dict[str, Any]) -> Table:
    t = Table(title="censorship masks and other masked words", title_justify="left", title_style="bold")
    for name in ("#", "raw", "kind", "in", "in context", "candidates"):
        t.add_column(name)
    for n, r in enumerate(row["redactions"], 1):
        field = r.get("field", "text")
        value = row["removed"][r["item"]]["text"] if field == "removed" else row[field] or ""
        context = Text.assemble("…" + _visible_breaks(r["left"][-30:]), (value[r["start"]:r["end"]], STYLE_MASK),
                                _visible_breaks(r["right"][:30]) + "…")
        candidates = ", ".join(f"{c['token']} {c['score']:.2f} ({c['evidence_count']})" for c in r.get("candidates") or [])
        t.add_row(str(n), Text(r["raw"]), r["kind"], field if field != "removed" else f"removed #{r['item'] + 1}",
                  context, candidates or Text("none proposed", style="dim"))
    return t


def _edits(row: dict[str, Any]) -> Table:
    t = Table(title="repairs", title_justify="left", title_style="bold")
    for name in ("kind", "at", "before", "after"):
        t.add_column(name)
    for e in row["edits"]:
        t.add_row(e["kind"], f"{e['start']}–{e['end']}", Text(_visible(e["before"]), style=STYLE_EDIT_BEFORE),
                  Text(row["text"][e["start"]:e["end"]], style=STYLE_EDIT_AFTER))
    return t


def _paragraphs(row: dict[str, Any]) -> Table | Text:
    paragraphs = row.get("paragraphs") or []
    if not paragraphs:
        return Text("language per paragraph: not recorded in this row (the build did not compute it)", style="dim")
    t = Table(title="paragraphs", title_justify="left", title_style="bold")
    for name in ("¶", "kind", "language", "score", "chars", "starts with"):
        t.add_column(name)
    for n, p in enumerate(paragraphs, 1):
        score = f"{p['lang_score']:.2f}" if p.get("lang_score") is not None else ""
        t.add_row(str(n), p.get("kind") or "", p.get("lang") or "?", score, str(p["end"] - p["start"]),
                  Text(_visible_breaks(row["text"][p["start"]:p["end"]][:60])))
    return t


def _quality(row: dict[str, Any]) -> Group:
    t = Table(title="quality signals", title_justify="left", title_style="bold", show_header=False)
    t.add_column(style="bold")
    t.add_column(justify="right")
    for name, value in (row.get("quality") or {}).items():
        t.add_row(name, f"{value:,.0f}" if float(value).is_integer() else f"{value:.3f}")
    flags = row.get("quality_flags") or []
    flag_line = Text("flags: ", style="bold").append(", ".join(flags) if flags else "none", style="yellow" if flags else "green")
    return Group(t, flag_line)


def _stages(stages: dict[str, dict[str, int]]) -> Table:
    t = Table(title="what each stage did to this record", title_justify="left", title_style="bold")
    t.add_column("stage")
    t.add_column("counted")
    for name, counts in stages.items():
        t.add_row(name, ", ".join(f"{k} {v}" for k, v in counts.items()))
    return t


def _reject_panel(r: dict[str, Any]) -> Panel:
    body = Text.assemble(("reason  ", "bold"), r["reason"], "\n", ("stage   ", "bold"), str(r.get("stage")), "\n",
                         ("message ", "bold"), r["message"], "\n", ("from    ", "bold"),
                         f"{r['source_path']} record {r['source_index']}" + (f" at {r['position']}" if r.get("position") else ""))
    return Panel(body, title="rejected: this record is not a row", title_align="left", border_style="red")
