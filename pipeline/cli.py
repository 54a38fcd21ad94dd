"""The `newscorpus` command line."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from pipeline.recipe import RecipeError, load_recipe

app = typer.Typer(add_completion=False, pretty_exceptions_enable=False, no_args_is_help=True, help="Build clean research corpora from raw news.")
console = Console(stderr=True)

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_LOCKED, EXIT_INTERRUPTED = 0, 1, 2, 4, 130


@app.callback()
def _root() -> None:
    """Build clean research corpora from raw news."""


@app.command()
def build(
    recipe: Annotated[Path, typer.Argument(help="A corpus folder (with corpus.toml) or a .toml recipe.")],
    input: Annotated[Optional[list[str]], typer.Option("--input", "-i", help="Input file, folder or glob; replaces the recipe's inputs. Repeatable.")] = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Output folder (default: the recipe's, else <corpus folder>/output).")] = None,
    workers: Annotated[int, typer.Option("--workers", "-w", help="Worker processes (default: number of cores).")] = 0,
    force: Annotated[bool, typer.Option("--force", help="Rebuild from scratch, also when the recipe changed.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar and no summary.")] = False,
    log_level: Annotated[str, typer.Option("--log-level", help="debug, info, warning or error.")] = "warning",
    log_json: Annotated[bool, typer.Option("--log-json", help="Logs as one JSON object per line.")] = False,
) -> None:
    """Run the whole job: read, clean, link duplicates, write the corpus.

    Incremental and resumable: a re-run processes only new or changed inputs
    and the tasks a killed run did not finish.
    """
    from pipeline.build import build as run_build
    from pipeline.console import TaskProgress, setup_logging, summary_table
    from pipeline.state import BuildLocked

    setup_logging(log_level, log_json)
    progress = TaskProgress(enabled=not quiet)
    try:
        r = load_recipe(recipe, inputs=input, output=str(output) if output else None)
        result = run_build(r, workers=workers or os.cpu_count() or 1, force=force,
                           on_plan=progress.on_plan, on_task=progress.on_task)
    except RecipeError as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(EXIT_USAGE) from exc
    except BuildLocked as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(EXIT_LOCKED) from exc
    except KeyboardInterrupt:
        console.print("[yellow]interrupted[/yellow]: finished tasks are kept; run the same command again to resume")
        raise typer.Exit(EXIT_INTERRUPTED) from None
    finally:
        progress.close()
    if not quiet:
        Console().print(summary_table(result))


def main() -> None:
    app()
