"""The arXiv export API (Atom): submissions by category and day, or papers by id.

Why httpx + feedparser and not the ``arxiv`` package: the package brings its own HTTP
stack (requests), its own pacing and retries and its own result type; Quarterdeck needs one
client for every service (one user agent, one pacing table, one error vocabulary), an
injectable transport for offline tests, and page-by-page control so each page is stored with
its cursor. The API itself is one GET with four parameters; feedparser reads its Atom,
including the ``arxiv:`` and ``opensearch:`` elements.

A window is one UTC day of submissions (``submittedDate``) in the reader's categories,
sorted by submission date, read ``page_size`` entries at a time. arXiv asks for at most one
request every 3 seconds; the client enforces it (``ARXIV_INTERVAL``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from quarterdeck.errors import FetchError, HttpStatusError, PayloadError
from quarterdeck.http import ARXIV_INTERVAL, HttpClient
from quarterdeck.normalise import clean_text, normalise_doi, parse_arxiv_id
from quarterdeck.records import Paper, Rejected
from quarterdeck.sources.feeds import entry_date, parse_feed
from quarterdeck.sources.live import Context, Page, Window, day_start, days

NAME = "arxiv"
PAGE_SIZE = 500
"""Entries per request: arXiv allows up to 2,000, but large pages are slow and time out more."""
ID_BATCH = 100
"""Ids per ``id_list`` request."""
SETTLE = dt.timedelta(days=4)
"""A day's submissions are all announced (and in the API) within 4 days, weekends included."""
EMPTY_PAGE_RETRIES = 2
"""arXiv sometimes answers a page inside the result set with no entries; ask again this often."""
_ERRORS = "arxiv.org/api/errors"


@dataclass(frozen=True, slots=True)
class ArxivPage:
    """One parsed API response."""

    total: int
    start: int
    items: list[Paper | Rejected]


def day_query(categories: Sequence[str], day: dt.date) -> str:
    """``search_query`` for one UTC day of submissions in any of ``categories``."""
    cats = " OR ".join(f"cat:{c}" for c in sorted(categories))
    stamp = day.strftime("%Y%m%d")
    return f"({cats}) AND submittedDate:[{stamp}0000 TO {stamp}2359]"


def fetch_page(
    client: HttpClient,
    base_url: str,
    *,
    query: str = "",
    ids: Sequence[str] = (),
    start: int = 0,
    size: int = PAGE_SIZE,
) -> ArxivPage:
    """One API request: a search page (sorted by submission date) or a list of ids."""
    params: dict[str, str | int] = {"start": start, "max_results": size}
    if query:
        params.update(search_query=query, sortBy="submittedDate", sortOrder="ascending")
    if ids:
        params["id_list"] = ",".join(ids)
    try:
        response = client.get(base_url, params=params, min_interval=ARXIV_INTERVAL)
    except HttpStatusError as exc:
        reason = _api_error(exc.body)
        if reason:
            message = f"arXiv API rejected the request: {reason} ({exc.url})"
            raise HttpStatusError(message, exc.status, exc.url) from None
        raise
    return parse_response(response.content, str(response.url))


def _api_error(body: bytes) -> str | None:
    """arXiv explains a bad request in an Atom entry whose id is an ``api/errors`` URL."""
    if not body:
        return None
    try:
        parsed = parse_feed(body, "arXiv API")
    except PayloadError:
        return None
    for entry in parsed.entries:
        if _ERRORS in str(entry.get("id", "")):
            return clean_text(str(entry.get("summary") or entry.get("title") or "error"))
    return None


def parse_response(body: bytes, url: str) -> ArxivPage:
    """Parse an API response; raise :class:`PayloadError` if it is not the documented Atom."""
    parsed = parse_feed(body, url)
    total = parsed.feed.get("opensearch_totalresults")
    if not parsed.get("version", "").startswith("atom") or total is None:
        raise PayloadError(f"{url} is not an arXiv API response (no Atom feed with opensearch:totalResults)")
    error = _api_error(body)
    if error:
        raise FetchError(f"arXiv API error: {error} ({url})")
    try:
        total_n, start_n = int(total), int(parsed.feed.get("opensearch_startindex") or 0)
    except ValueError:
        raise PayloadError(f"{url}: opensearch:totalResults is not a number ({total!r})") from None
    return ArxivPage(total_n, start_n, [entry_to_paper(e) for e in parsed.entries])


