"""Read papers from the files a user points at: JSONL, BibTeX, PDF, text and Markdown.

Each reader yields :class:`~quarterdeck.records.Paper` for what it could read and
:class:`~quarterdeck.records.Rejected` for single items it could not (a bad JSONL line,
a broken BibTeX entry). A file that cannot be read at all raises
:class:`~quarterdeck.errors.InputError` with one line naming the file.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from quarterdeck.errors import InputError
from quarterdeck.records import Paper, Rejected
from quarterdeck.sources.bundled import read_bundled

__all__ = ["SUPPORTED_SUFFIXES", "SourceItem", "expand_paths", "read_bundled", "read_file"]

SourceItem = Paper | Rejected

# Suffix -> (module, function). Readers load on first use: pypdf and
# bibtexparser alone are a third of the command's start-up time.
_READERS: dict[str, tuple[str, str]] = {
    ".jsonl": ("jsonl", "read_jsonl"),
    ".jsonl.gz": ("jsonl", "read_jsonl"),
    ".bib": ("bibtex", "read_bibtex"),
    ".pdf": ("pdf", "read_pdf"),
    ".txt": ("text", "read_text"),
    ".md": ("text", "read_text"),
    ".markdown": ("text", "read_text"),
}

SUPPORTED_SUFFIXES: tuple[str, ...] = tuple(_READERS)


def _suffix_of(path: Path) -> str | None:
    """The supported suffix ``path`` ends with (case-insensitive), or None."""
    name = path.name.lower()
    # Longest first, so that ``x.jsonl.gz`` is not mistaken for something ending in ``.gz``.
    for suffix in sorted(SUPPORTED_SUFFIXES, key=len, reverse=True):
        if name.endswith(suffix) and len(name) > len(suffix):
            return suffix
    return None


def _unsupported(path: Path) -> Rejected:
    shown = path.suffix.lower() or "(none)"
    expected = ", ".join(SUPPORTED_SUFFIXES)
    return Rejected(str(path), f"unsupported file type '{shown}' (expected one of {expected})")


def _walk(folder: Path) -> Iterator[Path]:
    """Every non-hidden file under ``folder``, in sorted order, without following symlinked folders."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root) / name


def expand_paths(paths: Sequence[Path]) -> tuple[list[Path], list[Rejected]]:
    """Turn the paths a user named into the files to read, plus the files that will not be read.

    A file is taken as is; a folder is walked recursively in sorted order, skipping hidden
    files and folders. Arguments keep the order they were given in and a file named twice is
    read once. Files with an unsupported suffix come back as :class:`Rejected`.

    Raises:
        InputError: a path does not exist.
    """
    files: list[Path] = []
    rejected: list[Rejected] = []
    seen: set[Path] = set()
    for path in paths:
        if not path.exists():
            raise InputError(f"no such file or directory: {path}")
        candidates = _walk(path) if path.is_dir() else iter([path])
        for candidate in candidates:
            identity = candidate.resolve()
            if identity in seen:
                continue
            seen.add(identity)
            if _suffix_of(candidate) is None:
                rejected.append(_unsupported(candidate))
            else:
                files.append(candidate)
    return files, rejected


def read_file(path: Path) -> Iterator[SourceItem]:
    """Read one file, choosing the reader by its suffix.

    Yields papers and per-item rejections. Raises :class:`InputError` (lazily, on iteration)
    when the file as a whole cannot be read: missing, unreadable, empty, not UTF-8, not a PDF,
    encrypted, or with no extractable text.
    """
    suffix = _suffix_of(path)
    if suffix is None:
        rejected = _unsupported(path)
        raise InputError(f"{rejected.source_ref}: {rejected.reason}")
    _check_readable(path)
    yield from _reader(suffix)(path)


def _reader(suffix: str) -> Callable[[Path], Iterator[SourceItem]]:
    module, function = _READERS[suffix]
    reader: Callable[[Path], Iterator[SourceItem]] = getattr(
        importlib.import_module(f"quarterdeck.sources.{module}"), function
    )
    return reader


def _check_readable(path: Path) -> None:
    """Fail early, in one line, on the whole-file problems every reader shares."""
    try:
        if path.is_dir():
            raise InputError(f"{path}: is a directory, not a file")
        size = path.stat().st_size
        with path.open("rb"):
            pass
    except FileNotFoundError:
        raise InputError(f"no such file or directory: {path}") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read file ({exc.strerror or exc})") from None
    if size == 0:
        raise InputError(f"{path}: empty file")
