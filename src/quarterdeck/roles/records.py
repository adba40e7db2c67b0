"""The plain data classes of role analysis: a posting's lines, the report, a person and their fit.

Nothing here does I/O. A :class:`RoleReport` turns into the JSON the CLI
prints and the store keeps (:meth:`RoleReport.as_dict`) and back
(:func:`report_from_dict`), so a stored role can be fitted without reading
the posting again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

RESEARCH_DUTIES: tuple[str, ...] = ("R_triage", "R_experiments", "R_papers", "R_community", "R_frontier")
"""Research-shaped duties, in the guide's order (shared/roles.md)."""

ENGINEERING_DUTIES: tuple[str, ...] = ("E_production", "E_oncall", "E_data", "E_translate", "E_cost")
"""Engineering-shaped duties, in the guide's order."""

DUTIES: tuple[str, ...] = RESEARCH_DUTIES + ENGINEERING_DUTIES
NONE = "none"
"""The kind of a line that is neither research- nor engineering-shaped."""
KINDS: tuple[str, ...] = (*DUTIES, NONE)

DUTY_NAMES: dict[str, str] = {
    "R_triage": "read many papers and decide which matter",
    "R_experiments": "run long experiments to test a hypothesis",
    "R_papers": "write papers for peer review",
    "R_community": "engage with the academic community",
    "R_frontier": "work where the answer is genuinely unknown",
    "E_production": "maintain production code",
    "E_oncall": "on-call rotations and incidents",
    "E_data": "engineer the data pipelines that feed models",
    "E_translate": "turn research artifacts into product under deadline",
    "E_cost": "manage cost, latency and throughput trade-offs",
}
"""One plain phrase per duty, for reports and the questionnaire."""

SECTIONS: tuple[str, ...] = ("title", "about", "duty", "requirement", "boilerplate", "heading")
"""What a line of a posting is: only ``duty`` lines are scored."""

ROLE_CLASSES: tuple[str, ...] = (
    "research",
    "research-leaning",
    "engineering-leaning",
    "engineering",
    "unclear",
)


def is_research(kind: str) -> bool:
    """True for the five research-shaped duty ids."""
    return kind.startswith("R_")


def is_engineering(kind: str) -> bool:
    """True for the five engineering-shaped duty ids."""
    return kind.startswith("E_")


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a posting as split, with the section it belongs to."""

    number: int
    text: str
    section: str
    heading: str = ""
    """The heading the line sits under ('' before the first heading)."""


@dataclass(frozen=True, slots=True)
class Posting:
    """A job description read from a file, URL or stdin, split into lines."""

    title: str
    lines: tuple[Line, ...]
    source: str
    """Where it was read from: a path, a URL or '-' for stdin."""
    content_hash: str
    """Hash of the posting's text: one stored role per distinct posting."""


@dataclass(frozen=True, slots=True)
class DutyLine:
    """A duty or requirement line with its kind and the phrase that decided it."""

    line: int
    text: str
    kind: str
    evidence: str
    """The words of the line that decided the kind ('' for ``none``)."""
    section: str

    def as_dict(self) -> dict[str, Any]:
        """The line as the report's JSON has it."""
        return {
            "line": self.line,
            "text": self.text,
            "kind": self.kind,
            "evidence": self.evidence,
            "section": self.section,
        }


@dataclass(frozen=True, slots=True)
class Question:
    """A question that settles something the posting leaves open."""

    dimension: str
    status: str
    """``missing`` (the posting does not say) or ``ambiguous`` (it says, but not enough)."""
    question: str
    why: str

    def as_dict(self) -> dict[str, str]:
        """The question as the report's JSON has it."""
        return {
            "dimension": self.dimension,
            "status": self.status,
            "question": self.question,
            "why": self.why,
        }


