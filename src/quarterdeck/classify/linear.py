"""TF-IDF word n-grams with a linear SVM head: fast, small, explainable.

Follows scikit-learn's conventions: ``__init__`` stores parameters, ``fit``
returns self, learned state ends in ``_``.

- Confidence is a softmax over the SVM's scores with one temperature, fitted
  on out-of-fold scores so that "80% sure" means right about 80% of the time
  on papers the model has not seen.
- Evidence is the paper's own words that pushed the decision: the n-grams with
  the largest weight x tf-idf for the predicted type, and the sentence that
  holds the strongest of them.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from quarterdeck.classify.decision import decision
from quarterdeck.classify.text import model_text
from quarterdeck.normalise import paper_key
from quarterdeck.records import Classification, Paper

if TYPE_CHECKING:
    from scipy import sparse
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.svm import LinearSVC

BACKEND = "tfidf"
_EVIDENCE_TERMS = 3
_CALIBRATION_FOLDS = 3

Array = np.ndarray[Any, Any]


class TfidfClassifier:
    """Word 1-2-gram TF-IDF features, a one-vs-rest linear SVM, temperature-scaled confidence."""

    backend = BACKEND

    def __init__(self, *, c: float = 0.5, min_df: int = 2, max_features: int = 60_000) -> None:
        self.c = c
        self.min_df = min_df
        self.max_features = max_features
        self.version = f"{BACKEND}-untrained"

    # -- training -----------------------------------------------------------

    def _vectorizer(self) -> TfidfVectorizer:
        return make_vectorizer(min_df=self.min_df, max_features=self.max_features)

    def _svm(self) -> LinearSVC:
        from sklearn.svm import LinearSVC

        # Balanced class weights: the thin types (theory, scaling laws) matter as much as "other".
        return LinearSVC(C=self.c, class_weight="balanced")

    def fit(self, papers: Sequence[Paper], labels: Sequence[str]) -> TfidfClassifier:
        """Learn from labeled papers; the version names this model's training data."""
        texts = [model_text(p).text for p in papers]
        y = np.asarray(labels)
        vectorizer = self._vectorizer()
        features = vectorizer.fit_transform(texts)
        svm = self._svm().fit(features, y)
        self.classes_: list[str] = [str(c) for c in svm.classes_]
        coef, intercept = svm.coef_, svm.intercept_
        if len(self.classes_) == 2:
            # scikit-learn keeps one row for two classes; one row per class keeps scoring uniform.
            coef, intercept = np.vstack([-coef, coef]), np.concatenate([-intercept, intercept])
        self.coef_: Array = coef.astype(np.float32)
        self.intercept_: Array = intercept.astype(np.float32)
        self.temperature_ = self._fit_temperature(features, y)
        self.terms_: Array = vectorizer.get_feature_names_out()
        self.vocabulary_: dict[str, int] = {str(term): i for i, term in enumerate(self.terms_)}
        self.idf_: Array = vectorizer.idf_.astype(np.float32)
        self.trained_keys_ = tuple(sorted({paper_key(p) for p in papers}))
        digest = hashlib.sha256("\n".join(f"{t}\t{y}" for t, y in zip(texts, labels, strict=True)).encode())
        self.version = f"{BACKEND}-{digest.hexdigest()[:10]}"
        return self

    def _fit_temperature(self, features: sparse.csr_matrix, y: Array) -> float:
        """The softmax temperature that best fits out-of-fold scores (1.0 when data is too thin)."""
        from scipy.optimize import minimize_scalar
        from scipy.special import log_softmax
        from sklearn.model_selection import StratifiedKFold, cross_val_predict

        folds = min(_CALIBRATION_FOLDS, min(Counter(y.tolist()).values()))
        if folds < 2 or len(self.classes_) < 3:
            return 1.0
        splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=0)
        scores = cross_val_predict(self._svm(), features, y, cv=splitter, method="decision_function")
        truth = np.searchsorted(np.asarray(self.classes_), y)

        def nll(temperature: float) -> float:
            return float(-log_softmax(scores / temperature, axis=1)[np.arange(len(y)), truth].mean())

        return float(minimize_scalar(nll, bounds=(0.01, 10.0), method="bounded").x)

    # -- persistence: plain arrays, so a model file holds no code ---------------

    def to_arrays(self) -> tuple[dict[str, Any], dict[str, Array]]:
        """Parameters (JSON-able) and learned arrays, for :mod:`quarterdeck.classify.model_file`."""
        params = {
            "c": self.c,
            "min_df": self.min_df,
            "max_features": self.max_features,
            "version": self.version,
            "temperature": self.temperature_,
        }
        arrays = {
            "terms": self.terms_.astype(str),
            "idf": self.idf_,
            "coef": self.coef_,
            "intercept": self.intercept_,
            "classes": np.array(self.classes_, dtype=str),
            "trained_keys": np.array(self.trained_keys_, dtype=str),
        }
        return params, arrays

    @classmethod
    def from_arrays(cls, params: dict[str, Any], arrays: dict[str, Array]) -> TfidfClassifier:
        """Rebuild a trained classifier from :meth:`to_arrays` output."""
        model = cls(
            c=float(params["c"]), min_df=int(params["min_df"]), max_features=int(params["max_features"])
        )
        model.version = str(params["version"])
        model.temperature_ = float(params["temperature"])
        model.terms_ = arrays["terms"]
        model.vocabulary_ = {str(term): i for i, term in enumerate(model.terms_)}
        model.idf_ = arrays["idf"]
        model.coef_ = arrays["coef"]
        model.intercept_ = arrays["intercept"]
        model.classes_ = [str(c) for c in arrays["classes"]]
        model.trained_keys_ = tuple(str(k) for k in arrays["trained_keys"])
        return model

    # -- use ------------------------------------------------------------------

    def classify(self, paper: Paper) -> Classification:
        """Classify one paper."""
        return self.classify_many([paper])[0]

    def classify_many(self, papers: Sequence[Paper]) -> list[Classification]:
        """Classify papers (numpy only: classifying needs neither scikit-learn nor scipy)."""
        results = []
        for paper in papers:
            text = model_text(paper)
            indices, values = self.features(text.text)
            scores = self.coef_[:, indices] @ values + self.intercept_
            probabilities = _softmax(scores / self.temperature_)
            best = int(np.argmax(probabilities))
            evidence = self._evidence(paper, indices, values, best)
            results.append(
                decision(
                    paper,
                    probabilities,
                    self.classes_,
                    evidence=evidence,
                    version=self.version,
                    notes=text.notes,
                )
            )
        return results

    def features(self, text: str) -> tuple[Array, Array]:
        """The text's TF-IDF vector as (column indices, values), as the training vectorizer makes it."""
        return tfidf_vector(text, self.vocabulary_, self.idf_)

    def _evidence(self, paper: Paper, indices: Array, values: Array, label: int) -> tuple[str, ...]:
        weights = values * self.coef_[label, indices]
        top = [indices[i] for i in np.argsort(weights)[::-1][:_EVIDENCE_TERMS] if weights[i] > 0]
        terms = [str(self.terms_[i]) for i in top]
        if not terms:
            return ()
        sentence = _sentence_with(paper, terms[0])
        return ((sentence,) if sentence else ()) + tuple(terms)


