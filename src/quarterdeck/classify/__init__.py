"""Paper classification: what kind of research output a paper leads with.

Every classifier implements :class:`Classifier`; the rest of Quarterdeck only
talks to that interface. The default is the trained model shipped with the
package, unless the user trained their own (``quarterdeck train``), which is
kept in the home directory and wins.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Protocol

from quarterdeck.config import home_dir
from quarterdeck.records import Classification, Paper

__all__ = ["USER_MODEL_FILENAME", "Classifier", "bundled_model_path", "default_classifier", "user_model_path"]

USER_MODEL_FILENAME = "classifier.npz"


class Classifier(Protocol):
    """Anything that turns papers into :class:`Classification` results."""

    version: str
    """Identifies the classifier and its weights or rules; stored with every result."""

    def classify(self, paper: Paper) -> Classification:
        """Return the paper's research-output type, with confidence and evidence."""
        ...

    def classify_many(self, papers: Sequence[Paper]) -> list[Classification]:
        """Classify several papers at once (faster for trained models)."""
        ...


def user_model_path() -> Path:
    """Where ``quarterdeck train`` keeps the user's own model."""
    return home_dir() / USER_MODEL_FILENAME


def bundled_model_path() -> Path:
    """The model shipped with the package."""
    return Path(str(resources.files("quarterdeck").joinpath("data/classifier.npz")))


def default_classifier(model_path: Path | None = None) -> Classifier:
    """The classifier to use: ``model_path``, else the user's trained model, else the bundled one."""
    # Imported here so that importing the interface stays cheap (no numpy, no scikit-learn).
    from quarterdeck.classify.model_file import load_model

    if model_path is None:
        model_path = user_model_path() if user_model_path().is_file() else bundled_model_path()
    classifier: Classifier = load_model(model_path)
    return classifier
