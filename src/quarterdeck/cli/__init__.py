"""The ``quarterdeck`` command: parse arguments, call the pipeline, format the result.

No SQL and no parsing of papers here. ``app`` holds the group and what the
commands share; each other module holds the commands of one part of the
product, registered on the group when imported here.
"""

from __future__ import annotations

from quarterdeck.cli import fetch, judging, papers, roles, settings, web
from quarterdeck.cli.app import cli

__all__ = ["cli", "main"]

_COMMAND_MODULES = (papers, judging, settings, fetch, roles, web)
"""Imported for their side effect: each registers its commands on ``cli``."""


def main() -> None:
    """Entry point of the ``quarterdeck`` console script."""
    cli(prog_name="quarterdeck")
