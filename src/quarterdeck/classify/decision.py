"""From class probabilities to a :class:`Classification`, the same way for every trained backend."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from quarterdeck.records import UNCERTAIN_BELOW, Classification, Paper

SECONDARY_MIN = 0.2
"""Runner-up probability from which a secondary type is worth naming."""
TITLE_ONLY_CAP = UNCERTAIN_BELOW - 0.01
"""A title alone never makes a confident answer."""


def decision(
    paper: Paper,
    probabilities: np.ndarray[Any, Any],
    classes: Sequence[str],
    *,
    evidence: tuple[str, ...],
    version: str,
    notes: tuple[str, ...],
) -> Classification:
    """The top type with its confidence, a close runner-up, the evidence and the input notes."""
    best, second = (int(i) for i in np.argsort(probabilities)[::-1][:2])
    confidence = float(probabilities[best])
    if not paper.abstract.strip():
        confidence = min(confidence, TITLE_ONLY_CAP)
    return Classification(
        label=classes[best],
        confidence=round(confidence, 4),
        secondary=classes[second] if probabilities[second] >= SECONDARY_MIN else None,
        evidence=evidence,
        model_version=version,
        notes=notes,
    )
