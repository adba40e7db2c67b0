"""The engineer's table as a policy, and the verdict it gives each paper.

The table (research output type -> how often it changes an applied
engineer's quarter, and the condition that decides it) is a data file. The
type's answer is the prior; the paper's facts and the reader's profile
decide. Every verdict names its condition and carries its evidence lines.

The bundled table is the base. A preset (``data/policy-<name>.toml``) and
then the user's ``policy.toml`` override rows per type, field by field.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from quarterdeck.config import home_dir
from quarterdeck.errors import ConfigError
from quarterdeck.facts import Facts, sentences
from quarterdeck.profile import Profile
from quarterdeck.records import LABELS, Classification, Paper, Verdict
from quarterdeck.relevance import Relevance
from quarterdeck.tomlfile import did_you_mean, line_of, parse_toml, read_text, where

LOGIC_VERSION = "logic-5"
"""Bump when decide() or the facts it reads change their answers: stored verdicts
are reused only for the same table, profile and logic."""

ANSWERS = ("Often", "Sometimes", "Rarely", "Almost never")
_PRIOR = {"Often": 1.0, "Sometimes": 0.6, "Rarely": 0.3, "Almost never": 0.0}
POLICY_FILENAME = "policy.toml"
OVERRIDABLE = ("answer", "condition", "output")
"""The fields of a row a user file may change; ``origin`` stays the base table's."""
_PRESET_PREFIX, _SUFFIX = "policy-", ".toml"


@dataclass(frozen=True, slots=True)
class PolicyRow:
    """One row of the table."""

    type: str
    output: str
    answer: str
    condition: str
    origin: str


@dataclass(frozen=True, slots=True)
class Override:
    """Who changed a row, and which of its fields."""

    source: str
    fields: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Policy:
    """The effective table, its version, and which rows were overridden by whom."""

    rows: dict[str, PolicyRow]
    version: str
    overrides: dict[str, tuple[Override, ...]] = field(default_factory=dict)
    sources: tuple[str, ...] = ("bundled table",)


@dataclass(frozen=True, slots=True)
class PolicyFile:
    """A validated override file: an optional preset, and the fields it sets per type."""

    source: str
    preset: str | None
    rows: dict[str, dict[str, str]]


def _version(name: str, rows: dict[str, PolicyRow]) -> str:
    # Hash what decides verdicts and their wording, so any change of a row makes stored verdicts stale.
    effective = [[r.type, r.output, r.answer, r.condition] for r in (rows[label] for label in LABELS)]
    digest = hashlib.sha256(json.dumps(effective).encode("utf-8")).hexdigest()[:8]
    return f"{name}-{digest}"


def parse_policy(text: str, origin: str) -> Policy:
    """Read a full policy table; every one of the 13 types must have a row."""
    raw = parse_toml(text, origin)
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
    return Policy(rows=rows, version=_version(str(raw.get("version", "policy")), rows))


def _data_text(name: str) -> str:
    return resources.files("quarterdeck").joinpath(f"data/{name}").read_text(encoding="utf-8")


def default_policy() -> Policy:
    """The bundled table: the essay's seven rows and Quarterdeck's six, with no override."""
    return parse_policy(_data_text("policy.toml"), "default policy")


def presets() -> tuple[str, ...]:
    """Names of the bundled presets (``data/policy-<name>.toml``)."""
    names = (p.name for p in resources.files("quarterdeck").joinpath("data").iterdir())
    return tuple(
        sorted(n[len(_PRESET_PREFIX) : -len(_SUFFIX)] for n in names if n.startswith(_PRESET_PREFIX))
    )


