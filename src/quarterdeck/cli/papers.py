"""Papers in, digest out: ``ingest``, ``digest`` and ``papers search|show``."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from quarterdeck.cli.app import MAX_REJECTIONS_SHOWN, cli, open_store, out_console, prepare, write_atomically
from quarterdeck.digest import (
    Window,
    paper_view,
    render_html,
    render_json,
    render_markdown,
    render_terminal,
    since_window,
    week_of,
    week_window,
)
from quarterdeck.errors import InputError
from quarterdeck.pipeline import (
    digest_for,
    ingest_bundled,
    ingest_paths,
    open_engine,
    papers_with_verdicts,
    with_verdicts,
)
from quarterdeck.profile import load_profile
from quarterdeck.records import IngestReport, StoredPaper
from quarterdeck.targets import split_targets

# -- ingest -------------------------------------------------------------------


@cli.command()
@click.argument("paths", nargs=-1, metavar="[PATH|URL|DOI]...")
@click.option("--bundled", is_flag=True, help="Also ingest the bundled arXiv snapshot (May 2026).")
def ingest(paths: tuple[str, ...], bundled: bool) -> None:
    """Store papers from files or folders (JSONL, BibTeX, PDF, text, Markdown), links or DOIs.

    An argument that is an http(s) link, arxiv:ID or a DOI (10.xxxx/..., doi.org link) is
    fetched: arXiv links become the arXiv record, DOIs resolve through OpenAlex, other pages
    are read for their title and main text. Anything else is a path.

    Ingesting the same paper twice stores it once; versions of one arXiv paper
    are one record. Each file or link is stored whole or not at all.
    """
    if not paths and not bundled:
        raise click.UsageError("give at least one PATH, or --bundled (a PATH may be a URL, arxiv:ID or DOI)")
    targets, files = split_targets(paths)
    with open_store() as store:
        report = IngestReport()
        if bundled:
            report = ingest_bundled(store)
        if files:
            report.add(ingest_paths(store, files))
        if targets:
            from quarterdeck.fetch import ingest_targets

            report.add(ingest_targets(store, targets, load_profile()))
    _print_ingest_report(report, links=len(targets))
    if report.rejected and report.stored == 0:
        sys.exit(1)


def _print_ingest_report(report: IngestReport, links: int = 0) -> None:
    where = f"{report.files} file(s)" if not links else f"{report.files - links} file(s) and {links} link(s)"
    out_console().print(
        f"Read {report.total} item(s) from {where}: "
        f"[green]{report.new} new[/], {report.updated} updated, {report.unchanged} unchanged, "
        f"[{'red' if report.rejected else 'default'}]{len(report.rejected)} rejected[/].",
        soft_wrap=True,
    )
    # Plain lines, never wrapped, so scripts can grep them.
    for rejected in report.rejected[:MAX_REJECTIONS_SHOWN]:
        click.echo(f"rejected {rejected.source_ref}: {rejected.reason}", err=True)
    hidden = len(report.rejected) - MAX_REJECTIONS_SHOWN
    if hidden > 0:
        click.echo(f"... and {hidden} more rejected.", err=True)


# -- digest ---------------------------------------------------------------------

_FORMATS = ("terminal", "markdown", "html", "json")


@cli.command()
@click.option("--week", help="ISO week, e.g. 2026-W22. Default: the most recent week in the store.")
@click.option("--since", help="Start date YYYY-MM-DD; the digest runs to the latest paper.")
@click.option("--format", "fmt", type=click.Choice(_FORMATS), default="terminal", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file instead.")
@click.option(
    "--profile",
    "profile_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Profile TOML (default: profile.toml in the home directory, else the reference reader).",
)
def digest(
    week: str | None, since: str | None, fmt: str, out: Path | None, profile_path: Path | None
) -> None:
    """Print the weekly digest: the papers that change your quarter, and why.

    On first use an empty store is filled from the bundled snapshot. Papers
    not yet classified are classified first.
    """
    if week and since:
        raise click.UsageError("give --week or --since, not both")
    # A bad week is refused before the store is filled or anything classified.
    asked = week_window(week) if week else None
    with open_store() as store:
        engine = open_engine(store, profile_path)
        prepare(engine)
        latest = store.latest_day()
        if latest is None:
            raise InputError("the store holds no papers; run 'quarterdeck ingest' first")
        window: Window
        if asked is not None:
            window = asked
        elif since:
            window = since_window(since, latest)
        else:
            window = week_of(latest)
        papers = papers_with_verdicts(engine, window.start, window.end)
        result = digest_for(engine, window, papers)
    if not papers:
        click.echo(
            f"No papers in the store for {window.label}; the latest paper is from {latest.isoformat()}.",
            err=True,
        )
    if fmt == "terminal":
        if out is None:
            out_console().print(render_terminal(result))
            return
        with tempfile.SpooledTemporaryFile(mode="w+") as buffer:
            Console(file=buffer, width=100, no_color=True, highlight=False).print(render_terminal(result))
            buffer.seek(0)
            write_atomically(out, buffer.read())
        return
    text = {"markdown": render_markdown, "html": render_html, "json": render_json}[fmt](result)
    if out is None:
        click.echo(text, nl=False)
    else:
        write_atomically(out, text)


# -- papers -------------------------------------------------------------------


@cli.group()
def papers() -> None:
    """Search and show stored papers."""


@papers.command("search")
@click.argument("query")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 500))
def papers_search(query: str, limit: int) -> None:
    """Full-text search over titles and abstracts."""
    with open_store() as store:
        engine = open_engine(store)
        found = with_verdicts(engine, store.search(query, limit))
    if not found:
        click.echo(f"No stored paper matches {query!r}.", err=True)
        sys.exit(1)
    table = Table("id", "date", "type", "verdict", "title", box=None, show_edge=False)
    for stored in found:
        view = paper_view(stored)
        table.add_row(
            view["id"], view["published"], view["type"] or "-", view["verdict"] or "-", view["title"]
        )
    out_console().print(table)


@papers.command("show")
@click.argument("paper_id")
@click.option(
    "--format", "fmt", type=click.Choice(("terminal", "json")), default="terminal", show_default=True
)
def papers_show(paper_id: str, fmt: str) -> None:
    """Show one paper by arXiv id, DOI or store id, with its type and verdict."""
    with open_store() as store:
        engine = open_engine(store)
        stored = store.get(paper_id)
        if stored is None:
            raise InputError(f"no stored paper with id {paper_id!r}")
        stored = with_verdicts(engine, [stored])[0]
    if fmt == "json":
        click.echo(json.dumps(_paper_details(stored), indent=2, ensure_ascii=False))
        return
    _print_paper(stored)


def _paper_details(stored: StoredPaper) -> dict[str, Any]:
    details = paper_view(stored)
    paper = stored.paper
    details.update(
        {
            "authors": list(paper.authors),
            "categories": list(paper.categories),
            "abstract": paper.abstract,
            "comment": paper.comment,
            "sources": list(stored.sources),
            "source_details": [
                {
                    "source": d.source,
                    "ref": d.source_ref,
                    "url": d.url,
                    "upvotes": d.upvotes,
                    "featured_on": d.featured_on.isoformat() if d.featured_on else None,
                    "first_seen": d.first_seen.isoformat(),
                    "last_seen": d.last_seen.isoformat(),
                }
                for d in stored.source_details
            ],
            "upvotes": stored.upvotes,
            "type_evidence": list(stored.classification.evidence) if stored.classification else [],
            "secondary_type": stored.classification.secondary if stored.classification else None,
        }
    )
    return details


def _print_paper(stored: StoredPaper) -> None:
    d = _paper_details(stored)
    out = out_console()
    out.print(f"[bold]{escape(d['title'])}[/]")
    out.print(f"{d['id']}  {d['link'] or ''}  published {d['published']}", markup=False)
    if d["authors"]:
        out.print(", ".join(d["authors"]), markup=False)
    kind = d["type"] or "not classified"
    if d["type"]:
        kind += f" ({d['confidence']:.0%}{', uncertain' if d['type_uncertain'] else ''})"
    out.print(f"Type: {kind}   Verdict: {d['verdict'] or '-'}", markup=False)
    if d["followed"]:
        out.print(f"You follow: {', '.join(d['followed'])}", markup=False, style="magenta")
    if d["reason"]:
        out.print(f"Reason: {d['reason']}", markup=False)
    if d["cost_trap"]:
        out.print(f"Cost trap: {d['cost_trap']}", markup=False, style="bold red")
    for line in d["evidence"]:
        out.print(f'  "{line}"', markup=False, style="italic")
    if d["next_step"]:
        out.print(f"Next: {d['next_step']}", markup=False, style="green")
    out.print()
    out.print(d["abstract"], markup=False)
    out.print("\nSources:", style="dim")
    for source in d["source_details"]:
        signals = []
        if source["upvotes"] is not None:
            signals.append(f"{source['upvotes']} upvotes")
        if source["featured_on"]:
            signals.append(f"featured {source['featured_on']}")
        extra = f" ({', '.join(signals)})" if signals else ""
        out.print(f"  {source['source']}:{source['ref']}{extra}", markup=False, style="dim", soft_wrap=True)
