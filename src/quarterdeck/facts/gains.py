"""Claimed gains: a number with its unit and the words that make it a gain."""

from __future__ import annotations

import re

from quarterdeck.facts.records import Fact
from quarterdeck.facts.text import Text

# --- claimed gains ----------------------------------------------------------------------------
_NUM = r"\d+(?:\.\d+)?"
_UNIT = r"(?:\s?%|\s?(?:percentage )?points?|\s?pp\b|\s?pts\b|\s?(?:x|×)(?!\w)|-fold|\s?times)"
_GAIN_KEYWORDS = ("%", "point", "pp", "pts", "x", "×", "fold", "times")
_NUM_UNIT = re.compile(rf"(?<![\w.]){_NUM}{_UNIT}")
_GAIN_AFTER = re.compile(
    r"\s(?:relative |absolute |average |higher |more |lower )?"
    r"(?:speed-?ups?|faster|improvements?|gains?|increases?|boosts?|higher|better|reductions?|fewer|less)\b",
    re.IGNORECASE,
)
_GAIN_BEFORE = re.compile(
    r"\b(?:improv\w*|boost\w*|increas\w*|gain\w*|outperform\w*|surpass\w*|rais\w*|enhanc\w*"
    r"|exceed\w*|reduc\w*|lower\w*|cut\w*|accelerat\w*|speed\w* up|beat\w*)\b[^.;:]{0,80}?"
    r"\bby (?:up to |an average of |on average |over |about |approximately |nearly |roughly "
    r"|as much as |a (?:relative |absolute )?(?:margin|average) of |more than )?"
    rf"(?:{_NUM}\s?(?:-|–|to)\s?)?$"
    rf"|\bfrom {_NUM}\s?%? to $",
    re.IGNORECASE,
)
# A qualitative claim is enough for the cost trap, which readers flag on "improves" without a number.
GAIN_WORDS = (
    "improv", "outperform", "boost", "surpass", "state-of-the-art", "state of the art", "sota", "gain",
    "better", "higher accuracy", "higher performance", "enhanc", "superior", "exceed",
)  # fmt: skip


def gains(text: Text) -> tuple[Fact, ...]:
    # Anchored on the number, which a fast scan finds; the words around it are checked only there.
    if not any(word in text.lower for word in _GAIN_KEYWORDS):
        return ()
    found: dict[str, Fact] = {}
    for match in _NUM_UNIT.finditer(text.text):
        start = match.start()
        if text.text[max(start - 2, 0) : start].lstrip().endswith("+"):
            value = "+" + match.group(0)
        elif after := _GAIN_AFTER.match(text.text, match.end()):
            value = match.group(0) + after.group(0)
        else:
            window = text.text[max(start - 100, 0) : start]
            lowered = window.lower()
            if "by " not in lowered and "from " not in lowered:
                continue
            before = _GAIN_BEFORE.search(window)
            if before is None:
                continue
            value = window[before.start() :] + match.group(0)
        value = " ".join(value.split())
        found.setdefault(value.lower(), Fact("gain", value, text.sentence_at(start)))
    return tuple(found.values())
