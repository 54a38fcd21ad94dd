"""The `newscorpus` command line."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Optional

import click
import typer
from rich.console import Console
from rich.markup import escape
from typer.core import TyperGroup

from pipeline.console import DataConsole
from pipeline.errors import UsageError, is_user_error, one_line
from pipeline.recipe import RecipeError, default_recipe, load_recipe

console = Console(stderr=True, soft_wrap=True)  # an error is one line, whatever the width

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_REJECTS, EXIT_LOCKED, EXIT_FAULTS, EXIT_INTERRUPTED = 0, 1, 2, 3, 4, 5, 130


class Stdout(DataConsole):
    """Standard output, shown as data (`DataConsole`: no control codes or emoji from the corpus). When the
    reader stops reading (`stats | head`), rich would exit 1; this lets the closed pipe reach `_Commands`,
    which ends the command quietly with success."""

    def on_broken_pipe(self) -> None:
        raise BrokenPipeError


class _Commands(TyperGroup):
    """Every command's errors from outside the code (a path, a permission, a full disk, a URL) as one
    line and exit 2, not a traceback and the exit code of a bug; a closed pipe (`stats | head`) as success."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            # The reader has what it wanted; point stdout at nothing so the interpreter's final flush is quiet.
            os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
            raise typer.Exit(EXIT_OK) from None
        except UsageError as exc:  # our own message, which may name [tables]: printed as it is, not as markup
            console.print(f"[red]error:[/red] {escape(str(exc))}")
            raise typer.Exit(EXIT_USAGE) from exc
        except Exception as exc:
            if not is_user_error(exc):
                raise
            console.print(f"[red]error:[/red] {escape(one_line(exc))}")
            raise typer.Exit(EXIT_USAGE) from exc


app = typer.Typer(cls=_Commands, add_completion=False, pretty_exceptions_enable=False, no_args_is_help=True,
                  help="Build clean research corpora from raw news.")


@app.callback()
def _root() -> None:
    """Build clean research corpora from raw news."""


@app.command()
def init(
    folder: Annotated[Path, typer.Argument(help="The corpus folder to start (created if missing).")] = Path("."),
) -> None:
    """Start a recipe for your own corpus: writes FOLDER/corpus.toml, commented, and an empty FOLDER/raw/ for the inputs."""
    from pipeline.init import INPUT_FOLDER, write_recipe

    target = write_recipe(folder)
    Stdout(soft_wrap=True).print(escape(
        f"wrote {target}: put your files in {target.parent / INPUT_FOLDER}, state the texts' license in "
        f"[corpus], then run: newscorpus build {folder}"))