@dataclass(frozen=True, slots=True)
class RoleReport:
    """Everything ``quarterdeck role`` says about one posting."""

    title: str
    role_class: str
    research_share: float
    """Research-shaped duties over research- plus engineering-shaped duties (0 when there are none)."""
    engineering_share: float
    title_matches: bool
    title_verdict: str
    duties: tuple[DutyLine, ...]
    requirements: tuple[DutyLine, ...]
    questions: tuple[Question, ...]
    counts: dict[str, int]
    """Duty lines per kind (the ten ids and ``none``)."""
    suggested_title: str
    contradictions: tuple[str, ...]
    source: str
    content_hash: str
    method: str
    """Which classifier made the kinds (lexicon version, model version)."""
    notes: tuple[str, ...] = ()

    @property
    def research_duties(self) -> int:
        """How many duty lines are research-shaped."""
        return sum(n for kind, n in self.counts.items() if is_research(kind))

    @property
    def engineering_duties(self) -> int:
        """How many duty lines are engineering-shaped."""
        return sum(n for kind, n in self.counts.items() if is_engineering(kind))

    def as_dict(self) -> dict[str, Any]:
        """The report as JSON-able data: the fields the issue lists, then the rest."""
        return {
            "title": self.title,
            "role_class": self.role_class,
            "research_share": round(self.research_share, 3),
            "engineering_share": round(self.engineering_share, 3),
            "title_matches": self.title_matches,
            "title_verdict": self.title_verdict,
            "duties": [d.as_dict() for d in self.duties],
            "requirements": [r.as_dict() for r in self.requirements],
            "questions": [q.as_dict() for q in self.questions],
            "counts": dict(self.counts),
            "research_duties": self.research_duties,
            "engineering_duties": self.engineering_duties,
            "suggested_title": self.suggested_title,
            "contradictions": list(self.contradictions),
            "source": self.source,
            "content_hash": self.content_hash,
            "method": self.method,
            "notes": list(self.notes),
        }


def _duty_line(row: dict[str, Any]) -> DutyLine:
    return DutyLine(
        int(row["line"]), str(row["text"]), str(row["kind"]), str(row["evidence"]), str(row["section"])
    )


def report_from_dict(data: dict[str, Any]) -> RoleReport:
    """Rebuild a report from :meth:`RoleReport.as_dict` output (as the store keeps it)."""
    return RoleReport(
        title=str(data["title"]),
        role_class=str(data["role_class"]),
        research_share=float(data["research_share"]),
        engineering_share=float(data["engineering_share"]),
        title_matches=bool(data["title_matches"]),
        title_verdict=str(data["title_verdict"]),
        duties=tuple(_duty_line(d) for d in data["duties"]),
        requirements=tuple(_duty_line(r) for r in data["requirements"]),
        questions=tuple(
            Question(str(q["dimension"]), str(q["status"]), str(q["question"]), str(q["why"]))
            for q in data["questions"]
        ),
        counts={str(k): int(v) for k, v in data["counts"].items()},
        suggested_title=str(data["suggested_title"]),
        contradictions=tuple(str(c) for c in data["contradictions"]),
        source=str(data["source"]),
        content_hash=str(data["content_hash"]),
        method=str(data["method"]),
        notes=tuple(str(n) for n in data.get("notes", ())),
    )


@dataclass(frozen=True, slots=True)
class StoredRole:
    """An analysed role as the store keeps it."""

    id: int
    content_hash: str
    title: str
    role_class: str
    source: str
    analysed_at: str
    report: RoleReport


PREFERENCES: tuple[str, ...] = ("want", "fine", "avoid")
UNCERTAINTIES: dict[str, str] = {
    "is-this-true": '"is this true" (the researcher\'s uncertainty)',
    "three-am": '"will this hold up at three in the morning" (the engineer\'s uncertainty)',
}
"""The essay's closing question: which kind of uncertainty can you sleep through?"""


@dataclass(frozen=True, slots=True)
class Person:
    """A person's answers: want, fine or avoid for each duty, and the uncertainty they can live with."""

    duties: dict[str, str]
    uncertainty: str
    name: str = ""
    source: str = ""


@dataclass(frozen=True, slots=True)
class FitLine:
    """One duty of the role seen from the person's side."""

    kind: str
    count: int
    preference: str
    examples: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FitReport:
    """Where a person and a role agree and disagree."""

    role_title: str
    role_class: str
    verdict: str
    agreements: tuple[FitLine, ...]
    disagreements: tuple[FitLine, ...]
    neutral: tuple[FitLine, ...]
    missing_wants: tuple[str, ...]
    """Duties the person wants that the role does not list."""
    uncertainty_matches: bool | None
    """None when the role class is unclear."""
    uncertainty_note: str
    score: float
    """Share of the role's duty lines the person wants minus the share they avoid (-1 to 1)."""
    notes: tuple[str, ...] = field(default=())

    def as_dict(self) -> dict[str, Any]:
        """The fit report as JSON-able data."""

        def lines(items: tuple[FitLine, ...]) -> list[dict[str, Any]]:
            return [
                {"kind": f.kind, "count": f.count, "preference": f.preference, "examples": list(f.examples)}
                for f in items
            ]

        return {
            "role_title": self.role_title,
            "role_class": self.role_class,
            "verdict": self.verdict,
            "score": round(self.score, 3),
            "agreements": lines(self.agreements),
            "disagreements": lines(self.disagreements),
            "neutral": lines(self.neutral),
            "missing_wants": list(self.missing_wants),
            "uncertainty_matches": self.uncertainty_matches,
            "uncertainty_note": self.uncertainty_note,
            "notes": list(self.notes),
        }
