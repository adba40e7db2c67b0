"""The ``quarterdeck`` command: parse arguments, call the pipeline, format the result.

No SQL and no parsing of papers here. ``app`` holds the group and what the
commands share; each other module holds the commands of one part of the
product (``app.COMMAND_MODULES`` says which), loaded when a command needs it.
"""

from __future__ import annotations

from quarterdeck.cli.app import cli

__all__ = ["cli", "main"]


def main() -> None:
    """Entry point of the ``quarterdeck`` console script."""
    cli(prog_name="quarterdeck")