def entry_to_paper(entry: Mapping[str, Any]) -> Paper | Rejected:
    """One Atom entry as a paper: id and version, title, abstract, authors, categories, DOI."""
    raw_id = str(entry.get("id") or "")
    parsed_id = parse_arxiv_id(raw_id)
    if parsed_id is None:
        return Rejected(raw_id or "arXiv entry", "entry has no arXiv id")
    arxiv_id, version = parsed_id
    ref = f"{arxiv_id}v{version}" if version else arxiv_id
    title = clean_text(str(entry.get("title") or ""))
    abstract = clean_text(str(entry.get("summary") or ""))
    if not title:
        return Rejected(ref, "entry has no title")
    if not abstract:
        return Rejected(ref, "entry has no abstract")
    primary = (entry.get("arxiv_primary_category") or {}).get("term")
    terms = [str(t.get("term")) for t in entry.get("tags") or [] if t.get("term")]
    categories = tuple(dict.fromkeys([primary, *terms] if primary else terms))
    return Paper(
        title=title,
        abstract=abstract,
        authors=tuple(
            name
            for name in (clean_text(str(a.get("name") or "")) for a in entry.get("authors") or [])
            if name
        ),
        arxiv_id=arxiv_id,
        version=version,
        doi=normalise_doi(str(entry.get("arxiv_doi") or "")),
        published=entry_date({"published_parsed": entry.get("published_parsed")}),
        categories=categories,
        comment=clean_text(str(entry.get("arxiv_comment") or "")),
        url=f"https://arxiv.org/abs/{ref}",
        source=NAME,
        source_ref=ref,
    )


def _authors(entry: Mapping[str, Any]) -> tuple[str, ...]:
    names = (clean_text(str(a.get("name") or "")) for a in entry.get("authors") or [])
    return tuple(name for name in names if name)


def lookup_ids(client: HttpClient, base_url: str, ids: Sequence[str]) -> dict[str, Paper]:
    """The current arXiv record of each id (versions dropped), ``ID_BATCH`` ids per request."""
    found: dict[str, Paper] = {}
    unique = list(dict.fromkeys(ids))
    for start in range(0, len(unique), ID_BATCH):
        batch = unique[start : start + ID_BATCH]
        page = fetch_page(client, base_url, ids=batch, size=len(batch))
        for item in page.items:
            if isinstance(item, Paper) and item.arxiv_id:
                found[item.arxiv_id] = item
    return found


class ArxivApiSource:
    """``arxiv``: one window per UTC day of submissions in the profile's categories."""

    name = NAME

    def windows(self, ctx: Context, start: dt.date, end: dt.date) -> list[Window]:
        """One window per day, keyed by categories and day."""
        cats = "+".join(sorted(ctx.categories))
        return [
            Window(
                NAME,
                f"{cats}@{day.isoformat()}",
                f"arXiv API {cats.replace('+', ', ')} submitted {day.isoformat()}",
                settles_at=day_start(day) + dt.timedelta(days=1) + SETTLE,
            )
            for day in days(start, end)
        ]

    def pages(self, ctx: Context, window: Window, cursor: str) -> Iterator[Page]:
        """Page through the day from offset ``cursor``; each page's cursor is the next offset."""
        if not ctx.categories:
            raise FetchError("no arXiv categories to fetch: set categories in your profile")
        day = dt.date.fromisoformat(window.key.rsplit("@", 1)[1])
        query = day_query(ctx.categories, day)
        start = int(cursor) if cursor.isdigit() else 0
        while True:
            page = self._page(ctx, query, start)
            following = start + len(page.items)
            done = not page.items or following >= page.total
            yield Page(page.items, str(following), done=done, total=page.total)
            if done:
                return
            start = following

    @staticmethod
    def _page(ctx: Context, query: str, start: int) -> ArxivPage:
        for _ in range(EMPTY_PAGE_RETRIES + 1):
            page = fetch_page(
                ctx.client, ctx.endpoints.arxiv_api, query=query, start=start, size=ctx.page_size
            )
            if page.items or start >= page.total:
                return page
        raise PayloadError(
            f"arXiv API returned no entries at offset {start} of {page.total} "
            f"after {EMPTY_PAGE_RETRIES + 1} tries; run fetch again later to resume"
        )
