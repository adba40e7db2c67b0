"""Live sources: ``fetch``."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from quarterdeck.cli.app import MAX_REJECTIONS_SHOWN, cli, err_console, open_store, out_console
from quarterdeck.profile import load_profile

if TYPE_CHECKING:
    from quarterdeck.fetch import FetchReport, SourcePlan

# -- fetch (live sources) ------------------------------------------------------------


@cli.command("fetch")
@click.option("--since", help="How far back: 7d, 2w, or a date YYYY-MM-DD (default: the last 7 days).")
@click.option("--from", "start", metavar="DATE", help="First day, YYYY-MM-DD (UTC).")
@click.option("--to", "end", metavar="DATE", help="Last day, YYYY-MM-DD (UTC; default: today).")
@click.option(
    "--source",
    "sources",
    multiple=True,
    metavar="NAME",
    help="Fetch only this source; repeatable. Names: arxiv, arxiv-rss, huggingface, feeds "
    "(default: the profile's sources).",
)
@click.option("--dry-run", is_flag=True, help="Say what would be fetched, and send no request.")
@click.option(
    "--profile",
    "profile_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Profile TOML (default: profile.toml in the home directory, else the reference reader).",
)
def fetch_command(
    since: str | None,
    start: str | None,
    end: str | None,
    sources: tuple[str, ...],
    dry_run: bool,
    profile_path: Path | None,
) -> None:
    """Fetch new papers from the live sources in your profile into the store.

    arXiv (the export API, one request every 3 s as arXiv asks), arXiv's daily RSS,
    Hugging Face daily papers (with upvotes) and your RSS/Atom feeds. Days already
    fetched completely are skipped; an interrupted run resumes where it stopped.
    Exits non-zero only when nothing could be fetched.
    """

    from quarterdeck import fetch as fetching

    reader = load_profile(profile_path)
    names = fetching.choose_sources(sources, reader)
    first, last = fetching.date_range(since, start, end, dt.datetime.now(dt.UTC).date())
    with open_store() as store, fetching.open_client() as client:
        ctx = fetching.make_context(client, reader)
        plans = fetching.plan_fetch(store, ctx, names, first, last)
        if dry_run:
            _print_plan(plans, f"{first.isoformat()} to {last.isoformat()}", fetching.estimate_seconds(plans))
            return
        err = err_console()
        progress = Progress(
            TextColumn("Fetching {task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("windows, {task.fields[papers]} papers"),
            TimeElapsedColumn(),
            console=err,
            transient=True,
            disable=not err.is_terminal,
        )
        tasks: dict[str, Any] = {}

        def advance(source: str, done: int, total: int, papers: int) -> None:
            if source not in tasks:
                tasks[source] = progress.add_task(source, total=total, papers=0)
            progress.update(tasks[source], completed=done, total=total, papers=papers)

        with progress:
            report = fetching.run_fetch(store, ctx, plans, progress=advance)
    _print_fetch_report(report)
    if report.nothing_fetched:
        sys.exit(1)


def _print_plan(plans: list[SourcePlan], span: str, seconds: float) -> None:
    out = out_console()
    out.print(f"Would fetch {span} (dry run: nothing is sent):", markup=False)
    for plan in plans:
        if plan.problem:
            out.print(f"  {plan.source}: cannot fetch: {plan.problem}", markup=False, soft_wrap=True)
            continue
        skipped = len(plan.windows) - len(plan.to_fetch)
        out.print(f"  {plan.source}: {len(plan.to_fetch)} to fetch, {skipped} already complete", markup=False)
        for planned in plan.windows:
            out.print(
                f"    {planned.action:<8} {planned.window.label}: {planned.reason}",
                markup=False,
                soft_wrap=True,
            )
    if seconds:
        out.print(f"arXiv requests are 3 s apart: at least {seconds:.0f} s for them.", markup=False)


def _print_fetch_report(report: FetchReport) -> None:
    table = Table("source", "windows", "new", "updated", "unchanged", "rejected", "failed", box=None)
    for r in report.results:
        windows = f"{r.windows_fetched} fetched, {r.windows_skipped} skipped"
        failures = f"[red]{r.windows_failed or len(r.errors)}[/]" if r.errors else "0"
        table.add_row(
            r.source,
            windows,
            f"[green]{r.report.new}[/]",
            str(r.report.updated),
            str(r.report.unchanged),
            str(len(r.report.rejected)),
            failures,
        )
    out = out_console()
    out.print(table)
    for r in report.results:
        for note in dict.fromkeys(r.notes):
            out.print(f"note {r.source}: {note}", markup=False, soft_wrap=True, style="dim")
    rejected = [(r.source, x) for r in report.results for x in r.report.rejected]
    for source, item in rejected[:MAX_REJECTIONS_SHOWN]:
        click.echo(f"rejected {source} {item.source_ref}: {item.reason}", err=True)
    if len(rejected) > MAX_REJECTIONS_SHOWN:
        click.echo(f"... and {len(rejected) - MAX_REJECTIONS_SHOWN} more rejected.", err=True)
    for source, message in report.failures:
        click.echo(f"failed {source}: {message}", err=True)
    new = sum(r.report.new for r in report.results)
    failed = [r.source for r in report.results if r.errors]
    summary = f"Stored {new} new paper(s) in {report.requests} request(s)."
    if report.nothing_fetched:
        summary = f"Nothing could be fetched: {', '.join(failed)} failed."
    elif failed:
        summary += f" Failed: {', '.join(failed)} (the rest is stored; run fetch again to retry)."
    click.echo(summary, err=bool(failed))
