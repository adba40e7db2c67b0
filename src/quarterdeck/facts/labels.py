"""Readers' fact labels (``cost_trap``, ``cost_multiplier``, ``released``) for training and measuring.

Papers announced on or after :data:`RESERVED_FROM` are reserved for
independent evaluation: a file holding one is refused, never silently used.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from quarterdeck.classify.labeled import labeled_records
from quarterdeck.errors import InputError
from quarterdeck.records import Paper

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
    rows = []
    for where, record, paper in labeled_records(path, "jsonl"):
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
