"""arXiv's daily announcements as RSS (``rss.arxiv.org/rss/cs.CL+cs.LG``).

The feed holds the latest announcement only (empty on weekends and holidays). New
submissions and cross-lists become papers dated by the announcement; replacements are old
papers in a new version and are left to the API source, which knows their first date.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from typing import Any

from quarterdeck.http import ARXIV_INTERVAL
from quarterdeck.normalise import clean_text, parse_arxiv_id
from quarterdeck.records import Paper, Rejected
from quarterdeck.sources.feeds import conditional_headers, entry_date, parse_feed, validators
from quarterdeck.sources.live import Context, Page, Window

NAME = "arxiv-rss"
NEW_TYPES = ("new", "cross")
_PREFIX = re.compile(r"^arXiv:\S+\s+Announce Type:\s*\S+\s*Abstract:\s*", re.IGNORECASE)
_AUTHORS = re.compile(r"\s*,\s*|\s+and\s+")


def feed_url(base_url: str, categories: tuple[str, ...]) -> str:
    """The feed of several categories at once: ``<base>/cs.AI+cs.CL+cs.LG``."""
    return f"{base_url}/{'+'.join(sorted(categories))}"


def item_to_paper(entry: Mapping[str, Any]) -> Paper | Rejected | None:
    """One announcement as a paper; None for replacements (not new papers)."""
    kind = str(entry.get("arxiv_announce_type") or "new").lower()
    if kind not in NEW_TYPES:
        return None
    guid = str(entry.get("id") or "").removeprefix("oai:arXiv.org:")  # carries the version
    parsed = parse_arxiv_id(guid) or parse_arxiv_id(str(entry.get("link") or ""))
    if parsed is None:
        return Rejected(str(entry.get("link") or entry.get("title") or "RSS item"), "item has no arXiv id")
    arxiv_id, version = parsed
    ref = f"{arxiv_id}v{version}" if version else arxiv_id
    title = clean_text(str(entry.get("title") or ""))
    abstract = clean_text(_PREFIX.sub("", str(entry.get("summary") or "").strip()))
    if not title or not abstract:
        return Rejected(ref, "item has no title" if not title else "item has no abstract")
    creators = ", ".join(str(a.get("name") or "") for a in entry.get("authors") or [])
    return Paper(
        title=title,
        abstract=abstract,
        authors=tuple(n for n in (clean_text(x) for x in _AUTHORS.split(creators)) if n),
        arxiv_id=arxiv_id,
        version=version,
        published=entry_date(entry),
        categories=tuple(dict.fromkeys(str(t.get("term")) for t in entry.get("tags") or [] if t.get("term"))),
        url=f"https://arxiv.org/abs/{arxiv_id}",
        source=NAME,
        source_ref=ref,
    )


class ArxivRssSource:
    """``arxiv-rss``: the latest announcement of the profile's categories (one window)."""

    name = NAME

    def windows(self, ctx: Context, start: dt.date, end: dt.date) -> list[Window]:
        """One window: the feed holds only the latest announcement, whatever the dates asked."""
        cats = "+".join(sorted(ctx.categories))
        return [Window(NAME, cats, f"arXiv RSS {cats.replace('+', ', ')} (latest announcement)")]

    def pages(self, ctx: Context, window: Window, cursor: str) -> Iterator[Page]:
        """Fetch the feed conditionally; 304 means the announcement was already read."""
        url = feed_url(ctx.endpoints.arxiv_rss, ctx.categories)
        response = ctx.client.get(url, headers=conditional_headers(cursor), min_interval=ARXIV_INTERVAL)
        if response.status_code == 304:
            yield Page([], cursor, done=True, notes=("arXiv RSS: no new announcement since the last fetch",))
            return
        parsed = parse_feed(response.content, url)
        items: list[Paper | Rejected] = []
        skipped = 0
        for entry in parsed.entries:
            item = item_to_paper(entry)
            if item is None:
                skipped += 1
            else:
                items.append(item)
        notes = []
        if not parsed.entries:
            notes.append(f"arXiv RSS {url}: the feed has no items (no announcement today)")
        if skipped:
            notes.append(f"arXiv RSS: {skipped} replacement(s) of older papers left to the arxiv source")
        yield Page(items, validators(response), done=True, notes=tuple(notes))