@app.command()
def build(
    recipe: Annotated[Optional[Path], typer.Argument(help="A corpus folder (with corpus.toml) or a .toml recipe; without one, the defaults (then give --input and --output).", show_default=False)] = None,
    input: Annotated[Optional[list[str]], typer.Option("--input", "-i", help="Input file, folder or glob; replaces the recipe's inputs. Repeatable.")] = None,
    output: Annotated[Optional[str], typer.Option("--output", "-o", help="Output folder or URL, e.g. s3://bucket/corpus (default: the recipe's, else <corpus folder>/output).")] = None,
    work: Annotated[Optional[str], typer.Option("--work", help="Local work folder for state, locks and work shards (default: the recipe's [build] work, else <output>/.newscorpus; for a URL output, in the user cache).")] = None,
    workers: Annotated[int, typer.Option("--workers", "-w", min=0, show_default=False, help="Worker processes (default: the number of cores).")] = 0,
    force: Annotated[bool, typer.Option("--force", help="Rebuild from scratch, also when the recipe changed.")] = False,
    executor: Annotated[str, typer.Option("--executor", help="local (a process pool, default) or ray.")] = "local",
    address: Annotated[Optional[str], typer.Option("--address", help="Ray cluster: auto, or ray://HOST:PORT (default: start a local Ray).")] = None,
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
    from pipeline.executors import make_executor
    from pipeline.readers.options import reject_rate_problem
    from pipeline.state import BuildLocked

    setup_logging(log_level, log_json)
    progress = TaskProgress(enabled=not quiet)
    try:
        r = load_recipe(recipe, inputs=input, output=output, work=work) if recipe else _no_recipe(input, output, work)
        cores = workers or os.cpu_count() or 1
        result = run_build(r, workers=cores, force=force, executor=make_executor(executor, cores, address),
                           on_plan=progress.on_plan, on_task=progress.on_task)
    except BuildLocked as exc:
        console.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(EXIT_LOCKED) from exc
    except KeyboardInterrupt:
        console.print("[yellow]interrupted[/yellow]: finished tasks are kept; run the same command again to resume")
        raise typer.Exit(EXIT_INTERRUPTED) from None
    finally:
        progress.close()
    if not quiet:
        Stdout().print(summary_table(result))
    problem = reject_rate_problem(result.stats, r.settings.reader)
    if problem:
        console.print(f"[red]error:[/red] {escape(problem)}")
        raise typer.Exit(EXIT_REJECTS)
    faults = result.stats.get("faults", {})
    if faults.get("total") and r.settings.build.strict:
        console.print(f"[red]error:[/red] [build] strict: a corpus pass failed on {faults['total']} item(s) "
                      f"({', '.join(f'{k} {v}' for k, v in faults['by_step'].items())}); the corpus is written "
                      "without what it would have added to them, and stats.json (faults) and the log say which")
        raise typer.Exit(EXIT_FAULTS)


def _no_recipe(inputs: list[str] | None, output: str | None, work: str | None):
    """The default recipe, when both inputs and output are given on the command line."""
    if not inputs or not output:
        raise RecipeError("without a recipe, give --input and --output (or start one with `newscorpus init`)")
    return default_recipe(inputs, output, work)


EXIT_INVALID = 3  # validate/publish: the corpus folder has problems (they are listed)


@app.command()
def validate(
    output: Annotated[str, typer.Argument(help="A built corpus folder, or its URL (e.g. s3://bucket/corpus).")],
) -> None:
    """Check a built corpus: files, schema, splits, unique ids, accounting, card and Croissant."""
    from pipeline.fs import LocationError, location
    from pipeline.validate import validate_location

    try:
        report = validate_location(location(output))
    except (LocationError, OSError) as exc:
        console.print(f"[red]error:[/red] {escape(str(exc))}")  # fsspec's errors name the path
        raise typer.Exit(EXIT_USAGE) from exc
    stdout = Stdout(soft_wrap=True)
    for problem in report.problems:
        stdout.print(f"[red]✗[/red] {escape(str(problem))}")
    for warning in report.warnings:
        stdout.print(f"[yellow]![/yellow] {escape(str(warning))}")
    if not report.ok:
        console.print(f"[red]{len(report.problems)} problem(s)[/red] in {output}")
        raise typer.Exit(EXIT_INVALID)
    stdout.print(f"[green]✓[/green] {output}: {report.rows} rows in {report.shards} shards; "
                 "schema, splits, ids, accounting, card and croissant.json check out")


@app.command()
def publish(
    output: Annotated[Path, typer.Argument(help="A built corpus folder.")],
    repo_id: Annotated[str, typer.Option("--repo-id", help="Dataset repository on the Hub: ORG/NAME.")],
    private: Annotated[bool, typer.Option("--private", help="Make the repository private (also if it exists).")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Validate and list what would be sent; upload nothing.")] = False,
) -> None:
    """Validate a built corpus, then upload it to a Hugging Face dataset repository (token from HF_TOKEN or login)."""
    from huggingface_hub.errors import HfHubHTTPError
    from pipeline.publish import PublishError, publish as run_publish

    stdout = Stdout(soft_wrap=True)
    try:
        result = run_publish(output, repo_id, private=private, dry_run=dry_run)
    except HfHubHTTPError as exc:
        console.print(f"[red]error:[/red] the Hub refused the upload: {escape(str(exc))}")
        raise typer.Exit(EXIT_ERROR) from exc
    except PublishError as exc:
        for problem in exc.report.problems if exc.report else []:
            stdout.print(f"[red]✗[/red] {escape(str(problem))}")
        console.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(EXIT_INVALID if exc.report else EXIT_USAGE) from exc
    for path, size in result.files:
        stdout.print(f"  {path}  ({size:,} bytes)")
    verb = "would upload" if result.dry_run else "uploaded"
    stdout.print(f"{verb} {len(result.files)} files ({result.total_bytes:,} bytes) to dataset {repo_id}"
                 + (f": {result.commit_url}" if result.commit_url else ""))


@app.command()
def inspect(
    file_or_id: Annotated[str, typer.Argument(help="An input article file, or the id (or a unique prefix of it) of a row.")],
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="The built corpus to look the id up in (for a file: clean it with this corpus's saved recipe).")] = None,
    recipe: Annotated[Optional[Path], typer.Option("--recipe", "-r", help="For a file: clean it with this recipe (corpus folder or .toml).")] = None,
    record: Annotated[int, typer.Option("--record", help="For a file with many records (JSONL, WARC): which one, from 0.")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print the row (or reject) as JSON, for scripts.")] = False,
) -> None:
    """Show one article: metadata, the text with every change marked, paragraph languages, quality."""
    from pipeline.console import json_safe
    from pipeline.inspect import inspect_file, inspect_id, load_for_file, render
    from pipeline.query import CorpusError

    path = Path(file_or_id)
    if path.is_file():
        result = inspect_file(path, load_for_file(path, output, recipe), record)
    elif output is None:
        raise CorpusError(f"{file_or_id!r} is not a file; to look up an id, say which corpus with --output")
    else:
        result = inspect_id(output, file_or_id)
    if as_json:
        typer.echo(json_safe(result.to_json()))
    else:
        render(result, Stdout())


@app.command()
def raw(
    output: Annotated[Path, typer.Argument(help="A built corpus folder.")],
    doc_id: Annotated[str, typer.Argument(help="A row's id, or a unique prefix of it.")],
) -> None:
    """Print a row's article exactly as the reader produced it, rebuilt from the row alone.

    Exits 3 if the rebuilt text does not hash to the row's id (a row flagged raw_inexact).
    """
    import sys

    from pipeline.raw import matches_id, raw_record

    text, row = raw_record(output, doc_id)
    sys.stdout.write(text)
    sys.stdout.flush()
    if not matches_id(row, text):
        console.print(f"[red]error:[/red] the rebuilt text of {row['id']} does not match its id: "
                      "some change to it was not recorded")
        raise typer.Exit(EXIT_INVALID)


@app.command()
def report(
    output: Annotated[Path, typer.Argument(help="A built corpus folder.")],
    out: Annotated[Optional[Path], typer.Option("--out", help="Where to write the HTML (default: <output>/report.html).")] = None,
) -> None:
    """Write one self-contained HTML report of a built corpus: charts and tables, viewable offline."""
    from pipeline.report.html import write_report

    path = write_report(output, out)
    Stdout().print(f"report: {path} ({path.stat().st_size / 2**20:.1f} MB)", highlight=False)


@app.command()
def stats(
    output: Annotated[Path, typer.Argument(help="A built corpus folder.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON, for scripts.")] = False,
) -> None:
    """Print the report's figures as tables: languages, lengths, flags, masks, duplicates, rejects, outlets."""
    import json

    from pipeline.console import json_safe
    from pipeline.report.data import gather
    from pipeline.report.terminal import print_stats

    figures = gather(output)
    if as_json:
        typer.echo(json_safe(json.dumps(figures.to_dict(), ensure_ascii=False, indent=2, default=str)))
    else:
        print_stats(figures, Stdout())


@app.command()
def query(
    output: Annotated[Path, typer.Argument(help="A built corpus folder.")],
    sql: Annotated[str, typer.Argument(help="DuckDB SQL over the views corpus (the rows), rejects and duplicates.")],
    limit: Annotated[int, typer.Option("--limit", help="Rows to print as a table (the query itself is not limited).")] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="Print every row as one JSON object per line.")] = False,
    allow_external: Annotated[bool, typer.Option("--allow-external", help="Let the SQL read and write files outside the corpus (DuckDB's external access; off by default).")] = False,
) -> None:
    """Run DuckDB SQL over a built corpus, e.g. "SELECT lang, count(*) FROM corpus GROUP BY lang"."""
    from pipeline.query import print_query

    print_query(output, sql, Stdout(), limit=limit, as_json=as_json, external_access=allow_external)


def main() -> None:
    app()
