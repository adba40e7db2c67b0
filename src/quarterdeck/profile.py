"""The reader's profile: what they work on, what they run, what to set aside.

Loaded from TOML. The bundled default is the reference reader of the
product's guide; a user's ``profile.toml`` in the home directory replaces it.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from quarterdeck.config import home_dir
from quarterdeck.errors import ConfigError
from quarterdeck.tomlfile import check_patterns, did_you_mean, line_of, parse_toml, read_text, where

PROFILE_FILENAME = "profile.toml"
_NEVER = "(?!x)x"
MIN_PAPERS, MAX_PAPERS = 5, 15
DEFAULT_LABEL = "reference reader (default profile)"
RELEVANCE = ("reference", "focus")
"""``reference``: the model learned from careful readers' verdicts for the reference reader, with your
focus patterns ranking; ``focus``: your focus patterns alone decide."""
SOURCES = ("arxiv", "arxiv-rss", "huggingface", "feeds")
"""Live sources ``quarterdeck fetch`` knows by name."""
ENDPOINTS = ("arxiv_api", "arxiv_rss", "hf_api", "openalex")
"""Services whose base URL a profile (or an environment variable) may point elsewhere."""
_CATEGORY = re.compile(r"[a-z][a-z-]*(\.[A-Za-z][A-Za-z-]*)?")
_URL = re.compile(r"https?://\S+")

KEYS: dict[str, str] = {
    "name": "a name for this reader",
    "max_papers_per_week": f"whole number from {MIN_PAPERS} to {MAX_PAPERS}",
    "focus": "list of strings (topics of your work, as case-insensitive regular expressions)",
    "relevance": 'string, "reference" (a model learned from careful readers) or "focus" (your patterns)',
    "goals": 'list of strings (this quarter\'s goals in plain words, e.g. "cut answer latency")',
    "domains": "list of strings (domains you build for, as case-insensitive regular expressions)",
    "stack": "list of strings (models and tools you run)",
    "models": "list of strings (models you can call, e.g. Llama, GPT-4o, as regular expressions)",
    "providers": "list of strings (API providers you can use, e.g. OpenAI, Anthropic)",
    "serving": "list of strings (your serving stack, e.g. vLLM, TensorRT-LLM)",
    "exclude": "list of strings (domains and topics to set aside)",
    "follow": 'list of strings (authors and labs to follow, e.g. "Percy Liang", "DeepMind")',
    "gpus": "whole number >= 0",
    "gpu_type": 'string, e.g. "H100"',
    "max_serve_params_b": "number >= 0 (billions of parameters)",
    "max_finetune_params_b": "number >= 0 (billions of parameters)",
    "categories": 'list of arXiv categories, e.g. ["cs.CL", "cs.LG"]',
    "sources": f"list of source names ({', '.join(SOURCES)})",
    "feeds": "list of RSS or Atom feed URLs (http or https)",
    "endpoints": f"table of base URLs ({', '.join(ENDPOINTS)}), for mirrors",
}
"""Every key a profile may hold, with what it takes (used in error messages)."""


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
    source: str = ""
    """The file it was read from; empty for the bundled reference reader."""
    focus_terms: tuple[str, ...] = ()
    stack_terms: tuple[str, ...] = ()
    exclude_terms: tuple[str, ...] = ()
    goals: tuple[str, ...] = ()
    """This quarter's goals in plain words; their words rank papers within a verdict."""
    domains: re.Pattern[str] = re.compile(_NEVER)
    callable_models: re.Pattern[str] = re.compile(_NEVER)
    """Models, providers and serving stack the reader can call: a model release naming one is usable."""
    follow: tuple[str, ...] = ()
    """Authors and labs to follow, as written in the profile."""
    max_finetune_params_b: float = 0.0
    categories: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    endpoints: tuple[tuple[str, str], ...] = ()
    """(service, base URL) pairs the profile sets; see ``ENDPOINTS``."""
    relevance: str = "focus"
    """How papers are judged relevant; see ``RELEVANCE``."""

    @property
    def label(self) -> str:
        """How a digest names this profile: the reference reader, or the user's file."""
        return DEFAULT_LABEL if not self.source else f"{self.name} ({self.source})"


def _terms(raw: dict[str, Any], key: str, text: str, origin: str) -> tuple[str, ...]:
    values = raw.get(key, [])
    place = where(origin, _line(text, key))
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise ConfigError(f'{place}: \'{key}\' must be a list of strings, e.g. {key} = ["rag", "agents"]')
    check_patterns(values, place, f"'{key}'")
    return tuple(values)


def _line(text: str, key: str) -> int | None:
    """The line where a top-level key is set, as ``key = ...`` or as a ``[key]`` table."""
    return line_of(text, key) or line_of(text, table=key)


