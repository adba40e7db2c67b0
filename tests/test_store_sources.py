"""The store's per-source signals (migration 006) and the fetch state of live sources."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from quarterdeck.records import Paper, Signals
from quarterdeck.store import MIGRATIONS, Store

ARXIV = Paper(
    title="Evaluating Large Language Models in a Complex Hidden Role Game",
    abstract="Quantifying the deceptive potential of Large Language Models is critical for AI safety.",
    authors=("Niklas Bauer",),
    arxiv_id="2605.22826",
    version=1,
    published=dt.date(2026, 5, 25),
    categories=("cs.CL", "cs.AI"),
    url="https://arxiv.org/abs/2605.22826v1",
    source="arxiv",
    source_ref="2605.22826v1",
)
HF = replace(
    ARXIV,
    title="Evaluating large language models in a complex hidden role game",
    abstract="A shorter summary from the daily list.",
    version=None,
    categories=(),
    url="https://huggingface.co/papers/2605.22826",
    source="huggingface",
    source_ref="2605.22826",
    signals=Signals(upvotes=37, featured_on=dt.date(2026, 5, 26)),
)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "q.db") as s:
        yield s


def test_one_paper_keeps_every_source_with_its_signals(store: Store) -> None:
    store.ingest([ARXIV, HF, replace(ARXIV, version=3, source_ref="2605.22826v3")])
    assert store.count_papers() == 1
    stored = store.get("2605.22826")
    assert stored is not None
    assert stored.sources == ("arxiv:2605.22826v1", "huggingface:2605.22826", "arxiv:2605.22826v3")
    hf = next(s for s in stored.source_details if s.source == "huggingface")
    assert (hf.upvotes, hf.featured_on, hf.url) == (37, dt.date(2026, 5, 26), HF.url)
    assert stored.upvotes == 37
    assert stored.paper.version == 3


def test_an_unversioned_record_never_overrides_the_arxiv_text(store: Store) -> None:
    store.ingest([ARXIV])
    report = store.ingest([HF])
    stored = store.get("2605.22826")
    assert stored is not None
    assert stored.paper.title == ARXIV.title
    assert stored.paper.abstract == ARXIV.abstract
    assert report.unchanged == 1


def test_arxiv_text_replaces_what_an_unversioned_source_stored_first(store: Store) -> None:
    store.ingest([HF])
    assert store.ingest([ARXIV]).updated == 1
    stored = store.get("2605.22826")
    assert stored is not None
    assert stored.paper.abstract == ARXIV.abstract
    assert stored.paper.categories == ARXIV.categories


def test_signals_seen_again_update_upvotes_and_keep_the_first_featured_day(store: Store) -> None:
    store.ingest([HF])
    later = replace(HF, signals=Signals(upvotes=52, featured_on=dt.date(2026, 5, 28)))
    store.ingest([later])
    stored = store.get("2605.22826")
    assert stored is not None
    (hf,) = stored.source_details
    assert (hf.upvotes, hf.featured_on) == (52, dt.date(2026, 5, 26))
    assert hf.last_seen >= hf.first_seen


def test_a_page_and_its_cursor_are_stored_together(store: Store) -> None:
    report = store.save_page("arxiv", "cs.CL@2026-05-25", [ARXIV], cursor="3", completed=False, total=7)
    assert report.new == 1
    state = store.fetch_state("arxiv", "cs.CL@2026-05-25")
    assert state is not None
    assert (state.cursor, state.completed, state.items, state.total) == ("3", False, 1, 7)
    store.save_page("arxiv", "cs.CL@2026-05-25", [HF], cursor="7", completed=True)
    state = store.fetch_state("arxiv", "cs.CL@2026-05-25")
    assert state is not None
    assert (state.cursor, state.completed, state.items, state.total) == ("7", True, 2, 7)
    assert state.completed_at is not None
    assert store.fetch_state("arxiv", "cs.CL@2026-05-26") is None


def test_a_page_that_fails_while_stored_leaves_neither_papers_nor_cursor(store: Store) -> None:
    def broken() -> Iterator[Paper]:
        yield ARXIV
        raise RuntimeError("connection lost mid-page")

    store.save_page("arxiv", "w", [], cursor="0", completed=False)
    with pytest.raises(RuntimeError):
        store.save_page("arxiv", "w", broken(), cursor="3", completed=False)
    assert store.count_papers() == 0
    state = store.fetch_state("arxiv", "w")
    assert state is not None and state.cursor == "0"


def test_restart_counts_a_refetched_window_afresh(store: Store) -> None:
    store.save_page("huggingface", "2026-05-26", [HF], cursor="", completed=True)
    store.save_page("huggingface", "2026-05-26", [HF], cursor="", completed=True, restart=True)
    state = store.fetch_state("huggingface", "2026-05-26")
    assert state is not None and state.items == 1


def test_migration_006_keeps_existing_sources(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    for name, migration in MIGRATIONS:
        if name < "006":
            migration(db)
            db.execute("INSERT INTO migrations VALUES (?, '2026-05-01T00:00:00+00:00')", (name,))
    db.execute(
        """INSERT INTO papers (key, arxiv_id, title_key, title, abstract, authors, categories, comment,
               full_text, content_hash, first_seen, updated_at)
           VALUES ('arxiv:2605.22826', '2605.22826', 't', 'T', 'A', '[]', '[]', '', '', 'h', ?, ?)""",
        ("2026-05-01T00:00:00+00:00",) * 2,
    )
    db.execute("INSERT INTO paper_sources VALUES (1, 'jsonl', 'papers.jsonl:1', '2026-05-01T00:00:00+00:00')")
    db.commit()
    db.close()
    with Store(path) as store:
        assert "006_sources" in store.applied_migrations()
        stored = store.get("2605.22826")
        assert stored is not None
        (source,) = stored.source_details
        assert source.last_seen == source.first_seen == dt.datetime(2026, 5, 1, tzinfo=dt.UTC)
        assert source.upvotes is None
