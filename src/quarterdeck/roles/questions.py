"""What a posting leaves open, and what it asks for at once that does not go together.

Questions: one per open dimension of the work (on-call load, publication
policy, who maintains prototypes, compute per experiment, how failed
experiments are judged). A dimension is *missing* when the posting never
mentions it and *ambiguous* when it mentions it without saying enough;
dimensions that do not concern the role (compute for a role with no
experiments) are not asked about.

Contradictions are for the person writing the posting: demands that pull
the role two ways (first-author publications and a pager rotation).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from quarterdeck.roles.records import DutyLine, Line, Question
from quarterdeck.roles.titles import title_kind

_ONCALL = re.compile(r"on[- ]call|pager|incident|rotation|24/7|after[- ]hours", re.IGNORECASE)
_ONCALL_DUTY = re.compile(r"on[- ]call|pager|incident response|24/7 support", re.IGNORECASE)


def includes_oncall(duties: Sequence[DutyLine]) -> bool:
    """Whether any duty puts the person on call, whatever kind dominates its line."""
    return any(d.kind == "E_oncall" or _ONCALL_DUTY.search(d.text) for d in duties)


_ONCALL_LOAD = re.compile(
    r"\bno on[- ]call|not? (?:be )?on[- ]call|one (?:week|day) (?:in|out of|every)|every \w+ weeks"
    r"|\d+\s*%|\d+ (?:days?|weeks?|hours?) (?:a|per|every)|(?:weekly|monthly) rotation|follow[- ]the[- ]sun",
    re.IGNORECASE,
)
_PUBLISH = re.compile(
    r"publish|publication|papers?\b|conference|peer[- ]review|NeurIPS|ICML|ICLR", re.IGNORECASE
)
_PUBLISH_POLICY = re.compile(
    r"(?:we|team|you will|you'll|encouraged to|freedom to|opportunity to|expected to) (?:\w+ ){0,3}publish"
    r"|publish (?:openly|regularly|our|your|the results)|publication policy|open research|open[- ]source our",
    re.IGNORECASE,
)
_PROTOTYPE_OWNER = re.compile(
    r"(?:maintain|own|support)(?:s|ing)? (?:\w+ ){0,4}(?:prototypes?|research code|in production"
    r"|models? in production)"
    r"|hand(?:ed|s)?[- ]?off|from (?:prototype|research) to production|end[- ]to[- ]end ownership"
    r"|productioni[sz]",
    re.IGNORECASE,
)
_COMPUTE = re.compile(r"\bcompute\b|gpus?|tpus?|accelerators?|cluster|h100|a100", re.IGNORECASE)
_COMPUTE_AMOUNT = re.compile(
    r"\d[\d,]*\s*(?:\+\s*)?(?:gpus?|tpus?|h100s?|a100s?|accelerators?|nodes)|compute budget|dedicated compute"
    r"|(?:thousands|hundreds) of (?:gpus|tpus|accelerators)",
    re.IGNORECASE,
)
_FAILURE = re.compile(
    r"negative results?|failed experiments?|experiments? (?:that )?fail|failure is|null results?",
    re.IGNORECASE,
)
_PHD_REQUIRED = re.compile(r"\bph\.?d\b|doctorate|doctoral", re.IGNORECASE)
_SOFTENER = re.compile(
    r"preferred|or equivalent|nice to have|a plus|bonus|ideally|or (?:\w+ ){0,3}experience", re.I
)
_FIRST_AUTHOR = re.compile(r"first[- ]author", re.IGNORECASE)


def _any(pattern: re.Pattern[str], texts: Sequence[str]) -> bool:
    return any(pattern.search(t) for t in texts)


def questions(
    lines: Sequence[Line], duties: Sequence[DutyLine], requirements: Sequence[DutyLine]
) -> tuple[Question, ...]:
    """The questions that settle what the posting leaves open, in the guide's order."""
    texts = [line.text for line in lines]
    kinds = {d.kind for d in duties}
    required_kinds = {r.kind for r in requirements}
    research_work = bool(kinds & {"R_experiments", "R_frontier", "R_papers", "R_triage", "R_community"})
    experiments = bool(kinds & {"R_experiments", "R_frontier"})
    out: list[Question] = []

    if not _any(_ONCALL, texts):
        out.append(
            Question(
                "on-call load",
                "missing",
                "Is there an on-call rotation, and how much of a typical week does it take?",
                "The posting does not mention on-call or incidents.",
            )
        )
    elif not _any(_ONCALL_LOAD, [t for t in texts if _ONCALL.search(t)]):
        out.append(
            Question(
                "on-call load",
                "ambiguous",
                "How often is each person on call, and how many pages does a typical shift bring?",
                "The posting mentions on-call or incidents but not how often.",
            )
        )

    if research_work or "R_papers" in required_kinds:
        duty_texts = [d.text for d in duties]
        if not _any(_PUBLISH, texts):
            out.append(
                Question(
                    "publication policy",
                    "missing",
                    "Will you publish? What did the team publish last year, and who decides what can be"
                    " published?",
                    "The duties include research work but the posting says nothing about publishing.",
                )
            )
        elif not (_any(_PUBLISH_POLICY, texts) or _any(_PUBLISH, duty_texts)):
            out.append(
                Question(
                    "publication policy",
                    "ambiguous",
                    "What did the team publish last year, and what needs approval before it goes out?",
                    "The posting asks for publications but does not say whether the team publishes.",
                )
            )

    if (research_work or "E_translate" in kinds) and not _any(_PROTOTYPE_OWNER, texts):
        out.append(
            Question(
                "who maintains prototypes",
                "missing",
                "When a prototype works, who turns it into production code, and who maintains it after that?",
                "The posting has research or prototype work but does not say who owns what it produces.",
            )
        )

    if experiments:
        if not _any(_COMPUTE, texts):
            out.append(
                Question(
                    "compute per experiment",
                    "missing",
                    "How much compute does one experiment get (GPUs, days), and who approves larger runs?",
                    "The duties include experiments but the posting does not mention compute.",
                )
            )
        elif not _any(_COMPUTE_AMOUNT, texts):
            out.append(
                Question(
                    "compute per experiment",
                    "ambiguous",
                    "How much of the compute mentioned does one person's experiment get, and for how long?",
                    "The posting mentions compute without saying how much an experiment gets.",
                )
            )
        if not _any(_FAILURE, texts):
            out.append(
                Question(
                    "how failed experiments are judged",
                    "missing",
                    "How is an experiment that fails judged: does a clear negative result count as progress?",
                    "The duties include open-ended work but the posting does not say how failure is treated.",
                )
            )
    return tuple(out)


