from __future__ import annotations

import datetime as dt

import httpx
import pytest

from quarterdeck.errors import HttpStatusError, PayloadError
from quarterdeck.records import Paper
from quarterdeck.sources.arxiv_api import ArxivApiSource, day_query, fetch_page, lookup_ids, parse_response
from tests.fetch_fakes import FETCH_DATA, FakeClock, Router, make_client, make_context, param, recorded

API = "https://export.arxiv.org/api/query"
DAY = "cs.AI+cs.CL+cs.LG@2026-05-25"


def day_router() -> Router:
    return (
        Router()
        .add(param("start", "0"), recorded("arxiv-api/day-2026-05-25-p1.xml"))
        .add(param("start", "3"), recorded("arxiv-api/day-2026-05-25-p2.xml"))
        .add(param("start", "6"), recorded("arxiv-api/day-2026-05-25-p3.xml"))
    )


def test_an_entry_becomes_a_paper_with_version_doi_comment_and_primary_category() -> None:
    page = parse_response((FETCH_DATA / "arxiv-api/ids-2006.10256.xml").read_bytes(), API)
    assert (page.total, page.start) == (1, 0)
    (paper,) = page.items
    assert isinstance(paper, Paper)
    assert (paper.arxiv_id, paper.version, paper.doi) == ("2006.10256", 1, "10.1038/s41586-020-2649-2")
    assert paper.title == "Array Programming with NumPy"
    assert paper.abstract.startswith(
        "Array programming provides a powerful, compact, expressive syntax for accessing"
    )
    assert "\n" not in paper.abstract
    assert paper.authors[:2] == ("Charles R. Harris", "K. Jarrod Millman")
    assert paper.categories == ("cs.MS", "stat.CO")
    assert paper.comment == "15 pages, 4 figures; published in Nature"
    assert paper.published == dt.date(2020, 6, 18)
    assert (paper.source, paper.source_ref, paper.url) == (
        "arxiv",
        "2006.10256v1",
        "https://arxiv.org/abs/2006.10256v1",
    )


def test_day_query_covers_one_utc_day_in_any_category() -> None:
    assert day_query(["cs.LG", "cs.CL"], dt.date(2026, 5, 25)) == (
        "(cat:cs.CL OR cat:cs.LG) AND submittedDate:[202605250000 TO 202605252359]"
    )


def test_a_day_is_read_page_by_page_three_seconds_apart() -> None:
    clock = FakeClock()
    router = day_router()
    with make_client(router, clock) as client:
        ctx = make_context(client)
        (window,) = ArxivApiSource().windows(ctx, dt.date(2026, 5, 25), dt.date(2026, 5, 25))
        assert window.key == DAY
        pages = list(ArxivApiSource().pages(ctx, window, ""))
    assert [len(p.items) for p in pages] == [3, 3, 1]
    assert [p.cursor for p in pages] == ["3", "6", "7"]
    assert [p.done for p in pages] == [False, False, True]
    assert {p.total for p in pages} == {7}
    assert clock.sleeps == [3.0, 3.0]
    first = router.requests[0].url.params
    assert first["search_query"] == day_query(["cs.CL", "cs.LG", "cs.AI"], dt.date(2026, 5, 25))
    assert (first["sortBy"], first["sortOrder"], first["max_results"]) == ("submittedDate", "ascending", "3")


def test_a_window_resumes_at_its_cursor() -> None:
    router = day_router()
    with make_client(router, FakeClock()) as client:
        ctx = make_context(client)
        window = ArxivApiSource().windows(ctx, dt.date(2026, 5, 25), dt.date(2026, 5, 25))[0]
        pages = list(ArxivApiSource().pages(ctx, window, "6"))
    assert [r.url.params["start"] for r in router.requests] == ["6"]
    assert [len(p.items) for p in pages] == [1]


def test_an_empty_window_is_one_request_and_no_papers() -> None:
    router = Router().add("", recorded("arxiv-api/empty.xml"))
    with make_client(router, FakeClock()) as client:
        ctx = make_context(client)
        window = ArxivApiSource().windows(ctx, dt.date(2026, 5, 31), dt.date(2026, 5, 31))[0]
        pages = list(ArxivApiSource().pages(ctx, window, ""))
    assert len(router.requests) == 1
    assert [(p.items, p.done, p.total) for p in pages] == [([], True, 0)]


def test_a_truncated_body_is_a_payload_error_naming_the_url() -> None:
    body = (FETCH_DATA / "arxiv-api/day-2026-05-25-p2.xml").read_bytes()
    router = Router().add("", httpx.Response(200, content=body[: len(body) // 2]))
    with make_client(router, FakeClock()) as client, pytest.raises(PayloadError) as caught:
        fetch_page(client, API, query="cat:cs.CL", start=3, size=3)
    message = str(caught.value)
    assert message.startswith("malformed feed from https://export.arxiv.org/api/query?start=3")
    assert "no element found" in message and "\n" not in message


def test_an_html_error_page_is_not_taken_for_an_empty_result() -> None:
    router = Router().add("", httpx.Response(200, text="<html><body>Service Unavailable</body></html>"))
    with (
        make_client(router, FakeClock()) as client,
        pytest.raises(PayloadError, match="did not return a feed"),
    ):
        fetch_page(client, API, query="cat:cs.CL")


def test_arxiv_explains_a_bad_request_and_the_error_says_so() -> None:
    router = Router().add("", recorded("arxiv-api/error-bad-id.xml", status=400))
    with make_client(router, FakeClock()) as client, pytest.raises(HttpStatusError) as caught:
        lookup_ids(client, API, ["1234.12345678"])
    assert str(caught.value).startswith(
        "arXiv API rejected the request: incorrect id format for 1234.12345678 (https://export.arxiv.org/"
    )
    assert len(router.requests) == 1


def test_an_empty_page_inside_the_results_is_asked_again_then_reported() -> None:
    clock = FakeClock()
    router = day_router().add("", recorded("arxiv-api/day-2026-05-25-p1.xml"))
    # Page 2 answers with the feed header of 7 results but no entries, every time.
    hollow = (
        (FETCH_DATA / "arxiv-api/empty.xml")
        .read_text()
        .replace(
            'totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">0<',
            'totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">7<',
        )
    )
    router.routes.insert(0, (param("start", "3"), [httpx.Response(200, text=hollow)]))
    with make_client(router, clock) as client:
        ctx = make_context(client)
        window = ArxivApiSource().windows(ctx, dt.date(2026, 5, 25), dt.date(2026, 5, 25))[0]
        pages = ArxivApiSource().pages(ctx, window, "")
        assert len(next(pages).items) == 3
        with pytest.raises(PayloadError, match="no entries at offset 3 of 7 after 3 tries"):
            next(pages)
    assert [r.url.params["start"] for r in router.requests] == ["0", "3", "3", "3"]


def test_lookup_by_id_returns_the_current_version() -> None:
    router = Router().add(param("id_list", "1706.03762"), recorded("arxiv-api/ids-1706.03762.xml"))
    with make_client(router, FakeClock()) as client:
        found = lookup_ids(client, API, ["1706.03762"])
    paper = found["1706.03762"]
    assert (paper.version, paper.title, paper.categories) == (
        7,
        "Attention Is All You Need",
        ("cs.CL", "cs.LG"),
    )
    assert paper.published == dt.date(2017, 6, 12)
