from __future__ import annotations

import datetime as dt

import httpx
import pytest

from quarterdeck.errors import PayloadError
from quarterdeck.records import Paper, Rejected, Signals
from quarterdeck.sources.huggingface import HuggingFaceSource, parse_daily
from tests.fetch_fakes import FakeClock, Router, make_client, make_context, param, recorded

DAY = dt.date(2026, 5, 26)


def test_a_day_of_daily_papers_with_upvotes_and_featured_day() -> None:
    router = Router().add(param("date", "2026-05-26"), recorded("huggingface/2026-05-26.json"))
    with make_client(router, FakeClock()) as client:
        ctx = make_context(client)
        (window,) = HuggingFaceSource().windows(ctx, DAY, DAY)
        (page,) = HuggingFaceSource().pages(ctx, window, "")
    assert str(router.requests[0].url) == "https://huggingface.co/api/daily_papers?date=2026-05-26&limit=100"
    first, second = page.items
    assert isinstance(first, Paper) and isinstance(second, Paper)
    assert first.arxiv_id == "2605.22826" and first.version is None
    assert first.title == "Evaluating Large Language Models in a Complex Hidden Role Game"
    assert first.authors == ("Niklas Bauer",)
    assert first.signals == Signals(upvotes=37, featured_on=DAY)
    assert (first.source, first.source_ref, first.url) == (
        "huggingface",
        "2605.22826",
        "https://huggingface.co/papers/2605.22826",
    )
    assert second.signals is not None and second.signals.upvotes == 12


def test_an_entry_without_a_paper_is_rejected_alone() -> None:
    items = parse_daily(b'[{"title": "no paper"}, {"paper": {"id": "2605.1", "title": "T"}}]', "u", DAY)
    assert isinstance(items[0], Rejected) and items[0].reason == "entry has no 'paper' object"
    assert isinstance(items[1], Paper) and items[1].arxiv_id is None  # not a valid arXiv id


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"<html>rate limited</html>", "did not return JSON"),
        (b'{"error": "x"}', "returned dict, not the list"),
    ],
)
def test_a_body_that_is_not_the_list_is_a_payload_error(body: bytes, message: str) -> None:
    with pytest.raises(PayloadError, match=message):
        parse_daily(body, "https://huggingface.co/api/daily_papers?date=2026-05-26", DAY)


def test_a_day_without_papers_is_a_note() -> None:
    router = Router().add("", httpx.Response(200, json=[]))
    with make_client(router, FakeClock()) as client:
        ctx = make_context(client)
        (page,) = HuggingFaceSource().pages(ctx, HuggingFaceSource().windows(ctx, DAY, DAY)[0], "")
    assert page.items == [] and page.notes == ("Hugging Face: no daily papers on 2026-05-26",)
