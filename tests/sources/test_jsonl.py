"""JSONL reading: the shared arXiv schema, gzip, per-line rejections and the bundled snapshot."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from quarterdeck.errors import InputError
from quarterdeck.records import Paper, Rejected
from quarterdeck.sources import read_bundled, read_file
from quarterdeck.sources.jsonl import read_jsonl_lines


def _papers(items: list[Paper | Rejected]) -> list[Paper]:
    return [item for item in items if isinstance(item, Paper)]


def test_reads_real_records_in_the_shared_schema(data_dir: Path) -> None:
    path = data_dir / "arxiv-sample.jsonl"
    items = list(read_file(path))
    assert len(items) == 3
    first = items[0]
    assert isinstance(first, Paper)
    assert first.title == "Putting HUMANS first: Efficient LAM Evaluation with Human Preference Alignment"
    assert first.abstract.startswith("The rapid proliferation of large audio models (LAMs)")
    assert first.authors == ("Woody Haosheng Gan", "William Held", "Diyi Yang")
    assert (first.arxiv_id, first.version) == ("2605.00022", None)
    assert first.published == dt.date(2026, 5, 4)
    assert first.categories == ("cs.CL", "cs.AI", "cs.SD")
    assert first.comment.startswith("Proceedings of the 64th Annual Meeting")
    assert (first.source, first.source_ref) == ("jsonl", f"{path}:1")
    assert [item.source_ref for item in items] == [f"{path}:{n}" for n in (1, 2, 3)]


def test_gzip_file_reads_like_the_plain_one(data_dir: Path, tmp_path: Path) -> None:
    plain = data_dir / "arxiv-sample.jsonl"
    packed = tmp_path / "sample.jsonl.gz"
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    from_plain = _papers(list(read_file(plain)))
    from_packed = _papers(list(read_file(packed)))
    assert [p.title for p in from_packed] == [p.title for p in from_plain]
    assert from_packed[2].source_ref == f"{packed}:3"


def test_bad_lines_are_rejected_with_their_line_and_reading_continues(data_dir: Path) -> None:
    path = data_dir / "mixed-lines.jsonl"
    items = list(read_file(path))
    rejected = [(item.source_ref, item.reason) for item in items if isinstance(item, Rejected)]
    assert [ref for ref, _ in rejected] == [f"{path}:{n}" for n in (2, 3, 4, 6, 7)]
    reasons = [reason for _, reason in rejected]
    assert reasons[0].startswith("not valid JSON: Unterminated string")
    assert reasons[1:] == [
        "not a JSON object (got list)",
        "missing title",
        "missing abstract",
        "bad published date '05/05/2026'",
    ]
    papers = _papers(items)
    assert [p.source_ref for p in papers] == [f"{path}:1", f"{path}:8"]


def test_versioned_id_timestamp_date_and_extra_keys(data_dir: Path) -> None:
    papers = _papers(list(read_file(data_dir / "mixed-lines.jsonl")))
    assert papers[0].arxiv_id == "2605.00022"  # the line also has "label" and "verdict" keys
    last = papers[1]
    assert (last.arxiv_id, last.version) == ("2605.13624", 2)
    assert last.published == dt.date(2026, 5, 14)


def test_non_arxiv_id_that_is_a_doi_becomes_the_doi(tmp_path: Path) -> None:
    path = tmp_path / "doi.jsonl"
    record = {"id": "https://doi.org/10.18653/v1/N19-1423", "title": "BERT", "abstract": "We introduce BERT."}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    (paper,) = list(read_file(path))
    assert isinstance(paper, Paper)
    assert (paper.arxiv_id, paper.doi, paper.published) == (None, "10.18653/v1/n19-1423", None)


def test_reading_is_streamed(data_dir: Path) -> None:
    def lines() -> Iterator[bytes]:
        yield (data_dir / "arxiv-sample.jsonl").read_bytes().splitlines(keepends=True)[0]
        raise AssertionError("read past the first line before it was asked for")

    first = next(read_jsonl_lines(lines(), "feed", source="jsonl"))
    assert isinstance(first, Paper) and first.source_ref == "feed:1"


@pytest.mark.parametrize("content", [b"", b"\n  \n\n"])
def test_empty_file_is_an_input_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_bytes(content)
    with pytest.raises(InputError, match=r"empty\.jsonl: empty file$"):
        list(read_file(path))


def test_file_that_is_not_utf8_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "latin1.jsonl"
    path.write_bytes('{"title": "Caf\u00e9"}\n'.encode("latin-1"))
    with pytest.raises(InputError, match=r"latin1\.jsonl: not UTF-8 text \(invalid byte 0xe9 at offset 14\)"):
        list(read_file(path))


def test_damaged_gzip_is_an_input_error(data_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(gzip.compress((data_dir / "arxiv-sample.jsonl").read_bytes())[:200])
    with pytest.raises(InputError, match=r"cut\.jsonl\.gz: damaged gzip file"):
        list(read_file(path))


def test_bundled_snapshot_reads_whole() -> None:
    items = list(read_bundled())
    assert len(items) == 6668
    assert all(isinstance(item, Paper) and item.source == "bundled" for item in items)
    assert items[0].source_ref == "arxiv-snapshot.jsonl.gz:1"
