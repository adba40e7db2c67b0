"""A transparent, rule-based classifier of research-output type.

The rules are data (``quarterdeck/data/rules.toml``, or a user's file): per
label, a table of regular expressions with weights. A pattern counts once per
paper, at the weight of the most prominent place it matched: the title, then
the lead of the abstract (its first sentences and the sentences that announce
the contribution, "we propose / we introduce / we release / we show"), then the
rest. This follows the labeling guide: a paper is the kind of output it leads
with, not every kind it mentions.

Scores are summed per label, plus an optional prior from the paper's primary
arXiv category; the top label wins, ``other`` when nothing clears the threshold.
"""

from __future__ import annotations

import bisect
import math
import re
import tomllib
import warnings
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from quarterdeck.errors import ConfigError
from quarterdeck.records import LABELS, Classification, Paper

__all__ = ["RuleClassifier", "RuleSet", "load_rules"]

FALLBACK_LABEL = "other"
EVIDENCE_CHARS = 200
PHRASE_CHARS = 80
PREFIX_LEN = 3
_WORD_CACHE_SIZE = 200_000
_MAX_EVIDENCE = 3

# A sentence ends at . ! or ? followed by space and something that can start a sentence;
# this avoids splitting "e.g. the" or "3.5 points" in the common cases.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(\"'\[])")

_WORD = re.compile(r"\w+")

_SCORING_DEFAULTS: dict[str, float] = {
    "title_weight": 3.0,
    "lead_weight": 2.0,
    "body_weight": 1.0,
    "lead_sentences": 2,
    "lead_cue_sentences": 2,
    "threshold": 2.0,
    "secondary_ratio": 0.6,
    "confidence_scale": 4.0,
    "fallback_confidence": 0.3,
}


@dataclass(frozen=True, slots=True)
class Rule:
    """One weighted pattern that votes for one label."""

    label: str
    source: str
    """The pattern as written in the rules file."""
    weight: float
    parts: tuple[tuple[re.Pattern[str], frozenset[str]], ...]
    """The pattern's top-level alternatives, each compiled for lower-cased text (see :func:`_compile`)
    with the word prefixes one of which its matches start with (``""``: always try it)."""


@dataclass(frozen=True, slots=True)
class RuleSet:
    """A parsed, compiled rules file."""

    version: str
    rules: tuple[Rule, ...]
    category_priors: Mapping[str, Mapping[str, float]]
    """Primary arXiv category (``cs.RO``) or archive (``q-bio``) -> label -> score added."""
    title_weight: float
    lead_weight: float
    body_weight: float
    lead_sentences: int
    lead_cue: re.Pattern[str] | None
    lead_cue_sentences: int
    threshold: float
    secondary_ratio: float
    confidence_scale: float
    fallback_confidence: float


def _lower_source(source: str) -> str:
    """Lower-case a pattern's literal characters, leaving escapes (``\\W``, ``\\S``, ``\\B``) alone."""
    out: list[str] = []
    i = 0
    while i < len(source):
        if source[i] == "\\" and i + 1 < len(source):
            out.append(source[i : i + 2])
            i += 2
        else:
            out.append(source[i].lower())
            i += 1
    return "".join(out)


def _compile(source: str, where: str) -> re.Pattern[str]:
    # Patterns run on lower-cased text without re.IGNORECASE and without a leading lookbehind:
    # both would stop the regex engine from skipping ahead to its literal prefix, which makes
    # matching several times slower. The left word boundary is checked in Python instead.
    try:
        pattern = re.compile(rf"(?:{_lower_source(source)})(?!\w)")
    except re.error as exc:
        raise ConfigError(f"{where}: invalid regular expression {source!r}: {exc}") from exc
    if pattern.match("") is not None:
        raise ConfigError(f"{where}: pattern {source!r} matches empty text; it would fire on every paper")
    return pattern


