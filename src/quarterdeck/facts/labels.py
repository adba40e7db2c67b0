"""Readers' fact labels (``cost_trap``, ``cost_multiplier``, ``released``) for training and measuring.

Papers announced on or after :data:`RESERVED_FROM` are reserved for
independent evaluation: a file holding one is refused, never silently used.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from quarterdeck.errors import InputError
from quarterdeck.records import Paper
from quarterdeck.sources.jsonl import record_to_paper

RESERVED_FROM = dt.date(2026, 6, 1)


@dataclass(frozen=True, slots=True)
class FactLabels:
    """One paper with what a careful reader found in it."""

    paper: Paper
    cost_trap: bool
    cost_multiplier: str | None
    released: frozenset[str]
    source: str
    """The labeled file's name."""


def load_fact_labels(path: Path) -> list[FactLabels]:
    """Read a labeled JSONL file; a bad line or a reserved paper raises :class:`InputError` naming it."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read labeled file ({exc})") from None
    rows = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{path.name}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{where}: not valid JSON ({exc.msg})") from None
        paper = record_to_paper(record, where, "jsonl")
        if not isinstance(paper, Paper):
            raise InputError(f"{where}: {paper.reason}")
        if paper.published is not None and paper.published >= RESERVED_FROM:
            raise InputError(f"{where}: paper from the reserved months (from {RESERVED_FROM}); remove it")
        rows.append(
            FactLabels(
                paper,
                bool(record.get("cost_trap")),
                record.get("cost_multiplier"),
                frozenset(record.get("released") or ()),
                path.name,
            )
        )
    return rows
