"""A learned cost-trap detector: TF-IDF words of title and abstract plus the rules' signals.

Readers flag a cost trap on a judgement the rules only approximate (a method
that multiplies inference cost and claims a gain, often with no number and no
fixed phrase: "a questioner proposes candidates and a judge selects"). So a
logistic regression reads the same TF-IDF features as the type classifier
(:func:`quarterdeck.classify.linear.make_vectorizer`) and the rules' 0/1
signals (:data:`quarterdeck.facts.cost.SIGNALS`). Its threshold is the one
that maximises F1 on out-of-fold scores of the training papers, never on the
papers it is measured on.

Training needs scikit-learn (``scripts/train_cost_trap.py``); using it needs
numpy only, from a plain-array ``.npz`` file written by
:mod:`quarterdeck.classify.model_file`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from quarterdeck.classify.linear import make_vectorizer, tfidf_vector
from quarterdeck.classify.model_file import ModelError, read_model_file, rebuild
from quarterdeck.classify.text import model_text
from quarterdeck.facts.cost import SIGNALS, multipliers, rule_trap, signals
from quarterdeck.facts.gains import gains
from quarterdeck.facts.records import CostTrap, Fact
from quarterdeck.facts.text import Text
from quarterdeck.records import Paper

_TOKEN = re.compile(r"(?u)\b\w\w+\b")

BACKEND = "cost-trap"
_THRESHOLD_FOLDS = 3
Array = np.ndarray[Any, Any]


class CostTrapModel:
    """Logistic regression over TF-IDF word n-grams and rule signals, with a fitted threshold."""

    backend = BACKEND
    terms_: Array
    idf_: Array
    vocabulary_: dict[str, int]
    coef_: Array
    signal_coef_: Array
    intercept_: float
    threshold_: float

    def __init__(self, *, c: float = 10.0, min_df: int = 2, max_features: int = 60_000) -> None:
        self.c = c
        self.min_df = min_df
        self.max_features = max_features
        self.version = f"{BACKEND}-untrained"

    # -- training (scikit-learn) ----------------------------------------------

    def fit(self, papers: Sequence[Paper], rule_signals: Array, labels: Sequence[bool]) -> CostTrapModel:
        """Learn from papers, their rule signals (rows in :data:`SIGNALS` order) and readers' labels."""
        from sklearn.model_selection import StratifiedKFold

        texts = [model_text(p).text for p in papers]
        y = np.asarray(labels, dtype=bool)
        signals = np.asarray(rule_signals, dtype=np.float32)
        # The threshold comes from scores on papers each inner model did not see.
        scores = np.zeros(len(y), dtype=np.float64)
        folds = StratifiedKFold(n_splits=_THRESHOLD_FOLDS, shuffle=True, random_state=0)
        for train, held in folds.split(texts, y):
            inner = self._fit_once([texts[i] for i in train], signals[train], y[train])
            scores[held] = inner._scores([texts[i] for i in held], signals[held])
        self.threshold_ = best_f1_threshold(scores, y)
        fitted = self._fit_once(texts, signals, y)
        self.terms_, self.idf_ = fitted.terms_, fitted.idf_
        self.vocabulary_ = fitted.vocabulary_
        self.coef_, self.signal_coef_, self.intercept_ = fitted.coef_, fitted.signal_coef_, fitted.intercept_
        digest = hashlib.sha256("\n".join(f"{t}\t{v}" for t, v in zip(texts, y, strict=True)).encode())
        self.version = f"{BACKEND}-{digest.hexdigest()[:10]}"
        return self

    def _fit_once(self, texts: list[str], signals: Array, y: Array) -> CostTrapModel:
        from scipy import sparse
        from sklearn.linear_model import LogisticRegression

        vectorizer = make_vectorizer(min_df=self.min_df, max_features=self.max_features)
        words = vectorizer.fit_transform(texts)
        features = sparse.hstack([words, sparse.csr_matrix(signals)]).tocsr()
        regression = LogisticRegression(C=self.c, class_weight="balanced", max_iter=3000, solver="liblinear")
        regression.fit(features, y)
        coef = regression.coef_[0].astype(np.float32)
        model = CostTrapModel(c=self.c, min_df=self.min_df, max_features=self.max_features)
        model.terms_ = vectorizer.get_feature_names_out().astype(str)
        model.vocabulary_ = {str(term): i for i, term in enumerate(model.terms_)}
        model.idf_ = vectorizer.idf_.astype(np.float32)
        model.coef_, model.signal_coef_ = coef[: words.shape[1]], coef[words.shape[1] :]
        model.intercept_ = float(regression.intercept_[0])
        model.threshold_ = 0.0
        return model

    def _scores(self, texts: list[str], signals: Array) -> Array:
        return np.array([self._score(t, s) for t, s in zip(texts, signals, strict=True)])

    # -- persistence -------------------------------------------------------------

    def to_arrays(self) -> tuple[dict[str, Any], dict[str, Array]]:
        """Parameters (JSON-able) and learned arrays, for :mod:`quarterdeck.classify.model_file`."""
        params = {
            "c": self.c,
            "min_df": self.min_df,
            "max_features": self.max_features,
            "version": self.version,
            "threshold": self.threshold_,
            "intercept": self.intercept_,
            "signals": list(SIGNALS),
        }
        arrays = {"terms": self.terms_, "idf": self.idf_, "coef": self.coef_}
        arrays["signal_coef"] = self.signal_coef_
        return params, arrays

    @classmethod
    def from_arrays(cls, params: dict[str, Any], arrays: dict[str, Array]) -> CostTrapModel:
        """Rebuild a trained model from :meth:`to_arrays` output."""
        if list(params["signals"]) != list(SIGNALS):
            raise ValueError("signals: the rules' signals changed since this model was trained")
        model = cls(
            c=float(params["c"]), min_df=int(params["min_df"]), max_features=int(params["max_features"])
        )
        model.version = str(params["version"])
        model.threshold_ = float(params["threshold"])
        model.intercept_ = float(params["intercept"])
        model.terms_ = arrays["terms"]
        model.vocabulary_ = {str(term): i for i, term in enumerate(model.terms_)}
        model.idf_ = arrays["idf"]
        model.coef_ = arrays["coef"]
        model.signal_coef_ = arrays["signal_coef"]
        return model

    # -- use (numpy only) --------------------------------------------------------

    def score(self, paper: Paper, signals: Sequence[float]) -> float:
        """The decision score (log-odds); a trap when it reaches :attr:`threshold_`."""
        return self._score(model_text(paper).text, np.asarray(signals, dtype=np.float32))

    def is_trap(self, paper: Paper, signals: Sequence[float]) -> bool:
        """Whether the model calls this paper a cost trap."""
        return self.score(paper, signals) >= self.threshold_

    def method_terms(self, paper: Paper, limit: int = 3) -> list[str]:
        """The paper's n-grams that pushed hardest towards "trap", strongest first."""
        indices, values = tfidf_vector(model_text(paper).text, self.vocabulary_, self.idf_)
        weights = values * self.coef_[indices]
        order = np.argsort(weights)[::-1][:limit]
        return [str(self.terms_[indices[i]]) for i in order if weights[i] > 0]

    def _score(self, text: str, signals: Array) -> float:
        indices, values = tfidf_vector(text, self.vocabulary_, self.idf_)
        return float(self.coef_[indices] @ values + self.signal_coef_ @ signals + self.intercept_)


