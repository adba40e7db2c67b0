"""Inference-cost multipliers, and the cost trap: a claimed gain bought with one."""

from __future__ import annotations

import re

from quarterdeck.facts.gains import GAIN_WORDS
from quarterdeck.facts.records import CostTrap, Fact
from quarterdeck.facts.text import Rule, Text
from quarterdeck.records import Paper

# --- inference-cost multipliers ---------------------------------------------------------------
_WORD_NUMBERS = {"two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8"}
_MULTIPLIERS: tuple[tuple[Rule, str | None], ...] = (
    # (rule, how to name the multiplier; None names it by the matched phrase)
    (Rule(("best-of", "best of"), re.compile(r"\bbest[- ]of[- ](\d+|N|K)\b", re.IGNORECASE)), "best-of-{0}"),
    (
        Rule(
            ("sample", "generations", "rollouts", "candidate", "paths", "chains", "traces", "parallel"),
            re.compile(
                # "52 samples" alone is usually a dataset's size: it needs a per-query or sampling context.
                r"\b(?:sampl\w+|generat\w+|draw\w*|using|with|aggregat\w+|vot\w+|over|across|of) "
                r"(?:up to |only )?(\d{1,3}|N|K) (?:samples|sampled (?:responses|solutions|candidates)"
                r"|generations|rollouts|candidate (?:responses|solutions|answers)"
                r"|reasoning (?:paths|chains|traces)"
                r"|parallel (?:paths|samples|chains|threads|trajectories))\b"
                r"|\b(\d{1,3}) (?:samples|sampled (?:responses|solutions|candidates)|generations|rollouts"
                r"|candidate (?:responses|solutions|answers)|reasoning (?:paths|chains|traces)"
                r"|parallel (?:paths|samples|chains|threads|trajectories))"
                r" per (?:query|question|problem|prompt|input|instance|sample)\b"
                r"|\b(\d{1,3}) (?:sampled (?:responses|solutions|candidates)|reasoning (?:paths|chains)"
                r"|parallel (?:paths|chains|threads|trajectories))\b",
                re.IGNORECASE,
            ),
        ),
        "{0} samples",
    ),
    (
        Rule(
            ("rounds", "iterations"),
            re.compile(
                r"\b(\d+|two|three|four|five|multiple) (?:rounds|iterations) of (?:\w+ )?"
                r"(?:refinement|debate|reflection|revision|feedback|self-correction|critique)",
                re.IGNORECASE,
            ),
        ),
        "{0} rounds",
    ),
    (
        Rule(
            ("agents", "experts", "judges", "verifiers"),
            re.compile(
                # Not a year ("ICLR 2026 Agents" workshop) and not people ("20 domain experts").
                r"\b(\d{1,2}|two|three|four|five|six|seven|eight) (?!(?:[\w-]+ )?(?:human|domain|clinical)\b)"
                r"(?:[\w-]+ ){0,2}(?:LLM )?(?:agents|experts|judges|verifiers)\b",
                re.IGNORECASE,
            ),
        ),
        "{0} agents",
    ),
    (
        Rule(("consisten",), re.compile(r"\bself[- ]consisten(?:cy|t)\b", re.IGNORECASE)),
        "self-consistency",
    ),
    (Rule(("vot",), re.compile(r"\bmajority[- ]vot(?:e|ing)\b|\bvoting\b", re.IGNORECASE)), "majority vote"),
    (
        Rule(
            ("search", "mcts", "tree-of", "tree of"),
            re.compile(
                r"\b(?:tree|beam|monte[- ]carlo tree|lookahead|guided|step-level) search\b"
                r"|\bMCTS\b|\btree[- ]of[- ]thoughts?\b",
                re.IGNORECASE,
            ),
        ),
        "search",
    ),
    (
        Rule(
            ("multi-agent", "multi agent", "multiagent"),
            re.compile(r"\bmulti[- ]?agent (?:debate|discussion|collaboration)\b", re.IGNORECASE),
        ),
        None,
    ),
    (Rule(("ensembl",), re.compile(r"\bensembl\w*\b", re.IGNORECASE)), "ensemble"),
    (
        Rule(
            (
                "test-time",
                "test time",
                "inference-time",
                "inference time",
                "parallel",
                "repeated",
                "longer",
                "extended",
                "lengthy",
            ),
            re.compile(
                r"\b(?:test|inference)[- ]time (?:scaling|compute|search|computation)\b"
                r"|\b(?:parallel|repeated) (?:sampling|reasoning|thinking|scaling)\b"
                r"|\b(?:longer|extended|lengthy) (?:reasoning|thinking|chains?[- ]of[- ]thought)",
                re.IGNORECASE,
            ),
        ),
        None,
    ),
    (
        Rule(
            ("refine", "refinement", "reflect", "critique", "correction", "revision"),
            re.compile(
                r"\biterative(?:ly)? (?:self-)?(?:refine\w*|refinement|reflection|revision|critique)"
                r"|\bself[- ](?:refine\w*|reflection|critique|correction)\b",
                re.IGNORECASE,
            ),
        ),
        "refinement rounds",
    ),
)
# Papers that cut inference cost, survey it or study it are not selling a gain bought with cost.
_NOT_A_TRAP = re.compile(
    r"\b(?:survey|review of|we (?:benchmark|evaluate|study|investigate|analy[sz]e)|benchmark for"
    r"|multi[- ]agent reinforcement learning|MARL|reduc\w* (?:the )?(?:inference |computational )?"
    r"(?:cost|latency|overhead|tokens)|fewer tokens|token (?:usage|consumption|savings)|efficient(?:ly)?)\b",
    re.IGNORECASE,
)


