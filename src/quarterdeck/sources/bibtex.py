"""BibTeX files, read with bibtexparser v2: one paper per entry."""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterator
from pathlib import Path

from bibtexparser.entrypoint import parse_string
from bibtexparser.exceptions import BlockAbortedException
from bibtexparser.middlewares import (
    LatexDecodingMiddleware,
    MergeCoAuthors,
    MergeNameParts,
    MonthIntMiddleware,
    NormalizeFieldKeys,
    SeparateCoAuthors,
    SplitNameParts,
)
from bibtexparser.middlewares.middleware import Middleware
from bibtexparser.model import DuplicateBlockKeyBlock, DuplicateFieldKeyBlock, Entry, ParsingFailedBlock

from quarterdeck.normalise import clean_text, normalise_doi, parse_arxiv_id
from quarterdeck.records import Paper, Rejected
from quarterdeck.sources.text import read_utf8_file

# bibtexparser logs every syntax error itself; we report them as Rejected items instead,
# so keep its messages off stderr unless the application configures logging.
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())

_KEY_IN_RAW_RE = re.compile(r"@\s*\w+\s*[{(]\s*([^,\s{}()]+)")
_AND_RE = re.compile(r"\s+and\s+")
_YEAR_RE = re.compile(r"\b(?:1[89]|2\d)\d\d\b")
# Fields where an arXiv reference shows up when there is no eprint field.
_ARXIV_FIELDS = ("url", "journal", "note", "howpublished", "booktitle")


def read_bibtex(path: Path) -> Iterator[Paper | Rejected]:
    """Read every entry of a ``.bib`` file; broken entries come back as :class:`Rejected`."""
    text = read_utf8_file(path)
    library = parse_string(text, append_middleware=_middlewares())
    # Walk blocks rather than entries and failures separately, to keep the file's order.
    for block in library.blocks:
        if isinstance(block, ParsingFailedBlock):
            yield _rejected(block, path)
        elif isinstance(block, Entry):
            yield _entry_to_paper(block, path)


def _middlewares() -> list[Middleware]:
    # Names are split while braces still protect "{Family, Jr}", then merged "Given Family"
    # and joined with " and " so that LaTeX decoding (which only sees strings) reaches them.
    return [
        NormalizeFieldKeys(),
        MonthIntMiddleware(),
        SeparateCoAuthors(),
        SplitNameParts(),
        MergeNameParts(style="first"),
        MergeCoAuthors(),
        LatexDecodingMiddleware(),
    ]


def _line(block: ParsingFailedBlock) -> str:
    # bibtexparser counts lines from 0.
    return str(block.start_line + 1) if block.start_line is not None else "?"


def _rejected(block: ParsingFailedBlock, path: Path) -> Rejected:
    """Say where a broken block is and why it failed, in one line."""
    ref = f"{path}:{_line(block)}"
    if isinstance(block, DuplicateBlockKeyBlock):
        return Rejected(ref, f"duplicate entry key '{block.key}' (the first entry with it is kept)")
    key_match = _KEY_IN_RAW_RE.match(block.raw or "")
    entry = f"entry {key_match.group(1)}" if key_match else "entry"
    if isinstance(block, DuplicateFieldKeyBlock):
        return Rejected(ref, f"{entry} repeats field(s) {', '.join(sorted(block.duplicate_keys))}")
    error = block.error
    reason = error.abort_reason if isinstance(error, BlockAbortedException) else str(error)
    first_line = next((line.strip() for line in reason.splitlines() if line.strip()), type(error).__name__)
    return Rejected(ref, f"{entry} is not valid BibTeX: {first_line}")


def _field(entry: Entry, key: str) -> str:
    value = entry.fields_dict.get(key)
    return clean_text(str(value.value)) if value is not None and value.value is not None else ""


def _entry_to_paper(entry: Entry, path: Path) -> Paper | Rejected:
    ref = f"{path}:{entry.key}"
    title = _field(entry, "title")
    if not title:
        return Rejected(ref, f"entry {entry.key} has no title")
    arxiv = _arxiv_id(entry)
    primary = _field(entry, "primaryclass")
    return Paper(
        title=title,
        abstract=_field(entry, "abstract"),
        authors=tuple(name for name in _AND_RE.split(_field(entry, "author")) if name),
        arxiv_id=arxiv[0] if arxiv else None,
        version=arxiv[1] if arxiv else None,
        doi=normalise_doi(_field(entry, "doi")),
        published=_published(entry),
        categories=(primary,) if primary and arxiv else (),
        comment=_field(entry, "note"),
        url=_field(entry, "url") or None,
        source="bibtex",
        source_ref=ref,
    )


def _arxiv_id(entry: Entry) -> tuple[str, int | None] | None:
    """From ``eprint`` (unless archivePrefix names another archive), else an arXiv reference."""
    prefix = _field(entry, "archiveprefix").lower()
    if prefix in ("", "arxiv") and (found := parse_arxiv_id(_field(entry, "eprint"))):
        return found
    for key in _ARXIV_FIELDS:
        value = _field(entry, key)
        if "arxiv" in value.lower() and (found := parse_arxiv_id(value)):
            return found
    return None


def _published(entry: Entry) -> dt.date | None:
    """The first day of the entry's month (January when only the year is given)."""
    year = _YEAR_RE.search(_field(entry, "year"))
    if year is None:
        return None
    month_field = entry.fields_dict.get("month")
    month = month_field.value if month_field is not None else 1
    if isinstance(month, str) and month.strip().isdigit():
        month = int(month)
    return dt.date(int(year.group()), month if isinstance(month, int) and 1 <= month <= 12 else 1, 1)