def paper_signals(paper: Paper) -> tuple[float, ...]:
    """The rules' signals for one paper, as the model reads them (for training and measuring)."""
    text = Text([t for t in (paper.title, paper.abstract, paper.comment, paper.full_text) if t])
    found_multipliers, found_gains = multipliers(text), gains(text)
    trap = rule_trap(paper, text, found_multipliers, found_gains)
    return signals(paper, text, found_multipliers, found_gains, trap)


def train_trap_model(papers: Sequence[Paper], labels: Sequence[bool], *, c: float = 10.0) -> CostTrapModel:
    """A cost-trap model fitted on labeled papers (needs scikit-learn)."""
    rows = np.array([paper_signals(p) for p in papers], dtype=np.float32)
    return CostTrapModel(c=c).fit(papers, rows, labels)


def best_f1_threshold(scores: Array, y: Array) -> float:
    """The score threshold with the best F1 of the positive class (ties: the higher threshold)."""
    order = np.argsort(-scores, kind="stable")
    hits = np.cumsum(y[order])
    found = np.arange(1, len(y) + 1)
    f1 = 2 * hits / (found + y.sum())
    best = int(np.flatnonzero(f1 == f1.max())[0])
    return float(scores[order][best])


BUNDLED = "cost-trap.npz"
_FIX = "rebuild it with 'make facts-model'"


def load_trap_model(path: Path) -> CostTrapModel:
    """Load a cost-trap model file, or raise :class:`ModelError` saying what is wrong in one line."""
    meta, arrays = read_model_file(path, _FIX)
    if meta.get("backend") != BACKEND:
        raise ModelError(f"model file {path} is not a cost-trap model; {_FIX}")
    model: CostTrapModel = rebuild(CostTrapModel, meta, arrays, path, _FIX)
    return model


@cache
def bundled_trap_model() -> CostTrapModel | None:
    """The model shipped in the package, loaded once; None when the package has none."""
    path = Path(str(resources.files("quarterdeck") / "data" / BUNDLED))
    return load_trap_model(path) if path.is_file() else None


def learned_trap(
    model: CostTrapModel,
    paper: Paper,
    text: Text,
    multipliers: tuple[Fact, ...],
    gains: tuple[Fact, ...],
    rule: CostTrap | None,
) -> CostTrap | None:
    """The model's call, told the way the rules tell it: a real sentence, and the multiplier if stated.

    The evidence is the sentence with the multiplier when the rules found one,
    else the sentence holding the words that pushed the model most (the
    method), else the paper's "we propose" sentence.
    """
    if not model.is_trap(paper, signals(paper, text, multipliers, gains, rule)):
        return None
    gain = gains[0].value if gains else None
    stated = [f for f in multipliers if any(c.isdigit() for c in f.value)]
    if stated or multipliers:
        evidence = (stated or list(multipliers))[0]
        return CostTrap(multiplier=evidence.value if stated else None, evidence=evidence.sentence, gain=gain)
    return CostTrap(multiplier=None, evidence=_method_sentence(model, paper, text), gain=gain)


def _method_sentence(model: CostTrapModel, paper: Paper, text: Text) -> str:
    for term in model.method_terms(paper):
        words = term.split()
        for sentence in text.candidates((words[0],)):
            tokens = set(_TOKEN.findall(sentence.lower()))
            if all(word in tokens for word in words):
                return sentence
    proposes = text.candidates(("we propose", "we introduce", "we present", "this paper"))
    return proposes[0] if proposes else text.sentence_at(0)
