"""Scores for a classifier against careful readers' labels.

Per-class precision, recall, F1 and support, macro-F1, accuracy and the
confusion matrix, all from scikit-learn so the numbers mean what they mean
everywhere else.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score, precision_recall_fscore_support
from sklearn.model_selection import StratifiedKFold

from quarterdeck.errors import InputError
from quarterdeck.records import LABELS, Classification, Paper


@dataclass(frozen=True, slots=True)
class ClassScores:
    """Precision, recall and F1 of one label."""

    label: str
    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True, slots=True)
class Evaluation:
    """How well predicted labels agree with gold labels."""

    n: int
    accuracy: float
    macro_f1: float
    per_class: tuple[ClassScores, ...]
    labels: tuple[str, ...]
    confusion: tuple[tuple[int, ...], ...]
    """Rows are gold labels, columns predicted, both in ``labels`` order."""

    def as_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return {
            "n": self.n,
            "accuracy": round(self.accuracy, 4),
            "macro_f1": round(self.macro_f1, 4),
            "per_class": [
                {
                    "label": c.label,
                    "precision": round(c.precision, 4),
                    "recall": round(c.recall, 4),
                    "f1": round(c.f1, 4),
                    "support": c.support,
                }
                for c in self.per_class
            ],
            "labels": list(self.labels),
            "confusion": [list(row) for row in self.confusion],
        }


def evaluate(gold: Sequence[str], predicted: Sequence[str]) -> Evaluation:
    """Compare predictions with gold labels.

    Macro-F1 averages over the labels present in the gold set, so a label
    nobody used neither helps nor hurts.
    """
    if len(gold) != len(predicted):
        raise ValueError("gold and predicted differ in length")
    present = tuple(label for label in LABELS if label in set(gold))
    shown = tuple(label for label in LABELS if label in set(gold) | set(predicted))
    precision, recall, f1, support = precision_recall_fscore_support(
        gold, predicted, labels=list(shown), zero_division=0
    )
    per_class = tuple(
        ClassScores(label, float(p), float(r), float(f), int(s))
        for label, p, r, f, s in zip(shown, precision, recall, f1, support, strict=True)
    )
    matrix = confusion_matrix(gold, predicted, labels=list(shown))
    return Evaluation(
        n=len(gold),
        accuracy=float(accuracy_score(gold, predicted)),
        macro_f1=float(f1_score(gold, predicted, labels=list(present), average="macro", zero_division=0)),
        per_class=per_class,
        labels=shown,
        confusion=tuple(tuple(int(v) for v in row) for row in matrix),
    )


def cross_validate(
    make_model: Callable[[], Trainable],
    papers: Sequence[Paper],
    labels: Sequence[str],
    *,
    folds: int = 5,
    seed: int = 0,
) -> list[str]:
    """Predictions for every paper from a model that never saw it (stratified k-fold).

    Classes with fewer members than ``folds`` make stratification impossible;
    the caller gets a clear error instead of scikit-learn's warning.
    """
    counts = Counter(labels)
    thin = sorted(label for label, n in counts.items() if n < folds)
    if thin:
        raise InputError(
            f"cannot run {folds}-fold cross-validation: fewer than {folds} papers labeled {', '.join(thin)}"
        )
    predicted: list[str] = [""] * len(papers)
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    for train, test in splitter.split(np.zeros(len(labels)), list(labels)):
        model = make_model().fit([papers[i] for i in train], [labels[i] for i in train])
        for i, result in zip(test, model.classify_many([papers[i] for i in test]), strict=True):
            predicted[i] = result.label
    return predicted


class Trainable(Protocol):
    """A classifier that learns from labeled papers."""

    def fit(self, papers: Sequence[Paper], labels: Sequence[str]) -> Trainable: ...

    def classify_many(self, papers: Sequence[Paper]) -> list[Classification]: ...
