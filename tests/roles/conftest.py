"""Shared helpers for the role tests: the test postings and a lexicon-only classifier."""

from __future__ import annotations

from pathlib import Path

import pytest

from quarterdeck.roles.analyse import LexiconClassifier
from quarterdeck.roles.lexicon import bundled_lexicon

ROLES_DATA = Path(__file__).parent.parent / "data" / "roles"


@pytest.fixture
def roles_data() -> Path:
    """Folder of short postings written for these tests."""
    return ROLES_DATA


@pytest.fixture
def lexicon_only() -> LexiconClassifier:
    """Rules and the bundled lexicon: deterministic kinds, whatever the trained model says."""
    return LexiconClassifier(bundled_lexicon())
