"""RSS and Atom feeds (blogs, lab news) read with feedparser, asked for politely.

Each feed is fetched with a conditional request (``If-None-Match`` / ``If-Modified-Since``
from the last answer), so an unchanged feed costs one short 304. Items that link to an
arXiv paper become that arXiv record (looked up through the arXiv API, batched); other
items become papers of their own with the item's text as the abstract.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any
from xml.sax import SAXException

from quarterdeck.errors import PayloadError
from quarterdeck.normalise import clean_text, find_arxiv_id, parse_arxiv_id
from quarterdeck.records import Paper, Rejected
from quarterdeck.sources.live import Context, Page, Window

if TYPE_CHECKING:
    import httpx
    from feedparser import FeedParserDict

NAME = "feeds"
SOURCE = "feed"
_TAG = re.compile(r"<[^>]+>")

ArxivLookup = Callable[[list[str]], Mapping[str, Paper]]
"""Turns arXiv ids into their arXiv records (missing ids are left out)."""


def parse_feed(body: bytes, url: str) -> FeedParserDict:
    """Parse RSS or Atom bytes; raise :class:`PayloadError` on a truncated or malformed document.

    feedparser recovers what it can from broken XML; a page that is cut short would then
    quietly lose items, so a well-formedness error is an error here.
    """
    import feedparser

    parsed = feedparser.parse(body)
    problem = parsed.get("bozo_exception")
    if parsed.get("bozo") and isinstance(problem, SAXException):
        raise PayloadError(f"malformed feed from {url}: {problem.getMessage()} (line {_line(problem)})")
    if not parsed.get("version"):
        kind = "empty body" if not body.strip() else "not an RSS or Atom document"
        raise PayloadError(f"{url} did not return a feed ({kind})")
    return parsed


def _line(problem: SAXException) -> int | str:
    getter = getattr(problem, "getLineNumber", None)
    return getter() if callable(getter) else "?"


def entry_date(entry: Mapping[str, Any]) -> dt.date | None:
    """The entry's publication (else update) date, as feedparser normalised it to UTC."""
    for key in ("published_parsed", "updated_parsed"):
        value = entry.get(key)
        if isinstance(value, time.struct_time):
            return dt.date(value.tm_year, value.tm_mon, value.tm_mday)
    return None


def html_to_text(value: str) -> str:
    """Text of a feed's (already sanitised) HTML summary."""
    import html

    return clean_text(html.unescape(_TAG.sub(" ", value)))


def conditional_headers(cursor: str) -> dict[str, str]:
    """Request headers that let the server answer 304 when nothing changed since ``cursor``."""
    try:
        saved = json.loads(cursor) if cursor else {}
    except json.JSONDecodeError:
        return {}
    headers = {}
    if isinstance(saved, dict):
        if isinstance(saved.get("etag"), str):
            headers["If-None-Match"] = saved["etag"]
        if isinstance(saved.get("last_modified"), str):
            headers["If-Modified-Since"] = saved["last_modified"]
    return headers


def validators(response: httpx.Response) -> str:
    """The response's cache validators, as the cursor the next request starts from."""
    saved = {
        key: response.headers[header]
        for key, header in (("etag", "ETag"), ("last_modified", "Last-Modified"))
        if header in response.headers
    }
    return json.dumps(saved, sort_keys=True) if saved else ""


def entry_to_paper(entry: Mapping[str, Any], feed_url: str) -> Paper | Rejected:
    """One feed item as a paper; an item linking to arXiv carries the arXiv id."""
    link = str(entry.get("link") or "")
    ref = link or str(entry.get("id") or "")
    title = clean_text(str(entry.get("title") or ""))
    if not title:
        return Rejected(f"{feed_url}#{ref or '?'}", "feed item has no title")
    arxiv = _arxiv_link(entry)
    authors = tuple(
        name for name in (clean_text(str(a.get("name") or "")) for a in entry.get("authors") or []) if name
    )
    return Paper(
        title=title,
        abstract=html_to_text(str(entry.get("summary") or "")),
        authors=authors,
        arxiv_id=arxiv[0] if arxiv else None,
        version=arxiv[1] if arxiv else None,
        published=entry_date(entry),
        url=link or None,
        source=SOURCE,
        source_ref=ref or f"{feed_url}#{title}",
    )


def _arxiv_link(entry: Mapping[str, Any]) -> tuple[str, int | None] | None:
    links = [str(entry.get("link") or "")] + [str(x.get("href") or "") for x in entry.get("links") or []]
    for link in links:
        if "arxiv.org/" in link and (found := parse_arxiv_id(link)):
            return found
    return find_arxiv_id(str(entry.get("summary") or ""))


def as_arxiv_records(papers: list[Paper | Rejected], lookup: ArxivLookup | None) -> list[Paper | Rejected]:
    """Replace items that link to arXiv with the arXiv record, keeping the item as the source.

    A blog post's own title ("Paper of the week: ...") must not overwrite the paper's, so the
    paper's metadata comes from arXiv. An id arXiv does not know stays a plain feed item.
    """
    ids = [p.arxiv_id for p in papers if isinstance(p, Paper) and p.arxiv_id]
    if not ids or lookup is None:
        return papers
    found = lookup(list(dict.fromkeys(ids)))
    out: list[Paper | Rejected] = []
    for item in papers:
        if isinstance(item, Paper) and item.arxiv_id:
            record = found.get(item.arxiv_id)
            if record is None:
                item = replace(item, arxiv_id=None, version=None)
            else:
                item = replace(record, source=item.source, source_ref=item.source_ref)
        out.append(item)
    return out


class FeedsSource:
    """Every feed listed under ``feeds`` in the profile; one window per feed."""

    name = NAME

    def __init__(self, lookup: Callable[[Context], ArxivLookup] | None = None) -> None:
        self._lookup = lookup

    def windows(self, ctx: Context, start: dt.date, end: dt.date) -> list[Window]:
        """One window per feed URL: a feed is always asked again, conditionally."""
        return [Window(NAME, url, f"feed {url}") for url in ctx.feeds]

    def pages(self, ctx: Context, window: Window, cursor: str) -> Iterator[Page]:
        """Fetch one feed; a 304 yields an empty page with the same validators."""
        response = ctx.client.get(window.key, headers=conditional_headers(cursor))
        if response.status_code == 304:
            yield Page([], cursor, done=True, notes=(f"{window.key}: not modified since the last fetch",))
            return
        parsed = parse_feed(response.content, window.key)
        items = [entry_to_paper(entry, window.key) for entry in parsed.entries]
        notes: tuple[str, ...] = () if items else (f"{window.key}: the feed has no items",)
        lookup = self._lookup(ctx) if self._lookup else None
        yield Page(as_arxiv_records(items, lookup), validators(response), done=True, notes=notes)
