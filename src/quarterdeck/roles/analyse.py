"""Turn a posting into a role report: the kind of each duty, the shares, the class, the verdict.

Only lines in the posting's duty section are scored; requirement lines get a
kind too (the report lists them) but do not move the shares, so a PhD under
"preferred qualifications" does not make the work research.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from typing import Protocol

from quarterdeck.errors import InputError
from quarterdeck.roles.lexicon import Lexicon
from quarterdeck.roles.questions import contradictions, includes_oncall, questions
from quarterdeck.roles.records import (
    KINDS,
    NONE,
    DutyLine,
    Line,
    Posting,
    RoleReport,
    is_engineering,
    is_research,
)
from quarterdeck.roles.titles import mentions_ml, suggested_title, title_matches, title_verdict

MIN_SHAPED_DUTIES = 3
"""Fewer research- or engineering-shaped duties than this make the role class ``unclear``."""

RESEARCH_AT_LEAST = 0.75
RESEARCH_LEANING_AT_LEAST = 0.5
ENGINEERING_LEANING_AT_LEAST = 0.25


class NoDutiesError(InputError):
    """A text in which no line reads as a duty of a job: not something to split."""


class LineClassifier(Protocol):
    """Gives each line its section, and a kind (a duty id or ``none``) with the words that decided it."""

    version: str

    def sections(self, lines: Sequence[Line]) -> list[str]: ...

    def kinds(self, texts: Sequence[str]) -> list[tuple[str, str]]: ...


class LexiconClassifier:
    """The lexicon alone as a line classifier."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.version = lexicon.version

    def sections(self, lines: Sequence[Line]) -> list[str]:
        """The rules' sections, as the posting was split."""
        return [line.section for line in lines]

    def kinds(self, texts: Sequence[str]) -> list[tuple[str, str]]:
        """(kind, evidence) per line."""
        return [(m.kind, m.evidence) for m in map(self.lexicon.match, texts)]


def role_class(research: int, engineering: int) -> str:
    """The issue's classes from the counts of research- and engineering-shaped duties."""
    if research + engineering < MIN_SHAPED_DUTIES:
        return "unclear"
    share = research / (research + engineering)
    if share >= RESEARCH_AT_LEAST:
        return "research"
    if share >= RESEARCH_LEANING_AT_LEAST:
        return "research-leaning"
    if share >= ENGINEERING_LEANING_AT_LEAST:
        return "engineering-leaning"
    return "engineering"


def analyse(posting: Posting, classifier: LineClassifier) -> RoleReport:
    """The role report of one posting; NoDutiesError when nothing in it reads as a duty."""
    lines = [
        replace(line, section=section)
        for line, section in zip(posting.lines, classifier.sections(posting.lines), strict=True)
    ]
    scored = [line for line in lines if line.section in ("duty", "requirement")]
    kinds = classifier.kinds([line.text for line in scored])
    duties: list[DutyLine] = []
    requirements: list[DutyLine] = []
    for line, (kind, evidence) in zip(scored, kinds, strict=True):
        item = DutyLine(line.number, line.text, kind, evidence if kind != NONE else "", line.section)
        (duties if line.section == "duty" else requirements).append(item)
    if not duties and all(r.kind == NONE for r in requirements):
        raise NoDutiesError(
            f"{posting.source}: no recognisable duties in {len(posting.lines)} lines; "
            "is this a job description? (nothing was split or stored)"
        )
    counts = Counter({kind: 0 for kind in KINDS})
    counts.update(d.kind for d in duties)
    research = sum(1 for d in duties if is_research(d.kind))
    engineering = sum(1 for d in duties if is_engineering(d.kind))
    shaped = research + engineering
    cls = role_class(research, engineering)
    notes = []
    if not duties:
        notes.append("no duty section found: the requirements are listed but the role cannot be scored")
    all_texts = [line.text for line in posting.lines]
    return RoleReport(
        title=posting.title,
        role_class=cls,
        research_share=round(research / shaped, 3) if shaped else 0.0,
        engineering_share=round(engineering / shaped, 3) if shaped else 0.0,
        title_matches=title_matches(posting.title, cls),
        title_verdict=title_verdict(posting.title, cls, dict(counts), len(duties), includes_oncall(duties)),
        duties=tuple(duties),
        requirements=tuple(requirements),
        questions=questions(lines, duties, requirements),
        counts=dict(counts),
        suggested_title=suggested_title(posting.title, cls, dict(counts), mentions_ml(all_texts)),
        contradictions=contradictions(posting.title, cls, duties, requirements),
        source=posting.source,
        content_hash=posting.content_hash,
        method=classifier.version,
        notes=tuple(notes),
    )
