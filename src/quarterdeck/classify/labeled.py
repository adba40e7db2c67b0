"""Labeled papers: the JSONL files a team trains and evaluates on.

Same schema as the shared corpus, plus ``label`` (one of the 13 type ids) and
optionally ``secondary``, ``verdict`` and ``sample``. A bad line is an error
naming the file and line: training on a silently skipped label is worse than
not training.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from quarterdeck.errors import InputError
from quarterdeck.records import LABELS, VERDICTS, Paper
from quarterdeck.sources.jsonl import record_to_paper


@dataclass(frozen=True, slots=True)
class LabeledPaper:
    """A paper with the type a careful reader gave it."""

    paper: Paper
    label: str
    secondary: str | None = None
    verdict: str | None = None
    sample: str = ""


def load_labeled(path: Path) -> list[LabeledPaper]:
    """Read a labeled JSONL file; any bad line raises :class:`InputError` naming ``file:line``."""
    examples = [_parse(record, paper, where) for where, record, paper in labeled_records(path, "labeled")]
    if not examples:
        raise InputError(f"{path}: no labeled papers in file")
    return examples


def labeled_records(path: Path, source: str) -> Iterator[tuple[str, dict[str, Any], Paper]]:
    """Each non-blank line of a labeled JSONL file as (``file:line``, the record, its paper).

    The file's fields beyond the paper are the caller's to read; a line that is not
    a JSON object or not a paper raises :class:`InputError` naming ``file:line``.
    """
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise InputError(f"no such file: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read labeled file ({exc})") from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{where}: not valid JSON ({exc.msg})") from None
        if not isinstance(record, dict):
            raise InputError(f"{where}: expected a JSON object")
        paper = record_to_paper(record, where, source=source)
        if not isinstance(paper, Paper):
            raise InputError(f"{where}: {paper.reason}")
        yield where, record, paper


def _parse(record: dict[str, Any], paper: Paper, where: str) -> LabeledPaper:
    label = record.get("label")
    if label not in LABELS:
        raise InputError(f"{where}: unknown label {label!r}; valid ids: {', '.join(LABELS)}")
    secondary = record.get("secondary")
    if secondary is not None and secondary not in LABELS:
        raise InputError(f"{where}: unknown secondary label {secondary!r}; valid ids: {', '.join(LABELS)}")
    verdict = record.get("verdict")
    if verdict is not None and verdict not in VERDICTS:
        raise InputError(f"{where}: unknown verdict {verdict!r}; valid: {', '.join(VERDICTS)}")
    return LabeledPaper(paper, label, secondary, verdict, str(record.get("sample", "")))
