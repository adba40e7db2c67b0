"""Sentences, and the cheap keyword-then-regex search every fact kind uses.

Speed matters more than recall of rare phrasings: the pipeline runs the
extractor on every paper. Each fact kind first looks for cheap keywords over
the whole text (``str.find``), and its regular expression runs only on the
sentences holding one; a paper that mentions none is done in a few
microseconds per kind.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import accumulate

from quarterdeck.facts.records import Fact

_SENTENCE_END = re.compile(r"[.!?]\s+(?=[A-Z(\[])")
_ABBREVIATIONS = ("e.g.", "i.e.", "et al.", "vs.", "Fig.", "Eq.")


@dataclass(frozen=True, slots=True)
class Rule:
    """A pattern, and the cheap lowercase keywords a sentence needs before the pattern is tried."""

    keywords: tuple[str, ...]
    pattern: re.Pattern[str]
    case: bool = False
    """Match the keywords case-sensitively (short model names hide inside ordinary words)."""


def sentences(text: str) -> list[str]:
    """Split prose into sentences; good enough for abstracts, not for every edge case."""
    starts = _sentence_starts(text)
    bounds = zip(starts, [*starts[1:], len(text)], strict=True)
    return [piece for piece in (text[a:b].strip() for a, b in bounds) if piece]


def _sentence_starts(text: str) -> list[int]:
    return [0, *(m.end() for m in _SENTENCE_END.finditer(text) if _ends_sentence(text, m.start()))]


def _ends_sentence(text: str, stop: int) -> bool:
    """Whether the . ! ? at ``stop`` ends a sentence rather than an abbreviation."""
    head = text[max(stop - 6, 0) : stop + 1]
    for abbreviation in _ABBREVIATIONS:
        if head.endswith(abbreviation):
            before = stop - len(abbreviation)
            # "Seq." is not "Eq.": only a whole word is the abbreviation.
            return before >= 0 and text[before].isalnum()
    return True


class Text:
    """A paper's parts joined, with a lowercase copy; sentence starts are computed on first use.

    Each part starts a sentence of its own, so a title never runs into the abstract.
    """

    __slots__ = ("_part_starts", "_starts", "lower", "text")

    def __init__(self, parts: list[str]) -> None:
        self.text = "\n\n".join(parts)
        self.lower = self.text.lower()
        self._part_starts = list(accumulate((len(p) + 2 for p in parts[:-1]), initial=0))
        self._starts: list[int] | None = None

    def _sentence_starts(self) -> list[int]:
        if self._starts is None:
            inner = (
                m.end() for m in _SENTENCE_END.finditer(self.text) if _ends_sentence(self.text, m.start())
            )
            self._starts = sorted({*self._part_starts, *inner})
        return self._starts

    def sentence_at(self, pos: int) -> str:
        """The sentence holding character ``pos``."""
        starts = self._sentence_starts()
        i = bisect_right(starts, pos) - 1
        end = starts[i + 1] if i + 1 < len(starts) else len(self.text)
        return self.text[starts[i] : end].strip()

    def candidates(self, keywords: tuple[str, ...], *, case: bool = False) -> list[str]:
        """The sentences holding any of the keywords (lowercase unless ``case``), in text order.

        ``str.find`` runs at C speed where a regex scanning every position does
        not: this is what keeps extraction well under a millisecond a paper.
        """
        haystack = self.text if case else self.lower
        positions = []
        for word in keywords:
            at = haystack.find(word)
            while at >= 0:
                positions.append(at)
                at = haystack.find(word, at + 1)
        if not positions:
            return []
        starts = self._sentence_starts()
        indices = sorted({bisect_right(starts, at) - 1 for at in positions})
        ends = [*starts[1:], len(self.text)]
        return [self.text[starts[i] : ends[i]].strip() for i in indices]

    def hits(self, rule: Rule) -> Iterator[tuple[re.Match[str], str]]:
        """Every match of the rule's pattern in the sentences its keywords point at."""
        for sentence in self.candidates(rule.keywords, case=rule.case):
            for match in rule.pattern.finditer(sentence):
                yield match, sentence


def collect(text: Text, rule: Rule, kind: str) -> tuple[Fact, ...]:
    found: dict[str, Fact] = {}
    for match, sentence in text.hits(rule):
        value = " ".join(match.group(0).split()).rstrip(".,;")
        found.setdefault(value.lower(), Fact(kind, value, sentence))
    return tuple(found.values())
