"""TF-IDF word n-grams with a logistic-regression head: fast, small, explainable.

Follows scikit-learn's conventions: ``__init__`` stores parameters, ``fit``
returns self, learned state ends in ``_``. Evidence is the paper's own words
that pushed the decision: the n-grams with the largest weight x tf-idf for
the predicted type, and the sentence that holds the strongest of them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from quarterdeck.classify.text import model_text
from quarterdeck.facts import sentences
from quarterdeck.normalise import paper_key
from quarterdeck.records import UNCERTAIN_BELOW, Classification, Paper

BACKEND = "tfidf"
_EVIDENCE_TERMS = 3
_SECONDARY_MIN = 0.2
"""Runner-up probability from which a secondary type is worth naming."""
_TITLE_ONLY_CAP = UNCERTAIN_BELOW - 0.01


class TfidfClassifier:
    """Word 1-2-gram TF-IDF features and a multinomial logistic regression."""

    def __init__(self, *, c: float = 8.0, min_df: int = 2, max_features: int = 60_000) -> None:
        self.c = c
        self.min_df = min_df
        self.max_features = max_features
        self.version = f"{BACKEND}-untrained"

    # -- training -----------------------------------------------------------

    def _vectorizer(self) -> TfidfVectorizer:
        return TfidfVectorizer(
            analyzer="word",
            ngram_range=(1, 2),
            lowercase=True,
            sublinear_tf=True,
            min_df=self.min_df,
            max_features=self.max_features,
            dtype=np.float32,
        )

    def fit(self, papers: Sequence[Paper], labels: Sequence[str]) -> TfidfClassifier:
        """Learn from labeled papers; the version names this model's training data."""
        texts = [model_text(p).text for p in papers]
        self.vectorizer_ = self._vectorizer()
        features = self.vectorizer_.fit_transform(texts)
        self.head_ = LogisticRegression(C=self.c, max_iter=2000, class_weight="balanced")
        self.head_.fit(features, list(labels))
        self._prepare()
        self.trained_keys_ = tuple(sorted({paper_key(p) for p in papers}))
        digest = hashlib.sha256("\n".join(f"{t}\t{y}" for t, y in zip(texts, labels, strict=True)).encode())
        self.version = f"{BACKEND}-{digest.hexdigest()[:10]}"
        return self

    def _prepare(self) -> None:
        self.classes_: list[str] = [str(c) for c in self.head_.classes_]
        self.terms_: np.ndarray[Any, Any] = self.vectorizer_.get_feature_names_out()

    # -- persistence: plain arrays, so a model file holds no code ---------------

    def to_arrays(self) -> tuple[dict[str, Any], dict[str, np.ndarray[Any, Any]]]:
        """Parameters (JSON-able) and learned arrays, for :mod:`quarterdeck.classify.model_file`."""
        params = {
            "c": self.c,
            "min_df": self.min_df,
            "max_features": self.max_features,
            "version": self.version,
        }
        arrays = {
            "terms": self.terms_.astype(str),
            "idf": self.vectorizer_.idf_.astype(np.float32),
            "coef": self.head_.coef_.astype(np.float32),
            "intercept": self.head_.intercept_.astype(np.float32),
            "classes": np.array(self.classes_, dtype=str),
            "trained_keys": np.array(self.trained_keys_, dtype=str),
        }
        return params, arrays

    @classmethod
    def from_arrays(cls, params: dict[str, Any], arrays: dict[str, np.ndarray[Any, Any]]) -> TfidfClassifier:
        """Rebuild a trained classifier from :meth:`to_arrays` output."""
        model = cls(
            c=float(params["c"]), min_df=int(params["min_df"]), max_features=int(params["max_features"])
        )
        model.version = str(params["version"])
        model.vectorizer_ = model._vectorizer()
        model.vectorizer_.vocabulary_ = {str(term): i for i, term in enumerate(arrays["terms"])}
        model.vectorizer_.idf_ = arrays["idf"]
        model.head_ = LogisticRegression()
        model.head_.coef_ = arrays["coef"].astype(np.float64)
        model.head_.intercept_ = arrays["intercept"].astype(np.float64)
        model.head_.classes_ = arrays["classes"]
        model.trained_keys_ = tuple(str(k) for k in arrays["trained_keys"])
        model._prepare()
        return model

    # -- use ------------------------------------------------------------------

    def classify(self, paper: Paper) -> Classification:
        """Classify one paper."""
        return self.classify_many([paper])[0]

    def classify_many(self, papers: Sequence[Paper]) -> list[Classification]:
        """Classify papers in one pass (much faster than one at a time)."""
        if not papers:
            return []
        prepared = [model_text(p) for p in papers]
        features = self.vectorizer_.transform([m.text for m in prepared]).tocsr()
        probabilities = self.head_.predict_proba(features)
        results = []
        for row, (paper, text) in enumerate(zip(papers, prepared, strict=True)):
            probs = probabilities[row]
            order = np.argsort(probs)[::-1]
            best, second = int(order[0]), int(order[1])
            confidence = float(probs[best])
            if not paper.abstract.strip():
                confidence = min(confidence, _TITLE_ONLY_CAP)
            evidence = self._evidence(paper, features.getrow(row), best)
            results.append(
                Classification(
                    label=self.classes_[best],
                    confidence=round(confidence, 4),
                    secondary=self.classes_[second] if probs[second] >= _SECONDARY_MIN else None,
                    evidence=evidence,
                    model_version=self.version,
                    notes=text.notes,
                )
            )
        return results

    def _evidence(self, paper: Paper, row: sparse.csr_matrix, label: int) -> tuple[str, ...]:
        weights = row.data * self.head_.coef_[label, row.indices]
        top = [row.indices[i] for i in np.argsort(weights)[::-1][:_EVIDENCE_TERMS] if weights[i] > 0]
        terms = [str(self.terms_[i]) for i in top]
        if not terms:
            return ()
        sentence = _sentence_with(paper, terms[0])
        return ((sentence,) if sentence else ()) + tuple(terms)


def _sentence_with(paper: Paper, term: str) -> str | None:
    """The first sentence of the title or abstract that contains the term's words."""
    words = term.split()
    for candidate in (paper.title, *sentences(paper.abstract)):
        lowered = candidate.lower()
        if all(word in lowered for word in words):
            return candidate if len(candidate) <= 300 else candidate[:299].rstrip() + "…"
    return None
