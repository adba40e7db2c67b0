"""PDF files, read with pypdf: one paper per file, with its title, abstract and full text."""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from pypdf.errors import DependencyError, PyPdfError

from quarterdeck.errors import InputError
from quarterdeck.normalise import clean_text, find_arxiv_id, parse_arxiv_id
from quarterdeck.records import Paper
from quarterdeck.sources.text import ABSTRACT_MAX_CHARS, SECTION_END_RE, find_doi

# pypdf logs every quirk of a damaged file; we raise one InputError instead, so keep its
# messages off stderr unless the application configures logging.
logging.getLogger("pypdf").addHandler(logging.NullHandler())

TEXT_MAX_CHARS = 2_000_000
"""Stop extracting past this much text: books and theses are not papers."""

TITLE_SIZE_RATIO = 1.25
"""A title is set at least this much larger than the most common (body) font size."""

FULL_LINE_CHARS = 60
"""Lines at least this long are running text, not author or affiliation lines."""

# pypdf raises a variety of plain exceptions on damaged files, not only its own.
_PDF_ERRORS = (PyPdfError, ValueError, KeyError, IndexError, TypeError, AssertionError, RecursionError)
# The stamp arXiv prints in the left margin: "arXiv:2501.10120v1  [cs.IR]  17 Jan 2025".
_STAMP_RE = re.compile(r"arXiv:\s*(\S+)\s+\[[\w.\-]+\]")
_ABSTRACT_HEAD_RE = re.compile(r"^\s*(?i:abstract)\s*(?:[.:\u2014\u2013-]\s*|$)", re.MULTILINE)
_NOISE_LINE_RE = re.compile(r"^\s*(?:[∗*†‡§¶]|\d{1,3}\s*$)")  # footnote marks, page numbers
_HYPHEN_BREAK_RE = re.compile(r"(?<=[a-z])-\n(?=[a-z])")  # "pa-\npers": a word split at a line end
_COMPOUND_BREAK_RE = re.compile(r"(?<=\w)-\n(?=[A-Z0-9])")  # "PaSa-\nGPT-4o": keep the hyphen
_FILENAME_TITLE_RE = re.compile(
    r"^(?:microsoft \w+\s*-|untitled\b)|\.(?:pdf|docx?|odt|rtf|tex|dvi|ps|txt)$", re.IGNORECASE
)


@dataclass
class _Fragment:
    size: float
    text: str


@dataclass
class _Extracted:
    pages: list[str] = field(default_factory=list)
    page_one_fragments: list[_Fragment] = field(default_factory=list)


def read_pdf(path: Path) -> Iterator[Paper]:
    """Read a PDF paper; raise :class:`InputError` when it is not a readable, text-bearing PDF."""
    _check_header(path)
    reader = _open(path)
    extracted = _extract(reader, path)
    full_text = "\n\n".join(extracted.pages).strip()
    if not full_text:
        raise InputError(f"{path}: no extractable text (scanned PDF?)")
    head = "\n".join(extracted.pages[:2])
    title = _metadata_title(reader) or _title_from_fonts(extracted.page_one_fragments)
    title = title or _first_line(extracted.pages[0]) or path.stem
    arxiv = _arxiv_id(extracted.pages[0])
    yield Paper(
        title=title,
        abstract=_abstract(head, title),
        arxiv_id=arxiv[0] if arxiv else None,
        version=arxiv[1] if arxiv else None,
        doi=find_doi(_before_body(extracted.pages[0])),
        full_text=full_text,
        source="pdf",
        source_ref=str(path),
    )


def _check_header(path: Path) -> None:
    try:
        with path.open("rb") as handle:
            head = handle.read(1024)
    except OSError as exc:
        raise InputError(f"{path}: cannot read file ({exc.strerror or exc})") from None
    # Readers accept the marker anywhere in the first KiB; some tools prepend junk.
    if b"%PDF-" not in head:
        raise InputError(f"{path}: not a PDF file")


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text or type(exc).__name__


def _open(path: Path) -> PdfReader:
    """Open the PDF, decrypting it when it only has an empty user password."""
    try:
        reader = PdfReader(path)
        if reader.is_encrypted and not _decrypt_with_empty_password(reader):
            raise InputError(f"{path}: encrypted PDF; decrypt it first")
    except _PDF_ERRORS as exc:
        raise InputError(f"{path}: damaged PDF ({_one_line(exc)})") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read file ({exc.strerror or exc})") from None
    return reader


