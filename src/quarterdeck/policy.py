"""The engineer's table as a policy, and the verdict it gives each paper.

The table (research output type -> how often it changes an applied
engineer's quarter, and the condition that decides it) is a data file. The
type's answer is the prior; the paper's facts and the reader's profile
decide. Every verdict names its condition and carries its evidence lines.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass
from importlib import resources

from quarterdeck.errors import ConfigError
from quarterdeck.facts import Facts, sentences
from quarterdeck.profile import Profile
from quarterdeck.records import LABELS, Classification, Paper, Verdict

ANSWERS = ("Often", "Sometimes", "Rarely", "Almost never")
_PRIOR = {"Often": 1.0, "Sometimes": 0.6, "Rarely": 0.3, "Almost never": 0.0}


@dataclass(frozen=True, slots=True)
class PolicyRow:
    """One row of the table."""

    type: str
    output: str
    answer: str
    condition: str
    origin: str


@dataclass(frozen=True, slots=True)
class Policy:
    """The effective table and its version."""

    rows: dict[str, PolicyRow]
    version: str


def parse_policy(text: str, origin: str) -> Policy:
    """Read a policy file; every one of the 13 types must have a row."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{origin}: not valid TOML: {exc}") from exc
    types = raw.get("types")
    if not isinstance(types, dict):
        raise ConfigError(f"{origin}: missing [types.<type>] tables")
    rows: dict[str, PolicyRow] = {}
    for label in LABELS:
        entry = types.get(label)
        if not isinstance(entry, dict):
            raise ConfigError(f"{origin}: no row for type '{label}'")
        answer = entry.get("answer")
        if answer not in ANSWERS:
            raise ConfigError(f"{origin}: type '{label}' has answer {answer!r}; expected one of {ANSWERS}")
        rows[label] = PolicyRow(
            type=label,
            output=str(entry.get("output", label)),
            answer=str(answer),
            condition=str(entry.get("condition", "")),
            origin=str(entry.get("origin", "")),
        )
    unknown = sorted(set(types) - set(LABELS))
    if unknown:
        raise ConfigError(f"{origin}: unknown type '{unknown[0]}' (known: {', '.join(LABELS)})")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]
    return Policy(rows=rows, version=f"{raw.get('version', 'policy')}-{digest}")


def default_policy() -> Policy:
    """The bundled table: the essay's seven rows and Quarterdeck's six."""
    text = resources.files("quarterdeck").joinpath("data/policy.toml").read_text(encoding="utf-8")
    return parse_policy(text, "default policy")


@dataclass(frozen=True, slots=True)
class _Match:
    pattern: str
    sentence: str


def _first_match(pattern: re.Pattern[str], paper: Paper) -> _Match | None:
    """The first match in the title, else in the abstract, with the sentence it is in."""
    match = pattern.search(paper.title)
    if match:
        return _Match(match.group(0), paper.title)
    if not pattern.search(paper.abstract):
        return None
    for sentence in sentences(paper.abstract):
        match = pattern.search(sentence)
        if match:
            return _Match(match.group(0), sentence)
    return None


def _count_matches(pattern: re.Pattern[str], text: str) -> int:
    """How many different phrases of the pattern occur in the text."""
    return len({m.group(0).lower() for m in pattern.finditer(text)})


def decide(
    paper: Paper,
    classification: Classification,
    facts: Facts,
    profile: Profile,
    policy: Policy,
    *,
    version: str,
) -> Verdict:
    """Give one paper its verdict for this reader, with reason, evidence and next step."""
    label = classification.label
    row = policy.rows[label]
    type_evidence = classification.evidence[:1]
    released = facts.released_kinds
    score = _PRIOR[row.answer] + classification.confidence * 0.5 + 0.3 * len(released)

    def verdict(kind: str, reason: str, evidence: tuple[str, ...] = (), next_step: str = "") -> Verdict:
        # An uncertain type cannot carry a firm "act" or "budget": say so and ask for a check.
        if kind in ("act", "budget") and classification.uncertain:
            reason = (
                f"Type uncertain ({classification.confidence:.0%}); if it is {row.output.lower()}: {reason}"
            )
            kind = "check"
        return Verdict(kind, reason, evidence or type_evidence, next_step, round(score, 3), version)

    # Types the table rarely or never acts on are set aside without reading further
    # (analysis is the exception: it matters when it names a failure the reader's system has).
    if row.answer == "Almost never" or (row.answer == "Rarely" and label != "analysis"):
        return verdict("skip", f"{row.answer}: {row.condition}.")

    excluded = _first_match(profile.exclude, paper)
    if excluded is not None:
        return verdict("skip", f"Outside your domains ('{excluded.pattern}').", (excluded.sentence,))
    text = f"{paper.title}. {paper.abstract}"
    if profile.stack.search(text) is None:
        return verdict("skip", f"{row.answer} for this type, but not about models in your stack.")
    if label == "scaling_law":
        return verdict(
            "budget",
            f"{row.answer}: {row.condition}.",
            type_evidence,
            "Bring the curve it reports to planning: what it says about spend versus quality.",
        )

    focus = _first_match(profile.focus, paper)
    focus_hits = _count_matches(profile.focus, text) if focus else 0
    score += min(focus_hits, 5) * 0.2 + (0.5 if focus and focus.sentence == paper.title else 0.0)
    # One passing mention is not enough: the title must name a focus topic, or the abstract two.
    if focus is None or (focus.sentence != paper.title and focus_hits < 2):
        return verdict("skip", f"{row.answer} for this type, but it does not touch your focus areas.")
    focus_line = (focus.sentence,)
    release_lines = tuple(f.sentence for f in facts.released)[:1]

    if label == "analysis":
        return verdict(
            "check",
            f"{row.answer}, but it studies '{focus.pattern}': check whether your system shows the failure.",
            focus_line,
            "Reproduce its probe on your own traffic or eval set.",
        )
    if label == "architecture":
        return verdict("watch", f"{row.answer}: {row.condition}; not yet in a model you call.")
    if label == "foundation_model":
        if released & {"weights", "code"}:
            return verdict(
                "act",
                f"Released model you can call: {row.condition}.",
                release_lines,
                "Evaluate it on your eval set against the model you run now.",
            )
        return verdict(
            "check",
            "Model release: check whether it ships as weights or an API you can call.",
            type_evidence,
            "Look for a weights or API announcement before spending time on it.",
        )

    # The "Often" types: recipe, benchmark, agent pattern, inference efficiency.
    if facts.cost_multipliers:
        trap = facts.cost_multipliers[0]
        return verdict(
            "check",
            f"Gain may come with inference cost ({trap.value}): check the cost per query before adopting.",
            (trap.sentence,),
            "Price the method on your traffic: quality gain versus the multiplier.",
        )
    if released:
        return verdict(
            "act",
            f"{row.answer}: {row.condition}; it touches '{focus.pattern}' and ships "
            + ", ".join(sorted(released))
            + ".",
            release_lines + focus_line,
            _NEXT_STEPS.get(label, "Try it on your own stack."),
        )
    return verdict(
        "check",
        f"{row.answer}: {row.condition}; it touches '{focus.pattern}' but nothing is released yet.",
        focus_line,
        "Check whether code or data is available before investing time.",
    )


_NEXT_STEPS = {
    "training_recipe": "Try the recipe on your fine-tune with the released code.",
    "benchmark": "Port the methodology to your regression eval suite.",
    "agent_pattern": "Prototype the pattern in your assistant; drop the framing.",
    "inference_efficiency": "Measure what it saves on your serving stack.",
}
