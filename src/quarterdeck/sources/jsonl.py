"""JSON Lines files in the shared arXiv schema, plain or gzip-compressed, read as a stream."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from quarterdeck.errors import InputError
from quarterdeck.normalise import clean_text, normalise_doi, parse_arxiv_id
from quarterdeck.records import Paper, Rejected

_GZIP_MAGIC = b"\x1f\x8b"
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}")
_AUTHOR_SPLIT_RE = re.compile(r"\s*,\s*|\s+and\s+")


def read_jsonl(path: Path) -> Iterator[Paper | Rejected]:
    """Read a ``.jsonl`` or ``.jsonl.gz`` file, one paper per line, without loading it whole.

    Gzip is recognised by its magic bytes, so a compressed file with a plain name also works.
    """
    try:
        with path.open("rb") as raw:
            compressed = raw.read(2) == _GZIP_MAGIC
            raw.seek(0)
            lines: Iterable[bytes] = gzip.GzipFile(fileobj=raw) if compressed else raw
            yield from read_jsonl_lines(lines, str(path), source="jsonl")
    except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
        raise InputError(f"{path}: damaged gzip file ({exc or 'truncated'})") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read file ({exc.strerror or exc})") from None


def read_jsonl_lines(lines: Iterable[bytes], name: str, source: str) -> Iterator[Paper | Rejected]:
    """Turn raw JSONL lines into papers; ``name`` is used in refs (``name:line``) and errors.

    A first line that is not UTF-8 means the file is not text at all (InputError); a later
    bad line is rejected on its own so that one stray byte does not lose a whole feed.
    """
    offset = 0
    seen_text = False
    for number, raw_line in enumerate(lines, start=1):
        start, offset = offset, offset + len(raw_line)
        if not raw_line.strip():
            continue
        ref = f"{name}:{number}"
        try:
            line = raw_line.decode("utf-8")
        except UnicodeDecodeError as exc:
            where = f"invalid byte 0x{raw_line[exc.start]:02x} at offset {start + exc.start}"
            if not seen_text:
                raise InputError(f"{name}: not UTF-8 text ({where})") from None
            yield Rejected(ref, f"not UTF-8 text ({where})")
            continue
        seen_text = True
        yield parse_line(line.removeprefix("\ufeff").strip(), ref, source)
    if not seen_text:
        raise InputError(f"{name}: empty file")


def parse_line(line: str, ref: str, source: str) -> Paper | Rejected:
    """Parse one JSONL line into a paper, or say why it is not one."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return Rejected(ref, f"not valid JSON: {exc}")
    if not isinstance(record, dict):
        return Rejected(ref, f"not a JSON object (got {type(record).__name__})")
    return record_to_paper(record, ref, source)


def record_to_paper(record: dict[str, Any], ref: str, source: str) -> Paper | Rejected:
    """Map a record in the shared schema to a :class:`Paper`; unknown keys are ignored."""
    title = _text(record.get("title"))
    if not title:
        return Rejected(ref, "missing title")
    abstract = _text(record.get("abstract"))
    if not abstract:
        return Rejected(ref, "missing abstract")
    try:
        published = _date(record.get("published"))
    except ValueError:
        return Rejected(ref, f"bad published date {record.get('published')!r}")
    raw_id = record.get("id")
    raw_id = raw_id.strip() if isinstance(raw_id, str) else None
    arxiv = parse_arxiv_id(raw_id)
    url = record.get("url")
    return Paper(
        title=title,
        abstract=abstract,
        authors=_authors(record.get("authors")),
        arxiv_id=arxiv[0] if arxiv else None,
        version=arxiv[1] if arxiv else None,
        doi=normalise_doi(_str(record.get("doi"))) or (None if arxiv else normalise_doi(raw_id)),
        published=published,
        categories=_categories(record.get("categories"), record.get("primary_category")),
        comment=_text(record.get("comment")),
        url=url if isinstance(url, str) and url.strip() else None,
        source=source,
        source_ref=ref,
    )


def _str(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _text(value: object) -> str:
    return clean_text(value) if isinstance(value, str) else ""


def _date(value: object) -> dt.date | None:
    """``YYYY-MM-DD`` with anything after it (a time, a zone); empty means unknown."""
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not _DATE_RE.match(value.strip()):
        raise ValueError(value)
    return dt.date.fromisoformat(value.strip()[:10])


def _authors(value: object) -> tuple[str, ...]:
    # The shared schema has a list; arXiv's bulk metadata has one "A, B and C" string.
    names = _AUTHOR_SPLIT_RE.split(value) if isinstance(value, str) else value
    if not isinstance(names, list):
        return ()
    return tuple(name for name in (_text(item) for item in names) if name)


def _categories(value: object, primary: object) -> tuple[str, ...]:
    """Categories with the primary one first, as the shared schema promises."""
    items = value.split() if isinstance(value, str) else value if isinstance(value, list) else []
    categories = [c.strip() for c in items if isinstance(c, str) and c.strip()]
    if isinstance(primary, str) and primary.strip():
        head = primary.strip()
        categories = [head, *(c for c in categories if c != head)]
    return tuple(dict.fromkeys(categories))
