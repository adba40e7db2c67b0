"""The trainable classifier backends, by name, for ``train`` and ``eval --cv``."""

from __future__ import annotations

from collections.abc import Sequence

from quarterdeck.classify.labeled import LabeledPaper
from quarterdeck.classify.linear import TfidfClassifier

BACKENDS: tuple[str, ...] = ("tfidf",)


def available_backends() -> list[str]:
    """The backends whose libraries are installed here."""
    return list(BACKENDS)


def make_backend(name: str) -> TfidfClassifier:
    """A fresh, untrained classifier of the named backend."""
    if name == "tfidf":
        return TfidfClassifier()
    raise ValueError(f"unknown backend {name!r}; known: {', '.join(BACKENDS)}")


def train_model(name: str, examples: Sequence[LabeledPaper]) -> TfidfClassifier:
    """Train the named backend on labeled papers."""
    return make_backend(name).fit([e.paper for e in examples], [e.label for e in examples])
