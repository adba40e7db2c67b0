"""Feedback and the library's query in the store (migrations 008 and 009)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from quarterdeck.pipeline import ensure_ready, ingest_paths, judge_pending, open_engine
from quarterdeck.records import PaperQuery
from quarterdeck.store import Store


def test_feedback_is_kept_with_its_time_and_the_latest_counts(tmp_path: Path, sample_path: Path) -> None:
    with Store(tmp_path / "q.db") as store:
        assert {"008_feedback", "009_paper_day"} <= set(store.applied_migrations())
        ingest_paths(store, [sample_path])
        first = store.get("2605.22834")
        second = store.get("2605.24793")
        assert first is not None and second is not None
        said = store.add_feedback(first.id, "changed_my_quarter", "agent_pattern")
        assert said.created_at.tzinfo is not None
        store.add_feedback(first.id, "not_for_me", "agent_pattern")
        store.add_feedback(second.id, "changed_my_quarter", None)
        assert [f.value for f in store.feedback_for(first.id)] == ["not_for_me", "changed_my_quarter"]
        latest = store.latest_feedback([first.id, second.id, 9999])
        assert {k: v.value for k, v in latest.items()} == {
            first.id: "not_for_me",
            second.id: "changed_my_quarter",
        }
        exported = store.feedback_papers()
        assert [(p.id, f.value) for p, f in exported] == [
            (first.id, "not_for_me"),
            (second.id, "changed_my_quarter"),
        ]
        with pytest.raises(ValueError, match="unknown feedback"):
            store.add_feedback(first.id, "meh", None)
    with Store(tmp_path / "q.db") as store:
        assert len(store.feedback_for(first.id)) == 2


def test_query_papers_filters_counts_and_pages(tmp_path: Path, sample_path: Path) -> None:
    with Store(tmp_path / "q.db") as store:
        ingest_paths(store, [sample_path])
        engine = open_engine(store)
        model, policy = engine.classifier.version, engine.verdict_version
        # Nothing classified yet: a type filter matches nothing, a plain listing everything.
        assert store.query_papers(PaperQuery(label="benchmark"), model, policy)[1] == 0
        assert store.query_papers(PaperQuery(), model, policy)[1] == 12
        ensure_ready(engine)
        assert store.count_unjudged(model, policy) == 12
        assert judge_pending(engine, batch=5) == 12 and store.count_unjudged(model, policy) == 0
        everything, total = store.query_papers(PaperQuery(limit=100), model, policy)
        assert total == 12 and len(everything) == 12
        page, total = store.query_papers(PaperQuery(limit=5, offset=10), model, policy)
        assert total == 12 and [p.id for p in page] == [p.id for p in everything[10:]]
        may = store.query_papers(
            PaperQuery(start=dt.date(2026, 5, 26), end=dt.date(2026, 5, 26), limit=100), model, policy
        )[0]
        assert may and all(p.day == dt.date(2026, 5, 26) for p in may)
        assert store.query_papers(PaperQuery(source="bibtex"), model, policy)[1] == 0
        with pytest.raises(ValueError, match="unknown sort"):
            store.query_papers(PaperQuery(sort="random"), model, policy)
        days = store.paper_counts_by_day()
        assert sum(n for _, n in days) == 12
        assert sum(n for _, _, n in store.type_counts_by_day(model)) == 12
        assert store.source_names() == ["jsonl"]
        before = store.papers_stamp()
        ingest_paths(store, [sample_path])  # nothing new: the stamp holds
        assert store.papers_stamp() == before
