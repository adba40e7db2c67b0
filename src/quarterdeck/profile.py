"""The reader's profile: what they work on, what they run, what to set aside.

Loaded from TOML. The bundled default is the reference reader of the
product's guide; a user's ``profile.toml`` in the home directory replaces it.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from quarterdeck.config import home_dir
from quarterdeck.errors import ConfigError

PROFILE_FILENAME = "profile.toml"


@dataclass(frozen=True, slots=True)
class Profile:
    """A reader's profile, with its patterns compiled."""

    name: str
    max_papers_per_week: int
    focus: re.Pattern[str]
    """Topics of the reader's work and quarter; all patterns of the file in one alternation."""
    stack: re.Pattern[str]
    exclude: re.Pattern[str]
    gpus: int
    gpu_type: str
    max_serve_params_b: float
    fingerprint: str
    """Short hash of the profile's text, so verdicts made under another profile are not reused."""


_NEVER = "(?!x)x"


def _patterns(raw: dict[str, object], key: str, origin: str) -> re.Pattern[str]:
    """Compile a list of patterns into one alternation (one regex pass per text, not one per pattern)."""
    values = raw.get(key, [])
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise ConfigError(f"{origin}: '{key}' must be a list of strings")
    for value in values:
        try:
            re.compile(value)
        except re.error as exc:
            raise ConfigError(f"{origin}: '{key}' has a bad pattern {value!r}: {exc}") from exc
    return re.compile("|".join(f"(?:{v})" for v in values) or _NEVER, re.IGNORECASE)


def parse_profile(text: str, origin: str) -> Profile:
    """Build a profile from TOML text; ``origin`` names it in error messages."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{origin}: not valid TOML: {exc}") from exc
    max_papers = raw.get("max_papers_per_week", 10)
    if not isinstance(max_papers, int) or max_papers < 0:
        raise ConfigError(f"{origin}: 'max_papers_per_week' must be a whole number >= 0")
    gpus = raw.get("gpus", 0)
    if not isinstance(gpus, int) or gpus < 0:
        raise ConfigError(f"{origin}: 'gpus' must be a whole number >= 0")
    max_params = raw.get("max_serve_params_b", 0)
    if not isinstance(max_params, int | float):
        raise ConfigError(f"{origin}: 'max_serve_params_b' must be a number")
    return Profile(
        name=str(raw.get("name", "unnamed profile")),
        max_papers_per_week=max_papers,
        focus=_patterns(raw, "focus", origin),
        stack=_patterns(raw, "stack", origin),
        exclude=_patterns(raw, "exclude", origin),
        gpus=gpus,
        gpu_type=str(raw.get("gpu_type", "")),
        max_serve_params_b=float(max_params),
        fingerprint=hashlib.sha256(text.encode("utf-8")).hexdigest()[:8],
    )


def default_profile_text() -> str:
    """The bundled reference reader's profile as TOML text."""
    return resources.files("quarterdeck").joinpath("data/default-profile.toml").read_text(encoding="utf-8")


def load_profile(path: Path | None = None) -> Profile:
    """Load ``path``, else the home directory's profile.toml, else the reference reader."""
    if path is None:
        candidate = home_dir() / PROFILE_FILENAME
        path = candidate if candidate.is_file() else None
    if path is None:
        return parse_profile(default_profile_text(), "default profile")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read profile {path}: {exc}") from exc
    return parse_profile(text, str(path))
