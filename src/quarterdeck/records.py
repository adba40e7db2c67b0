"""The plain data classes passed between pipeline stages.

Sources yield :class:`Paper` (or :class:`Rejected`), the classifier returns
:class:`Classification`, the policy returns :class:`Verdict`, and the store
hands back :class:`StoredPaper`. Nothing here does I/O.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

LABELS: tuple[str, ...] = (
    "foundation_model",
    "training_recipe",
    "benchmark",
    "agent_pattern",
    "optimization_theory",
    "math_foundation",
    "scaling_law",
    "inference_efficiency",
    "architecture",
    "analysis",
    "application",
    "survey",
    "other",
)
"""The 13 research-output types of the taxonomy, in the guide's order."""

VERDICTS: tuple[str, ...] = ("act", "check", "budget", "watch", "skip")
"""The five verdicts, from most to least actionable."""


@dataclass(frozen=True, slots=True)
class Signals:
    """What one source says about a paper beyond its metadata (Hugging Face daily papers today)."""

    upvotes: int | None = None
    featured_on: dt.date | None = None
    """The day the source featured the paper (the Hugging Face daily list it was on)."""


@dataclass(frozen=True, slots=True)
class Paper:
    """One paper as read from a source, already normalised."""

    title: str
    abstract: str
    authors: tuple[str, ...] = ()
    arxiv_id: str | None = None
    """arXiv identifier without version, e.g. ``2406.01234``."""
    version: int | None = None
    """arXiv version number when the source gave one (``v2`` -> 2)."""
    doi: str | None = None
    published: dt.date | None = None
    categories: tuple[str, ...] = ()
    comment: str = ""
    full_text: str = ""
    url: str | None = None
    source: str = ""
    """Kind of source: ``bundled``, ``jsonl``, ``bibtex``, ``pdf``, ``text``, or a live one:
    ``arxiv``, ``arxiv-rss``, ``huggingface``, ``feed``, ``web``, ``openalex``."""
    source_ref: str = ""
    """Where exactly it came from, e.g. ``papers.jsonl:12``."""
    signals: Signals | None = None
    """Per-source signals, stored with the source (not merged into the paper)."""


@dataclass(frozen=True, slots=True)
class Rejected:
    """An item a source could not turn into a paper, and why."""

    source_ref: str
    reason: str


@dataclass(frozen=True, slots=True)
class Classification:
    """What kind of research output a paper is."""

    label: str
    confidence: float
    secondary: str | None
    evidence: tuple[str, ...]
    """Phrases or sentences that pushed the decision."""
    model_version: str
    notes: tuple[str, ...] = ()
    """What the classifier had to do to the input (truncated, title only, not English)."""

    @property
    def uncertain(self) -> bool:
        """True when the classifier is not confident enough to be trusted."""
        return self.confidence < UNCERTAIN_BELOW


UNCERTAIN_BELOW = 0.5


@dataclass(frozen=True, slots=True)
class Verdict:
    """What the reader should do about a paper, with the reason and evidence."""

    verdict: str
    reason: str
    evidence: tuple[str, ...]
    next_step: str
    score: float
    """Rank within the verdict: higher is more worth the reader's time."""
    policy_version: str
    relevance: float | None = None
    """How likely a reader of this profile keeps the paper (0-1), when a relevance model decided."""
    followed: tuple[str, ...] = ()
    """The profile's followed authors and labs this paper names."""
    cost_trap: str | None = None
    """The cost-trap line shown next to the paper, e.g. '+4.1 points with 64 samples: about 64x ...'."""
    facts: dict[str, Any] = field(default_factory=dict)
    """The paper's facts (``Facts.as_dict()``) the verdict was made from."""


@dataclass(frozen=True, slots=True)
class PaperSource:
    """One place a stored paper was read from, with that source's signals."""

    source: str
    source_ref: str
    first_seen: dt.datetime
    last_seen: dt.datetime
    url: str | None = None
    upvotes: int | None = None
    featured_on: dt.date | None = None


