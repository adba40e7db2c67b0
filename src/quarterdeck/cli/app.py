"""The command group every command hangs on, and what the commands share.

Expected failures (``QuarterdeckError``) become one line on stderr and exit
status 1; anything else is a bug, shown as one line too unless
``QUARTERDECK_DEBUG=1`` asks for the traceback.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    TextColumn,
    TimeRemainingColumn,
)

from quarterdeck import __version__
from quarterdeck.config import debug_enabled, store_path
from quarterdeck.errors import InputError, QuarterdeckError

if TYPE_CHECKING:
    from quarterdeck.pipeline import Engine
    from quarterdeck.store import Store

MAX_REJECTIONS_SHOWN = 20

COMMAND_MODULES: dict[str, str] = {
    "ingest": "papers",
    "digest": "papers",
    "papers": "papers",
    "classify": "judging",
    "triage": "judging",
    "train": "judging",
    "eval": "judging",
    "policy": "settings",
    "profile": "settings",
    "init": "settings",
    "fetch": "fetch",
    "role": "roles",
    "roles": "roles",
    "fit": "roles",
    "serve": "web",
    "feedback": "web",
}
"""Which module of this package defines each command: it is imported only when the command runs
(or ``--help`` lists them all), so ``quarterdeck role`` never loads the paper pipeline."""


class QuarterdeckGroup(click.Group):
    """A group that loads its commands on first use and turns expected errors into one line."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(COMMAND_MODULES) | set(self.commands))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMAND_MODULES:
            # Importing the module registers its commands on this group.
            importlib.import_module(f"quarterdeck.cli.{COMMAND_MODULES[cmd_name]}")
        return self.commands.get(cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except QuarterdeckError as exc:
            raise click.ClickException(str(exc)) from exc
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except OSError as exc:
            if debug_enabled():
                raise
            raise click.ClickException(f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": ")) from exc
        except Exception as exc:
            if debug_enabled():
                raise
            raise click.ClickException(
                f"internal error: {type(exc).__name__}: {exc} (set QUARTERDECK_DEBUG=1 for the traceback)"
            ) from exc


def out_console() -> Console:
    return Console(highlight=False)


def err_console() -> Console:
    return Console(stderr=True, highlight=False)


@contextlib.contextmanager
def open_store() -> Iterator[Store]:
    from quarterdeck.store import Store

    with Store(store_path()) as store:
        yield store


@click.group(cls=QuarterdeckGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="quarterdeck")
def cli() -> None:
    """Quarterdeck reads the AI paper stream and tells you which papers change your quarter, and why.

    Data lives in one home directory: $QUARTERDECK_HOME, else your platform's user data folder.
    """


def prepare(engine: Engine) -> None:
    """Fill an empty store and classify what is pending, with a progress bar on a terminal."""
    from quarterdeck.pipeline import ensure_ready

    err = err_console()
    if engine.store.count_papers() == 0:
        err.print("The store is empty: reading the bundled arXiv snapshot (May 2026)...")
    progress = progress_bar(err, BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with progress:
        task = progress.add_task("classify", total=None)
        report = ensure_ready(engine, lambda done, total: progress.update(task, completed=done, total=total))
    if report is not None:
        err.print(f"Stored {report.new} papers from the bundled snapshot.")


def progress_bar(console: Console, *columns: ProgressColumn) -> Progress:
    """A "Classifying" progress display, shown only on a terminal and gone when done."""
    return Progress(
        TextColumn("Classifying"), *columns, console=console, transient=True, disable=not console.is_terminal
    )


def write_atomically(path: Path, text: str) -> None:
    # Write beside the target, then rename, so a failed write never leaves half a file.
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror}") from exc