def _alternation(terms: tuple[str, ...]) -> re.Pattern[str]:
    # One regex pass per text, not one per pattern.
    return re.compile("|".join(f"(?:{t})" for t in terms) or _NEVER, re.IGNORECASE)


def _whole(raw: dict[str, Any], key: str, default: int, low: int, high: int | None) -> int | None:
    """The value when it is a whole number in range, else None (bool is not a number here)."""
    value = raw.get(key, default)
    ok = isinstance(value, int) and not isinstance(value, bool) and value >= low
    return value if ok and (high is None or value <= high) else None


def parse_profile(text: str, origin: str, source: str = "") -> Profile:
    """Build a profile from TOML text; ``origin`` names it in error messages, ``source`` is its file."""
    raw = parse_toml(text, origin)
    for key in raw:
        if key not in KEYS:
            raise ConfigError(
                f"{where(origin, line_of(text, key) or line_of(text, table=key))}: unknown key "
                f"'{key}'{did_you_mean(key, KEYS)}; valid keys: {', '.join(KEYS)}"
            )

    def bad(key: str) -> ConfigError:
        return ConfigError(f"{where(origin, _line(text, key))}: '{key}' must be a {KEYS[key]}")

    max_papers = _whole(raw, "max_papers_per_week", 10, MIN_PAPERS, MAX_PAPERS)
    if max_papers is None:
        raise bad("max_papers_per_week")
    gpus = _whole(raw, "gpus", 0, 0, None)
    if gpus is None:
        raise bad("gpus")
    max_serve = _size(raw, "max_serve_params_b", bad)
    max_finetune = _size(raw, "max_finetune_params_b", bad)
    for key in ("name", "gpu_type"):
        if not isinstance(raw.get(key, ""), str):
            raise bad(key)
    if raw.get("relevance", "focus") not in RELEVANCE:
        raise bad("relevance")
    terms = {
        key: _terms(raw, key, text, origin)
        for key in ("focus", "stack", "exclude", "domains", "models", "providers", "serving")
    }
    plain = {key: _strings(raw, key, bad) for key in ("goals", "follow", "categories", "sources", "feeds")}
    for category in plain["categories"]:
        if not _CATEGORY.fullmatch(category):
            raise ConfigError(
                f"{where(origin, line_of(text, 'categories'))}: '{category}' is not an arXiv category; "
                'write them like "cs.CL" or "stat.ML"'
            )
    for name in plain["sources"]:
        if name not in SOURCES:
            raise ConfigError(
                f"{where(origin, line_of(text, 'sources'))}: unknown source '{name}'"
                f"{did_you_mean(name, SOURCES)}; known sources: {', '.join(SOURCES)}"
            )
    for url in plain["feeds"]:
        if not _URL.fullmatch(url):
            raise ConfigError(f"{where(origin, line_of(text, 'feeds'))}: feed {url!r} is not an http(s) URL")
    return Profile(
        name=str(raw.get("name", "unnamed profile")),
        max_papers_per_week=max_papers,
        focus=_alternation(terms["focus"]),
        stack=_alternation(terms["stack"]),
        exclude=_alternation(terms["exclude"]),
        gpus=gpus,
        gpu_type=str(raw.get("gpu_type", "")),
        max_serve_params_b=max_serve,
        fingerprint=hashlib.sha256(text.encode("utf-8")).hexdigest()[:8],
        source=source,
        focus_terms=terms["focus"],
        stack_terms=terms["stack"],
        exclude_terms=terms["exclude"],
        goals=plain["goals"],
        domains=_alternation(terms["domains"]),
        callable_models=_alternation(terms["models"] + terms["providers"] + terms["serving"]),
        follow=plain["follow"],
        max_finetune_params_b=max_finetune,
        categories=plain["categories"],
        sources=plain["sources"],
        feeds=plain["feeds"],
        endpoints=_endpoints(raw, text, origin),
        relevance=str(raw.get("relevance", "focus")),
    )


def _size(raw: dict[str, Any], key: str, bad: Callable[[str], ConfigError]) -> float:
    value = raw.get(key, 0)
    if not isinstance(value, int | float) or isinstance(value, bool) or value < 0:
        raise bad(key)
    return float(value)


def _strings(raw: dict[str, Any], key: str, bad: Callable[[str], ConfigError]) -> tuple[str, ...]:
    values = raw.get(key, [])
    if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
        raise bad(key)
    return tuple(v.strip() for v in values)