def parse_overrides(text: str, origin: str, *, allow_preset: bool = True) -> PolicyFile:
    """Validate an override file: ``preset = "NAME"`` and ``[types.<type>]`` tables.

    A row may set any of answer, condition and output; anything else is an
    error naming the file, the line and the valid choices.
    """
    raw = parse_toml(text, origin)
    top = ("preset", "types") if allow_preset else ("types",)
    for key in raw:
        if key not in top:
            place = where(origin, line_of(text, key) or line_of(text, table=key))
            raise ConfigError(
                f"{place}: unknown key '{key}'{did_you_mean(key, top)}; a policy file holds "
                + ('preset = "NAME" and ' if allow_preset else "")
                + "[types.<type>] tables"
            )
    preset = raw.get("preset")
    if preset is not None and (not isinstance(preset, str) or preset not in presets()):
        raise ConfigError(
            f"{where(origin, line_of(text, 'preset'))}: unknown preset {preset!r}; "
            f"use one of: {', '.join(presets())}"
        )
    types = raw.get("types", {})
    if not isinstance(types, dict):
        raise ConfigError(f"{where(origin, line_of(text, 'types'))}: write rows as [types.<type>] tables")
    rows = {label: _override_row(text, origin, label, entry) for label, entry in types.items()}
    return PolicyFile(source=origin, preset=preset, rows=rows)


def _override_row(text: str, origin: str, label: str, entry: Any) -> dict[str, str]:
    table = f"types.{label}"
    if label not in LABELS:
        raise ConfigError(
            f"{where(origin, line_of(text, table=table))}: unknown type [{table}]"
            f"{did_you_mean(label, LABELS)}; valid types: {', '.join(LABELS)}"
        )
    if not isinstance(entry, dict):
        raise ConfigError(f"{where(origin, line_of(text, label, 'types'))}: write [{table}] as a table")
    fields: dict[str, str] = {}
    for key, value in entry.items():
        place = where(origin, line_of(text, key, table))
        if key not in OVERRIDABLE:
            raise ConfigError(
                f"{place}: unknown key '{key}' in [{table}]{did_you_mean(key, OVERRIDABLE)}; "
                f"a row can set {', '.join(OVERRIDABLE)}"
            )
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(f'{place}: [{table}] {key} must be a non-empty string, e.g. {key} = "..."')
        if key == "answer" and value not in ANSWERS:
            raise ConfigError(
                f"{place}: [{table}] answer {value!r} is not an answer; use one of "
                + ", ".join(f'"{a}"' for a in ANSWERS)
            )
        fields[key] = value
    return fields


def apply_overrides(policy: Policy, overrides: PolicyFile) -> Policy:
    """The policy with the file's fields on top; only fields that change a row count as overrides."""
    rows = dict(policy.rows)
    marks = dict(policy.overrides)
    for label, fields in overrides.rows.items():
        row = rows[label]
        changed = {k: v for k, v in fields.items() if getattr(row, k) != v}
        if changed:
            rows[label] = dataclasses.replace(row, **changed)
            marks[label] = (*marks.get(label, ()), Override(overrides.source, tuple(sorted(changed))))
    name = policy.version.rsplit("-", 1)[0]
    return Policy(rows, _version(name, rows), marks, (*policy.sources, overrides.source))


def preset_file(name: str) -> PolicyFile:
    """A bundled preset as an override file."""
    if name not in presets():
        raise ConfigError(f"unknown preset {name!r}; use one of: {', '.join(presets())}")
    text = _data_text(f"{_PRESET_PREFIX}{name}{_SUFFIX}")
    return parse_overrides(text, f"preset {name}", allow_preset=False)


def user_policy_path() -> Path:
    """Where the user's policy file lives: ``policy.toml`` in the home directory."""
    return home_dir() / POLICY_FILENAME


