from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from quarterdeck.errors import InputError
from quarterdeck.fetch import FetchReport, choose_sources, date_range, plan_fetch, run_fetch
from quarterdeck.profile import parse_profile
from quarterdeck.sources.live import Context
from quarterdeck.store import Store
from tests.fetch_fakes import FakeClock, Router, make_client, make_context, recorded
from tests.test_http import _dns_failure

FEED = "https://lab.example.org/feed.xml"
DAY = dt.date(2026, 5, 25)
NEXT = dt.date(2026, 5, 26)
SOON = dt.datetime(2026, 5, 27, 12, tzinfo=dt.UTC)  # before the 25th has settled
LATER = dt.datetime(2026, 6, 5, 12, tzinfo=dt.UTC)  # after both days settled


def on_day(day: str, start: str) -> Callable[[httpx.Request], bool]:
    def match(request: httpx.Request) -> bool:
        query = request.url.params.get("search_query", "")
        return f"{day}0000" in query and request.url.params.get("start") == start

    return match


def day_of(request: httpx.Request) -> str:
    found = re.search(r"submittedDate:\[(\d{8})", request.url.params.get("search_query", ""))
    return found.group(1) if found else ""


def arxiv_routes(router: Router, page3: list[httpx.Response | Exception] | None = None) -> Router:
    router.add(on_day("20260525", "0"), recorded("arxiv-api/day-2026-05-25-p1.xml"))
    router.add(on_day("20260525", "3"), recorded("arxiv-api/day-2026-05-25-p2.xml"))
    router.add(on_day("20260525", "6"), *(page3 or [recorded("arxiv-api/day-2026-05-25-p3.xml")]))
    router.add(
        lambda r: "submittedDate" in r.url.params.get("search_query", ""), recorded("arxiv-api/empty.xml")
    )
    router.add(
        lambda r: "2605.22826" in r.url.params.get("id_list", ""), recorded("arxiv-api/day-2026-05-25-p1.xml")
    )
    return router


def hf_routes(router: Router) -> Router:
    router.add(lambda r: r.url.params.get("date") == "2026-05-26", recorded("huggingface/2026-05-26.json"))
    router.add("huggingface.co/api/daily_papers", httpx.Response(200, json=[]))
    return router


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "q.db") as s:
        yield s


def run(
    store: Store,
    router: Router,
    names: tuple[str, ...],
    now: dt.datetime = SOON,
    clock: FakeClock | None = None,
) -> tuple[FetchReport, Context]:
    client = make_client(router, clock or FakeClock())
    ctx = make_context(client, feeds=(FEED,), now=now)
    plans = plan_fetch(store, ctx, names, DAY, NEXT)
    return run_fetch(store, ctx, plans), ctx


def test_one_paper_from_arxiv_hugging_face_and_a_feed_is_one_row_with_three_sources(store: Store) -> None:
    router = hf_routes(arxiv_routes(Router())).add(FEED, recorded("feeds/lab-news.xml"))
    report, _ = run(store, router, ("arxiv", "huggingface", "feeds"))
    stored = store.get("2605.22826")
    assert stored is not None
    assert [s.source for s in stored.source_details] == ["arxiv", "huggingface", "feed"]
    assert stored.upvotes == 37
    hf = stored.source_details[1]
    assert hf.featured_on == NEXT
    # The arXiv record is the authority on the text.
    assert stored.paper.title == "Evaluating Large Language Models in a Complex Hidden Role Game"
    assert stored.paper.version == 1 and stored.paper.categories[0] == "cs.CL"
    # 7 arXiv papers + 1 more from Hugging Face + the blog post; the shared paper once.
    assert store.count_papers() == 9
    assert not report.nothing_fetched


def test_an_interrupted_day_resumes_at_the_page_it_had_not_stored(store: Store) -> None:
    broken = Router()
    arxiv_routes(broken, page3=[httpx.Response(503)])
    report, _ = run(store, broken, ("arxiv",))
    result = report.results[0]
    assert result.errors and "HTTP 503" in result.errors[0]
    assert store.count_papers() == 6  # pages 1 and 2 are kept
    state = store.fetch_state("arxiv", "cs.AI+cs.CL+cs.LG@2026-05-25")
    assert state is not None and (state.cursor, state.completed, state.items) == ("6", False, 6)

    healthy = arxiv_routes(Router())
    run(store, healthy, ("arxiv",))
    asked = [(day_of(r), r.url.params["start"]) for r in healthy.requests]
    # Only page 3 of the 25th is asked again (then the 26th, which it had not reached).
    assert asked == [("20260525", "6"), ("20260526", "0")]
    assert store.count_papers() == 7
    state = store.fetch_state("arxiv", "cs.AI+cs.CL+cs.LG@2026-05-25")
    assert state is not None and (state.cursor, state.completed, state.items) == ("7", True, 7)
    stored = store.get("2605.22826")
    assert stored is not None and len(stored.sources) == 1  # nothing duplicated


def test_a_second_run_fetches_only_what_is_new(store: Store) -> None:
    first = arxiv_routes(Router())
    run(store, first, ("arxiv",), now=LATER)
    assert len(first.requests) == 4  # three pages of the 25th, one empty page of the 26th

    again = arxiv_routes(Router())
    report, _ = run(store, again, ("arxiv",), now=LATER + dt.timedelta(days=1))
    assert again.requests == []
    assert report.results[0].windows_skipped == 2


