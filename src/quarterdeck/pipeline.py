"""Wires the stages: sources -> store -> classify -> facts + policy -> verdicts.

The one module that imports every stage. The CLI (and later the web app)
calls these functions and formats what they return.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from quarterdeck.classify import Classifier, default_classifier
from quarterdeck.digest import Digest, Window, build_digest
from quarterdeck.errors import InputError
from quarterdeck.facts import extract_facts
from quarterdeck.facts.trap_model import bundled_trap_model
from quarterdeck.policy import LOGIC_VERSION, Policy, decide, load_policy
from quarterdeck.profile import Profile, load_profile
from quarterdeck.records import Classification, IngestReport, Paper, Rejected, StoredPaper, Verdict
from quarterdeck.relevance import RelevanceModel, load_relevance
from quarterdeck.sources import expand_paths, read_bundled, read_file
from quarterdeck.store import Store

Progress = Callable[[int, int], None]
"""Called with (done, total) while a long step runs."""


@dataclass(frozen=True, slots=True)
class Judge:
    """What makes a verdict: the classifier, the reader's profile, the policy and the relevance model."""

    classifier: Classifier
    profile: Profile
    policy: Policy
    relevance: RelevanceModel | None = None
    """The learned relevance model, when the profile asks for one (``relevance = "reference"``)."""

    @property
    def verdict_version(self) -> str:
        """Verdicts depend on the table, the profile, the relevance and cost-trap models and the logic."""
        model = f"+{self.relevance.version}" if self.relevance is not None else ""
        trap = bundled_trap_model()
        facts = f"+{trap.version}" if trap is not None else ""
        return f"{self.policy.version}+{self.profile.fingerprint}{model}{facts}+{LOGIC_VERSION}"

    def decide(self, paper: Paper, classification: Classification) -> Verdict:
        """The verdict for one classified paper under this profile and policy."""
        return decide(
            paper,
            classification,
            extract_facts(paper),
            self.profile,
            self.policy,
            version=self.verdict_version,
            relevance=self.relevance.score(paper) if self.relevance is not None else None,
        )

    def triage(
        self, items: Iterable[Paper | Rejected]
    ) -> Iterator[tuple[Paper, Classification, Verdict] | Rejected]:
        """Classify and judge a stream of papers without storing anything."""
        for item in classify_stream(self.classifier, items):
            if isinstance(item, Rejected):
                yield item
            else:
                paper, classification = item
                yield paper, classification, self.decide(paper, classification)


def open_judge(profile_path: Path | None = None) -> Judge:
    """The default classifier, the user's (or the named) profile, the user's policy overrides."""
    profile = load_profile(profile_path)
    relevance = load_relevance() if profile.relevance == "reference" else None
    return Judge(default_classifier(), profile, load_policy(), relevance)


@dataclass(frozen=True, slots=True)
class Engine:
    """What a run needs: the store, and the judge that classifies and decides."""

    store: Store
    judge: Judge

    @property
    def classifier(self) -> Classifier:
        """The judge's classifier."""
        return self.judge.classifier

    @property
    def profile(self) -> Profile:
        """The reader's profile."""
        return self.judge.profile

    @property
    def policy(self) -> Policy:
        """The effective policy."""
        return self.judge.policy

    @property
    def verdict_version(self) -> str:
        """See :attr:`Judge.verdict_version`."""
        return self.judge.verdict_version


def open_engine(store: Store, profile_path: Path | None = None) -> Engine:
    """An engine with the default classifier, the user's profile and the user's policy overrides."""
    return Engine(store, open_judge(profile_path))


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
            report.add(store.ingest(read_file(path)))
        except InputError as exc:
            report.rejected.append(_whole_file_rejected(path, exc))
    return report


def iter_paths(paths: Sequence[Path]) -> Iterator[Paper | Rejected]:
    """Stream papers (and rejections) from files and folders, without storing them.

    A file that cannot be read at all comes out as one :class:`Rejected`.
    """
    files, rejected = expand_paths(paths)
    yield from rejected
    for path in files:
        try:
            yield from read_file(path)
        except InputError as exc:
            yield _whole_file_rejected(path, exc)


def classify_stream(
    classifier: Classifier, items: Iterable[Paper | Rejected], batch: int = 1000
) -> Iterator[tuple[Paper, Classification] | Rejected]:
    """Classify a stream in batches, keeping memory flat however long the stream is."""
    pending: list[Paper] = []
    for item in items:
        if isinstance(item, Rejected):
            yield item
            continue
        pending.append(item)
        if len(pending) >= batch:
            yield from zip(pending, classifier.classify_many(pending), strict=True)
            pending = []
    if pending:
        yield from zip(pending, classifier.classify_many(pending), strict=True)


