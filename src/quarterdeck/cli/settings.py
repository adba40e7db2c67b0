"""The reader and the table: ``policy``, ``profile check|show`` and ``init``."""

from __future__ import annotations

import json
import re
from pathlib import Path

import click
from rich.markup import escape
from rich.table import Table

from quarterdeck.cli.app import cli, out_console, write_atomically
from quarterdeck.errors import InputError
from quarterdeck.policy import load_policy, policy_view, presets
from quarterdeck.profile import (
    DEFAULT_LABEL,
    MAX_PAPERS,
    MIN_PAPERS,
    Answers,
    load_profile,
    profile_template,
    reference_answers,
    user_profile_path,
)

# -- policy, profile, init ------------------------------------------------------


@cli.command("policy")
@click.option(
    "--preset",
    type=click.Choice(presets()),
    help="Apply a bundled preset (wins over a preset line in the file).",
)
@click.option(
    "--policy",
    "policy_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Override file (default: policy.toml in the home directory, if any).",
)
@click.option("--format", "fmt", type=click.Choice(("table", "json")), default="table", show_default=True)
def policy_command(preset: str | None, policy_path: Path | None, fmt: str) -> None:
    """Print the effective policy: the bundled table with a preset and your overrides on top.

    Overridden rows are marked with *. Write overrides in policy.toml in the
    home directory: preset = "NAME" and [types.<type>] tables setting answer,
    condition or output.
    """
    effective = load_policy(policy_path, preset)
    if fmt == "json":
        click.echo(json.dumps(policy_view(effective), indent=2, ensure_ascii=False))
        return
    out = out_console()
    out.print(
        f"[bold]Policy {escape(effective.version)}[/]: " + escape(" + ".join(effective.sources)),
        soft_wrap=True,
    )
    table = Table(box=None)
    table.add_column("")
    # Type ids and answers are what people grep and copy into policy.toml: never cut them.
    table.add_column("type", no_wrap=True)
    table.add_column("what the paper leads with")
    table.add_column("answer", no_wrap=True)
    table.add_column("condition")
    table.add_column("origin")
    for label, row in effective.rows.items():
        mark = "*" if label in effective.overrides else ""
        table.add_row(mark, label, escape(row.output), row.answer, escape(row.condition), row.origin)
    out.print(table)
    for label, marks in effective.overrides.items():
        by = "; ".join(f"{m.source} ({', '.join(m.fields)})" for m in marks)
        out.print(f"* {label} overridden by {by}", markup=False, soft_wrap=True)


_PROFILE_FILE = click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))


@cli.group()
def profile() -> None:
    """Check and show the reader profile the verdicts are made for."""


@profile.command("check")
@_PROFILE_FILE
def profile_check(file: Path | None) -> None:
    """Validate a profile (default: profile.toml in the home directory) and summarise it."""
    if file is None and not user_profile_path().is_file():
        click.echo(
            f"No profile at {user_profile_path()}: using the {DEFAULT_LABEL} "
            "('quarterdeck init' writes your own).",
            err=True,
        )
    reader = load_profile(file)
    where = reader.source or "bundled reference reader"
    out_console().print(
        f"OK {where}: {reader.name}; at most {reader.max_papers_per_week} papers a week; "
        f"{reader.gpus} x {reader.gpu_type or 'GPU'}, serves up to {reader.max_serve_params_b:g}B; "
        f"{len(reader.focus_terms)} focus, {len(reader.stack_terms)} stack, "
        f"{len(reader.exclude_terms)} exclude patterns.",
        markup=False,
        soft_wrap=True,
    )


@profile.command("show")
@_PROFILE_FILE
def profile_show(file: Path | None) -> None:
    """Print the effective profile (default: yours, else the reference reader)."""
    reader = load_profile(file)
    table = Table("key", "value", box=None, show_header=False)
    table.add_row("profile", escape(reader.label))
    table.add_row("name", escape(reader.name))
    table.add_row("max_papers_per_week", str(reader.max_papers_per_week))
    table.add_row("gpus", f"{reader.gpus} x {escape(reader.gpu_type)}")
    table.add_row("max_serve_params_b", f"{reader.max_serve_params_b:g}")
    for key, terms in (
        ("focus", reader.focus_terms),
        ("stack", reader.stack_terms),
        ("exclude", reader.exclude_terms),
    ):
        table.add_row(key, escape(", ".join(terms)) or "-")
    out_console().print(table)


def _focus_words(value: str) -> tuple[str, ...]:
    # Empty keeps the reference reader's focus; every word must compile, as the profile requires.
    words = tuple(w.strip() for w in value.split(",") if w.strip())
    for word in words:
        try:
            re.compile(word)
        except re.error as exc:
            raise click.BadParameter(f"{word!r} is not a valid pattern ({exc}); escape it with \\") from exc
    return words


@cli.command()
@click.option("--yes", "-y", is_flag=True, help="Take every default without asking.")
@click.option("--force", is_flag=True, help="Replace an existing profile.toml.")
def init(yes: bool, force: bool) -> None:
    """Write a commented profile.toml into the home directory, asking the few questions that matter."""
    path = user_profile_path()
    if path.exists() and not force:
        raise InputError(f"{path} already exists; edit it, or run 'quarterdeck init --force' to replace it")
    ref = reference_answers()
    answers = ref
    if not yes:
        gpus = click.prompt("GPUs you have", default=ref.gpus, type=click.IntRange(0))
        max_serve = click.prompt(
            "Largest model you can serve (B params)", default=ref.max_serve_params_b, type=click.FloatRange(0)
        )
        focus = click.prompt(
            "Focus areas, comma-separated (Enter keeps the reference reader's: RAG, agents, evals, cost)",
            default="",
            show_default=False,
            value_proc=_focus_words,
        )
        papers_a_week = click.prompt(
            "Max papers per week",
            default=ref.max_papers_per_week,
            type=click.IntRange(MIN_PAPERS, MAX_PAPERS),
        )
        goals = click.prompt(
            "This quarter's goals in plain words, separated by ';' (Enter keeps the reference reader's)",
            default="",
            show_default=False,
        )
        follow = click.prompt(
            "Authors or labs to follow, comma-separated (Enter for none)", default="", show_default=False
        )
        answers = Answers(
            gpus,
            max_serve,
            focus or ref.focus,
            papers_a_week,
            tuple(g.strip() for g in goals.split(";") if g.strip()) or ref.goals,
            tuple(f.strip() for f in follow.split(",") if f.strip()),
        )
    write_atomically(path, profile_template(answers))
    out_console().print(
        f"Wrote {path}; check it with 'quarterdeck profile check'.", markup=False, soft_wrap=True
    )
