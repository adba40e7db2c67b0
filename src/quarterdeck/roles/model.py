"""The trained line model: which section a line is in, and which duty it describes.

Two linear heads over one TF-IDF vocabulary of the line's words:

- the section head also reads the rules' guess and the context of the
  heading above the line (``rule=duty``, ``ctx=requirement``), so it learns
  where the rules go wrong instead of starting from nothing;
- the kind head also reads how much of the line each duty's lexicon phrases
  cover, so the lexicon's knowledge and the labels' combine.

Inference is numpy only (the same TF-IDF code as the paper classifier); the
model is one ``.npz`` file read by :mod:`quarterdeck.classify.model_file`.
Phrases from the user's own duties.toml win over the model: they say what
the user means.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from quarterdeck.classify.linear import tfidf_vector
from quarterdeck.config import home_dir
from quarterdeck.roles.lexicon import Lexicon
from quarterdeck.roles.records import DUTIES, NONE, Line
from quarterdeck.roles.sections import heading_context

BACKEND = "role-lines"
MODEL_FILENAME = "roles-model.npz"
LEXICON_SCALE = 0.25
"""Lexicon coverage enters as log1p(characters) x this: about 1 for a 50-character phrase."""
CONTEXT_SCALE = 1.0

Array = np.ndarray[Any, Any]


def context_tokens(line: Line) -> tuple[str, str]:
    """The section head's context features: the rules' section and the heading's context."""
    where = "start" if not line.heading else heading_context(line.heading) or "unknown"
    return f"rule={line.section}", f"ctx={where}"


def lexicon_features(lexicon: Lexicon, text: str) -> Array:
    """How much of the line each duty's phrases cover, scaled like TF-IDF values."""
    scores = lexicon.scores(text)
    return np.array([math.log1p(scores.get(d, 0.0)) * LEXICON_SCALE for d in DUTIES], dtype=np.float32)


class LineModel:
    """Section and kind heads; build with :func:`quarterdeck.roles.train.fit_line_model`."""

    backend = BACKEND

    def __init__(
        self,
        *,
        terms: Array,
        idf: Array,
        context: Sequence[str],
        section_classes: Sequence[str],
        section_coef: Array,
        section_intercept: Array,
        kind_classes: Sequence[str],
        kind_coef: Array,
        kind_intercept: Array,
        version: str,
        trained_on: str,
    ) -> None:
        self.terms = terms
        self.vocabulary = {str(t): i for i, t in enumerate(terms)}
        self.idf = idf
        self.context = list(context)
        self._context_index = {c: i for i, c in enumerate(self.context)}
        self.section_classes = list(section_classes)
        self.section_coef = section_coef
        self.section_intercept = section_intercept
        self.kind_classes = list(kind_classes)
        self.kind_coef = kind_coef
        self.kind_intercept = kind_intercept
        self.version = version
        self.trained_on = trained_on

    def section(self, line: Line) -> str:
        """The line's section as the section head reads it."""
        indices, values = tfidf_vector(line.text, self.vocabulary, self.idf)
        vocabulary_size = len(self.terms)
        scores = self.section_coef[:, indices] @ values + self.section_intercept
        for token in context_tokens(line):
            at = self._context_index.get(token)
            if at is not None:
                scores = scores + self.section_coef[:, vocabulary_size + at] * CONTEXT_SCALE
        return self.section_classes[int(np.argmax(scores))]

    def kind(self, text: str, lexicon: Lexicon) -> tuple[str, str]:
        """(kind, evidence): the kind head's answer; the lexicon's phrase, else the top n-gram, as proof."""
        indices, values = tfidf_vector(text, self.vocabulary, self.idf)
        vocabulary_size = len(self.terms)
        scores = (
            self.kind_coef[:, indices] @ values
            + self.kind_coef[:, vocabulary_size:] @ lexicon_features(lexicon, text)
            + self.kind_intercept
        )
        best = int(np.argmax(scores))
        kind = self.kind_classes[best]
        if kind == NONE:
            return NONE, ""
        phrase = lexicon.phrase_for(text, kind)
        if phrase:
            return kind, phrase
        weights = values * self.kind_coef[best, indices]
        if len(weights) and float(weights.max()) > 0:
            term = str(self.terms[indices[int(np.argmax(weights))]])
            return kind, _in_text(text, term)
        return kind, ""

    # -- persistence (quarterdeck.classify.model_file) -------------------------

    def to_arrays(self) -> tuple[dict[str, Any], dict[str, Array]]:
        """Parameters and arrays for the model file."""
        params = {"version": self.version, "trained_on": self.trained_on}
        arrays = {
            "terms": self.terms.astype(str),
            "idf": self.idf.astype(np.float32),
            "context": np.array(self.context, dtype=str),
            "section_classes": np.array(self.section_classes, dtype=str),
            "section_coef": self.section_coef.astype(np.float32),
            "section_intercept": self.section_intercept.astype(np.float32),
            "kind_classes": np.array(self.kind_classes, dtype=str),
            "kind_coef": self.kind_coef.astype(np.float32),
            "kind_intercept": self.kind_intercept.astype(np.float32),
        }
        return params, arrays

    @classmethod
    def from_arrays(cls, params: dict[str, Any], arrays: dict[str, Array]) -> LineModel:
        """Rebuild a model from :meth:`to_arrays` output."""
        return cls(
            terms=arrays["terms"],
            idf=arrays["idf"],
            context=[str(c) for c in arrays["context"]],
            section_classes=[str(c) for c in arrays["section_classes"]],
            section_coef=arrays["section_coef"],
            section_intercept=arrays["section_intercept"],
            kind_classes=[str(c) for c in arrays["kind_classes"]],
            kind_coef=arrays["kind_coef"],
            kind_intercept=arrays["kind_intercept"],
            version=str(params["version"]),
            trained_on=str(params.get("trained_on", "")),
        )


def _in_text(text: str, term: str) -> str:
    """The n-gram as written in the line (case and punctuation kept), else the n-gram itself."""
    words = term.split()
    lowered = text.lower()
    start = lowered.find(words[0])
    end = lowered.find(words[-1], start) if start != -1 else -1
    if start == -1 or end == -1:
        return term
    return text[start : end + len(words[-1])]


def bundled_model_path() -> Path:
    """Where a line model shipped with Quarterdeck would be (none ships today: see ``user_model_path``)."""
    return Path(str(resources.files("quarterdeck").joinpath(f"data/{MODEL_FILENAME}")))


def user_model_path() -> Path:
    """The line model built from labeled postings by ``make roles-model``, kept in the home directory.

    It is not bundled: the labeled postings it learns from carry no licence, and a
    model's vocabulary holds fragments of their text.
    """
    return home_dir() / MODEL_FILENAME


class ModelClassifier:
    """Sections and kinds from the trained model, with the user's own phrases taking precedence."""

    def __init__(self, model: LineModel, lexicon: Lexicon) -> None:
        self.model = model
        self.lexicon = lexicon
        self.version = f"{model.version}+{lexicon.version}"

    def sections(self, lines: Sequence[Line]) -> list[str]:
        """The model's section for each line."""
        return [self.model.section(line) for line in lines]

    def kinds(self, texts: Sequence[str]) -> list[tuple[str, str]]:
        """(kind, evidence) per line; a match of the user's own phrases decides first."""
        out = []
        for text in texts:
            mine = self.lexicon.user_match(text)
            out.append(
                (mine.kind, mine.evidence) if mine.kind != NONE else self.model.kind(text, self.lexicon)
            )
        return out
