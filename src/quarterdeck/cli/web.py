"""The local web app and its feedback: ``serve`` and ``feedback export``."""

from __future__ import annotations

from pathlib import Path

import click

from quarterdeck.cli.app import cli, err_console, open_store, prepare, write_atomically
from quarterdeck.config import store_path
from quarterdeck.errors import InputError
from quarterdeck.pipeline import open_engine

# -- web app and feedback --------------------------------------------------------------


@cli.command("serve")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on. The default is reachable only from this machine, on purpose: the app has "
    "no login, so anyone who can reach it reads your store and records feedback. Any other address "
    "(0.0.0.0 for all interfaces) must be asked for here, and prints a warning.",
)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--profile",
    "profile_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Profile TOML (default: profile.toml in the home directory, else the reference reader).",
)
def serve(host: str, port: int, profile_path: Path | None) -> None:
    """Serve the digest, the papers, feedback and roles as a local web app.

    Before it listens, the store is made ready as 'digest' does (an empty
    store gets the bundled snapshot; new papers are classified); the
    verdicts not yet made are then made in the background while it serves.
    Every page has a JSON twin (its URL + .json). Stop it with Ctrl-C.
    """
    import socket

    import uvicorn

    from quarterdeck.web import create_app
    from quarterdeck.web.security import LOCAL_NAMES, is_local

    allowed: tuple[str, ...] | None = LOCAL_NAMES
    if not is_local(host):
        everywhere = host in ("0.0.0.0", "::")
        allowed = None if everywhere else (*LOCAL_NAMES, host)
        click.echo(
            f"warning: listening on {host}, not only this machine: anyone who can reach port {port} "
            "reads your store and can record feedback (there is no login)"
            + ("; any Host name is answered." if everywhere else "."),
            err=True,
        )
    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as exc:
        raise InputError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    with open_store() as store:
        engine = open_engine(store, profile_path)
        prepare(engine)
    app = create_app(store_path(), profile_path=profile_path, allowed_hosts=allowed, judge=engine.judge)
    shown = f"[{host}]" if ":" in host else host
    err_console().print(f"Quarterdeck on http://{shown}:{port}/ (Ctrl-C to stop)", markup=False)
    uvicorn.run(app, host=host, port=port, log_level="warning")


@cli.group("feedback")
def feedback_group() -> None:
    """Readers' feedback from the web app ("changed my quarter" / "not for me")."""


@feedback_group.command("export")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file instead.")
def feedback_export(out: Path | None) -> None:
    """Write every paper with feedback as labeled JSONL, for 'quarterdeck train' and 'train --relevance'.

    Each line is the paper in the shared schema with 'label' (its type when
    the reader spoke) and 'verdict' (act for "changed my quarter", skip for
    "not for me"); the latest word on a paper counts.
    """
    from quarterdeck.feedback import feedback_lines

    with open_store() as store:
        lines = list(feedback_lines(store))
    if not lines:
        raise InputError("no feedback stored yet; give some with the buttons of 'quarterdeck serve'")
    if out is None:
        click.echo("".join(lines), nl=False)
    else:
        write_atomically(out, "".join(lines))
        click.echo(f"Wrote {len(lines)} labeled paper(s) to {out}.", err=True)
