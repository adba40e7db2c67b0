"""The trainable classifier backends, by name, for ``train``, ``eval --cv`` and model files.

``tfidf`` is the default and needs nothing beyond the base install; the
embedding backends need an optional extra and say which when it is missing.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from typing import Any

from quarterdeck.classify.labeled import LabeledPaper
from quarterdeck.errors import ConfigError

BACKENDS: tuple[str, ...] = ("tfidf", "model2vec", "minilm")
_NEEDS = {"tfidf": "sklearn", "model2vec": "model2vec", "minilm": "sentence_transformers"}


def available_backends() -> list[str]:
    """The backends whose libraries are installed here."""
    return [name for name in BACKENDS if importlib.util.find_spec(_NEEDS[name]) is not None]


def backend_class(name: str) -> Any:
    """The class that implements a backend, or None for an unknown name."""
    if name == "tfidf":
        from quarterdeck.classify.linear import TfidfClassifier

        return TfidfClassifier
    if name in ("model2vec", "minilm"):
        from quarterdeck.classify.embeddings import EmbeddingClassifier

        return EmbeddingClassifier
    if name == "role-lines":
        # Not a paper classifier (so not in BACKENDS): the role analysis' line model shares the file format.
        from quarterdeck.roles.model import LineModel

        return LineModel
    return None


def make_backend(name: str) -> Any:
    """A fresh, untrained classifier of the named backend."""
    if name == "tfidf":
        return backend_class(name)()
    if name in ("model2vec", "minilm"):
        return backend_class(name)(name)
    raise ConfigError(f"unknown backend {name!r}; known: {', '.join(BACKENDS)}")


def train_model(name: str, examples: Sequence[LabeledPaper]) -> Any:
    """Train the named backend on labeled papers."""
    return make_backend(name).fit([e.paper for e in examples], [e.label for e in examples])