_TOKEN = re.compile(r"(?u)\b\w\w+\b")
"""scikit-learn's default token pattern."""


def make_vectorizer(*, min_df: int, max_features: int) -> TfidfVectorizer:
    """The training-time vectorizer whose output :func:`tfidf_vector` reproduces without scikit-learn."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(
        analyzer="word",
        ngram_range=(1, 2),
        lowercase=True,
        sublinear_tf=True,
        min_df=min_df,
        max_features=max_features,
        dtype=np.float32,
    )


def tfidf_vector(text: str, vocabulary: dict[str, int], idf: Array) -> tuple[Array, Array]:
    """A text's TF-IDF vector as (column indices, values), as :func:`make_vectorizer` makes it.

    Same analyzer as scikit-learn's (lower case, tokens of two or more word
    characters, unigrams then bigrams), sublinear tf, idf, L2 norm; written
    out here because importing scikit-learn costs over a second of start-up
    for every ``quarterdeck`` command, and a test checks both agree.
    """
    tokens = _TOKEN.findall(text.lower())
    lookup = vocabulary.get
    # One list comprehension and np.unique: about four times faster than a Counter over a generator.
    found = [lookup(g, -1) for g in tokens] + [lookup(f"{a} {b}", -1) for a, b in itertools.pairwise(tokens)]
    ids = np.array(found, dtype=np.intp)
    ids = ids[ids >= 0]
    if not len(ids):
        return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.float32)
    indices, counts = np.unique(ids, return_counts=True)
    values = (1.0 + np.log(counts.astype(np.float32))) * idf[indices]
    return indices, values / np.float32(np.linalg.norm(values))


def _softmax(scores: Array) -> Array:
    shifted: Array = np.exp(scores - scores.max())
    normalised: Array = shifted / shifted.sum()
    return normalised


def _sentence_with(paper: Paper, term: str) -> str | None:
    """The title, or the abstract's first sentence, that contains all of the term's words."""
    words = term.split()
    if all(word in paper.title.lower() for word in words):
        return paper.title
    abstract = paper.abstract
    lowered = abstract.lower()
    # Look only around occurrences of the first word: splitting every abstract into
    # sentences would cost more than classifying it.
    position = lowered.find(words[0])
    while position != -1:
        previous = max(lowered.rfind(end, 0, position) for end in _SENTENCE_ENDS)
        start = previous + 2 if previous != -1 else 0
        ends = [i for i in (lowered.find(end, position) for end in _SENTENCE_ENDS) if i != -1]
        stop = min(ends) + 1 if ends else len(abstract)
        sentence = abstract[start:stop].strip()
        if all(word in sentence.lower() for word in words):
            return sentence if len(sentence) <= 300 else sentence[:299].rstrip() + "…"
        position = lowered.find(words[0], stop)
    return None


_SENTENCE_ENDS = (". ", "? ", "! ")
