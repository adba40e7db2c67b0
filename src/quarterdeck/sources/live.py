"""What every live source shares: windows to fetch, pages it yields, the context it runs in.

A live source splits what it is asked for into :class:`Window` s (a day of arXiv
submissions, a day of Hugging Face daily papers, one feed) and yields each window as
:class:`Page` s. The orchestrator (:mod:`quarterdeck.fetch`) stores each page together with
its cursor, so a run that stops resumes at the first page it had not stored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from quarterdeck.endpoints import Endpoints
from quarterdeck.records import Paper, Rejected

if TYPE_CHECKING:
    from quarterdeck.http import HttpClient


@dataclass(frozen=True, slots=True)
class Window:
    """One unit of fetching, remembered in the store by ``(source, key)``."""

    source: str
    key: str
    label: str
    """What a person reads in a plan or a report."""
    settles_at: dt.datetime | None = None
    """After this moment the window's content no longer changes: a window completed later is
    never fetched again. None: always ask again (a feed, with a conditional request)."""
    min_requests: int = 1
    """Requests the window needs at least (for dry-run estimates)."""


@dataclass(frozen=True, slots=True)
class Page:
    """One response's worth of items and where the next request starts."""

    items: list[Paper | Rejected]
    cursor: str
    """Stored with the page: the next offset, or the cache validators of a feed."""
    done: bool
    """True for the window's last page."""
    total: int | None = None
    notes: tuple[str, ...] = ()
    """Things worth a line in the report that are not failures (an empty feed, skipped items)."""


@dataclass(frozen=True, slots=True)
class Context:
    """What a live source needs to run: the HTTP client, the base URLs and the reader's choices."""

    client: HttpClient
    endpoints: Endpoints
    categories: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    page_size: int = 500
    now: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))


class LiveSource(Protocol):
    """A source ``quarterdeck fetch`` knows by name."""

    name: str

    def windows(self, ctx: Context, start: dt.date, end: dt.date) -> list[Window]:
        """The windows covering [start, end] (inclusive), oldest first."""
        ...

    def pages(self, ctx: Context, window: Window, cursor: str) -> Iterator[Page]:
        """Fetch a window from ``cursor`` (empty: from the start), one page at a time."""
        ...


def day_start(day: dt.date) -> dt.datetime:
    """Midnight UTC at the start of ``day``."""
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


def days(start: dt.date, end: dt.date) -> list[dt.date]:
    """Every day from ``start`` to ``end``, inclusive."""
    return [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]