def load_policy(path: Path | None = None, preset: str | None = None) -> Policy:
    """The effective policy: the bundled table, then a preset, then the user's file.

    ``path`` defaults to the home directory's policy.toml when there is one.
    ``preset`` wins over a ``preset = "..."`` line in that file.
    """
    if path is None and user_policy_path().is_file():
        path = user_policy_path()
    user = parse_overrides(read_text(path, "policy"), str(path)) if path is not None else None
    policy = default_policy()
    chosen = preset or (user.preset if user else None)
    if chosen:
        policy = apply_overrides(policy, preset_file(chosen))
    if user is not None:
        policy = apply_overrides(policy, user)
    return policy


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
    relevance: Relevance | None = None,
) -> Verdict:
    """Give one paper its verdict for this reader, with reason, evidence and next step.

    ``relevance`` is the learned judgement (see :mod:`quarterdeck.relevance`) when the
    profile uses one; without it the profile's focus patterns decide what is for the reader.
    """
    label = classification.label
    row = policy.rows[label]
    type_evidence = classification.evidence[:1]
    released = facts.released_kinds
    text = f"{paper.title}. {paper.abstract}"
    focus = _first_match(profile.focus, paper)
    focus_hits = _count_matches(profile.focus, text) if focus else 0
    score = (
        _PRIOR[row.answer]
        + classification.confidence * 0.5
        + 0.3 * len(released)
        + min(focus_hits, 5) * 0.2
        + (0.5 if focus and focus.sentence == paper.title else 0.0)
        + goal_overlap(profile.goals, text)
        + (0.5 if profile.domains.search(text) else 0.0)
        + (2.0 * relevance.score if relevance is not None else 0.0)
    )
    followed = followed_in(paper, profile.follow)
    trap = facts.cost_trap
    trap_line = _cost_trap_phrase(trap.gain, trap.multiplier) if trap is not None else None

    def verdict(kind: str, reason: str, evidence: tuple[str, ...] = (), next_step: str = "") -> Verdict:
        # An uncertain type cannot carry a firm "act" or "budget": say so and ask for a check.
        if kind in ("act", "budget") and classification.uncertain:
            reason = (
                f"Type uncertain ({classification.confidence:.0%}); if it is {row.output.lower()}: {reason}"
            )
            kind = "check"
        return Verdict(
            kind,
            reason,
            evidence or type_evidence,
            next_step,
            round(score + (1.0 if followed else 0.0), 3),
            version,
            relevance=relevance.score if relevance is not None else None,
            followed=followed,
            cost_trap=trap_line,
            facts=facts.as_dict(),
        )

    # Types the table rarely or never acts on are set aside without reading further
    # (analysis is the exception: it matters when it names a failure the reader's system has).
    if row.answer == "Almost never" or (row.answer == "Rarely" and label != "analysis"):
        if row.condition.strip().lower() in ("", "none"):
            return verdict(
                "skip", f"{row.answer}: not a kind of output the table acts on ({row.output.lower()})."
            )
        return verdict("skip", f"{row.answer}: {row.condition}.")

    excluded = _first_match(profile.exclude, paper)
    if excluded is not None:
        return verdict("skip", f"Outside your domains ('{excluded.pattern}').", (excluded.sentence,))
    # The learned relevance already knows what the reader's stack covers (agents and VLMs
    # rarely say "LLM"); the stack patterns gate only when the focus patterns decide.
    if relevance is None and profile.stack.search(text) is None:
        return verdict("skip", f"{row.answer} for this type, but not about models in your stack.")
    if label == "scaling_law":
        return verdict(
            "budget",
            f"{row.answer}: {row.condition}.",
            type_evidence,
            "Bring the curve it reports to planning: what it says about spend versus quality.",
        )

    if relevance is not None:
        if not relevance.kept:
            return verdict(
                "skip",
                f"{row.answer} for this type, but readers of your profile set papers like this aside "
                f"(relevance {relevance.score:.2f}).",
            )
        topic = focus.pattern if focus else ", ".join(relevance.terms[:2]) or row.output.lower()
        focus_line = (focus.sentence,) if focus else type_evidence
    elif label == "foundation_model":
        # A model release matters for what it is, not for its topic: "when it ships in a model I can call".
        topic, focus_line = row.output.lower(), type_evidence
    else:
        # One passing mention is not enough: the title must name a focus topic, or the abstract two.
        if focus is None or (focus.sentence != paper.title and focus_hits < 2):
            return verdict("skip", f"{row.answer} for this type, but it does not touch your focus areas.")
        topic, focus_line = focus.pattern, (focus.sentence,)
    release_lines = tuple(f.sentence for f in facts.released)[:1]

    if label == "analysis":
        return verdict(
            "check",
            f"{row.answer}, but it studies '{topic}': check whether your system shows the failure.",
            focus_line,
            "Reproduce its probe on your own traffic or eval set.",
        )
    if label == "architecture":
        return verdict("watch", f"{row.answer}: {row.condition}; not yet in a model you call.")
    if label == "foundation_model":
        return _model_release(paper, facts, profile, row, verdict, release_lines, type_evidence)
    needs = _gpus_needed(facts)
    if label == "training_recipe" and needs is not None and needs[0] > max(profile.gpus, 1) * 2:
        count, line = needs
        return verdict(
            "watch",
            f"{row.answer}: {row.condition}; it needs {count} GPUs and you have {profile.gpus}.",
            (line,),
            "Keep an eye out for a smaller-scale replication.",
        )

    # The rest: in the bundled table the "Often" types (recipe, benchmark, agent pattern,
    # inference efficiency); with overrides, any type the user's policy lets through.
    if trap is not None:
        # The essay's trap: a quality gain bought with a multiple of the inference cost.
        return verdict(
            "check",
            f"Cost trap: {trap_line}; check the cost per query first.",
            (trap.evidence,),
            "Price the method on your traffic: quality gain versus the inference multiplier.",
        )
    if released:
        return verdict(
            "act",
            f"{row.answer}: {row.condition}; it touches '{topic}' and ships "
            + ", ".join(sorted(released))
            + ".",
            release_lines + focus_line,
            _next_step(label, facts, profile),
        )
    return verdict(
        "check",
        f"{row.answer}: {row.condition}; it touches '{topic}' but nothing is released yet.",
        focus_line,
        "Check whether code or data is available before investing time.",
    )


