"""How likely a careful reader would keep a paper: the learned half of a verdict.

The policy table and the profile say what a kind of paper is worth and under
which condition; they cannot tell a retrieval paper an engineer can use from
one that only mentions retrieval. That judgement is learned here from readers'
verdicts (act and check, the papers a digest puts in front of the reader, are
"kept"; budget, watch and skip are not: the table's rows and the paper's facts
decide those) with the same TF-IDF + linear SVM machinery as the type
classifier, so it runs in numpy and its evidence is the paper's own words.

The decision threshold keeps as many papers as the readers kept: it is the
score above which the out-of-fold predictions are as many as the readers'
keeps, on the training papers drawn from the stream (papers picked for being
hard, near the boundary, teach the model but would skew that count).

The bundled model learned the reference reader's verdicts. A profile chooses
it with ``relevance = "reference"``; ``relevance = "focus"`` leaves the
decision to the profile's focus patterns alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from quarterdeck.classify.labeled import LabeledPaper
from quarterdeck.classify.linear import TfidfClassifier
from quarterdeck.classify.text import model_text
from quarterdeck.config import home_dir
from quarterdeck.records import Paper

KEEP, SKIP = "keep", "skip"
KEPT_VERDICTS = frozenset({"act", "check"})
_THRESHOLD_FOLDS = 5

Array = np.ndarray[Any, Any]


@dataclass(frozen=True, slots=True)
class Relevance:
    """A paper's relevance: probability a reader keeps it, whether that clears the bar, and why."""

    score: float
    kept: bool
    terms: tuple[str, ...]
    """The paper's words that pushed the score up most."""


class RelevanceModel(TfidfClassifier):
    """A two-class TF-IDF model (keep / skip) with a decision threshold fitted out of fold."""

    backend = "relevance"

    def __init__(self, *, c: float = 0.1, min_df: int = 2, max_features: int = 60_000) -> None:
        super().__init__(c=c, min_df=min_df, max_features=max_features)
        self.threshold_ = 0.5

    def fit_verdicts(
        self, papers: Sequence[Paper], verdicts: Sequence[str], calibrate: Sequence[bool] | None = None
    ) -> RelevanceModel:
        """Learn from readers' verdicts, and the threshold that keeps as many papers as they did.

        ``calibrate`` marks the papers whose count sets the threshold (default: all).
        """
        labels = [KEEP if v in KEPT_VERDICTS else SKIP for v in verdicts]
        self.fit(papers, labels)
        self.version = self.version.replace("tfidf-", "relevance-", 1)
        mask = np.ones(len(labels), bool) if calibrate is None else np.asarray(calibrate, bool)
        self.threshold_ = self._fit_threshold(papers, labels, mask)
        return self

    def _fit_threshold(self, papers: Sequence[Paper], labels: list[str], mask: Array) -> float:
        from sklearn.model_selection import StratifiedKFold

        y = np.asarray(labels)
        if min((y == KEEP).sum(), (y == SKIP).sum()) < _THRESHOLD_FOLDS:
            return 0.5
        scores = np.zeros(len(y))
        splitter = StratifiedKFold(n_splits=_THRESHOLD_FOLDS, shuffle=True, random_state=0)
        for train, test in splitter.split(np.zeros(len(y)), y):
            fold = RelevanceModel(c=self.c, min_df=self.min_df, max_features=self.max_features)
            fold.fit([papers[i] for i in train], [labels[i] for i in train])
            scores[test] = [fold.score(papers[i]).score for i in test]
        return count_matching_threshold(scores[mask], y[mask] == KEEP)

    def score(self, paper: Paper) -> Relevance:
        """The probability (from the SVM margin, temperature 1) that a reader keeps the paper."""
        indices, values = self.features(model_text(paper).text)
        margins = self.coef_[:, indices] @ values + self.intercept_
        keep = self.classes_.index(KEEP)
        probability = float(1.0 / (1.0 + np.exp(-(margins[keep] - margins[1 - keep]))))
        weights = values * self.coef_[keep, indices]
        top = [str(self.terms_[indices[i]]) for i in np.argsort(weights)[::-1][:3] if weights[i] > 0]
        return Relevance(round(probability, 3), probability >= self.threshold_, tuple(top))

    def to_arrays(self) -> tuple[dict[str, Any], dict[str, Array]]:
        """As the type classifier's, plus the threshold."""
        params, arrays = super().to_arrays()
        return {**params, "threshold": self.threshold_}, arrays

    @classmethod
    def from_arrays(cls, params: dict[str, Any], arrays: dict[str, Array]) -> RelevanceModel:
        """Rebuild a trained model from :meth:`to_arrays` output."""
        base = TfidfClassifier.from_arrays(params, arrays)
        model = cls(c=base.c, min_df=base.min_df, max_features=base.max_features)
        for name in ("version", "temperature_", "terms_", "vocabulary_", "idf_", "coef_", "intercept_"):
            setattr(model, name, getattr(base, name))
        model.classes_, model.trained_keys_ = base.classes_, base.trained_keys_
        model.threshold_ = float(params["threshold"])
        return model


def count_matching_threshold(scores: Array, positive: Array) -> float:
    """The score above which as many papers are predicted positive as are positive (0.5 if none are)."""
    wanted = int(positive.sum())
    if wanted == 0 or wanted == len(scores):
        return 0.5
    return float(np.sort(scores)[::-1][wanted - 1])


def calibrates(example: LabeledPaper) -> bool:
    """Whether a labeled paper sets the threshold: drawn from the stream, not picked for being hard."""
    return not example.sample.startswith("uncertain")


def bundled_relevance_path() -> Path:
    """The reference reader's relevance model, shipped with the package."""
    return Path(str(resources.files("quarterdeck").joinpath("data/relevance.npz")))


def user_relevance_path() -> Path:
    """Where ``quarterdeck train --relevance`` keeps the user's own relevance model."""
    return home_dir() / "relevance.npz"


def load_relevance(path: Path | None = None) -> RelevanceModel:
    """Load a relevance model: ``path``, else the user's trained one, else the bundled one."""
    from quarterdeck.classify.model_file import load_model

    if path is None:
        path = user_relevance_path() if user_relevance_path().is_file() else bundled_relevance_path()
    model = load_model(path, expected=RelevanceModel)
    assert isinstance(model, RelevanceModel)
    return model
