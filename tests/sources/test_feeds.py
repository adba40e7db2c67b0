from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import httpx
import pytest

from quarterdeck.errors import PayloadError
from quarterdeck.records import Paper
from quarterdeck.sources.feeds import FeedsSource, as_arxiv_records, parse_feed
from tests.fetch_fakes import FETCH_DATA, FakeClock, Router, make_client, make_context, recorded

FEED = "https://lab.example.org/feed.xml"
ARXIV_RECORD = Paper(
    title="Evaluating Large Language Models in a Complex Hidden Role Game",
    abstract="Quantifying the deceptive potential of Large Language Models (LLMs) is critical.",
    arxiv_id="2605.22826",
    version=1,
    source="arxiv",
    source_ref="2605.22826v1",
    url="https://arxiv.org/abs/2605.22826v1",
)


def lookup(ids: list[str]) -> Mapping[str, Paper]:
    return {ARXIV_RECORD.arxiv_id or "": ARXIV_RECORD} if "2605.22826" in ids else {}


def test_an_item_linking_to_arxiv_becomes_the_arxiv_record_with_the_feed_as_source() -> None:
    router = Router().add(FEED, recorded("feeds/lab-news.xml"))
    with make_client(router, FakeClock()) as client:
        ctx = make_context(client, feeds=(FEED,))
        (window,) = FeedsSource(lambda _ctx: lookup).windows(ctx, dt.date(2026, 5, 26), dt.date(2026, 5, 27))
        (page,) = FeedsSource(lambda _ctx: lookup).pages(ctx, window, "")
    paper, post = page.items
    assert isinstance(paper, Paper) and isinstance(post, Paper)
    # The blog's "Paper of the week: ..." title does not replace the paper's.
    assert paper.title == ARXIV_RECORD.title and paper.arxiv_id == "2605.22826"
    assert (paper.source, paper.source_ref) == ("feed", "https://arxiv.org/abs/2605.22826")
    assert post.arxiv_id is None
    assert post.title == "How we cut our evaluation bill in half"
    assert post.abstract.startswith("We replaced half of our LLM-as-a-judge calls with cached rubric checks")
    assert "<" not in post.abstract
    assert post.authors == ("Dana Example",) and post.published == dt.date(2026, 5, 26)
    assert (post.source, post.url) == ("feed", "https://lab.example.org/posts/eval-bill")


def test_an_arxiv_link_arxiv_does_not_know_stays_a_feed_item() -> None:
    item = Paper(title="Post", abstract="", arxiv_id="2605.99999", source="feed", source_ref="https://x/1")
    (kept,) = as_arxiv_records([item], lookup)
    assert isinstance(kept, Paper) and kept.arxiv_id is None and kept.title == "Post"


def test_a_feed_with_no_items_is_a_note() -> None:
    router = Router().add("", recorded("feeds/empty.xml"))
    with make_client(router, FakeClock()) as client:
        ctx = make_context(client, feeds=("https://quiet.example.org/rss",))
        (window,) = FeedsSource().windows(ctx, dt.date(2026, 5, 26), dt.date(2026, 5, 26))
        (page,) = FeedsSource().pages(ctx, window, "")
    assert page.items == [] and page.notes == ("https://quiet.example.org/rss: the feed has no items",)


def test_a_malformed_feed_is_one_line() -> None:
    body = (FETCH_DATA / "feeds/lab-news.xml").read_bytes()[:700]
    with pytest.raises(PayloadError) as caught:
        parse_feed(body, FEED)
    assert str(caught.value).startswith(f"malformed feed from {FEED}: ")
    assert "\n" not in str(caught.value)


def test_an_unchanged_feed_answers_304_to_its_validators() -> None:
    first = Router().add(
        "", recorded("feeds/lab-news.xml", headers={"Last-Modified": "Wed, 27 May 2026 09:00:00 GMT"})
    )
    with make_client(first, FakeClock()) as client:
        ctx = make_context(client, feeds=(FEED,))
        (page,) = FeedsSource().pages(
            ctx, FeedsSource().windows(ctx, dt.date.today(), dt.date.today())[0], ""
        )
    modified = Router().add(
        lambda r: r.headers.get("If-Modified-Since") == "Wed, 27 May 2026 09:00:00 GMT", httpx.Response(304)
    )
    with make_client(modified, FakeClock()) as client:
        ctx = make_context(client, feeds=(FEED,))
        window = FeedsSource().windows(ctx, dt.date.today(), dt.date.today())[0]
        (again,) = FeedsSource().pages(ctx, window, page.cursor)
    assert again.items == [] and "not modified" in again.notes[0]