def _model_release(
    paper: Paper,
    facts: Facts,
    profile: Profile,
    row: PolicyRow,
    verdict: Callable[..., Verdict],
    release_lines: tuple[str, ...],
    type_evidence: tuple[str, ...],
) -> Verdict:
    """A model release: act when you can call it, watch when it is too big, else check."""
    sizes = [b for b in (_billions(f.value) for f in facts.params) if b is not None]
    name = facts.models[0].value if facts.models else "the model"
    if sizes and profile.max_serve_params_b and min(sizes) > profile.max_serve_params_b:
        return verdict(
            "watch",
            f"{name} needs {min(sizes):g}B parameters; you serve up to {profile.max_serve_params_b:g}B.",
            tuple(f.sentence for f in facts.params[:1]),
            "Wait for an API or a smaller variant.",
        )
    callable_name = profile.callable_models.search(f"{paper.title}. {paper.abstract}")
    if facts.released_kinds & {"weights", "api"} or (callable_name and facts.released_kinds):
        licence = next((f.value for f in facts.released if f.kind == "licence"), None)
        return verdict(
            "act",
            f"Released model you can call: {row.condition}.",
            release_lines,
            f"Evaluate {name} on your eval set against the model you run now"
            + (f": released under {licence}." if licence else "."),
        )
    return verdict(
        "check",
        "Model release: check whether it ships as weights or an API you can call.",
        type_evidence,
        "Look for a weights or API announcement before spending time on it.",
    )


_BILLIONS = re.compile(r"(\d+(?:\.\d+)?)\s*([BbMmTt])")
_GPU_COUNT = re.compile(r"(\d[\d,]*)\s?(?:x\s?|×\s?)?(?!hours?|days?)")


def _billions(value: str) -> float | None:
    """'70B' -> 70.0, '350M' -> 0.35, '1.2T' -> 1200.0; None when it is not a size."""
    match = _BILLIONS.search(value)
    if not match:
        return None
    scale = {"b": 1.0, "m": 0.001, "t": 1000.0}[match.group(2).lower()]
    return float(match.group(1)) * scale


