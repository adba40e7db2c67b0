"""Postings not in English are refused with the language named."""

from __future__ import annotations

from pathlib import Path

import pytest

from quarterdeck.roles import analyse_source
from quarterdeck.roles.language import UnsupportedLanguageError, detect_language, require_english


def test_detects_english_and_german(roles_data: Path) -> None:
    assert detect_language("We are looking for an engineer to build and run our data pipelines.")[0] == "en"
    assert detect_language((roles_data / "german.txt").read_text(encoding="utf-8"))[0] == "de"


def test_german_posting_is_refused(roles_data: Path) -> None:
    with pytest.raises(
        UnsupportedLanguageError, match=r"german\.txt: the posting is in German; only English"
    ):
        analyse_source(str(roles_data / "german.txt"))


def test_english_passes() -> None:
    require_english("Responsibilities: build data pipelines and maintain production services.", "x")


def test_too_short_to_tell_is_read_as_it_is() -> None:
    require_english("Ingeniero de datos: construir tuberías", "x")  # 5 words: no verdict
