"""Read a job description from a file, a URL or stdin, and split it into lines.

Plain text and Markdown are read as they are; HTML (a file or a page) goes
through trafilatura, which keeps the main text and drops navigation; PDF
through pypdf (the paper reader's extraction). Everything ends as text split
by :func:`split_lines`, the exact rule the labeled lines were made with.
"""

from __future__ import annotations

import hashlib
import re
import sys
import tempfile
from pathlib import Path
from typing import BinaryIO

from quarterdeck.errors import InputError
from quarterdeck.normalise import clean_text
from quarterdeck.roles.records import Posting
from quarterdeck.roles.sections import assign_sections
from quarterdeck.sources.text import decode_utf8

MAX_BYTES = 3_000_000
"""Postings are a few kilobytes of text; a page past 3 MB is not one posting (or is mostly script)."""

TIMEOUT_SECONDS = 20.0

_BULLET = re.compile(r"^\s*(?:[-*•·–—▪◦●]+|\(?\d{1,2}[.)])\s*")
_ONLY_BULLETS = re.compile(r"[-*•·–—▪◦●\s]*")
_HTML_START = re.compile(r"^\s*(?:<!doctype\s+html|<html\b|<head\b|<body\b)", re.IGNORECASE)
_URL = re.compile(r"^https?://", re.IGNORECASE)
_MARKDOWN_MARKUP = re.compile(r"^#{1,6}\s*|\*\*|__")


def split_lines(description: str) -> list[str]:
    """The posting's non-empty lines with bullets and numbering stripped.

    Identical to the rule that made the labeled lines (labels/PROVENANCE.md),
    so that labels map onto these lines one for one.
    """
    out = []
    for raw in description.splitlines():
        text = _BULLET.sub("", raw).strip()
        if text and not _ONLY_BULLETS.fullmatch(text):
            out.append(text)
    return out


def posting_from_text(text: str, source: str, title: str = "") -> Posting:
    """Split text into a posting; the title is given, else its first line."""
    lines = split_lines(text)
    if not lines:
        raise InputError(f"{source}: empty text, no job description to read")
    title = clean_text(title) or clean_text(_MARKDOWN_MARKUP.sub("", lines[0]))
    digest = hashlib.sha256("\n".join([title, *lines]).encode("utf-8")).hexdigest()[:32]
    return Posting(title=title, lines=assign_sections(lines, title), source=source, content_hash=digest)


def read_posting(source: str, stdin: BinaryIO | None = None) -> Posting:
    """Read a posting from a path, an http(s) URL, or '-' (stdin); one-line InputError on bad input."""
    if source == "-":
        data = (stdin or sys.stdin.buffer).read(MAX_BYTES + 1)
        return _from_bytes(data, "stdin", is_html=None)
    if _URL.match(source):
        return _from_text(_download(source), source, is_html=None)
    path = Path(source)
    if not path.exists():
        raise InputError(f"{source}: no such file")
    if not path.is_file():
        raise InputError(f"{source}: not a file")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(f"{source}: {size / 1e6:.1f} MB is too large for a job description{_LIMIT}")
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{source}: cannot read file ({exc.strerror or exc})") from None
    if data[:1024].lstrip().startswith(b"%PDF-") or path.suffix.lower() == ".pdf":
        return _from_pdf(path)
    is_html = True if path.suffix.lower() in (".html", ".htm", ".xhtml") else None
    return _from_bytes(data, source, is_html=is_html)


def posting_from_bytes(data: bytes, where: str) -> Posting:
    """Read a posting from raw bytes (an upload or pasted text): text, Markdown, HTML or PDF."""
    return _from_bytes(data, where, is_html=None)


_LIMIT = f" (limit {MAX_BYTES // 1_000_000} MB); save the posting's own text to a file and pass that"


def _from_bytes(data: bytes, where: str, is_html: bool | None) -> Posting:
    if len(data) > MAX_BYTES:
        raise InputError(
            f"{where}: more than {MAX_BYTES // 1_000_000} MB is too large for a job description{_LIMIT}"
        )
    if data.lstrip().startswith(b"%PDF-"):
        with tempfile.NamedTemporaryFile(suffix=".pdf") as tmp:
            tmp.write(data)
            tmp.flush()
            return _from_pdf(Path(tmp.name), where)
    if b"\x00" in data[:8192]:
        raise InputError(f"{where}: binary file, not a job description (give text, Markdown, HTML or PDF)")
    return _from_text(decode_utf8(data, where), where, is_html)


def _from_text(text: str, where: str, is_html: bool | None) -> Posting:
    if not text.strip():
        raise InputError(f"{where}: empty text, no job description to read")
    if is_html or (is_html is None and _HTML_START.match(text)):
        body, title = _html_main_text(text, where)
        return posting_from_text(body, where, title)
    return posting_from_text(text, where)


def _html_main_text(html: str, where: str) -> tuple[str, str]:
    """The page's main text (lists as '- ' lines) and its title, by trafilatura."""
    import trafilatura  # ~0.35 s to import: only HTML pays it

    extracted = trafilatura.bare_extraction(
        html, include_comments=False, include_tables=True, favor_recall=True, with_metadata=True
    )
    text = getattr(extracted, "text", None) if extracted is not None else None
    if not text or not text.strip():
        raise InputError(f"{where}: no readable text in the HTML page (is the posting loaded by JavaScript?)")
    return text, str(getattr(extracted, "title", None) or "")


def _from_pdf(path: Path, where: str | None = None) -> Posting:
    from quarterdeck.sources.pdf import read_pdf

    try:
        paper = next(read_pdf(path))
    except InputError as exc:
        raise InputError(str(exc).replace(str(path), where or str(path))) from None
    return posting_from_text(paper.full_text, where or str(path))


def _download(url: str) -> str:
    """The text of the page at ``url`` through the shared HTTP client; one-line InputError on failure."""
    from quarterdeck.errors import FetchError
    from quarterdeck.http import HttpClient, RetryPolicy

    # One try: someone waiting on a pasted link wants the error now, not after a backoff.
    try:
        with HttpClient(timeout=TIMEOUT_SECONDS, retry=RetryPolicy(attempts=1)) as client:
            response = client.get(url)
    except FetchError as exc:
        raise InputError(str(exc)) from None
    data = response.content
    if len(data) > MAX_BYTES:
        raise InputError(f"{url}: page larger than {MAX_BYTES // 1_000_000} MB{_LIMIT}")
    encoding = response.encoding or "utf-8"
    if data.lstrip().startswith(b"%PDF-") or b"\x00" in data[:8192]:
        raise InputError(f"{url}: not a web page (PDF or binary); download it and pass the file")
    try:
        return data.decode(encoding)
    except (LookupError, UnicodeDecodeError):
        return decode_utf8(bytes(data), url)