def _whole_file_rejected(path: Path, exc: InputError) -> Rejected:
    # Readers name the file in their messages; the report names it once.
    return Rejected(str(path), str(exc).removeprefix(f"{path}: "))


def ingest_bundled(store: Store) -> IngestReport:
    """Read the bundled arXiv snapshot into the store."""
    report = store.ingest(read_bundled())
    report.files = 1
    return report


def classify_pending(engine: Engine, progress: Progress | None = None, batch: int = 500) -> int:
    """Classify every paper not yet classified by the current model.

    Work is saved in batches, so an interruption keeps what was done. Verdicts
    are not made here: they depend on the profile and are cheap, so
    :func:`with_verdicts` makes them for the papers someone looks at.
    """
    pending = engine.store.unclassified(engine.classifier.version)
    total = len(pending)
    for start in range(0, total, batch):
        chunk = pending[start : start + batch]
        results = engine.classifier.classify_many([p.paper for p in chunk])
        engine.store.save_classifications(zip((p.id for p in chunk), results, strict=True))
        if progress is not None:
            progress(start + len(chunk), total)
    return total


def with_verdicts(engine: Engine, papers: list[StoredPaper]) -> list[StoredPaper]:
    """Attach each paper's classification and verdict for the current model, policy and profile.

    What is missing (a paper not yet classified, a verdict not yet made for
    this profile and policy) is made now, stored, and attached as made.
    """
    store = engine.store
    attached = store.with_results(papers, engine.classifier.version, engine.verdict_version)
    unclassified = [i for i, p in enumerate(attached) if p.classification is None]
    if unclassified:
        results = engine.classifier.classify_many([attached[i].paper for i in unclassified])
        store.save_classifications(zip((attached[i].id for i in unclassified), results, strict=True))
        for i, result in zip(unclassified, results, strict=True):
            attached[i] = replace(attached[i], classification=result)
    made: dict[int, Verdict] = {}
    for i, p in enumerate(attached):
        if p.classification is not None and p.verdict is None:
            made[i] = engine.judge.decide(p.paper, p.classification)
    if made:
        store.save_verdicts(engine.classifier.version, ((attached[i].id, v) for i, v in made.items()))
        for i, verdict in made.items():
            attached[i] = replace(attached[i], verdict=verdict)
    return attached


def digest_for(engine: Engine, window: Window, papers: list[StoredPaper]) -> Digest:
    """The digest of a window's papers (see :func:`papers_with_verdicts`) for the engine's reader."""
    return build_digest(
        papers,
        window,
        max_papers=engine.profile.max_papers_per_week,
        profile_name=engine.profile.label,
        model_version=engine.classifier.version,
        policy_version=engine.verdict_version,
    )


def papers_with_verdicts(engine: Engine, start: dt.date, end: dt.date) -> list[StoredPaper]:
    """The papers of a date window, each with its classification and verdict."""
    return with_verdicts(engine, engine.store.papers_between(start, end))


def ensure_ready(engine: Engine, progress: Progress | None = None) -> IngestReport | None:
    """First use: ingest the bundled snapshot into an empty store; then classify what is pending."""
    report = ingest_bundled(engine.store) if engine.store.count_papers() == 0 else None
    classify_pending(engine, progress)
    return report


def judge_pending(
    engine: Engine,
    progress: Progress | None = None,
    batch: int = 500,
    should_stop: Callable[[], bool] | None = None,
) -> int:
    """Make and store the verdict of every classified paper that has none for this profile and policy.

    Verdicts are otherwise made for the papers someone looks at; a library
    filtered by verdict needs them all. Each batch is stored on its own, so an
    interruption keeps what was done (``should_stop`` is asked between
    batches); returns how many verdicts were made.
    """
    store = engine.store
    total = store.count_unjudged(engine.classifier.version, engine.verdict_version)
    done = 0
    if progress is not None:
        progress(0, total)
    while done < total and not (should_stop is not None and should_stop()):
        chunk = store.unjudged(engine.classifier.version, engine.verdict_version, limit=batch)
        if not chunk:
            break
        with_verdicts(engine, chunk)
        done += len(chunk)
        if progress is not None:
            progress(min(done, total), total)
    return done
