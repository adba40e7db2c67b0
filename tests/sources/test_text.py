"""Plain text and Markdown reading."""

from __future__ import annotations

from pathlib import Path

import pytest

from quarterdeck.errors import InputError
from quarterdeck.records import Paper
from quarterdeck.sources import read_file


def _one(path: Path) -> Paper:
    (paper,) = list(read_file(path))
    assert isinstance(paper, Paper)
    return paper


def test_markdown_heading_abstract_section_and_stamp(data_dir: Path) -> None:
    path = data_dir / "attention.md"
    paper = _one(path)
    assert paper.title == "Attention Is All You Need"
    assert paper.abstract == (
        "The dominant sequence transduction models are based on complex recurrent or convolutional "
        "neural networks that include an encoder and a decoder. The best performing models also "
        "connect the encoder and decoder through an attention mechanism. We propose a new simple "
        "network architecture, the Transformer, based solely on attention mechanisms, dispensing "
        "with recurrence and convolutions entirely."
    )
    # The id cited in the introduction is another paper's.
    assert (paper.arxiv_id, paper.version) == ("1706.03762", 7)
    assert "1 Introduction" in paper.full_text
    assert (paper.source, paper.source_ref) == ("text", str(path))


def test_plain_text_first_line_title_first_paragraph_and_doi(data_dir: Path) -> None:
    paper = _one(data_dir / "bert-notes.txt")
    assert paper.title == "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding"
    assert paper.abstract == (
        "We introduce a new language representation model called BERT, which stands for "
        "Bidirectional Encoder Representations from Transformers."
    )
    assert paper.doi == "10.18653/v1/n19-1423"
    assert paper.arxiv_id is None


def test_bom_setext_title_and_inline_abstract(tmp_path: Path) -> None:
    path = tmp_path / "note.markdown"
    text = "Layer Normalization\n===================\n\nAbstract: Training deep networks is slow.\n"
    path.write_bytes(("\ufeff" + text).encode("utf-8"))
    paper = _one(path)
    assert paper.title == "Layer Normalization"
    assert paper.abstract == "Training deep networks is slow."


def test_title_only_file_has_empty_abstract(tmp_path: Path) -> None:
    path = tmp_path / "title.txt"
    path.write_text("Deep Residual Learning for Image Recognition\n", encoding="utf-8")
    paper = _one(path)
    assert (paper.title, paper.abstract) == ("Deep Residual Learning for Image Recognition", "")


def test_not_utf8_names_the_byte_and_offset(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(b"Caf\xe9 and other papers\n")
    with pytest.raises(InputError) as caught:
        list(read_file(path))
    assert str(caught.value) == f"{path}: not UTF-8 text (invalid byte 0xe9 at offset 3)"


@pytest.mark.parametrize("name", ["empty.txt", "empty.md"])
@pytest.mark.parametrize("content", [b"", b" \n\n\t \n"])
def test_empty_or_blank_text_is_an_input_error(tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        list(read_file(path))
    assert str(caught.value) == f"{path}: empty file"
