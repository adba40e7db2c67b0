from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from quarterdeck.errors import SchemaTooNewError, StoreError
from quarterdeck.records import Classification, Paper, Rejected, Verdict
from quarterdeck.store import MIGRATIONS, Store

PAPER = Paper(
    title="Query-Adaptive Semantic Chunking for Retrieval-Augmented Generation",
    abstract="We propose a chunking method for RAG.",
    authors=("Ada Lovelace", "Alan Turing"),
    arxiv_id="2605.22834",
    version=1,
    published=dt.date(2026, 5, 25),
    categories=("cs.CL",),
    source="jsonl",
    source_ref="a.jsonl:1",
)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "q.db") as s:
        yield s


def test_new_store_applies_every_migration_in_wal_mode(tmp_path: Path) -> None:
    with Store(tmp_path / "q.db") as store:
        assert store.applied_migrations() == [name for name, _ in MIGRATIONS]
        assert store.count_papers() == 0
    db = sqlite3.connect(tmp_path / "q.db")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    # Reopening applies nothing twice.
    with Store(tmp_path / "q.db") as store:
        assert len(store.applied_migrations()) == len(MIGRATIONS)


def test_ingest_twice_stores_once(store: Store) -> None:
    first = store.ingest([PAPER])
    second = store.ingest([PAPER])
    assert (first.new, first.unchanged) == (1, 0)
    assert (second.new, second.updated, second.unchanged) == (0, 0, 1)
    assert store.count_papers() == 1


def test_versions_are_one_paper_and_newer_version_wins(store: Store) -> None:
    store.ingest([PAPER])
    v2 = replace(PAPER, version=2, abstract="We propose a better chunking method for RAG.", source_ref="b:1")
    report = store.ingest([v2])
    assert report.updated == 1
    stored = store.get("2605.22834v1")
    assert stored is not None
    assert stored.paper.abstract == v2.abstract
    assert stored.paper.version == 2
    # An older version read later does not roll the paper back.
    assert store.ingest([PAPER]).unchanged == 1
    stored = store.get("arxiv:2605.22834")
    assert stored is not None and stored.paper.abstract == v2.abstract
    assert stored.sources == ("jsonl:a.jsonl:1", "jsonl:b:1")


def test_record_without_id_merges_by_title_and_first_author(store: Store) -> None:
    store.ingest([PAPER])
    from_bibtex = Paper(
        title="Query-adaptive semantic chunking for retrieval-augmented generation",
        abstract="",
        authors=("Lovelace, Ada",),
        doi="10.1145/3711896.3736831",
        source="bibtex",
        source_ref="refs.bib:lovelace2026",
    )
    report = store.ingest([from_bibtex])
    assert report.updated == 1
    assert store.count_papers() == 1
    stored = store.get("10.1145/3711896.3736831")
    assert stored is not None
    assert stored.paper.arxiv_id == "2605.22834"
    assert stored.paper.abstract == PAPER.abstract  # an empty field never erases a stored one


def test_rejected_items_are_counted_not_stored(store: Store) -> None:
    report = store.ingest([PAPER, Rejected("a.jsonl:2", "not valid JSON")])
    assert report.new == 1
    assert report.rejected == [Rejected("a.jsonl:2", "not valid JSON")]
    assert report.total == 2


def test_failure_mid_ingest_keeps_previous_state(store: Store) -> None:
    store.ingest([PAPER])
    other = replace(PAPER, arxiv_id="2605.99999", title="Another paper")

    def crashing() -> Iterator[Paper]:
        yield other
        yield replace(PAPER, version=2, abstract="changed")
        raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError):
        store.ingest(crashing())
    assert store.count_papers() == 1
    stored = store.get("2605.22834")
    assert stored is not None and stored.paper.abstract == PAPER.abstract


def test_full_text_search_ranks_title_matches_and_ignores_operators(store: Store) -> None:
    store.ingest(
        [PAPER, replace(PAPER, arxiv_id="2605.00001", title="Speculative decoding", abstract="KV cache")]
    )
    assert [p.paper.arxiv_id for p in store.search("chunking")] == ["2605.22834"]
    assert [p.paper.arxiv_id for p in store.search("speculative decoding")] == ["2605.00001"]
    assert store.search('"unbalanced AND (') == []
    assert store.search("   ") == []


def test_classifications_are_kept_per_model_version_and_go_stale_on_change(store: Store) -> None:
    store.ingest([PAPER])
    (pending,) = store.unclassified("rules-1")
    cls = Classification("agent_pattern", 0.8, None, ("RAG",), "rules-1")
    verdict = Verdict("act", "fits", ("line",), "try it", 1.5, "policy-x")
    store.save_classifications([(pending.id, cls)])
    store.save_verdicts("rules-1", [(pending.id, verdict)])
    assert store.unclassified("rules-1") == []
    assert len(store.unclassified("model-2")) == 1
    (with_results,) = store.with_results([pending], "rules-1", "policy-x")
    assert with_results.classification == cls
    assert with_results.verdict == verdict
    # New content makes the old classification stale.
    store.ingest([replace(PAPER, version=2, abstract="Totally new abstract.")])
    assert len(store.unclassified("rules-1")) == 1
    (again,) = store.with_results([pending], "rules-1", "policy-x")
    assert again.classification is None and again.verdict is None


def test_papers_between_and_latest_day(store: Store) -> None:
    store.ingest([PAPER, replace(PAPER, arxiv_id="2605.00002", title="Later", published=dt.date(2026, 6, 2))])
    assert store.latest_day() == dt.date(2026, 6, 2)
    week = store.papers_between(dt.date(2026, 5, 25), dt.date(2026, 5, 31))
    assert [p.paper.arxiv_id for p in week] == ["2605.22834"]


def test_not_sqlite_file_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "q.db"
    path.write_text("these are my notes, not a database\n")
    with pytest.raises(StoreError, match="not an SQLite database"):
        Store(path)
    assert path.read_text() == "these are my notes, not a database\n"


def test_store_from_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "q.db"
    with Store(path) as store:
        store.ingest([PAPER])
    db = sqlite3.connect(path)
    db.execute("INSERT INTO migrations VALUES ('999_future', '2030-01-01')")
    db.commit()
    db.close()
    with pytest.raises(SchemaTooNewError, match="newer Quarterdeck"):
        Store(path)
    db = sqlite3.connect(path)
    assert db.execute("SELECT count(*) FROM papers").fetchone()[0] == 1


def test_read_only_home_gives_store_error(
    readonly_home: Path, as_unprivileged: Callable[[Callable[[], int]], int]
) -> None:
    def check() -> int:
        try:
            Store(readonly_home / "q.db")
        except StoreError:
            return 0
        return 1

    assert as_unprivileged(check) == 0
    assert list(readonly_home.iterdir()) == []
