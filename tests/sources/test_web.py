from __future__ import annotations

import datetime as dt
import json

import httpx

from quarterdeck.endpoints import Endpoints
from quarterdeck.records import Paper, Rejected
from quarterdeck.sources.web import fetch_target, inverted_index_text, work_to_paper
from quarterdeck.targets import Target, parse_target
from tests.fetch_fakes import FETCH_DATA, FakeClock, Router, make_client, param, recorded

NUMPY_DOI = "10.1038/s41586-020-2649-2"


def test_a_doi_resolves_through_openalex_with_the_abstract_rebuilt() -> None:
    router = Router().add(f"/works/doi:{NUMPY_DOI}", recorded(f"openalex/{NUMPY_DOI.replace('/', '-')}.json"))
    with make_client(router, FakeClock()) as client:
        paper = fetch_target(client, Endpoints(), Target("doi", NUMPY_DOI, NUMPY_DOI))
    assert isinstance(paper, Paper)
    assert paper.title == "Array programming with NumPy"
    assert paper.abstract.startswith("Array programming provides a powerful, compact and expressive syntax")
    assert paper.abstract.endswith("the next decade of scientific and industrial computing.")
    assert paper.authors[:2] == ("Charles R. Harris", "K. Jarrod Millman")
    assert (paper.doi, paper.published) == (NUMPY_DOI, dt.date(2020, 9, 16))
    assert paper.arxiv_id == "2006.10256"  # OpenAlex lists the arXiv copy: the work merges with it
    assert (paper.source, paper.source_ref) == ("openalex", NUMPY_DOI)


def test_inverted_index_text_puts_words_back_in_order() -> None:
    assert inverted_index_text({"world": [1], "hello": [0, 2]}) == "hello world hello"
    assert inverted_index_text(None) == ""


def test_a_doi_openalex_does_not_know_is_rejected() -> None:
    router = Router().add("", httpx.Response(404, json={"error": "not found"}))
    with make_client(router, FakeClock()) as client:
        item = fetch_target(client, Endpoints(), Target("doi", "10.9999/nope", "10.9999/nope"))
    assert item == Rejected("10.9999/nope", "OpenAlex knows no work with DOI 10.9999/nope")


def test_a_work_without_a_title_is_rejected() -> None:
    work = json.loads((FETCH_DATA / f"openalex/{NUMPY_DOI.replace('/', '-')}.json").read_text())
    work["title"] = work["display_name"] = None
    assert isinstance(work_to_paper(work, NUMPY_DOI), Rejected)


def test_an_arxiv_link_becomes_the_arxiv_record() -> None:
    router = Router().add(param("id_list", "1706.03762"), recorded("arxiv-api/ids-1706.03762.xml"))
    target = parse_target("https://arxiv.org/pdf/1706.03762v2")
    assert target is not None
    with make_client(router, FakeClock()) as client:
        paper = fetch_target(client, Endpoints(), target)
    assert isinstance(paper, Paper)
    assert (paper.arxiv_id, paper.version, paper.source) == ("1706.03762", 7, "arxiv")


def test_a_web_page_is_read_for_its_title_and_main_text() -> None:
    url = "https://lab.example.org/posts/eval-bill"
    router = Router().add(url, recorded("web/article.html"))
    with make_client(router, FakeClock()) as client:
        paper = fetch_target(client, Endpoints(), Target("url", url, url))
    assert isinstance(paper, Paper)
    assert paper.title == "Caching rubric checks: how we halved our eval bill"
    assert paper.abstract == "We replaced half of our LLM-as-a-judge calls with cached rubric checks."
    assert "agreement with our human raters stayed above 90 percent" in paper.full_text
    assert "Cookie settings" not in paper.full_text and "Home | Posts" not in paper.full_text
    assert (paper.authors, paper.published) == (("Dana Example",), dt.date(2026, 5, 26))
    assert (paper.source, paper.url) == ("web", url)


def test_a_page_with_nothing_to_read_is_rejected() -> None:
    router = Router().add(
        "", httpx.Response(200, content=b"\x89PNG....", headers={"Content-Type": "image/png"})
    )
    with make_client(router, FakeClock()) as client:
        item = fetch_target(client, Endpoints(), Target("url", "https://x.org/a.png", "https://x.org/a.png"))
    assert item == Rejected("https://x.org/a.png", "cannot read a page of type image/png")
