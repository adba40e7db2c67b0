"""Choosing files and readers: expand_paths and read_file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from quarterdeck.errors import InputError
from quarterdeck.records import Paper, Rejected
from quarterdeck.sources import SUPPORTED_SUFFIXES, expand_paths, read_file


@pytest.fixture
def mixed_folder(tmp_path: Path, data_dir: Path) -> Path:
    """A folder of supported, unsupported and hidden files, with a subfolder."""
    root = tmp_path / "inbox"
    (root / "notes").mkdir(parents=True)
    (root / ".git").mkdir()
    shutil.copy(data_dir / "arxiv-sample.jsonl", root / "b-feed.jsonl")
    shutil.copy(data_dir / "references.bib", root / "a-refs.bib")
    shutil.copy(data_dir / "attention.md", root / "notes" / "attention.md")
    shutil.copy(data_dir / "bert-notes.txt", root / "notes" / "BERT.TXT")
    (root / "figure.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (root / "README").write_text("no suffix\n")
    (root / ".hidden.jsonl").write_text("{}\n")
    (root / ".git" / "config.txt").write_text("[core]\n")
    return root


def test_supported_suffixes() -> None:
    assert set(SUPPORTED_SUFFIXES) == {".jsonl", ".jsonl.gz", ".bib", ".pdf", ".txt", ".md", ".markdown"}


def test_missing_path_is_an_input_error(tmp_path: Path) -> None:
    missing = tmp_path / "nope.jsonl"
    with pytest.raises(InputError) as caught:
        expand_paths([missing])
    assert str(caught.value) == f"no such file or directory: {missing}"


def test_folder_is_walked_sorted_skipping_hidden_and_rejecting_unsupported(mixed_folder: Path) -> None:
    files, rejected = expand_paths([mixed_folder])
    assert files == [
        mixed_folder / "a-refs.bib",
        mixed_folder / "b-feed.jsonl",
        mixed_folder / "notes" / "BERT.TXT",
        mixed_folder / "notes" / "attention.md",
    ]
    assert [r.source_ref for r in rejected] == [
        str(mixed_folder / "README"),
        str(mixed_folder / "figure.png"),
    ]
    assert rejected[1].reason == (
        "unsupported file type '.png' (expected one of .jsonl, .jsonl.gz, .bib, .pdf, .txt, .md, .markdown)"
    )
    assert rejected[0].reason.startswith("unsupported file type '(none)'")


def test_named_files_keep_their_order_and_are_read_once(mixed_folder: Path) -> None:
    feed, png, hidden = (
        mixed_folder / "b-feed.jsonl",
        mixed_folder / "figure.png",
        mixed_folder / ".hidden.jsonl",
    )
    files, rejected = expand_paths([feed, hidden, png, mixed_folder])
    # A hidden file named explicitly is read; the folder walk does not add `feed` again.
    assert files[:3] == [feed, hidden, mixed_folder / "a-refs.bib"]
    assert files.count(feed) == 1
    assert [r.source_ref for r in rejected] == [str(png), str(mixed_folder / "README")]


def test_read_file_dispatches_on_suffix(mixed_folder: Path) -> None:
    files, _ = expand_paths([mixed_folder])
    sources = [{item.source for item in read_file(path) if isinstance(item, Paper)} for path in files]
    assert sources == [{"bibtex"}, {"jsonl"}, {"text"}, {"text"}]


@pytest.mark.parametrize("name", ["a.jsonl", "a.jsonl.gz", "a.bib", "a.pdf", "a.txt", "a.md", "a.markdown"])
def test_empty_file_of_any_type_is_an_input_error(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.touch()
    with pytest.raises(InputError) as caught:
        list(read_file(path))
    assert str(caught.value) == f"{path}: empty file"


def test_read_file_refuses_unsupported_and_missing_files(tmp_path: Path) -> None:
    image = tmp_path / "scan.png"
    image.write_bytes(b"\x89PNG")
    with pytest.raises(InputError, match=r"scan\.png: unsupported file type '\.png'"):
        list(read_file(image))
    with pytest.raises(InputError, match="no such file or directory"):
        list(read_file(tmp_path / "gone.bib"))


def test_unreadable_file_is_an_input_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "locked.jsonl"
    path.write_text("{}\n")

    def refuse(self: Path, *args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(self))

    # chmod 000 does not stop root, which the tests may run as.
    monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(InputError) as caught:
        list(read_file(path))
    assert str(caught.value) == f"{path}: cannot read file (Permission denied)"


def test_folder_named_like_a_file_is_an_input_error(tmp_path: Path) -> None:
    folder = tmp_path / "odd.jsonl"
    folder.mkdir()
    with pytest.raises(InputError, match=r"odd\.jsonl: is a directory, not a file$"):
        list(read_file(folder))


def test_rejections_are_items_not_errors(data_dir: Path) -> None:
    items = list(read_file(data_dir / "broken.bib"))
    assert any(isinstance(item, Rejected) for item in items)
    assert any(isinstance(item, Paper) for item in items)