def _structural(source: str) -> Iterator[tuple[int, str]]:
    """Yield (index, char) for the characters of a pattern that are syntax: not escaped, not in a class."""
    in_class = False
    i = 0
    while i < len(source):
        ch = source[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            # A "]" right after "[" or "[^" is a literal member, not the end of the class.
            if source[i + 1 : i + 2] == "^":
                i += 1
            if source[i + 1 : i + 2] == "]":
                i += 1
        else:
            yield i, ch
        i += 1


def _split_alternatives(source: str) -> list[str]:
    """Split a pattern at its top-level ``|`` (outside groups and character classes)."""
    parts: list[str] = []
    depth = 0
    start = 0
    for i, ch in _structural(source):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(source[start:i])
            start = i + 1
    parts.append(source[start:])
    return parts


def _expand_leading_group(alternative: str, limit: int = 40) -> list[str]:
    """Turn ``(a|b) c`` into ``a c`` and ``b c`` so that each starts with a literal.

    Only a plain, unquantified leading group is expanded, and only up to ``limit`` results.
    """
    if not alternative.startswith("(") or alternative.startswith("(?"):
        return [alternative]
    depth = 0
    close = -1
    for i, ch in _structural(alternative):
        depth += (ch == "(") - (ch == ")")
        if depth == 0:
            close = i
            break
    rest = alternative[close + 1 :]
    if close < 0 or rest[:1] in ("?", "*", "+", "{"):
        return [alternative]
    expanded: list[str] = []
    for inner in _split_alternatives(alternative[1:close]):
        expanded.extend(_expand_leading_group(inner + rest, limit))
        if len(expanded) > limit:
            return [alternative]
    return expanded


def _parts(source: str, where: str) -> tuple[tuple[re.Pattern[str], frozenset[str]], ...]:
    # Python's regex engine only skips ahead quickly for a literal prefix, which a top-level
    # alternation hides; compiled separately, each alternative gets its prefix (and its own gate).
    whole = _compile(source, where)
    try:
        compiled = [
            re.compile(rf"(?:{_lower_source(alt)})(?!\w)")
            for part in _split_alternatives(source)
            for alt in _expand_leading_group(part)
        ]
    except re.error:  # e.g. a backreference across alternatives: keep the pattern whole
        compiled = [whole]
    return tuple((pattern, _word_prefixes(pattern)) for pattern in compiled)


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _word_prefixes(pattern: re.Pattern[str]) -> frozenset[str]:
    """Return strings one of which every match must start with (its first <= PREFIX_LEN word characters).

    The empty string in the result means "no useful prefix": the rule is tried on every paper.
    A match starts at a word start (the classifier requires it), so a rule whose prefixes
    are all absent from a paper's word prefixes cannot match there and is skipped unsearched.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            import sre_constants as c
            import sre_parse

        parsed: list[Any] = list(sre_parse.parse(pattern.pattern).data)
    except Exception:  # a pattern re accepted but this analysis cannot read: just always run it
        return frozenset({""})

    done: set[str] = set()

    def walk(items: list[Any], open_: set[str]) -> set[str]:
        # open_ holds the prefixes still growing; finished ones go to `done`.
        for op, arg in items:
            if not open_:
                return open_
            if op is c.LITERAL and _is_word_char(chr(arg)):
                grown = {p + chr(arg) for p in open_}
                done.update(p for p in grown if len(p) >= PREFIX_LEN)
                open_ = {p for p in grown if len(p) < PREFIX_LEN}
            elif op is c.BRANCH:
                open_ = set().union(*(walk(list(alt), set(open_)) for alt in arg[1]))
            elif op is c.SUBPATTERN:
                open_ = walk(list(arg[-1]), open_)
            elif op in (c.ASSERT, c.ASSERT_NOT, c.AT):
                continue
            else:
                # Anything else (classes, repeats, wildcards, non-word literals) ends what we can know.
                done.update(open_)
                return set()
        return open_

    done.update(walk(parsed, {""}))
    return frozenset(done) if done else frozenset({""})


def _number(value: object, where: str) -> float:
    # bool is an int subclass; "true" as a weight is a typo, not 1.0.
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigError(f"{where}: expected a number, got {value!r}")
    return float(value)


def _table(value: object, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: expected a table, got {type(value).__name__}")
    return value


def _parse(data: dict[str, Any], name: str) -> RuleSet:
    version = data.get("version")
    if not isinstance(version, str) or not version.strip():
        raise ConfigError(f"{name}: missing 'version' (a non-empty string such as \"rules-1\")")

    unknown = set(data) - {"version", "scoring", "lead_cue", "categories", "patterns"}
    if unknown:
        raise ConfigError(f"{name}: unknown top-level key(s): {', '.join(sorted(unknown))}")

    scoring = dict(_SCORING_DEFAULTS)
    for key, value in _table(data.get("scoring", {}), f"{name} [scoring]").items():
        if key not in _SCORING_DEFAULTS:
            raise ConfigError(f"{name} [scoring]: unknown key {key!r}")
        scoring[key] = _number(value, f"{name} [scoring] {key}")
    for key in ("title_weight", "lead_weight", "body_weight", "confidence_scale"):
        if scoring[key] <= 0:
            raise ConfigError(f"{name} [scoring] {key}: must be positive")
    if not 0 <= scoring["fallback_confidence"] <= 1:
        raise ConfigError(f"{name} [scoring] fallback_confidence: must be between 0 and 1")

    lead_cue_source = data.get("lead_cue")
    lead_cue = None
    if lead_cue_source is not None:
        if not isinstance(lead_cue_source, str):
            raise ConfigError(f"{name}: 'lead_cue' must be a regular expression string")
        lead_cue = _compile(lead_cue_source, f"{name} lead_cue")

    patterns = _table(data.get("patterns"), f"{name} [patterns]") if "patterns" in data else None
    if not patterns:
        raise ConfigError(f"{name}: no [patterns.<label>] tables; a rules file needs at least one pattern")
    rules: list[Rule] = []
    for label, table in patterns.items():
        where = f"{name} [patterns.{label}]"
        if label not in LABELS:
            raise ConfigError(f"{where}: unknown label {label!r}; expected one of {', '.join(LABELS)}")
        for source, weight in _table(table, where).items():
            rules.append(Rule(label, source, _number(weight, f"{where} {source!r}"), _parts(source, where)))

    priors: dict[str, dict[str, float]] = {}
    for label, table in _table(data.get("categories", {}), f"{name} [categories]").items():
        where = f"{name} [categories.{label}]"
        if label not in LABELS:
            raise ConfigError(f"{where}: unknown label {label!r}")
        for category, weight in _table(table, where).items():
            priors.setdefault(category, {})[label] = _number(weight, f"{where} {category!r}")

    return RuleSet(
        version=version.strip(),
        rules=tuple(rules),
        category_priors=priors,
        title_weight=scoring["title_weight"],
        lead_weight=scoring["lead_weight"],
        body_weight=scoring["body_weight"],
        lead_sentences=int(scoring["lead_sentences"]),
        lead_cue=lead_cue,
        lead_cue_sentences=int(scoring["lead_cue_sentences"]),
        threshold=scoring["threshold"],
        secondary_ratio=scoring["secondary_ratio"],
        confidence_scale=scoring["confidence_scale"],
        fallback_confidence=scoring["fallback_confidence"],
    )


def load_rules(path: str | Path | None = None) -> RuleSet:
    """Load and compile a rules file; the bundled ``rules.toml`` when ``path`` is None.

    Raises :class:`~quarterdeck.errors.ConfigError` naming the file and the
    offending key when the file is missing, is not TOML, or does not describe rules.
    """
    if path is None:
        name = "bundled rules.toml"
        text = resources.files("quarterdeck").joinpath("data", "rules.toml").read_text(encoding="utf-8")
    else:
        name = str(path)
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"cannot read rules file {name}: {exc.strerror or exc}") from exc
        except UnicodeDecodeError as exc:
            raise ConfigError(f"rules file {name} is not UTF-8 text: {exc}") from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"rules file {name} is not valid TOML: {exc}") from exc
    return _parse(data, name)


@dataclass(slots=True)
class Hit:
    """Where one rule matched most prominently, and what it added to its label's score."""

    rule: Rule
    score: float
    start: int
    end: int
    segment: int


def _lower_same_length(text: str) -> str:
    """Lower-case ``text`` keeping every offset valid (a few characters grow when lower-cased)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)


def _segments(title: str, abstract: str) -> list[tuple[int, int]]:
    """Return (start, end) offsets into ``title + "\\n" + abstract``: the title, then each sentence."""
    spans = [(0, len(title))]
    base = len(title) + 1
    start = 0
    for match in _SENTENCE_END.finditer(abstract):
        spans.append((base + start, base + match.start()))
        start = match.end()
    if start < len(abstract):
        spans.append((base + start, base + len(abstract)))
    return spans


def _window(text: str, start: int, end: int, focus: int, limit: int) -> str:
    """Trim ``text[start:end]`` to at most ``limit`` characters around ``focus``, at word boundaries.

    The result is always a substring of ``text`` so that a reader can find it in the paper.
    """
    if end - start <= limit:
        return text[start:end].strip()
    lo = max(start, min(focus - limit // 3, end - limit))
    hi = min(end, lo + limit)
    if lo > start:
        space = text.find(" ", lo, hi)
        lo = space + 1 if space != -1 else lo
    if hi < end:
        space = text.rfind(" ", lo, hi)
        hi = space if space > lo else hi
    return text[lo:hi].strip()


class RuleClassifier:
    """Classifies papers with weighted regular expressions read from a rules file."""

    def __init__(self, rules_path: str | Path | None = None, *, rules: RuleSet | None = None) -> None:
        """Load the bundled rules, or the user's file at ``rules_path``, or an already-parsed ``rules``."""
        self.rules = rules if rules is not None else load_rules(rules_path)
        self.version = self.rules.version
        # Every (rule, alternative) pair, and which ones each word prefix can trigger: a paper only
        # runs the alternatives whose prefix occurs in it, a small fraction of the rules file.
        self._parts: list[tuple[int, re.Pattern[str]]] = []
        self._by_prefix: dict[str, list[int]] = {}
        for rule_index, rule in enumerate(self.rules.rules):
            for pattern, prefixes in rule.parts:
                for prefix in prefixes:
                    self._by_prefix.setdefault(prefix, []).append(len(self._parts))
                self._parts.append((rule_index, pattern))
        self._word_parts: dict[str, tuple[int, ...]] = {}

    def _parts_for_word(self, word: str) -> tuple[int, ...]:
        # Vocabulary repeats across papers, so the prefix lookups are cached per word (bounded).
        found = tuple(
            i for n in range(1, min(len(word), PREFIX_LEN) + 1) for i in self._by_prefix.get(word[:n], ())
        )
        if len(self._word_parts) >= _WORD_CACHE_SIZE:
            self._word_parts.clear()
        self._word_parts[word] = found
        return found

    def _factors(self, title: str, abstract: str, spans: list[tuple[int, int]]) -> list[float]:
        rs = self.rules
        factors = [rs.title_weight] + [rs.body_weight] * (len(spans) - 1)
        for i in range(1, min(len(spans), 1 + rs.lead_sentences)):
            factors[i] = rs.lead_weight
        if rs.lead_cue is not None:
            text_of = title + "\n" + abstract
            cued = 0
            for i in range(1, len(spans)):
                if cued >= rs.lead_cue_sentences:
                    break
                start, end = spans[i]
                if rs.lead_cue.search(text_of, start, end):
                    factors[i] = rs.lead_weight
                    cued += 1
        return factors

    def scores(self, paper: Paper) -> tuple[dict[str, float], list[Hit], str, list[tuple[int, int]]]:
        """Return per-label scores and the hits behind them (for inspection and tuning)."""
        title = paper.title.strip()
        abstract = paper.abstract.strip()
        text = title + "\n" + abstract
        spans = _segments(title, abstract)
        starts = [s for s, _ in spans]
        factors = self._factors(title, abstract, spans)

        low = _lower_same_length(text)
        words = set(_WORD.findall(low))
        candidates = set(self._by_prefix.get("", ()))
        for word in words:
            found = self._word_parts.get(word)
            if found is None:
                found = self._parts_for_word(word)
            if found:
                candidates.update(found)
        top_factor = max(factors)

        best: dict[int, Hit] = {}
        for part_index in sorted(candidates):
            rule_index, pattern = self._parts[part_index]
            previous = best.get(rule_index)
            if previous is not None and factors[previous.segment] >= top_factor:
                continue
            rule = self.rules.rules[rule_index]
            pos = 0
            while (m := pattern.search(low, pos)) is not None:
                start = m.start()
                if start > 0 and _is_word_char(low[start - 1]):
                    # Not at a word start; a real match may still begin inside this one.
                    pos = start + 1
                    continue
                pos = max(m.end(), start + 1)
                seg = bisect.bisect_right(starts, start) - 1
                score = rule.weight * factors[seg]
                # A rule counts once, at its most prominent place (negative rules too).
                if previous is None or abs(score) > abs(previous.score):
                    previous = best[rule_index] = Hit(rule, score, start, m.end(), seg)
                if factors[seg] >= top_factor:
                    break

        totals = dict.fromkeys(LABELS, 0.0)
        hits = [best[i] for i in sorted(best)]
        for hit in hits:
            totals[hit.rule.label] += hit.score

        if paper.categories:
            primary = paper.categories[0]
            for key in dict.fromkeys((primary, primary.split(".")[0])):
                for label, weight in self.rules.category_priors.get(key, {}).items():
                    totals[label] += weight
        return totals, hits, text, spans

    def classify_many(self, papers: Sequence[Paper]) -> list[Classification]:
        """Classify papers one by one (rules gain nothing from batching)."""
        return [self.classify(p) for p in papers]

    def classify(self, paper: Paper) -> Classification:
        """Return the top-scoring label, its runner-up when close, a confidence and evidence."""
        rs = self.rules
        totals, hits, text, spans = self.scores(paper)
        order = {label: i for i, label in enumerate(LABELS)}
        ranked = sorted(LABELS, key=lambda lab: (-totals[lab], order[lab]))
        top, runner = ranked[0], ranked[1]
        top_score = max(totals[top], 0.0)
        runner_score = max(totals[runner], 0.0)

        if top_score < rs.threshold:
            # Nothing the guide names was said clearly enough: the honest answer is "other", unsure,
            # and less sure the closer some label came to the threshold.
            confidence = rs.fallback_confidence * (1.0 - 0.5 * top_score / rs.threshold)
            secondary = top if top != FALLBACK_LABEL and top_score > 0 else None
            return Classification(
                label=FALLBACK_LABEL,
                confidence=round(confidence, 3),
                secondary=secondary,
                evidence=(),
                model_version=self.version,
            )

        secondary = (
            runner
            if runner_score >= rs.threshold and runner_score >= rs.secondary_ratio * top_score
            else None
        )
        # Saturating in the evidence for the winner, scaled by how clearly it beats the runner-up:
        # one strong cue alone, or two labels with similar evidence, both stay below 0.5.
        strength = 1.0 - math.exp(-top_score / rs.confidence_scale)
        margin = (top_score - runner_score) / top_score
        confidence = strength * math.sqrt(margin)
        return Classification(
            label=top,
            confidence=round(min(max(confidence, 0.0), 1.0), 3),
            secondary=secondary,
            evidence=self._evidence(top, hits, text, spans),
            model_version=self.version,
        )

    def _evidence(
        self, label: str, hits: list[Hit], text: str, spans: list[tuple[int, int]]
    ) -> tuple[str, ...]:
        mine = sorted((h for h in hits if h.rule.label == label and h.score > 0), key=lambda h: -h.score)
        if not mine:
            return ()
        per_segment: dict[int, float] = {}
        for h in mine:
            per_segment[h.segment] = per_segment.get(h.segment, 0.0) + h.score
        # The strongest segment; ties go to the earlier one, which is what the paper leads with.
        seg = min(per_segment, key=lambda s: (-per_segment[s], s))
        focus = next(h.start for h in mine if h.segment == seg)
        start, end = spans[seg]
        evidence = [_window(text, start, end, focus, EVIDENCE_CHARS)]
        for h in mine:
            if len(evidence) >= _MAX_EVIDENCE:
                break
            phrase = _window(text, h.start, h.end, h.start, PHRASE_CHARS)
            if phrase and all(phrase.lower() != e.lower() for e in evidence):
                evidence.append(phrase)
        return tuple(e for e in evidence if e)