def _endpoints(raw: dict[str, Any], text: str, origin: str) -> tuple[tuple[str, str], ...]:
    table = raw.get("endpoints", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{where(origin, _line(text, 'endpoints'))}: write [endpoints] as a table")
    pairs = []
    for name, url in table.items():
        place = where(origin, line_of(text, name, "endpoints"))
        if name not in ENDPOINTS:
            raise ConfigError(
                f"{place}: unknown endpoint '{name}'{did_you_mean(name, ENDPOINTS)}; "
                f"known: {', '.join(ENDPOINTS)}"
            )
        if not isinstance(url, str) or not _URL.fullmatch(url):
            raise ConfigError(f"{place}: endpoint {name} must be an http(s) URL")
        pairs.append((name, url))
    return tuple(pairs)


def default_profile_text() -> str:
    """The bundled reference reader's profile as TOML text."""
    return resources.files("quarterdeck").joinpath("data/default-profile.toml").read_text(encoding="utf-8")


def user_profile_path() -> Path:
    """Where the user's profile lives: ``profile.toml`` in the home directory."""
    return home_dir() / PROFILE_FILENAME


def load_profile(path: Path | None = None) -> Profile:
    """Load ``path``, else the home directory's profile.toml, else the reference reader."""
    if path is None and user_profile_path().is_file():
        path = user_profile_path()
    if path is None:
        return parse_profile(default_profile_text(), "default profile")
    return parse_profile(read_text(path, "profile"), str(path), source=str(path))


@dataclass(frozen=True, slots=True)
class Answers:
    """What ``quarterdeck init`` asks; everything else comes from the reference reader."""

    gpus: int
    max_serve_params_b: float
    focus: tuple[str, ...]
    max_papers_per_week: int
    goals: tuple[str, ...] = ()
    follow: tuple[str, ...] = ()


def reference_answers() -> Answers:
    """The reference reader's answers: the defaults of ``quarterdeck init``."""
    ref = parse_profile(default_profile_text(), "default profile")
    return Answers(ref.gpus, ref.max_serve_params_b, ref.focus_terms, ref.max_papers_per_week, ref.goals)


def _toml_list(values: tuple[str, ...]) -> str:
    # JSON strings are valid TOML basic strings.
    return "[\n" + "".join(f"    {json.dumps(v)},\n" for v in values) + "]"


def profile_template(answers: Answers) -> str:
    """A commented profile.toml holding ``answers``; the rest is the reference reader's."""
    ref = parse_profile(default_profile_text(), "default profile")
    raw = parse_toml(default_profile_text(), "default profile")
    # The learned relevance model knows the reference reader's interests; a reader with
    # other focus areas is better served by their own patterns.
    relevance = "reference" if answers.focus == ref.focus_terms else "focus"
    return f"""\
# Your Quarterdeck profile: who reads the digest. Quarterdeck uses it instead of the
# reference reader. Check it with `quarterdeck profile check` after editing.
name = "My profile"

# At most this many papers in a weekly digest ({MIN_PAPERS} to {MAX_PAPERS}).
max_papers_per_week = {answers.max_papers_per_week}

# What decides whether a paper is for you: "reference" is a model learned from careful
# readers' verdicts for an applied LLM engineer (RAG, agents, evals, inference cost);
# "focus" lets your focus patterns below decide alone.
relevance = "{relevance}"

# Topics of your work, as words or phrases (case-insensitive regular expressions).
focus = {_toml_list(answers.focus)}

# This quarter's goals in plain words: papers that share their words rank first.
goals = {_toml_list(answers.goals)}

# Domains you build for (regular expressions); a paper in one ranks higher.
domains = {_toml_list(tuple(raw.get("domains", ())))}

# Your stack: papers must be about models like these to be actionable.
stack = {_toml_list(ref.stack_terms)}

# What you can call: a model release naming one of these is usable by you.
models = {_toml_list(tuple(raw.get("models", ())))}
providers = {_toml_list(tuple(raw.get("providers", ())))}
serving = {_toml_list(tuple(raw.get("serving", ())))}

# Domains and topics that are not yours: papers about them are set aside.
exclude = {_toml_list(ref.exclude_terms)}

# Authors and labs to follow (full author names, or lab names as written in papers).
follow = {_toml_list(answers.follow)}

# What you can run: GPUs you have, their type, the largest model you can serve and
# the largest you can fine-tune (billions of parameters).
gpus = {answers.gpus}
gpu_type = {json.dumps(ref.gpu_type)}
max_serve_params_b = {answers.max_serve_params_b:g}
max_finetune_params_b = {ref.max_finetune_params_b:g}

# Where `quarterdeck fetch` looks: arXiv categories, live sources ({", ".join(SOURCES)}),
# and RSS/Atom feeds of blogs and labs.
categories = {_toml_list(ref.categories)}
sources = {_toml_list(ref.sources)}
feeds = []
"""
