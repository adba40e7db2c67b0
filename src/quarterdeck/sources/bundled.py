"""The arXiv snapshot shipped inside the package, so a fresh install has papers to show."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from importlib import resources

from quarterdeck.records import Paper, Rejected
from quarterdeck.sources.jsonl import read_jsonl_lines

SNAPSHOT_NAME = "arxiv-snapshot.jsonl.gz"


def read_bundled() -> Iterator[Paper | Rejected]:
    """Stream the bundled arXiv snapshot as papers with ``source="bundled"``.

    Refs look like ``arxiv-snapshot.jsonl.gz:12`` (the line in the snapshot).
    """
    snapshot = resources.files("quarterdeck") / "data" / SNAPSHOT_NAME
    with snapshot.open("rb") as raw, gzip.GzipFile(fileobj=raw) as lines:
        yield from read_jsonl_lines(lines, SNAPSHOT_NAME, source="bundled")
