"""Tell a URL, ``arxiv:ID`` or DOI typed on the command line from a path, cheaply.

Kept apart from the fetching code so ``quarterdeck ingest papers.jsonl`` never loads an
HTTP stack just to learn that its argument is a file.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from quarterdeck.errors import InputError
from quarterdeck.normalise import normalise_doi, parse_arxiv_id

_ARXIV_URL = re.compile(r"^https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html)/", re.IGNORECASE)
_DOI_URL = re.compile(r"^https?://(?:dx\.)?doi\.org/(10\.\S+)$", re.IGNORECASE)
_BARE_DOI = re.compile(r"^(?:doi:\s*)?(10\.\d{4,9}/\S+)$", re.IGNORECASE)
_ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.(.+)$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Target:
    """Something to fetch that a user typed instead of a path."""

    kind: Literal["arxiv", "doi", "url"]
    value: str
    """The arXiv id (maybe with version), the normalised DOI, or the URL."""
    given: str
    """What the user typed, for messages."""


def parse_target(arg: str) -> Target | None:
    """What ``arg`` asks to fetch, or None when it is not a URL, ``arxiv:ID`` or DOI (a path)."""
    text = arg.strip()
    if text.lower().startswith("arxiv:") or _ARXIV_URL.match(text):
        found = parse_arxiv_id(text)
        if found is None:
            raise InputError(f"{arg}: not a valid arXiv id or arXiv link")
        return Target("arxiv", f"{found[0]}v{found[1]}" if found[1] else found[0], arg)
    doi_match = _DOI_URL.match(text) or _BARE_DOI.match(text)
    if doi_match:
        doi = normalise_doi(doi_match.group(1))
        if doi is None:
            raise InputError(f"{arg}: not a valid DOI")
        arxiv_doi = _ARXIV_DOI.match(doi)
        if arxiv_doi and (found := parse_arxiv_id(arxiv_doi.group(1))):
            return Target("arxiv", found[0], arg)
        return Target("doi", doi, arg)
    if re.match(r"^https?://", text, re.IGNORECASE):
        return Target("url", text, arg)
    return None


def split_targets(args: Sequence[str]) -> tuple[list[Target], list[Path]]:
    """Separate what ``ingest`` must fetch (URLs, ``arxiv:ID``, DOIs) from paths.

    An argument naming an existing file or folder is always a path.
    """
    targets: list[Target] = []
    paths: list[Path] = []
    for arg in args:
        target = None if Path(arg).exists() else parse_target(arg)
        if target is None:
            paths.append(Path(arg))
        else:
            targets.append(target)
    return targets, paths
