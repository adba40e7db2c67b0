"""Analysed roles in the store: round trip, idempotence by content, listing."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from quarterdeck.roles.analyse import LexiconClassifier, analyse
from quarterdeck.roles.parse import read_posting
from quarterdeck.store import Store


def test_save_get_list_and_idempotence(
    tmp_path: Path, roles_data: Path, lexicon_only: LexiconClassifier
) -> None:
    report = analyse(read_posting(str(roles_data / "research-scientist.md")), lexicon_only)
    other = analyse(read_posting(str(roles_data / "ml-engineer-oncall.md")), lexicon_only)
    with Store(tmp_path / "q.db") as store:
        assert "007_roles" in store.applied_migrations()
        role_id, outcome = store.save_role(report)
        assert outcome == "new"
        assert store.save_role(report) == (role_id, "unchanged")
        stored = store.get_role(role_id)
        assert stored is not None and stored.report == report
        assert stored.title == report.title and stored.role_class == "research"
        assert store.get_role(report.content_hash[:8]) == stored
        assert store.get_role("999") is None and store.get_role("abc") is None
        # The same posting analysed differently is one row, replaced.
        changed = replace(report, method="lexicon-other")
        assert store.save_role(changed) == (role_id, "updated")
        second, _ = store.save_role(other)
        assert [r.id for r in store.list_roles()] == [second, role_id] or {
            r.id for r in store.list_roles()
        } == {
            role_id,
            second,
        }
        assert len(store.list_roles(limit=1)) == 1
    with Store(tmp_path / "q.db") as store:
        again = store.get_role(role_id)
        assert again is not None and again.report.method == "lexicon-other"
