"""The `newscorpus` command line."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

from pipeline.recipe import RecipeError, load_recipe

app = typer.Typer(add_completion=False, pretty_exceptions_enable=False, no_args_is_help=True, help="Build clean research corpora from raw news.")
console = Console(stderr=True)

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


@app.callback()
def _root() -> None:
    """Build clean research corpora from raw news."""


@app.command()
def build(
    recipe: Annotated[Path, typer.Argument(help="A corpus folder (with corpus.toml) or a .toml recipe.")],
    input: Annotated[Optional[list[str]], typer.Option("--input", "-i", help="Input file, folder or glob; replaces the recipe's inputs. Repeatable.")] = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Output folder (default: the recipe's, else <corpus folder>/output).")] = None,
    workers: Annotated[int, typer.Option("--workers", "-w", help="Worker processes (default: number of cores).")] = 0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors.")] = False,
) -> None:
    """Run the whole job: read, clean, link duplicates, write the corpus."""
    from pipeline.build import build as run_build

    try:
        r = load_recipe(recipe, inputs=input, output=str(output) if output else None)
        result = run_build(r, workers=workers or os.cpu_count() or 1)
    except RecipeError as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(EXIT_USAGE) from exc
    if not quiet:
        _summary(result)


def _summary(result) -> None:
    s = result.stats
    table = Table(title=f"newscorpus build -> {result.output}", show_header=False)
    table.add_row("records read", str(s["records_read"]))
    table.add_row("rows written", str(s["rows_written"]))
    table.add_row("rejected", f"{s['rejected']} " + ", ".join(f"{k}: {v}" for k, v in s["rejects_by_reason"].items()))
    table.add_row("duplicates", f"{s['dedup']['exact_linked']} linked, {s['duplicates_dropped']} dropped")
    table.add_row("languages", ", ".join(f"{k} {v}" for k, v in s["languages"].items()))
    table.add_row("masks", f"{s['masks']['total']} in {s['masks']['documents']} articles")
    rate = s["records_read"] / result.seconds if result.seconds else 0.0
    table.add_row("time", f"{result.seconds:.1f} s ({rate:.0f} records/s)")
    Console().print(table)


def main() -> None:
    app()
