"""Plain text and Markdown files: one paper per file, laid out the way papers are."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from quarterdeck.errors import InputError
from quarterdeck.normalise import clean_text, find_arxiv_id, normalise_doi
from quarterdeck.records import Paper

ABSTRACT_MAX_CHARS = 3000

# A line that starts the body of a paper, and so ends its abstract. Case matters and
# "Introduction" must stand alone, so that a wrapped sentence starting with the word does not match.
SECTION_END_RE = re.compile(
    r"^\s*(?:#{1,6}\s*)?(?:(?:1|I)\.?\s+)?(?:(?:Introduction|INTRODUCTION)\s*$"
    r"|(?:Keywords?|KEYWORDS?|Key\s+[Ww]ords|Index\s+Terms|INDEX\s+TERMS|CCS\s+(?:Concepts|CONCEPTS))\b)"
)
_HEADING_RE = re.compile(r"^\s{0,3}(#{1,6})\s+(?P<text>.*?)[\s#]*$")
_ABSTRACT_RE = re.compile(
    r"^\s*(?:#{1,6}\s*)?(?:\*\*|__)?abstract(?:\*\*|__)?\s*(?:[:.\u2014\u2013-]\s*)?(?P<rest>.*)$",
    re.IGNORECASE,
)
_SETEXT_RULE_RE = re.compile(r"^\s*(?:=+|-+)\s*$")
_DOI_LABEL_RE = re.compile(r"\bdoi\b|doi\.org/", re.IGNORECASE)
_TITLE_PREFIX_RE = re.compile(r"^(?:title\s*:\s*)", re.IGNORECASE)


def decode_utf8(data: bytes, where: str) -> str:
    """Decode UTF-8, dropping a byte-order mark; fail in one line naming the first bad byte."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{where}: not UTF-8 text (invalid byte 0x{data[exc.start]:02x} at offset {exc.start})"
        ) from None
    return text.removeprefix("\ufeff")


def read_utf8_file(path: Path) -> str:
    """A whole file's UTF-8 text; one-line errors for unreadable, non-UTF-8 or empty files."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read file ({exc.strerror or exc})") from None
    text = decode_utf8(data, str(path))
    if not text.strip():
        raise InputError(f"{path}: empty file")
    return text


def read_text(path: Path) -> Iterator[Paper]:
    """Read a ``.txt``/``.md`` file as one paper: title, abstract, full text and printed ids."""
    text = read_utf8_file(path)
    lines = text.splitlines()
    title_at = _title_line(lines)
    title = clean_text(_strip_markup(lines[title_at]))
    abstract = _abstract(lines, title_at)
    header = "\n".join(lines[: _body_start(lines, title_at)])
    arxiv = find_arxiv_id(header)
    yield Paper(
        title=title,
        abstract=abstract,
        arxiv_id=arxiv[0] if arxiv else None,
        version=arxiv[1] if arxiv else None,
        doi=find_doi(header),
        full_text=text.strip(),
        source="text",
        source_ref=str(path),
    )


def _strip_markup(line: str) -> str:
    heading = _HEADING_RE.match(line)
    text = heading.group("text") if heading else line
    return _TITLE_PREFIX_RE.sub("", text.strip().strip("*_").strip())


def _title_line(lines: list[str]) -> int:
    """Index of the first level-one Markdown heading, else of the first non-empty line."""
    for index, line in enumerate(lines):
        heading = _HEADING_RE.match(line)
        if heading and len(heading.group(1)) == 1 and heading.group("text"):
            return index
    return next(index for index, line in enumerate(lines) if line.strip())


def _is_heading(line: str) -> bool:
    return bool(_HEADING_RE.match(line)) or bool(SECTION_END_RE.match(line))


def _body_start(lines: list[str], title_at: int) -> int:
    """Index of the first line of the body (Introduction or later heading), or the end."""
    for index in range(title_at + 1, len(lines)):
        if SECTION_END_RE.match(lines[index]):
            return index
    return len(lines)


def _paragraphs(lines: list[str]) -> list[str]:
    """Blank-line separated paragraphs, with Markdown rules and headings left out."""
    paragraphs: list[str] = []
    current: list[str] = []
    for line in [*lines, ""]:
        if line.strip() and not _SETEXT_RULE_RE.match(line):
            current.append(line)
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    return paragraphs


def _abstract(lines: list[str], title_at: int) -> str:
    """The paragraphs under an "Abstract" heading, else the first paragraph after the title."""
    for index in range(title_at + 1, len(lines)):
        match = _ABSTRACT_RE.match(lines[index])
        if match is None:
            continue
        end = next((i for i in range(index + 1, len(lines)) if _is_heading(lines[i])), None)
        under = [match.group("rest"), *lines[index + 1 : end]]
        paragraphs = _paragraphs(under)
        # Without a following heading the "abstract" would run to the end of the file.
        chosen = paragraphs if end is not None else paragraphs[:1]
        return clean_text(" ".join(chosen))[:ABSTRACT_MAX_CHARS]
    after_title = lines[title_at + 1 :]
    first_blank = next((i for i, line in enumerate(after_title) if not line.strip()), len(after_title))
    # Lines glued to the title (authors, a setext rule) belong to the title block, not the abstract.
    candidates = _paragraphs(after_title[first_blank:]) or _paragraphs(after_title)
    body = [p for p in candidates if not _is_heading(p)]
    return clean_text(body[0])[:ABSTRACT_MAX_CHARS] if body else ""


def find_doi(text: str) -> str | None:
    """The DOI on the first line that says "DOI" or doi.org; prose like "10.5/s" is not a DOI."""
    for line in text.splitlines():
        if _DOI_LABEL_RE.search(line) and (doi := normalise_doi(line)):
            return doi
    return None