def contradictions(
    title: str,
    role_class: str,
    duties: Sequence[DutyLine],
    requirements: Sequence[DutyLine],
) -> tuple[str, ...]:
    """Demands in one posting that pull the role two ways, for the person writing it."""
    everything = [*duties, *requirements]
    duty_kinds = [d.kind for d in duties]
    out: list[str] = []
    papers = [d for d in everything if d.kind == "R_papers"]
    if papers and includes_oncall(everything):
        what = (
            "first-author publications"
            if any(_FIRST_AUTHOR.search(d.text) for d in papers)
            else "publications"
        )
        out.append(
            f"It asks for {what} and an on-call rotation: people who publish rarely carry a pager; "
            "say which one the role is for, or how the week splits between them."
        )
    kind = title_kind(title)
    research = sum(1 for k in duty_kinds if k.startswith("R_"))
    engineering = sum(1 for k in duty_kinds if k.startswith("E_"))
    if kind in ("research",) and role_class in ("engineering", "engineering-leaning"):
        out.append(
            f"The title says research but {engineering} of {research + engineering} scored duties are "
            "engineering-shaped: retitle it, or add the research the title promises."
        )
    if kind == "engineering" and role_class in ("research", "research-leaning"):
        out.append(
            f"The title says engineering but {research} of {research + engineering} scored duties are "
            "research-shaped: candidates who want research will not apply."
        )
    research_requirements = sum(1 for r in requirements if r.kind.startswith("R_"))
    if research_requirements >= 2 and research == 0:
        out.append(
            f"{research_requirements} requirements ask for research credentials that no duty uses: "
            "drop them, or say where the research happens."
        )
    phd = [r for r in requirements if _PHD_REQUIRED.search(r.text) and not _SOFTENER.search(r.text)]
    if phd and role_class in ("engineering", "engineering-leaning"):
        out.append(
            "It requires a PhD for mostly engineering duties: make it preferred, or add research duties."
        )
    if duty_kinds.count("R_frontier") >= 2 and duty_kinds.count("E_translate") >= 2:
        out.append(
            "It asks for open-ended research and shipping product under deadline: say how time is split, "
            "and which one wins when they collide."
        )
    return tuple(out)
