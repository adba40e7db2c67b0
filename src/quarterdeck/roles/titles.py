"""What a job title promises, whether the duties keep the promise, and a title that would.

A title is research-titled ("Research Scientist"), hybrid ("Research
Engineer", "Applied Scientist"), engineering-titled ("ML Engineer") or other
("Data Scientist", "Product Manager"). The duties' role class either fits the
title or not; the verdict says so in one sentence.
"""

from __future__ import annotations

import re

_HYBRID = re.compile(
    r"research engineer|applied (?:research )?scientist|research (?:software|ml|machine learning) engineer"
    r"|engineer\s*/\s*(?:research )?scientist|scientist\s*/\s*(?:research )?engineer",
    re.IGNORECASE,
)
_RESEARCH = re.compile(
    r"research(?:er)?\b|\bscientist\b|post-?doc|postdoctoral|\bph\.?d\b|professor|lecturer|fellow\b",
    re.IGNORECASE,
)
_NOT_RESEARCH_SCIENTIST = re.compile(r"data scientist|decision scientist|business scientist", re.IGNORECASE)
_ENGINEERING = re.compile(
    r"engineer|developer|\bsre\b|devops|architect|programmer|administrator|\bswe\b|\bmle\b",
    re.IGNORECASE,
)
_SENIORITY = re.compile(
    r"^(?:(?:senior|sr\.?|staff\+?|principal|lead|junior|jr\.?|distinguished|head of)\s+)+", re.I
)
_ML = re.compile(r"\b(?:ml|ai|machine learning|deep learning|llms?|models?|neural|nlp)\b", re.IGNORECASE)

FITTING_CLASSES: dict[str, tuple[str, ...]] = {
    "research": ("research", "research-leaning"),
    "hybrid": ("research", "research-leaning", "engineering-leaning"),
    "engineering": ("engineering", "engineering-leaning"),
    "other": ("research-leaning", "engineering-leaning", "engineering"),
}
"""For each kind of title, the role classes its duties may have for the title to fit."""


def title_kind(title: str) -> str:
    """research, hybrid, engineering or other."""
    if _HYBRID.search(title):
        return "hybrid"
    if _RESEARCH.search(title) and not _NOT_RESEARCH_SCIENTIST.search(title):
        return "research"
    if _ENGINEERING.search(title):
        return "engineering"
    return "other"


def title_matches(title: str, role_class: str) -> bool:
    """Whether the duties' role class fits the title (an unclear class contradicts no title)."""
    return role_class == "unclear" or role_class in FITTING_CLASSES[title_kind(title)]


_CLASS_PHRASE = {
    "research": "this is a research role",
    "research-leaning": "this is mostly research, with engineering work",
    "engineering-leaning": "this is an applied ML engineering role with some novelty work",
    "engineering": "this is an engineering role",
}


def title_verdict(
    title: str, role_class: str, counts: dict[str, int], duties: int, oncall: bool = False
) -> str:
    """One plain sentence: the title, how many duties are research-shaped, what the role is."""
    research = sum(n for k, n in counts.items() if k.startswith("R_"))
    engineering = sum(n for k, n in counts.items() if k.startswith("E_"))
    named = f"Titled {title}" if title else "Untitled"
    head = f"{named}; {research} of {duties} dut{'y is' if duties == 1 else 'ies are'} research-shaped"
    if oncall or counts.get("E_oncall"):
        head += " and it includes on-call"
    if role_class == "unclear":
        return (
            f"{head}: only {research + engineering} of the duties are research- or engineering-shaped, "
            "too few to tell what kind of role this is"
        )
    what = _CLASS_PHRASE[role_class]
    if role_class == "engineering-leaning" and research == 0:
        what = "this is an engineering role"
    if role_class == "engineering":
        what += " with no research-shaped duties" if research == 0 else " with little research"
    kind = title_kind(title)
    if title_matches(title, role_class):
        fit = "the title fits"
    elif kind in ("research", "hybrid") or (kind == "other" and role_class == "research"):
        fit = "the title promises more research than the duties hold"
    else:
        fit = "the title undersells the research in it"
    return f"{head}: {what}; {fit}"


def suggested_title(title: str, role_class: str, counts: dict[str, int], ml: bool) -> str:
    """A title whose promise the duties keep, with the original's seniority and team kept."""
    if role_class == "unclear" or title_matches(title, role_class):
        return title
    seniority = _SENIORITY.match(title)
    prefix = seniority.group(0) if seniority else ""
    team = ""
    for separator in (",", " - ", " – ", " — ", " | ", " ("):
        if separator in title:
            team = separator + title.split(separator, 1)[1]
            break
    return f"{prefix}{_core_title(role_class, counts, ml)}{team}".strip()


def _core_title(role_class: str, counts: dict[str, int], ml: bool) -> str:
    if role_class == "research":
        return "Research Scientist"
    if role_class == "research-leaning":
        return "Research Engineer"
    if role_class == "engineering-leaning":
        return "Applied ML Engineer" if ml else "Software Engineer"
    top = max(
        ("E_production", "E_oncall", "E_data", "E_translate", "E_cost"),
        key=lambda k: (counts.get(k, 0), k == "E_production"),
    )
    return {
        "E_data": "Data Engineer",
        "E_cost": "ML Performance Engineer" if ml else "Performance Engineer",
        "E_oncall": "Site Reliability Engineer",
        "E_translate": "Applied ML Engineer" if ml else "Product Engineer",
        "E_production": "ML Engineer" if ml else "Software Engineer",
    }[top]


def mentions_ml(texts: list[str]) -> bool:
    """Whether the posting is about ML or AI work at all (picks ML titles over plain ones)."""
    return sum(1 for t in texts if _ML.search(t)) >= 2
