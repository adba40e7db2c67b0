"""Hugging Face daily papers (``/api/daily_papers?date=YYYY-MM-DD``), with their upvotes.

Each day's list is one request. The papers are arXiv papers, so they merge with the arXiv
record; the upvotes and the day the paper was featured are stored as signals on the
Hugging Face source row.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Mapping
from typing import Any

from quarterdeck.errors import PayloadError
from quarterdeck.normalise import clean_text, parse_arxiv_id
from quarterdeck.records import Paper, Rejected, Signals
from quarterdeck.sources.live import Context, Page, Window, day_start, days

NAME = "huggingface"
SETTLE = dt.timedelta(days=2)
"""A day's list is complete (and upvotes mostly in) two days after the day ends."""
LIMIT = 100


def parse_daily(body: bytes, url: str, day: dt.date) -> list[Paper | Rejected]:
    """Parse one day's JSON list; raise :class:`PayloadError` if it is not a list of entries."""
    try:
        data = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise PayloadError(f"{url} did not return JSON ({exc})") from None
    if not isinstance(data, list):
        raise PayloadError(f"{url} returned {type(data).__name__}, not the list of daily papers")
    return [entry_to_paper(entry, day, i) for i, entry in enumerate(data)]


def entry_to_paper(entry: object, day: dt.date, index: int) -> Paper | Rejected:
    """One daily-papers entry as a paper with its upvotes and featured day."""
    where = f"daily_papers {day.isoformat()} #{index + 1}"
    inner = entry.get("paper") if isinstance(entry, dict) else None
    if not isinstance(entry, dict) or not isinstance(inner, dict):
        return Rejected(where, "entry has no 'paper' object")
    raw_id = str(inner.get("id") or "")
    title = clean_text(str(inner.get("title") or entry.get("title") or ""))
    abstract = clean_text(str(inner.get("summary") or entry.get("summary") or ""))
    if not raw_id or not title:
        return Rejected(where, "entry has no paper id or title")
    arxiv = parse_arxiv_id(raw_id)
    return Paper(
        title=title,
        abstract=abstract,
        authors=tuple(_authors(inner.get("authors"))),
        arxiv_id=arxiv[0] if arxiv else None,
        published=_date(inner.get("publishedAt") or entry.get("publishedAt")),
        url=f"https://huggingface.co/papers/{raw_id}",
        source=NAME,
        source_ref=raw_id,
        signals=Signals(upvotes=_int(inner.get("upvotes", entry.get("upvotes"))), featured_on=day),
    )


def _authors(value: object) -> Iterator[str]:
    if not isinstance(value, list):
        return
    for author in value:
        name = clean_text(str(author.get("name") or "")) if isinstance(author, Mapping) else ""
        if name:
            yield name


def _date(value: Any) -> dt.date | None:
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


class HuggingFaceSource:
    """``huggingface``: one window per featured day."""

    name = NAME

    def windows(self, ctx: Context, start: dt.date, end: dt.date) -> list[Window]:
        """One window per day."""
        return [
            Window(
                NAME,
                day.isoformat(),
                f"Hugging Face daily papers {day.isoformat()}",
                settles_at=day_start(day) + dt.timedelta(days=1) + SETTLE,
            )
            for day in days(start, end)
        ]

    def pages(self, ctx: Context, window: Window, cursor: str) -> Iterator[Page]:
        """One request per day."""
        day = dt.date.fromisoformat(window.key)
        url = f"{ctx.endpoints.hf_api}/daily_papers"
        response = ctx.client.get(url, params={"date": day.isoformat(), "limit": LIMIT})
        items = parse_daily(response.content, str(response.url), day)
        notes = () if items else (f"Hugging Face: no daily papers on {day.isoformat()}",)
        yield Page(items, "", done=True, total=len(items), notes=notes)