def _gpus_needed(facts: Facts) -> tuple[int, str] | None:
    """The largest GPU count a paper says it used (not GPU-hours), with its sentence."""
    counts = []
    for fact in facts.compute:
        if re.search(r"hours?|days?", fact.value, re.IGNORECASE):
            continue
        match = _GPU_COUNT.match(fact.value.strip())
        if match:
            counts.append((int(match.group(1).replace(",", "")), fact.sentence))
    return max(counts) if counts else None


def _next_step(label: str, facts: Facts, profile: Profile) -> str:
    """A concrete next step for an actionable paper, using its facts and the reader's setup."""
    needs = _gpus_needed(facts)
    if label == "training_recipe" and needs is not None:
        return f"Try the recipe on your fine-tune: it needs {needs[0]} GPUs, you have {profile.gpus}" + (
            f" {profile.gpu_type}." if profile.gpu_type else "."
        )
    if label == "benchmark" and facts.models:
        return f"Port the methodology to your regression eval suite; it compares {facts.models[0].value}."
    return _NEXT_STEPS.get(label, "Try it on your own stack.")


_GOAL_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "the",
        "for",
        "our",
        "of",
        "to",
        "by",
        "with",
        "in",
        "on",
        "per",
        "from",
        "into",
        "your",
        "my",
        "we",
        "build",
        "ship",
        "cut",
        "make",
    ]
)


def goal_overlap(goals: tuple[str, ...], text: str) -> float:
    """How many of the goals' content words (by 5-letter stem) the text shares, scaled to 0-1."""
    stems = {w[:5] for goal in goals for w in re.findall(r"[a-z][a-z-]{2,}", goal.lower())}
    stems -= {w[:5] for w in _GOAL_STOPWORDS}
    if not stems:
        return 0.0
    found = {w[:5] for w in re.findall(r"[a-z][a-z-]{2,}", text.lower())} & stems
    return min(len(found) / 4, 1.0)


def followed_in(paper: Paper, follow: tuple[str, ...]) -> tuple[str, ...]:
    """The followed authors (by full name) and labs (by name in the abstract or comment) the paper names."""
    if not follow:
        return ()
    authors = {a.casefold() for a in paper.authors}
    places = f"{paper.abstract} {paper.comment}".casefold()
    return tuple(
        name
        for name in follow
        if name.casefold() in authors or re.search(rf"\b{re.escape(name.casefold())}\b", places)
    )


def _cost_trap_phrase(gain: str | None, multiplier: str | None) -> str:
    """'+4.1 points with 64 samples: about 64x inference cost', or 'multiplier not stated'."""
    claimed = gain or "a quality gain"
    if multiplier is None:
        return f"{claimed}; multiplier not stated"
    number = re.search(r"\d+", multiplier)
    cost = f"about {number.group(0)}x inference cost" if number else "a multiple of the inference cost"
    return f"{claimed} with {multiplier}: {cost}"


_NEXT_STEPS = {
    "training_recipe": "Try the recipe on your fine-tune with the released code.",
    "benchmark": "Port the methodology to your regression eval suite.",
    "agent_pattern": "Prototype the pattern in your assistant; drop the framing.",
    "inference_efficiency": "Measure what it saves on your serving stack.",
}


def policy_view(effective: Policy) -> dict[str, Any]:
    """The effective table as plain data: what ``policy --format json`` prints and the web page shows."""
    return {
        "version": effective.version,
        "sources": list(effective.sources),
        "rows": [
            {
                "type": row.type,
                "output": row.output,
                "answer": row.answer,
                "condition": row.condition,
                "origin": row.origin,
                "overridden_by": [
                    {"source": m.source, "fields": list(m.fields)} for m in effective.overrides.get(label, ())
                ],
            }
            for label, row in effective.rows.items()
        ],
    }
