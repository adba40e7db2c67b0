"""Fixtures for the source readers: sample files and PDFs generated at test time.

The JSONL samples are real arXiv metadata (CC0) copied from the bundled snapshot; the
BibTeX, Markdown and text samples carry real bibliographic metadata typed by hand.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fpdf import FPDF
from pypdf import PdfWriter

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "sources"

PdfMaker = Callable[..., Path]


@pytest.fixture
def data_dir() -> Path:
    """The folder holding the small sample files."""
    return DATA_DIR


@pytest.fixture
def signmae() -> dict[str, Any]:
    """A real arXiv record (2605.02094, CC0 metadata) from the sample file."""
    lines = (DATA_DIR / "arxiv-sample.jsonl").read_text(encoding="utf-8").splitlines()
    record: dict[str, Any] = json.loads(lines[1])
    assert record["id"] == "2605.02094"
    return record


def _lines(pdf: FPDF, height: float, text: str, align: str = "J") -> None:
    pdf.multi_cell(0, height, text, align=align, new_x="LMARGIN", new_y="NEXT")


def _write_paper(pdf: FPDF, record: dict[str, Any], *, stamp: bool, abstract_heading: bool) -> None:
    """Lay out a two-page preprint the way arXiv papers look."""
    pdf.add_page()
    if stamp:
        with pdf.rotation(90, x=12, y=200):
            pdf.set_font("Times", size=20)
            pdf.text(12, 200, f"arXiv:{record['id']}v1  [cs.CV]  5 May 2026")
    pdf.set_font("Helvetica", style="B", size=18)
    _lines(pdf, 9, record["title"], align="C")
    pdf.set_font("Helvetica", size=12)
    _lines(pdf, 7, "   ".join(record["authors"]), align="C")
    pdf.ln(4)
    if abstract_heading:
        pdf.set_font("Helvetica", style="B", size=12)
        _lines(pdf, 7, "Abstract", align="C")
    pdf.set_font("Helvetica", size=10)
    _lines(pdf, 5, record["abstract"])
    pdf.ln(4)
    pdf.set_font("Helvetica", style="B", size=12)
    _lines(pdf, 7, "1 Introduction", align="L")
    pdf.set_font("Helvetica", size=10)
    body = "Sign language recognition maps videos of signing to glosses. " * 12
    _lines(pdf, 5, body)
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    _lines(pdf, 5, body)
    _lines(pdf, 5, "References\nVaswani et al. Attention is all you need. arXiv:1706.03762, 2017.", align="L")


@pytest.fixture
def make_pdf(tmp_path: Path, signmae: dict[str, Any]) -> PdfMaker:
    """Build a preprint-like PDF of the SignMAE record; options change metadata and encryption."""

    def make(
        name: str = "paper.pdf",
        *,
        metadata_title: str | None = None,
        stamp: bool = True,
        abstract_heading: bool = True,
        user_password: str | None = None,
    ) -> Path:
        pdf = FPDF()
        if metadata_title is not None:
            pdf.set_title(metadata_title)
        _write_paper(pdf, signmae, stamp=stamp, abstract_heading=abstract_heading)
        path = tmp_path / name
        pdf.output(str(path))
        if user_password is not None:
            writer = PdfWriter(clone_from=path)
            writer.encrypt(user_password=user_password, owner_password="owner", algorithm="AES-256")
            writer.write(path)
        return path

    return make
