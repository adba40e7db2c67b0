"""The duty lexicon: phrases per duty, kept as data the user can extend.

The bundled ``data/duties.toml`` holds case-insensitive regular expressions
per duty id, seeded from the guide's typical phrases. A ``duties.toml`` in
the home directory adds phrases (never removes them). A line's kind is the
duty whose phrases cover most of its characters (overlaps counted once); the longest matched phrase
of that duty is the evidence. Phrases match at the start of a word, so
"ship" does not match inside "relationships".
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from quarterdeck.config import home_dir
from quarterdeck.errors import ConfigError
from quarterdeck.roles.records import DUTIES, NONE
from quarterdeck.tomlfile import check_patterns, did_you_mean, line_of, parse_toml, read_text, where

LEXICON_FILENAME = "duties.toml"


@dataclass(frozen=True, slots=True)
class Match:
    """The kind a lexicon gives one line, the phrase that decided it, and how much of the line it covers."""

    kind: str
    evidence: str
    covered: int
    """Characters of the line matched by the winning duty's phrases (0 for ``none``)."""


class Lexicon:
    """Compiled duty phrases: one alternation per duty, so a line costs ten regex scans."""

    def __init__(
        self,
        phrases: dict[str, tuple[str, ...]],
        sources: tuple[str, ...],
        weights: dict[str, float] | None = None,
        user: Lexicon | None = None,
    ) -> None:
        self.phrases = phrases
        self.user = user
        """The user's own phrases alone (from duties.toml in the home directory), if any."""
        self.sources = sources
        self.weights = {duty: (weights or {}).get(duty, 1.0) for duty in phrases}
        # One pattern per phrase: a single alternation per duty costs ten times as much to
        # compile (0.4 s of every command's start-up) and matches no faster on short lines.
        self._patterns = {
            duty: [re.compile(f"(?<!\\w)(?:{p})", re.IGNORECASE) for p in terms]
            for duty, terms in phrases.items()
            if terms
        }
        text = "\n".join(f"{d}\t{self.weights[d]}\t{p}" for d, terms in phrases.items() for p in terms)
        self.version = "lexicon-" + hashlib.sha256(text.encode()).hexdigest()[:8]

    def match(self, text: str) -> Match:
        """The duty whose phrases cover most of ``text``, else ``none``."""
        best, best_score = Match(NONE, "", 0), 0.0
        for duty in self._patterns:
            found = self._found(duty, text)
            if not found:
                continue
            covered = _covered(found)
            if covered * self.weights[duty] > best_score:
                longest = max(found, key=lambda m: m.end() - m.start())
                best, best_score = (
                    Match(duty, longest.group(0).strip(), covered),
                    covered * self.weights[duty],
                )
        return best

    def _found(self, duty: str, text: str) -> list[re.Match[str]]:
        return [
            m
            for pattern in self._patterns.get(duty, ())
            for m in pattern.finditer(text)
            if m.end() > m.start()
        ]

    def phrase_for(self, text: str, kind: str) -> str:
        """The longest phrase of duty ``kind`` in ``text``, or ''."""
        return max((m.group(0).strip() for m in self._found(kind, text)), key=len, default="")

    def user_match(self, text: str) -> Match:
        """The match of the user's own phrases alone (``none`` when they have none)."""
        return self.user.match(text) if self.user is not None else Match(NONE, "", 0)

    def scores(self, text: str) -> dict[str, float]:
        """Weighted characters of ``text`` each duty's phrases cover (features for a trained model)."""
        return {duty: self.weights[duty] * _covered(self._found(duty, text)) for duty in self._patterns}


def _covered(found: list[re.Match[str]]) -> int:
    """Characters covered by the matches, overlaps counted once."""
    covered, reached = 0, 0
    for start, end in sorted((m.start(), m.end()) for m in found):
        if end > reached:
            covered += end - max(start, reached)
            reached = end
    return covered


def user_lexicon_path() -> Path:
    """Where the user's extra phrases live: ``duties.toml`` in the home directory."""
    return home_dir() / LEXICON_FILENAME


def parse_phrases(text: str, origin: str) -> tuple[dict[str, tuple[str, ...]], dict[str, float]]:
    """Read a duties file: ``[DUTY]`` tables of ``phrases`` and an optional ``weight``.

    Returns (phrases per duty, weights given); errors name the file and line.
    """
    raw = parse_toml(text, origin)
    out: dict[str, tuple[str, ...]] = {}
    weights: dict[str, float] = {}
    for duty, table in raw.items():
        place = where(origin, line_of(text, table=duty) or line_of(text, duty))
        if duty not in DUTIES:
            raise ConfigError(
                f"{place}: unknown duty '{duty}'{did_you_mean(duty, DUTIES)}; duties: {', '.join(DUTIES)}"
            )
        if not isinstance(table, dict) or set(table) - {"phrases", "weight"}:
            raise ConfigError(
                f'{place}: [{duty}] takes phrases = ["...", ...] and optionally weight = NUMBER'
            )
        out[duty] = _phrases(table.get("phrases", []), duty, text, origin)
        if "weight" in table:
            weight = table["weight"]
            if isinstance(weight, bool) or not isinstance(weight, int | float) or not 0 < weight <= 10:
                raise ConfigError(
                    f"{where(origin, line_of(text, 'weight', table=duty))}: [{duty}] weight must be a number "
                    "above 0 and at most 10"
                )
            weights[duty] = float(weight)
    return out, weights


def _phrases(values: Any, duty: str, text: str, origin: str) -> tuple[str, ...]:
    place = where(origin, line_of(text, "phrases", table=duty))
    if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
        raise ConfigError(f'{place}: [{duty}] phrases must be a list of non-empty strings, e.g. ["on-call"]')
    check_patterns(values, place, f"[{duty}]")
    return tuple(values)


def bundled_phrases() -> tuple[dict[str, tuple[str, ...]], dict[str, float]]:
    """The phrases (and weights) shipped with Quarterdeck."""
    text = resources.files("quarterdeck").joinpath("data/duties.toml").read_text(encoding="utf-8")
    return parse_phrases(text, "bundled duties.toml")


def bundled_lexicon() -> Lexicon:
    """The bundled phrases alone (what the line model is trained with)."""
    phrases, weights = bundled_phrases()
    return Lexicon({duty: phrases.get(duty, ()) for duty in DUTIES}, ("bundled",), weights)


def load_lexicon(extra: Path | None = None) -> Lexicon:
    """The bundled lexicon plus ``extra`` (default: duties.toml in the home directory, if any)."""
    bundled, weights = bundled_phrases()
    phrases = {duty: list(terms) for duty, terms in bundled.items()}
    sources = ["bundled"]
    path = extra if extra is not None else user_lexicon_path()
    user = None
    if extra is not None or path.is_file():
        added, added_weights = parse_phrases(read_text(path, "duties file"), str(path))
        for duty, terms in added.items():
            phrases.setdefault(duty, []).extend(terms)
        weights.update(added_weights)
        sources.append(str(path))
        user = Lexicon(added, (str(path),), weights)
    return Lexicon({duty: tuple(phrases.get(duty, ())) for duty in DUTIES}, tuple(sources), weights, user)
