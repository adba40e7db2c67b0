"""The person's side: what they want from a role, and where a role agrees or disagrees with it.

A person answers want, fine or avoid for each of the ten duties, and the
essay's closing question: which uncertainty can you sleep through, "is this
true" (research) or "will this hold up at three in the morning" (engineering)?
The answers live in ``me.toml`` in the home directory.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from quarterdeck.config import home_dir
from quarterdeck.errors import ConfigError
from quarterdeck.roles.records import (
    DUTIES,
    DUTY_NAMES,
    PREFERENCES,
    UNCERTAINTIES,
    FitLine,
    FitReport,
    Person,
    RoleReport,
    is_engineering,
    is_research,
)
from quarterdeck.tomlfile import did_you_mean, line_of, parse_toml, read_text, where

ME_FILENAME = "me.toml"
KEYS = ("name", "uncertainty", "duties")
GOOD_FIT_AT_LEAST = 0.5
"""Score (wanted minus avoided share of the role's shaped duties) from which a role is a good fit."""
POOR_FIT_AVOID_SHARE = 0.3
"""A role where this share or more of the shaped duties are ones you avoid is a poor fit."""

CLOSING_QUESTION = (
    "Which kind of uncertainty can you sleep through: researchers live with 'is this true', "
    "engineers with 'will this hold up at three in the morning when the on-call rotation hits'"
)


def user_me_path() -> Path:
    """Where the person's answers live: ``me.toml`` in the home directory."""
    return home_dir() / ME_FILENAME


def parse_person(text: str, origin: str, source: str = "") -> Person:
    """Read a person's answers from TOML text; errors name the file and the line."""
    raw = parse_toml(text, origin)
    for key in raw:
        if key not in KEYS:
            place = where(origin, line_of(text, key) or line_of(text, table=key))
            raise ConfigError(
                f"{place}: unknown key '{key}'{did_you_mean(key, KEYS)}; valid keys: {', '.join(KEYS)}"
            )
    uncertainty = raw.get("uncertainty")
    if uncertainty not in UNCERTAINTIES:
        place = where(origin, line_of(text, "uncertainty"))
        shown = "missing" if uncertainty is None else repr(uncertainty)
        raise ConfigError(
            f"{place}: 'uncertainty' is {shown}; it must be one of "
            + ", ".join(f'"{u}"' for u in UNCERTAINTIES)
        )
    name = raw.get("name", "")
    if not isinstance(name, str):
        raise ConfigError(f"{where(origin, line_of(text, 'name'))}: 'name' must be a string")
    table = raw.get("duties", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{where(origin, line_of(text, 'duties'))}: 'duties' must be a table, [duties]")
    duties: dict[str, str] = {}
    for duty, value in table.items():
        place = where(origin, line_of(text, duty, table="duties"))
        if duty not in DUTIES:
            raise ConfigError(
                f"{place}: unknown duty '{duty}'{did_you_mean(duty, DUTIES)}; duties: {', '.join(DUTIES)}"
            )
        if value not in PREFERENCES:
            raise ConfigError(
                f"{place}: {duty} = {value!r}; it must be one of " + ", ".join(f'"{p}"' for p in PREFERENCES)
            )
        duties[duty] = str(value)
    # A duty left out is one the person does not mind.
    return Person({d: duties.get(d, "fine") for d in DUTIES}, str(uncertainty), name, source)


def load_person(path: Path | None = None) -> Person:
    """The person's answers from ``path``, else me.toml in the home directory."""
    path = path or user_me_path()
    if not path.is_file() and path == user_me_path():
        raise ConfigError(f"no answers at {path}; run 'quarterdeck fit --interview' first, or pass --me FILE")
    return parse_person(read_text(path, "answers file"), str(path), source=str(path))


def person_toml(person: Person) -> str:
    """The answers as a commented me.toml."""
    lines = [
        "# What you want from a role: written by 'quarterdeck fit --interview'; edit freely.",
        '# Each duty: "want", "fine" or "avoid". Used by \'quarterdeck fit ROLE\'.',
        f"name = {json.dumps(person.name)}",
        "",
        f"# {CLOSING_QUESTION}?",
        '# "is-this-true" or "three-am"',
        f"uncertainty = {json.dumps(person.uncertainty)}",
        "",
        "[duties]",
    ]
    for duty in DUTIES:
        lines.append(f"{duty} = {json.dumps(person.duties[duty])}  # {DUTY_NAMES[duty]}")
    return "\n".join(lines) + "\n"


def _role_uncertainty(role_class: str) -> str | None:
    if role_class in ("research", "research-leaning"):
        return "is-this-true"
    if role_class in ("engineering", "engineering-leaning"):
        return "three-am"
    return None


def fit(person: Person, report: RoleReport) -> FitReport:
    """Where the person's answers and the role's duties agree and disagree."""
    examples: dict[str, list[str]] = {}
    for duty in report.duties:
        if is_research(duty.kind) or is_engineering(duty.kind):
            examples.setdefault(duty.kind, []).append(duty.text)
    lines = [
        FitLine(kind, len(texts), person.duties[kind], tuple(texts[:2]))
        for kind, texts in sorted(examples.items(), key=lambda kv: (-len(kv[1]), DUTIES.index(kv[0])))
    ]
    shaped = sum(line.count for line in lines)
    wanted = sum(line.count for line in lines if line.preference == "want")
    avoided = sum(line.count for line in lines if line.preference == "avoid")
    score = (wanted - avoided) / shaped if shaped else 0.0
    role_side = _role_uncertainty(report.role_class)
    matches = None if role_side is None else role_side == person.uncertainty
    if role_side is None:
        note = "The role's class is unclear, so it does not say which uncertainty you would live with."
    else:
        side = "research" if role_side == "is-this-true" else "engineering"
        mine = UNCERTAINTIES[person.uncertainty].split(" (")[0]
        agree = "matches" if matches else "does not match"
        note = f"The role is {side}-shaped: its uncertainty {agree} the one you can sleep through ({mine})."
    if not shaped:
        verdict = "No fit to judge: the role lists no research- or engineering-shaped duties."
    else:
        label = (
            "Poor fit"
            if score <= 0 or avoided / shaped >= POOR_FIT_AVOID_SHARE
            else "Good fit"
            if score >= GOOD_FIT_AT_LEAST and matches is not False
            else "Mixed fit"
        )
        verdict = (
            f"{label}: you want {wanted} of the role's {shaped} shaped duties and would avoid {avoided}."
        )
    return FitReport(
        role_title=report.title,
        role_class=report.role_class,
        verdict=verdict,
        agreements=tuple(line for line in lines if line.preference == "want"),
        disagreements=tuple(line for line in lines if line.preference == "avoid"),
        neutral=tuple(line for line in lines if line.preference == "fine"),
        missing_wants=tuple(d for d in DUTIES if person.duties[d] == "want" and d not in examples),
        uncertainty_matches=matches,
        uncertainty_note=note,
        score=score,
    )


def answers_from(values: dict[str, Any]) -> Person:
    """A person from interview answers (duty id -> preference, plus 'uncertainty' and 'name')."""
    return Person(
        {d: str(values.get(d, "fine")) for d in DUTIES},
        str(values["uncertainty"]),
        str(values.get("name", "")),
    )
