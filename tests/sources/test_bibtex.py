"""BibTeX reading: LaTeX decoding, names, ids, dates and broken entries."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from quarterdeck.errors import InputError
from quarterdeck.records import Paper, Rejected
from quarterdeck.sources import read_file


def _read(path: Path) -> list[Paper]:
    items = list(read_file(path))
    assert all(isinstance(item, Paper) for item in items), items
    return [item for item in items if isinstance(item, Paper)]


def test_entries_become_papers_in_file_order(data_dir: Path) -> None:
    path = data_dir / "references.bib"
    papers = _read(path)
    assert [p.source_ref for p in papers] == [
        f"{path}:vaswani2017attention",
        f"{path}:devlin-etal-2019-bert",
        f"{path}:he2025pasa",
        f"{path}:scholkopf2002learning",
    ]
    assert {p.source for p in papers} == {"bibtex"}


def test_eprint_names_month_and_abstract(data_dir: Path) -> None:
    attention = _read(data_dir / "references.bib")[0]
    assert attention.title == "Attention Is All You Need"
    assert attention.authors[0] == "Ashish Vaswani"
    assert attention.authors[6] == "Łukasz Kaiser"
    assert len(attention.authors) == 8
    assert (attention.arxiv_id, attention.version) == ("1706.03762", 7)
    assert attention.categories == ("cs.CL",)
    assert attention.published == dt.date(2017, 12, 1)
    assert attention.abstract == (
        "The dominant sequence transduction models are based on complex recurrent or "
        "convolutional neural networks that include an encoder and a decoder."
    )


def test_braces_doi_note_and_quoted_values(data_dir: Path) -> None:
    bert = _read(data_dir / "references.bib")[1]
    assert bert.title == "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding"
    assert bert.authors == ("Jacob Devlin", "Ming-Wei Chang", "Kenton Lee", "Kristina Toutanova")
    assert bert.doi == "10.18653/v1/n19-1423"
    assert bert.arxiv_id is None
    assert bert.published == dt.date(2019, 6, 1)
    assert bert.comment == "Best long paper"
    assert bert.abstract == ""


def test_arxiv_id_from_journal_and_accents_in_names(data_dir: Path) -> None:
    _, _, pasa, kernels = _read(data_dir / "references.bib")
    assert pasa.title == "PaSa: An LLM Agent for Comprehensive Academic Paper Search"
    assert (pasa.arxiv_id, pasa.version) == ("2501.10120", None)
    assert pasa.authors[-1] == "Weinan E"
    assert pasa.published == dt.date(2025, 1, 1)
    assert kernels.authors == ("Bernhard Schölkopf", "Alexander J. Smola")


def test_broken_entries_are_rejected_and_good_ones_kept(data_dir: Path) -> None:
    path = data_dir / "broken.bib"
    items = list(read_file(path))
    papers = [item for item in items if isinstance(item, Paper)]
    assert [p.title for p in papers] == [
        "Adam: A Method for Stochastic Optimization",
        "Batch Normalization: Accelerating Deep Network Training by Reducing Internal Covariate Shift",
    ]
    assert papers[1].arxiv_id == "1502.03167"  # from the url field
    rejected = [(item.source_ref, item.reason) for item in items if isinstance(item, Rejected)]
    assert [ref for ref, _ in rejected] == [f"{path}:8", f"{path}:13", f"{path}:notitle2016", f"{path}:24"]
    assert rejected[0][1].startswith("entry unclosed2015 is not valid BibTeX: ")
    assert rejected[1][1] == "duplicate entry key 'kingma2014adam' (the first entry with it is kept)"
    assert rejected[2][1] == "entry notitle2016 has no title"
    assert rejected[3][1] == "entry twotitles2016 repeats field(s) title"


def test_file_with_only_comments_yields_nothing(tmp_path: Path) -> None:
    path = tmp_path / "comments.bib"
    path.write_text("% nothing here yet\n@comment{todo}\n", encoding="utf-8")
    assert list(read_file(path)) == []


@pytest.mark.parametrize("content", [b"", b"  \n\t\n"])
def test_empty_bib_is_an_input_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "refs.bib"
    path.write_bytes(content)
    with pytest.raises(InputError, match=r"refs\.bib: empty file$"):
        list(read_file(path))


def test_bib_that_is_not_utf8_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "refs.bib"
    path.write_bytes("@misc{a, title={Sch\u00f6lkopf}}".encode("latin-1"))
    with pytest.raises(InputError, match=r"refs\.bib: not UTF-8 text \(invalid byte 0xf6 at offset 19\)"):
        list(read_file(path))
