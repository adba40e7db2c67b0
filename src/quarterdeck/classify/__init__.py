"""Paper classification: what kind of research output a paper leads with.

Every classifier implements :class:`Classifier`; the rest of Quarterdeck only
talks to that interface, so the rule-based classifier used today can be swapped
for a trained one without touching callers.
"""

from __future__ import annotations

from typing import Protocol

from quarterdeck.records import Classification, Paper

__all__ = ["Classifier", "default_classifier"]


class Classifier(Protocol):
    """Anything that turns a paper into a :class:`Classification`."""

    version: str
    """Identifies the classifier and its rules or weights, e.g. ``rules-1``; stored with every result."""

    def classify(self, paper: Paper) -> Classification:
        """Return the paper's research-output type, with confidence and evidence."""
        ...


def default_classifier() -> Classifier:
    """Return the classifier Quarterdeck uses when none is configured: the bundled rules."""
    # Imported here so that importing the interface stays cheap and cycle-free.
    from quarterdeck.classify.rules import RuleClassifier

    return RuleClassifier()
