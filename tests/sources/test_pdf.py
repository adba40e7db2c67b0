"""PDF reading, on preprint-like PDFs generated at test time with fpdf2."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fpdf import FPDF

from quarterdeck.errors import InputError
from quarterdeck.records import Paper
from quarterdeck.sources import read_file

PdfMaker = Callable[..., Path]
"""The ``make_pdf`` fixture from conftest.py."""


def _one(path: Path) -> Paper:
    (paper,) = list(read_file(path))
    assert isinstance(paper, Paper)
    return paper


def test_preprint_title_abstract_stamp_and_text(make_pdf: PdfMaker, signmae: dict[str, Any]) -> None:
    path = make_pdf()
    paper = _one(path)
    assert paper.title == signmae["title"]
    assert paper.abstract == signmae["abstract"]
    # The stamp's id, not the one cited in the references on page two.
    assert (paper.arxiv_id, paper.version) == ("2605.02094", 1)
    assert "1 Introduction" in paper.full_text
    assert "Attention is all you need" in paper.full_text
    assert (paper.source, paper.source_ref) == ("pdf", str(path))


def test_real_metadata_title_wins(make_pdf: PdfMaker) -> None:
    paper = _one(make_pdf(metadata_title="SignMAE: Segmentation-Driven Self-Supervised Learning"))
    assert paper.title == "SignMAE: Segmentation-Driven Self-Supervised Learning"


@pytest.mark.parametrize("junk", ["", "paper.pdf", "Microsoft Word - signmae_final.docx"])
def test_junk_metadata_title_is_ignored(make_pdf: PdfMaker, signmae: dict[str, Any], junk: str) -> None:
    assert _one(make_pdf(metadata_title=junk)).title == signmae["title"]


def test_without_abstract_heading_first_paragraph_is_used(
    make_pdf: PdfMaker, signmae: dict[str, Any]
) -> None:
    paper = _one(make_pdf(stamp=False, abstract_heading=False))
    assert paper.abstract == signmae["abstract"]
    assert paper.arxiv_id is None


def test_encrypted_pdf_is_an_input_error(make_pdf: PdfMaker) -> None:
    path = make_pdf(user_password="secret")
    with pytest.raises(InputError) as caught:
        list(read_file(path))
    assert str(caught.value) == f"{path}: encrypted PDF; decrypt it first"


def test_pdf_with_only_an_owner_password_is_read(make_pdf: PdfMaker, signmae: dict[str, Any]) -> None:
    assert _one(make_pdf(user_password="")).title == signmae["title"]


def test_text_file_named_pdf_is_not_a_pdf(tmp_path: Path) -> None:
    path = tmp_path / "fake.pdf"
    path.write_text("Attention Is All You Need\n\nThe dominant sequence transduction models...\n")
    with pytest.raises(InputError) as caught:
        list(read_file(path))
    assert str(caught.value) == f"{path}: not a PDF file"


def test_damaged_pdf_gives_pypdf_reason_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "cut.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog")
    with pytest.raises(InputError, match=r"cut\.pdf: damaged PDF \(.+\)$") as caught:
        list(read_file(path))
    assert "\n" not in str(caught.value)


def test_pdf_without_text_is_an_input_error(tmp_path: Path) -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 140)
    path = tmp_path / "scan.pdf"
    pdf.output(str(path))
    with pytest.raises(InputError) as caught:
        list(read_file(path))
    assert str(caught.value) == f"{path}: no extractable text (scanned PDF?)"
