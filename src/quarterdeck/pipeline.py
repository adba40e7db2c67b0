"""Wires the stages: sources -> store -> classify -> facts + policy -> verdicts.

The one module that imports every stage. The CLI (and later the web app)
calls these functions and formats what they return.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from quarterdeck.classify import Classifier, default_classifier
from quarterdeck.errors import InputError
from quarterdeck.facts import extract_facts
from quarterdeck.policy import Policy, decide, default_policy
from quarterdeck.profile import Profile, load_profile
from quarterdeck.records import Classification, IngestReport, Rejected, StoredPaper, Verdict
from quarterdeck.sources import expand_paths, read_bundled, read_file
from quarterdeck.store import Store

Progress = Callable[[int, int], None]
"""Called with (done, total) while a long step runs."""


@dataclass(frozen=True, slots=True)
class Engine:
    """What a run needs: the store, the classifier, the reader's profile and the policy."""

    store: Store
    classifier: Classifier
    profile: Profile
    policy: Policy

    @property
    def verdict_version(self) -> str:
        """Verdicts depend on the policy and the profile; both are in their version."""
        return f"{self.policy.version}+{self.profile.fingerprint}"


def open_engine(store: Store, profile_path: Path | None = None) -> Engine:
    """An engine with the default classifier and policy and the user's profile."""
    return Engine(store, default_classifier(), load_profile(profile_path), default_policy())


def ingest_paths(store: Store, paths: Sequence[Path]) -> IngestReport:
    """Read files and folders into the store, one transaction per file.

    A file that cannot be read at all is reported as rejected and the rest go
    on; a file that fails part way stores nothing of itself.
    """
    files, skipped = expand_paths(paths)
    report = IngestReport(rejected=list(skipped))
    for path in files:
        report.files += 1
        try:
            store.ingest(read_file(path), report)
        except InputError as exc:
            # Readers name the file in their messages; the report names it once.
            report.rejected.append(Rejected(str(path), str(exc).removeprefix(f"{path}: ")))
    return report


def ingest_bundled(store: Store) -> IngestReport:
    """Read the bundled arXiv snapshot into the store."""
    report = IngestReport(files=1)
    return store.ingest(read_bundled(), report)


def classify_pending(engine: Engine, progress: Progress | None = None, batch: int = 500) -> int:
    """Classify every paper not yet classified by the current model, with its verdict.

    Work is saved in batches, so an interruption keeps what was done.
    """
    pending = engine.store.unclassified(engine.classifier.version)
    total = len(pending)
    done = 0
    for start in range(0, total, batch):
        chunk = pending[start : start + batch]
        engine.store.save_results(
            (p.id, cls, _verdict(engine, p, cls))
            for p in chunk
            for cls in (engine.classifier.classify(p.paper),)
        )
        done += len(chunk)
        if progress is not None:
            progress(done, total)
    return total


def _verdict(engine: Engine, stored: StoredPaper, cls: Classification) -> Verdict:
    return decide(
        stored.paper,
        cls,
        extract_facts(stored.paper),
        engine.profile,
        engine.policy,
        version=engine.verdict_version,
    )


def papers_with_verdicts(engine: Engine, start: dt.date, end: dt.date) -> list[StoredPaper]:
    """The papers of a date window, each with its classification and verdict.

    Papers classified earlier under another profile or policy get their
    verdict recomputed (cheap) and stored.
    """
    store = engine.store
    papers = store.with_results(
        store.papers_between(start, end), engine.classifier.version, engine.verdict_version
    )
    missing = [(p, p.classification) for p in papers if p.classification is not None and p.verdict is None]
    if missing:
        store.save_verdicts(engine.classifier.version, ((p.id, _verdict(engine, p, c)) for p, c in missing))
        papers = store.with_results(
            store.papers_between(start, end), engine.classifier.version, engine.verdict_version
        )
    return papers


def ensure_ready(engine: Engine, progress: Progress | None = None) -> IngestReport | None:
    """First use: ingest the bundled snapshot into an empty store; then classify what is pending."""
    report = ingest_bundled(engine.store) if engine.store.count_papers() == 0 else None
    classify_pending(engine, progress)
    return report
