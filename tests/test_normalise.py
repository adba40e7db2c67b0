from __future__ import annotations

import pytest

from quarterdeck.normalise import (
    clean_text,
    find_arxiv_id,
    normalise_doi,
    paper_key,
    parse_arxiv_id,
    title_key,
)
from quarterdeck.records import Paper


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2406.01234", ("2406.01234", None)),
        ("2406.01234v2", ("2406.01234", 2)),
        ("arXiv:2501.10120v1", ("2501.10120", 1)),
        ("https://arxiv.org/abs/2406.01234v3", ("2406.01234", 3)),
        ("https://arxiv.org/pdf/2406.01234", ("2406.01234", None)),
        ("hep-th/9901001v2", ("hep-th/9901001", 2)),
        ("not an id", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_arxiv_id(value: str | None, expected: tuple[str, int | None] | None) -> None:
    assert parse_arxiv_id(value) == expected


def test_find_arxiv_id_in_margin_stamp() -> None:
    text = "PaSa: An LLM Agent\narXiv:2501.10120v1 [cs.IR] 17 Jan 2025\nAbstract"
    assert find_arxiv_id(text) == ("2501.10120", 1)
    assert find_arxiv_id("see table 2406.01234 for numbers") is None


def test_normalise_doi() -> None:
    assert normalise_doi("https://doi.org/10.1145/3292500.3330701.") == "10.1145/3292500.3330701"
    assert normalise_doi("DOI: 10.48550/ARXIV.2406.01234") == "10.48550/arxiv.2406.01234"
    assert normalise_doi("none") is None


def test_clean_text_collapses_whitespace() -> None:
    assert clean_text("  Large\n  Language\tModels ") == "Large Language Models"
    assert clean_text(None) == ""


def test_title_key_ignores_case_accents_punctuation_and_name_order() -> None:
    a = title_key("Attention Is All You Need!", ("Ashish Vaswani", "Noam Shazeer"))
    b = title_key("attention is all you  need", ("Vaswani, Ashish",))
    assert a == b == "attention is all you need|vaswani"
    assert title_key("Café models", ("José Núñez",)) == "cafe models|nunez"


def test_paper_key_prefers_arxiv_then_doi_then_title() -> None:
    base = Paper(title="T", abstract="A", authors=("Ada Lovelace",))
    assert (
        paper_key(Paper(title="T", abstract="A", arxiv_id="2406.01234", doi="10.1/x")) == "arxiv:2406.01234"
    )
    assert paper_key(Paper(title="T", abstract="A", doi="10.1/x")) == "doi:10.1/x"
    assert paper_key(base) == "title:t|lovelace"


def test_strip_latex_keeps_the_words() -> None:
    from quarterdeck.normalise import strip_latex

    text = r"Needs more work. \footnote{Code is available in \href{https://x.org/r}{https://x.org/r}}"
    assert strip_latex(text) == "Needs more work. Code is available in https://x.org/r"
    assert strip_latex(r"We use \textbf{LoRA} at $O(n^2)$ cost.") == "We use LoRA at cost."
    assert strip_latex("plain 100% text") == "plain 100% text"