def test_a_day_fetched_before_it_settled_is_fetched_again(store: Store) -> None:
    run(store, arxiv_routes(Router()), ("arxiv",), now=SOON)
    again = arxiv_routes(Router())
    client = make_client(again, FakeClock())
    ctx = make_context(client, now=SOON + dt.timedelta(hours=6))
    plans = plan_fetch(store, ctx, ("arxiv",), DAY, NEXT)
    assert [w.action for w in plans[0].windows] == ["refresh", "refresh"]
    report = run_fetch(store, ctx, plans)
    assert report.results[0].report.unchanged == 7
    state = store.fetch_state("arxiv", "cs.AI+cs.CL+cs.LG@2026-05-25")
    assert state is not None and state.items == 7  # counted afresh, not doubled


def test_a_dry_run_plan_sends_nothing(store: Store) -> None:
    router = Router()
    client = make_client(router, FakeClock())
    ctx = make_context(client, feeds=(FEED,))
    plans = plan_fetch(store, ctx, ("arxiv", "huggingface", "feeds", "arxiv-rss"), DAY, NEXT)
    assert router.requests == []
    assert [(p.source, len(p.to_fetch)) for p in plans] == [
        ("arxiv", 2),
        ("huggingface", 2),
        ("feeds", 1),
        ("arxiv-rss", 1),
    ]


def test_some_sources_failing_is_not_a_failed_run(store: Store) -> None:
    router = arxiv_routes(Router()).add("huggingface.co", _dns_failure())
    report, _ = run(store, router, ("arxiv", "huggingface"))
    assert not report.nothing_fetched
    assert report.failures == [
        (
            "huggingface",
            "cannot resolve host huggingface.co (DNS lookup failed): check the address and your network",
        )
    ]
    # The source stopped at its first failure instead of failing once per day.
    assert sum("huggingface" in str(r.url) for r in router.requests) == 1


def test_every_source_failing_is_a_failed_run(store: Store) -> None:
    router = Router().add("", _dns_failure())
    report, _ = run(store, router, ("arxiv", "huggingface"))
    assert report.nothing_fetched
    assert [s for s, _ in report.failures] == ["arxiv", "huggingface"]


def test_one_failing_feed_does_not_stop_the_others(store: Store) -> None:
    other = "https://news.example.net/atom.xml"
    router = Router().add(FEED, httpx.Response(500)).add(other, recorded("feeds/lab-news.xml"))
    router.add("id_list", recorded("arxiv-api/day-2026-05-25-p1.xml"))
    client = make_client(router, FakeClock(), attempts=1)
    ctx = Context(client, make_context(client).endpoints, feeds=(FEED, other), now=SOON)
    report = run_fetch(store, ctx, plan_fetch(store, ctx, ("feeds",), DAY, NEXT))
    (result,) = report.results
    assert (result.windows_fetched, result.windows_failed) == (1, 1)
    assert result.errors == [f"HTTP 500 Internal Server Error from {FEED}"]
    assert not report.nothing_fetched


def test_feeds_without_any_configured_is_a_clear_failure(store: Store) -> None:
    client = make_client(Router(), FakeClock())
    ctx = make_context(client)
    report = run_fetch(store, ctx, plan_fetch(store, ctx, ("feeds",), DAY, NEXT))
    assert report.failures == [("feeds", 'no feeds to fetch: add feeds = ["https://..."] to your profile')]
    assert report.nothing_fetched


def test_date_ranges() -> None:
    today = dt.date(2026, 5, 29)
    assert date_range("7d", None, None, today) == (dt.date(2026, 5, 23), today)
    assert date_range("2w", None, None, today) == (dt.date(2026, 5, 16), today)
    assert date_range("2026-05-20", None, None, today) == (dt.date(2026, 5, 20), today)
    assert date_range(None, "2026-05-01", "2026-05-03", today) == (dt.date(2026, 5, 1), dt.date(2026, 5, 3))
    assert date_range(None, None, None, today) == (dt.date(2026, 5, 23), today)
    with pytest.raises(InputError, match="--since yesterday: expected a date"):
        date_range("yesterday", None, None, today)
    with pytest.raises(InputError, match="not both"):
        date_range("7d", "2026-05-01", None, today)
    with pytest.raises(InputError, match="is after"):
        date_range(None, "2026-05-10", "2026-05-01", today)


def test_sources_come_from_the_command_line_else_the_profile() -> None:
    profile = parse_profile('sources = ["huggingface"]\nfeeds = ["https://a.org/rss"]', "p")
    assert choose_sources((), profile) == ("huggingface",)
    assert choose_sources(("arxiv", "arxiv"), profile) == ("arxiv",)
    assert choose_sources((), parse_profile('feeds = ["https://a.org/rss"]', "p")) == ("arxiv", "feeds")
    with pytest.raises(InputError) as caught:
        choose_sources(("arxv",), profile)
    assert str(caught.value) == "unknown source 'arxv'; known sources: arxiv, arxiv-rss, huggingface, feeds"


def test_a_truncated_page_keeps_the_pages_before_it(store: Store) -> None:
    body = recorded("arxiv-api/day-2026-05-25-p2.xml").content
    router = arxiv_routes(Router())
    router.routes.insert(0, (on_day("20260525", "3"), [httpx.Response(200, content=body[: len(body) // 3])]))
    report, _ = run(store, router, ("arxiv",))
    (result,) = report.results
    assert result.errors[0].startswith("malformed feed from https://export.arxiv.org/api/query?")
    assert store.count_papers() == 3
    state = store.fetch_state("arxiv", "cs.AI+cs.CL+cs.LG@2026-05-25")
    assert state is not None and (state.cursor, state.completed) == ("3", False)
