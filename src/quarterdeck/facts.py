"""Facts a verdict rests on, each with the sentence it came from.

A pure function over a paper's text: no I/O, no model. This first version
finds released artifacts and inference-cost multipliers; model sizes,
compute and claimed gains come with the verdict work.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from quarterdeck.records import Paper

# Split after . ! ? followed by a capital, except after common abbreviations.
_SENTENCE_END = re.compile(
    r"(?<!\be\.g\.)(?<!\bi\.e\.)(?<!\bet al\.)(?<!\bvs\.)(?<!\bFig\.)(?<!\bEq\.)(?<=[.!?])\s+(?=[A-Z(\[])"
)

# "Released" needs a present-tense statement or a URL (taxonomy rule);
# "will be released" with no URL does not count.
_URL = re.compile(r"https?://\S+|github\.com/\S+|huggingface\.co/\S+", re.IGNORECASE)
_FUTURE = re.compile(r"\bwill be (?:made )?(?:publicly )?(?:released|available|open[- ]sourced)\b", re.I)
_RELEASE_VERB = re.compile(
    r"\b(?:we (?:publicly )?(?:release|open[- ]source|make (?:\w+ )?(?:publicly )?available)"
    r"|(?:is|are) (?:publicly |freely )?(?:available|released|open[- ]sourced)"
    r"|code(?: and [a-z]+)? (?:is|are) at)\b",
    re.IGNORECASE,
)
_ARTIFACT_WORDS: dict[str, re.Pattern[str]] = {
    "code": re.compile(r"\b(?:code|implementation|codebase|github|repository|library|toolkit)\b", re.I),
    "weights": re.compile(r"\b(?:weights|checkpoints?|models? (?:are|is) (?:publicly )?available)\b", re.I),
    "data": re.compile(r"\b(?:dataset|data|benchmark|corpus)\b", re.I),
}

_MULTIPLIERS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bbest[- ]of[- ](\d+)\b", re.I), "best-of-{0}"),
    (
        re.compile(r"\b(\d+) (?:samples|sampled (?:responses|solutions)|generations|rollouts)\b", re.I),
        "{0} samples",
    ),
    (re.compile(r"\b(\d+) (?:rounds|iterations) of (?:refinement|debate|reflection)\b", re.I), "{0} rounds"),
    (re.compile(r"\b(\d+) (?:agents|llm agents)\b", re.I), "{0} agents"),
    (re.compile(r"\bself[- ]consistency\b", re.I), "self-consistency"),
    (re.compile(r"\bmajority vot(?:e|ing)\b", re.I), "majority vote"),
    (re.compile(r"\b(?:tree|beam|monte carlo tree) search\b", re.I), "search"),
    (re.compile(r"\bmulti-agent debate\b", re.I), "multi-agent debate"),
)


@dataclass(frozen=True, slots=True)
class Fact:
    """One fact with the sentence that states it."""

    kind: str
    value: str
    sentence: str


@dataclass(frozen=True, slots=True)
class Facts:
    """Everything found in one paper."""

    released: tuple[Fact, ...] = ()
    cost_multipliers: tuple[Fact, ...] = ()

    @property
    def released_kinds(self) -> frozenset[str]:
        """Which artifact kinds are released: a subset of code, weights, data."""
        return frozenset(f.value for f in self.released)


def sentences(text: str) -> list[str]:
    """Split prose into sentences; good enough for abstracts, not for every edge case."""
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


_ANY_RELEASE = re.compile(f"{_URL.pattern}|{_RELEASE_VERB.pattern}", re.IGNORECASE)
_ANY_MULTIPLIER = re.compile("|".join(f"(?:{p.pattern})" for p, _ in _MULTIPLIERS), re.IGNORECASE)


def extract_facts(paper: Paper) -> Facts:
    """Find released artifacts and inference-cost multipliers in a paper's text."""
    released: dict[str, Fact] = {}
    multipliers: dict[str, Fact] = {}
    # Most papers state neither: one pass over the whole text spares the per-sentence work.
    for part in (paper.abstract, paper.comment):
        look_release = bool(_ANY_RELEASE.search(part))
        look_cost = bool(_ANY_MULTIPLIER.search(part))
        if look_release or look_cost:
            _scan(part, look_release, look_cost, released, multipliers)
    return Facts(released=tuple(released.values()), cost_multipliers=tuple(multipliers.values()))


def _scan(
    text: str, look_release: bool, look_cost: bool, released: dict[str, Fact], multipliers: dict[str, Fact]
) -> None:
    for sentence in sentences(text):
        if look_release:
            for fact in _released_in(sentence):
                released.setdefault(fact.value, fact)
        if not look_cost:
            continue
        for pattern, template in _MULTIPLIERS:
            match = pattern.search(sentence)
            if match:
                value = template.format(*match.groups())
                multipliers.setdefault(value, Fact("cost_multiplier", value, sentence))


def _released_in(sentence: str) -> list[Fact]:
    has_url = bool(_URL.search(sentence))
    if not has_url and (_FUTURE.search(sentence) or not _RELEASE_VERB.search(sentence)):
        return []
    found = [
        Fact("released", kind, sentence) for kind, words in _ARTIFACT_WORDS.items() if words.search(sentence)
    ]
    if has_url and not found:
        # A bare repository link is released code.
        found.append(Fact("released", "code", sentence))
    return found