@dataclass(frozen=True, slots=True)
class StoredPaper:
    """A paper as the store holds it, with its store id and derived results."""

    id: int
    key: str
    paper: Paper
    first_seen: dt.datetime
    sources: tuple[str, ...] = ()
    """``source:source_ref`` for every place the paper was read from."""
    classification: Classification | None = None
    verdict: Verdict | None = None
    source_details: tuple[PaperSource, ...] = ()
    """The same places as ``sources``, with their signals (upvotes, featured date) and dates seen."""

    @property
    def upvotes(self) -> int | None:
        """The highest upvote count any source gives (Hugging Face daily papers), or None."""
        counts = [s.upvotes for s in self.source_details if s.upvotes is not None]
        return max(counts) if counts else None

    @property
    def link(self) -> str | None:
        """A URL a reader can open: the arXiv abstract page when there is one."""
        if self.paper.arxiv_id:
            return f"https://arxiv.org/abs/{self.paper.arxiv_id}"
        if self.paper.doi:
            return f"https://doi.org/{self.paper.doi}"
        if self.paper.url and self.paper.url.startswith(("https://", "http://")):
            return self.paper.url
        return None

    @property
    def day(self) -> dt.date:
        """The date the paper counts for in a weekly digest."""
        return self.paper.published or self.first_seen.date()


@dataclass(frozen=True, slots=True)
class FetchState:
    """How far fetching one window of one live source got (``quarterdeck fetch`` resumes from here)."""

    source: str
    window: str
    """The window's key, e.g. ``cs.AI+cs.CL+cs.LG@2026-05-25`` or a feed URL."""
    cursor: str
    """Where to go on: the next page offset, or the feed's cache validators (JSON)."""
    completed: bool
    items: int
    """Items stored from this window so far (all pages, all runs)."""
    total: int | None
    """How many items the service said the window holds, when it says."""
    updated_at: dt.datetime
    completed_at: dt.datetime | None


@dataclass(slots=True)
class IngestReport:
    """What one ingest run did, per outcome."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    files: int = 0

    @property
    def total(self) -> int:
        """Number of items read, including rejected ones."""
        return self.new + self.updated + self.unchanged + len(self.rejected)

    @property
    def stored(self) -> int:
        """Number of papers read successfully (new, updated or unchanged)."""
        return self.new + self.updated + self.unchanged

    def add(self, other: IngestReport) -> None:
        """Add another run's counts to this one."""
        self.new += other.new
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.rejected.extend(other.rejected)
        self.files += other.files


FEEDBACK: dict[str, str] = {"changed_my_quarter": "act", "not_for_me": "skip"}
"""What a reader can say about a paper, and the verdict it stands for when exported for training."""


@dataclass(frozen=True, slots=True)
class Feedback:
    """One reader's word on one paper ("changed my quarter" / "not for me"), with when it was said."""

    id: int
    paper_id: int
    value: str
    """A key of :data:`FEEDBACK`."""
    label: str | None
    """The paper's type when the reader said it (None if it was not classified)."""
    created_at: dt.datetime


PAPER_SORTS: tuple[str, ...] = ("relevance", "newest", "oldest", "title", "verdict", "type", "upvotes")
"""How a paper listing can be ordered (``relevance`` is the search rank; without a query, newest)."""


@dataclass(frozen=True, slots=True)
class PaperQuery:
    """A filtered, sorted page of stored papers: what the web app's library asks the store for."""

    text: str = ""
    """Full-text words (each must appear in the title or abstract); empty lists every paper."""
    label: str | None = None
    verdict: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    source: str | None = None
    followed: bool = False
    """Only papers naming an author or lab the profile follows."""
    with_feedback: bool = False
    sort: str = "relevance"
    offset: int = 0
    limit: int = 25
