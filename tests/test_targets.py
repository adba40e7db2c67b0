from __future__ import annotations

from pathlib import Path

import pytest

from quarterdeck.errors import InputError
from quarterdeck.targets import Target, parse_target, split_targets

NUMPY_DOI = "10.1038/s41586-020-2649-2"


@pytest.mark.parametrize(
    ("arg", "kind", "value"),
    [
        ("arxiv:1706.03762", "arxiv", "1706.03762"),
        ("arXiv:1706.03762v5", "arxiv", "1706.03762v5"),
        ("https://arxiv.org/abs/1706.03762v7", "arxiv", "1706.03762v7"),
        ("https://arxiv.org/pdf/1706.03762", "arxiv", "1706.03762"),
        ("https://export.arxiv.org/abs/hep-th/9901001", "arxiv", "hep-th/9901001"),
        ("10.48550/arXiv.1706.03762", "arxiv", "1706.03762"),
        (NUMPY_DOI, "doi", NUMPY_DOI),
        ("doi:10.1038/S41586-020-2649-2", "doi", NUMPY_DOI),
        (f"https://doi.org/{NUMPY_DOI}", "doi", NUMPY_DOI),
        ("https://lab.example.org/posts/eval-bill", "url", "https://lab.example.org/posts/eval-bill"),
    ],
)
def test_what_an_argument_asks_to_fetch(arg: str, kind: str, value: str) -> None:
    assert parse_target(arg) == Target(kind, value, arg)  # type: ignore[arg-type]


@pytest.mark.parametrize("arg", ["papers.jsonl", "notes/attention.md", "./10", "ftp://x.org/a"])
def test_paths_are_not_targets(arg: str) -> None:
    assert parse_target(arg) is None


def test_a_broken_arxiv_reference_is_one_line() -> None:
    with pytest.raises(InputError, match="arxiv:12: not a valid arXiv id"):
        parse_target("arxiv:12")


def test_an_existing_file_is_a_path_even_if_it_looks_like_a_doi(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "10.1234").mkdir()
    (tmp_path / "10.1234" / "x.jsonl").write_text("{}")
    targets, paths = split_targets(["10.1234/x.jsonl", "10.1234/y", "arxiv:1706.03762"])
    assert paths == [Path("10.1234/x.jsonl")]
    assert [t.kind for t in targets] == ["doi", "arxiv"]
