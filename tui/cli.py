"""The `timeline` command: bare, it opens the app; its subcommands import, export, search, report.

A thin click layer over `db`: library errors become one clear line on stderr and exit code 1.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import click
from click_default_group import DefaultGroup

# The library's own lists: the CLI never offers a format or kind the library lacks.
from db.exporters import EXPORT_FORMATS
from db.importers import FORMATS as IMPORT_FORMATS
from db.search import KINDS as SEARCH_KINDS
from db.store import ReadError, Store, StoreError

from .launch import default_db_path, open_app
from .text import printable

db_option = click.option(
    "--db", "db_path", type=click.Path(dir_okay=False), default=None,
    help="The store (default: $TIMELINE_DB, else timeline.db in your data directory).")


def open_store(db_path: str | None, create: bool = True) -> Store:
    try:
        return Store.open(db_path or default_db_path(), create=create)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None


class TimelineGroup(DefaultGroup):
    """The command group: a store damaged on disk is reported in one line, exit code 1."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ReadError as exc:
            raise click.ClickException(f"the store cannot be read ({exc})") from None


@click.group(cls=TimelineGroup, default="open", default_if_no_args=True)
@click.version_option(package_name="timeline")
def cli() -> None:
    """Explore a timeline of dated events and statements."""


@cli.command("open", hidden=True)
@db_option
def open_command(db_path: str | None) -> None:
    """Open the app on the store."""
    if open_app(db_path):
        sys.exit(1)


class _Progress:
    """A progress bar on stderr, shown only once a file has taken more than a second."""

    def __init__(self, label: str):
        self.label = label
        self.started = time.perf_counter()
        self.bar = None
        self.shown = 0

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            if time.perf_counter() - self.started < 1.0 or not sys.stderr.isatty():
                return
            self.bar = click.progressbar(length=total, label=self.label, file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(done - self.shown)
        self.shown = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


@cli.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@db_option
@click.option("--format", "fmt", default="auto", show_default=True,
              type=click.Choice(IMPORT_FORMATS),
              help="The files' format; auto recognises it from the content.")
@click.option("--dry-run", is_flag=True, help="Check the files and report, writing nothing.")
def import_command(files: tuple[str, ...], db_path: str | None, fmt: str, dry_run: bool) -> None:
    """Import FILE... into the store, each file in one transaction."""
    from db.importers import ImportFailed, import_file

    store = open_store(db_path)
    failed = False
    for file in files:
        progress = _Progress(file)
        try:
            summary = import_file(store, file, fmt=fmt, dry_run=dry_run, progress=progress)
        except ImportFailed as exc:
            progress.close()
            for line in exc.lines():
                click.echo(printable(line), err=True)
            failed = True
            continue
        except StoreError as exc:
            progress.close()
            raise click.ClickException(str(exc)) from None
        progress.close()
        click.echo(printable(summary.line()))
    if failed:
        sys.exit(1)


@cli.command("export")
@db_option
@click.option("--format", "fmt", default="json", show_default=True,
              type=click.Choice(EXPORT_FORMATS))
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Write here instead of to standard output.")
@click.option("--actor", default=None, help="timelinejs/markdown: only this actor (an id).")
@click.option("--from", "from_date", default=None, help="timelinejs/markdown: from this date.")
@click.option("--to", "to_date", default=None, help="timelinejs/markdown: up to this date.")
def export_command(db_path: str | None, fmt: str, output: str | None, actor: str | None,
                   from_date: str | None, to_date: str | None) -> None:
    """Write the store out: json, jsonl and csv read back with `import`; timelinejs and markdown
    publish a chronology, narrowed as the app's filters narrow the timeline."""
    from db.dates import DateError, parse_date
    from db.exporters import Selection, export

    store = open_store(db_path, create=False)
    if (actor or from_date or to_date) and fmt not in ("timelinejs", "markdown"):
        raise click.UsageError("--actor, --from and --to go with --format timelinejs or markdown")
    if actor is not None and store.actor(actor) is None:
        raise click.BadParameter(f"no actor with id {actor!r}", param_hint="--actor")
    try:
        lo = parse_date(from_date).value.lo_key if from_date else None
        hi = parse_date(to_date).value.hi_key if to_date else None
    except DateError as exc:
        raise click.BadParameter(str(exc), param_hint="--from/--to") from None
    selection = Selection(actor, lo, hi)
    if output is None:
        export(store, fmt, sys.stdout, selection)
        return
    # Write beside the target and rename, so a failed export never leaves half a file behind.
    tmp = Path(output).with_name(f".{Path(output).name}.part")
    try:
        with tmp.open("w", encoding="utf-8", newline="") as out:
            count = export(store, fmt, out, selection)
        tmp.replace(output)
    finally:
        tmp.unlink(missing_ok=True)
    click.echo(f"{output}: {count:,} records ({fmt})", err=True)


@cli.command("search")
@click.argument("query")
@db_option
@click.option("--kind", type=click.Choice(SEARCH_KINDS), multiple=True,
              help="Only hits of this kind (repeatable).")
@click.option("--limit", type=click.IntRange(1, 1000), default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the hits as a JSON array.")
def search_command(query: str, db_path: str | None, kind: tuple[str, ...], limit: int,
                   as_json: bool) -> None:
    """Fuzzy search across actors, statements and events."""
    from db.search import KINDS, search

    store = open_store(db_path, create=False)
    hits = search(store, query, kinds=kind or KINDS, limit=limit)
    if as_json:
        click.echo(json.dumps([hit.as_json() for hit in hits], ensure_ascii=False, indent=1))
        return
    if not hits:
        click.echo("no matches", err=True)
        return
    for hit in hits:
        shown = hit.text if hit.text is not None else hit.title
        click.echo(f"{hit.score:5.1f}  {hit.kind:<9}  {hit.display_date:<16}  "
                   + (f"{printable(hit.title)}: " if hit.text is not None else "")
                   + _highlight(shown, hit.spans))


def _highlight(text: str, spans: list[tuple[int, int]]) -> str:
    if not sys.stdout.isatty():
        return printable(text)
    out, last = [], 0
    for start, end in spans:
        out.append(printable(text[last:start]))
        out.append(click.style(printable(text[start:end]), bold=True, fg="yellow"))
        last = end
    out.append(printable(text[last:]))
    return "".join(out)


@cli.command("stats")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
def stats_command(db_path: str | None, as_json: bool) -> None:
    """Counts of events, statements, actors and sources, and the date range."""
    from db.dates import format_edtf

    store = open_store(db_path, create=False)
    stats = store.stats()
    if as_json:
        click.echo(json.dumps(stats.as_json(), ensure_ascii=False))
        return
    click.echo(f"events      {stats.events:>10,}")
    click.echo(f"statements  {stats.statements:>10,}")
    click.echo(f"actors      {stats.actors:>10,}")
    click.echo(f"sources     {stats.sources:>10,}")
    if stats.first:
        click.echo(f"from        {format_edtf(stats.first)}")
        click.echo(f"to          {format_edtf(stats.last)}")

