from __future__ import annotations

import datetime as dt

import httpx

from quarterdeck.records import Paper
from quarterdeck.sources.arxiv_rss import ArxivRssSource
from tests.fetch_fakes import FakeClock, Router, make_client, make_context, recorded


def fetch(router: Router, cursor: str = "") -> list:  # type: ignore[type-arg]
    with make_client(router, FakeClock()) as client:
        ctx = make_context(client)
        (window,) = ArxivRssSource().windows(ctx, dt.date(2026, 5, 26), dt.date(2026, 5, 26))
        return list(ArxivRssSource().pages(ctx, window, cursor))


def test_new_and_cross_listed_papers_are_read_and_replacements_left_out() -> None:
    router = Router().add("rss.arxiv.org/rss/cs.AI+cs.CL+cs.LG", recorded("arxiv-rss/announce.xml"))
    (page,) = fetch(router)
    papers = [p for p in page.items if isinstance(p, Paper)]
    assert [p.arxiv_id for p in papers] == ["2605.23908", "2605.23909", "2605.23910"]
    first = papers[0]
    assert first.title.startswith("In Search of the Ingredients of Open-Endedness")
    assert first.abstract.startswith("We are in the midst of large-scale industrial")
    assert first.authors == (
        "Sam Earle",
        "Kay Arulkumaran",
        "Andrew Dai",
        "Akarsh Kumar",
        "Julian Togelius",
        "Sebastian Risi",
    )
    assert first.version == 1 and first.published == dt.date(2026, 5, 26)
    assert first.categories[:2] == ("cs.AI", "cs.CL")
    assert (first.source, first.source_ref) == ("arxiv-rss", "2605.23908v1")
    assert page.notes == ("arXiv RSS: 1 replacement(s) of older papers left to the arxiv source",)
    assert page.done


def test_a_day_without_announcements_is_a_note_not_a_failure() -> None:
    router = Router().add("", recorded("arxiv-rss/weekend.xml"))
    (page,) = fetch(router)
    assert page.items == []
    assert "the feed has no items" in page.notes[0]


def test_the_feed_is_asked_conditionally_and_a_304_costs_nothing() -> None:
    router = Router().add("", recorded("arxiv-rss/announce.xml", headers={"ETag": '"a1"'}))
    (page,) = fetch(router)
    assert page.cursor == '{"etag": "\\"a1\\""}'
    again = Router().add(lambda r: r.headers.get("If-None-Match") == '"a1"', httpx.Response(304))
    (second,) = fetch(again, page.cursor)
    assert second.items == [] and second.cursor == page.cursor
    assert "no new announcement" in second.notes[0]
