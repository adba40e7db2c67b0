"""Job descriptions: ``role``, ``roles`` and ``fit``."""

from __future__ import annotations

import json
import re
from pathlib import Path

import click
from rich.markup import escape
from rich.table import Table

from quarterdeck.cli.app import cli, open_store, out_console, write_atomically
from quarterdeck.errors import InputError
from quarterdeck.roles.records import RoleReport

# -- roles and fit ------------------------------------------------------------

_ROLE_FORMATS = ("terminal", "markdown", "json")


def _analyse_role(source: str) -> RoleReport:
    # Loaded on first use: role analysis pulls in its lexicon and language model.
    from quarterdeck.roles import analyse_source

    return analyse_source(source)


@cli.command("role")
@click.argument("source", metavar="PATH|URL|-")
@click.option("--format", "fmt", type=click.Choice(_ROLE_FORMATS), default="terminal", show_default=True)
@click.option(
    "--for-hiring",
    is_flag=True,
    help="Write for the person writing the posting: a suggested title and the contradictions.",
)
@click.option("--no-save", is_flag=True, help="Do not keep the analysis in the store.")
def role_command(source: str, fmt: str, for_hiring: bool, no_save: bool) -> None:
    """Tell research work from engineering work in a job description.

    Reads plain text, Markdown, HTML, PDF, a URL, or '-' for stdin. Each duty
    line gets a kind (R_* research-shaped, E_* engineering-shaped, or none)
    with the words that decided it; requirements and boilerplate are kept
    apart and not scored. Prints the research and engineering shares, the
    role class, whether the title fits, and the questions to ask. The
    analysis is stored (once per distinct posting) unless --no-save.
    """
    from quarterdeck.roles.render import render_json, render_markdown, render_terminal

    report = _analyse_role(source)
    if not no_save:
        with open_store() as store:
            role_id, _ = store.save_role(report)
        click.echo(f"Stored as role {role_id}.", err=True)
    if fmt == "json":
        click.echo(render_json(report), nl=False)
    elif fmt == "markdown":
        click.echo(render_markdown(report, for_hiring), nl=False)
    else:
        out_console().print(render_terminal(report, for_hiring))


@cli.command("roles")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 10_000))
def roles_command(limit: int) -> None:
    """List the analysed roles in the store, most recent first."""
    with open_store() as store:
        stored = store.list_roles(limit)
    if not stored:
        click.echo("No roles stored yet; analyse one with 'quarterdeck role PATH|URL'.", err=True)
        return
    table = Table("id", "analysed", "class", "title fits", "title", box=None, show_edge=False)
    for item in stored:
        fits = "yes" if item.report.title_matches else "no"
        table.add_row(str(item.id), item.analysed_at[:10], item.role_class, fits, escape(item.title))
    out_console().print(table)


@cli.command("fit")
@click.argument("role_ref", metavar="ROLE", required=False)
@click.option(
    "--me",
    "me_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Your answers (default: me.toml in the home directory).",
)
@click.option("--interview", is_flag=True, help="Ask the questionnaire and save your answers.")
@click.option("--format", "fmt", type=click.Choice(_ROLE_FORMATS), default="terminal", show_default=True)
def fit_command(role_ref: str | None, me_path: Path | None, interview: bool, fmt: str) -> None:
    """Show where you and a role agree and disagree.

    ROLE is a posting (PATH, URL or '-') or the id of a stored role (see
    'quarterdeck roles'). 'fit --interview' asks, for each of the ten
    duties, whether you want it, find it fine or would avoid it, and which
    uncertainty you can sleep through; it saves the answers to me.toml.
    """
    from quarterdeck.roles.fit import fit, load_person, user_me_path
    from quarterdeck.roles.render import render_fit_markdown, render_fit_terminal

    if interview:
        path = me_path or user_me_path()
        _interview(path)
        if role_ref is None:
            return
    elif role_ref is None:
        raise click.UsageError("give a ROLE (a posting or a stored role id), or --interview")
    assert role_ref is not None
    person = load_person(me_path)
    report = _role_for_fit(role_ref)
    result = fit(person, report)
    if fmt == "json":
        click.echo(json.dumps(result.as_dict(), indent=2, ensure_ascii=False))
    elif fmt == "markdown":
        click.echo(render_fit_markdown(result), nl=False)
    else:
        out_console().print(render_fit_terminal(result))


def _role_for_fit(ref: str) -> RoleReport:
    """A stored role by id or hash, else the posting at ref (analysed and stored)."""
    if ref != "-" and not Path(ref).exists() and not re.match(r"https?://", ref, re.IGNORECASE):
        with open_store() as store:
            stored = store.get_role(ref)
        if stored is None:
            raise InputError(f"{ref}: no such file, URL or stored role id (see 'quarterdeck roles')")
        return stored.report
    report = _analyse_role(ref)
    with open_store() as store:
        store.save_role(report)
    return report


def _interview(path: Path) -> None:
    from quarterdeck.roles.fit import CLOSING_QUESTION, answers_from, person_toml
    from quarterdeck.roles.records import DUTIES, DUTY_NAMES, PREFERENCES, UNCERTAINTIES

    out = out_console()
    out.print("For each duty: do you [bold]want[/] it, is it [bold]fine[/], or would you [bold]avoid[/] it?")
    answers: dict[str, str] = {}
    for duty in DUTIES:
        answers[duty] = click.prompt(
            f"{duty}: {DUTY_NAMES[duty]}", type=click.Choice(PREFERENCES), default="fine", show_choices=True
        )
    out.print(f"\n{CLOSING_QUESTION}?", markup=False, soft_wrap=True)
    for key, meaning in UNCERTAINTIES.items():
        out.print(f"  {key}: {meaning}", markup=False)
    answers["uncertainty"] = click.prompt("Your answer", type=click.Choice(tuple(UNCERTAINTIES)))
    write_atomically(path, person_toml(answers_from(answers)))
    out.print(f"Saved your answers to {path}; 'quarterdeck fit ROLE' uses them.", markup=False)