def _decrypt_with_empty_password(reader: PdfReader) -> bool:
    try:
        return bool(reader.decrypt(""))
    except (DependencyError, *_PDF_ERRORS):
        # AES needs the optional 'cryptography' package; without it the file stays locked.
        return False


def _extract(reader: PdfReader, path: Path) -> _Extracted:
    """Text of every page (up to TEXT_MAX_CHARS), plus page one's text runs with their font sizes."""
    extracted = _Extracted()

    def visit(text: str, cm: list[float], tm: list[float], _font: Any, font_size: float) -> None:
        # Rotated runs are margin stamps, not the title.
        if text.strip() and abs(tm[1]) < 1e-6 and abs(cm[1]) < 1e-6:
            scale = math.hypot(tm[2], tm[3]) * math.hypot(cm[2], cm[3])
            extracted.page_one_fragments.append(_Fragment(round(font_size * scale, 1), text))

    total = 0
    try:
        for number, page in enumerate(reader.pages):
            text = page.extract_text(visitor_text=visit if number == 0 else None)
            extracted.pages.append(text[: TEXT_MAX_CHARS - total])
            total += len(text)
            if total >= TEXT_MAX_CHARS:
                break
    except (DependencyError, *_PDF_ERRORS) as exc:
        raise InputError(f"{path}: damaged PDF ({_one_line(exc)})") from None
    return extracted


def _metadata_title(reader: PdfReader) -> str:
    """The document-information title, unless it is empty or a leftover file name."""
    try:
        title = clean_text(reader.metadata.title if reader.metadata else None)
    except _PDF_ERRORS:
        return ""
    if len(title) < 4 or " " not in title or _FILENAME_TITLE_RE.search(title):
        return ""
    return title


def _title_from_fonts(fragments: list[_Fragment]) -> str:
    """The first run of page one set clearly larger than the body text.

    The first such run, not the largest: figures on page one often carry bigger labels.
    """
    chars_by_size: Counter[float] = Counter()
    for fragment in fragments:
        chars_by_size[fragment.size] += len(fragment.text)
    if not chars_by_size:
        return ""
    threshold = chars_by_size.most_common(1)[0][0] * TITLE_SIZE_RATIO
    for run in _runs(f for f in fragments if not find_arxiv_id(f.text)):
        title = clean_text(" ".join(f.text for f in run))
        if run[0].size >= threshold and sum(ch.isalpha() for ch in title) >= 4 and len(title) <= 400:
            return title
    return ""


def _runs(fragments: Iterable[_Fragment]) -> Iterator[list[_Fragment]]:
    """Consecutive fragments of the same font size."""
    run: list[_Fragment] = []
    for fragment in fragments:
        if run and abs(fragment.size - run[0].size) >= 0.5:
            yield run
            run = []
        run.append(fragment)
    if run:
        yield run


def _first_line(text: str) -> str:
    for line in text.splitlines():
        if sum(ch.isalpha() for ch in line) >= 4 and not find_arxiv_id(line):
            return clean_text(line)
    return ""


def _arxiv_id(page_one: str) -> tuple[str, int | None] | None:
    """The margin stamp's id, else an arXiv id printed before the paper's body."""
    stamp = _STAMP_RE.search(page_one)
    if stamp and (found := parse_arxiv_id(stamp.group(1))):
        return found
    # Ids printed in the body or references are cited papers, not this one.
    return find_arxiv_id(_before_body(page_one))


def _before_body(text: str) -> str:
    lines = text.splitlines()
    end = next((i for i, line in enumerate(lines) if SECTION_END_RE.match(line)), len(lines))
    return "\n".join(lines[:end])


def _abstract(head: str, title: str) -> str:
    """Text under an "Abstract" heading up to the introduction, else what follows the title."""
    match = _ABSTRACT_HEAD_RE.search(head)
    if match:
        start = match.end()
    else:
        # No heading: skip past the title, whose words may be spread over several lines.
        last_word = title.split()[-1] if title.split() else ""
        at = head.find(last_word) if last_word else -1
        start = head.find("\n", at) + 1 if at >= 0 else 0
    lines = _before_body(head[start:]).splitlines()
    if not match:
        # Author and affiliation lines are short; the first paragraph starts at the first full line.
        lines = lines[next((i for i, line in enumerate(lines) if len(line) >= FULL_LINE_CHARS), 0) :]
    kept = "\n".join(line for line in lines if not _NOISE_LINE_RE.match(line))
    joined = _COMPOUND_BREAK_RE.sub("-", _HYPHEN_BREAK_RE.sub("", kept))
    return clean_text(joined)[:ABSTRACT_MAX_CHARS]