def multipliers(text: Text) -> tuple[Fact, ...]:
    found: dict[str, Fact] = {}
    for rule, template in _MULTIPLIERS:
        for match, sentence in text.hits(rule):
            if template is None:
                value = " ".join(match.group(0).lower().split())
            else:
                groups = [_WORD_NUMBERS.get(g.lower(), g) for g in match.groups() if g is not None]
                value = template.format(*groups)
            found.setdefault(value, Fact("cost_multiplier", value, sentence))
    return tuple(found.values())


def rule_trap(
    paper: Paper, text: Text, multipliers: tuple[Fact, ...], gains: tuple[Fact, ...]
) -> CostTrap | None:
    """A gain claim and a multiplier: the essay's "2x accuracy may be 10x cost"."""
    if not multipliers:
        return None
    head = f"{paper.title} {paper.abstract[:400]}"
    if _NOT_A_TRAP.search(head):
        return None
    gain = gains[0].value if gains else None
    if gain is None and not any(word in text.lower for word in GAIN_WORDS):
        return None
    # Only a number says how much the cost grows; "self-consistency" alone says only that it does.
    stated = [f for f in multipliers if any(c.isdigit() for c in f.value)]
    evidence = (stated or list(multipliers))[0]
    return CostTrap(multiplier=evidence.value if stated else None, evidence=evidence.sentence, gain=gain)


SIGNALS = (
    "multiplier", "stated multiplier", "samples", "best-of", "rounds", "agents", "self-consistency",
    "majority vote", "search", "multi-agent", "ensemble", "test-time", "refinement", "gain",
    "gain word", "rule trap", "not a trap",
)  # fmt: skip
"""The rule signals a learned cost-trap detector reads next to the words, in this order."""

_SIGNAL_NAMES = {
    "samples": ("samples",), "best-of": ("best-of",), "rounds": ("rounds",), "agents": ("agents",),
    "self-consistency": ("self-consistency",), "majority vote": ("majority vote",),
    "search": ("search", "mcts"), "multi-agent": ("multi-agent", "multi agent", "multiagent"),
    "ensemble": ("ensemble",),
    "test-time": ("test-time", "test time", "inference-time", "inference time", "parallel", "repeated",
                  "longer", "extended", "lengthy"),
    "refinement": ("refinement", "refine", "reflection", "critique", "correction", "revision"),
}  # fmt: skip


def signals(
    paper: Paper, text: Text, multipliers: tuple[Fact, ...], gains: tuple[Fact, ...], trap: CostTrap | None
) -> tuple[float, ...]:
    """What the rules saw, as 0/1 values in :data:`SIGNALS` order."""
    values = [f.value for f in multipliers]
    seen = {
        "multiplier": bool(values),
        "stated multiplier": any(c.isdigit() for v in values for c in v),
        **{name: any(w in v for v in values for w in words) for name, words in _SIGNAL_NAMES.items()},
        "gain": bool(gains),
        "gain word": any(word in text.lower for word in GAIN_WORDS),
        "rule trap": trap is not None,
        "not a trap": bool(_NOT_A_TRAP.search(f"{paper.title} {paper.abstract[:400]}")),
    }
    return tuple(float(seen[name]) for name in SIGNALS)
