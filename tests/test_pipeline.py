from __future__ import annotations

import datetime as dt
import gzip
from pathlib import Path

from quarterdeck.pipeline import classify_pending, ingest_paths, open_engine, papers_with_verdicts
from quarterdeck.store import Store

WEEK = (dt.date(2026, 5, 25), dt.date(2026, 5, 31))


def test_a_file_that_breaks_part_way_stores_nothing_of_itself(tmp_path: Path, sample_path: Path) -> None:
    data = gzip.compress(sample_path.read_bytes())
    broken = tmp_path / "broken.jsonl.gz"
    broken.write_bytes(data[: int(len(data) * 0.7)])  # a download cut short
    good = tmp_path / "good.jsonl"
    good.write_text(sample_path.read_text().splitlines()[0] + "\n")
    with Store(tmp_path / "q.db") as store:
        report = ingest_paths(store, [broken, good])
        assert report.new == 1
        assert [r.source_ref for r in report.rejected] == [str(broken)]
        assert "gzip" in report.rejected[0].reason
        assert store.count_papers() == 1


def test_classify_pending_reports_progress_and_is_incremental(tmp_path: Path, sample_path: Path) -> None:
    with Store(tmp_path / "q.db") as store:
        ingest_paths(store, [sample_path])
        engine = open_engine(store)
        calls: list[tuple[int, int]] = []
        assert classify_pending(engine, lambda done, total: calls.append((done, total)), batch=5) == 12
        assert calls == [(5, 12), (10, 12), (12, 12)]
        assert classify_pending(engine) == 0


def test_verdicts_follow_the_profile_while_classifications_are_reused(
    tmp_path: Path, sample_path: Path, home: Path
) -> None:
    with Store(tmp_path / "q.db") as store:
        ingest_paths(store, [sample_path])
        engine = open_engine(store)
        classify_pending(engine)
        before = papers_with_verdicts(engine, *WEEK)
        assert all(p.verdict and p.verdict.policy_version == engine.verdict_version for p in before)

        # A reader who works only on chunking keeps at most the chunking paper.
        profile = tmp_path / "me.toml"
        profile.write_text('name = "chunker"\nfocus = ["chunking"]\nstack = ["retrieval"]\nexclude = []\n')
        other = open_engine(store, profile)
        assert other.verdict_version != engine.verdict_version
        assert classify_pending(other) == 0
        after = {p.paper.arxiv_id: p for p in papers_with_verdicts(other, *WEEK)}
        kept = {pid for pid, p in after.items() if p.verdict and p.verdict.verdict in ("act", "check")}
        assert kept <= {"2605.22834"}
        assert all(p.verdict and p.verdict.policy_version == other.verdict_version for p in after.values())
