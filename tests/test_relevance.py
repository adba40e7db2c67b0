from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from quarterdeck.classify.linear import TfidfClassifier
from quarterdeck.classify.model_file import ModelError, load_model, save_model
from quarterdeck.records import Paper
from quarterdeck.relevance import (
    RelevanceModel,
    count_matching_threshold,
    load_relevance,
    user_relevance_path,
)

KEPT = [
    Paper(f"Retrieval-augmented agents for customer support, variant {n}", "We build a RAG agent with tools.")
    for n in range(12)
]
SKIPPED = [
    Paper(f"Convergence of stochastic gradient descent, part {n}", "We prove a bound for convex losses.")
    for n in range(12)
]


def trained() -> RelevanceModel:
    return RelevanceModel().fit_verdicts(KEPT + SKIPPED, ["check"] * 6 + ["act"] * 6 + ["skip"] * 12)


def test_fit_learns_what_readers_keep_and_says_why() -> None:
    model = trained()
    assert model.version.startswith("relevance-")
    kept = model.score(Paper("A RAG agent for customer support", "Tools and retrieval."))
    skipped = model.score(Paper("Convergence rates of gradient descent", "A proof for convex losses."))
    assert kept.score > 0.5 > skipped.score and not skipped.kept
    assert 0 < model.threshold_ < 1
    assert any("rag" in term or "agent" in term or "support" in term for term in kept.terms)


def test_threshold_keeps_as_many_papers_as_the_readers_did() -> None:
    scores = np.array([0.9, 0.2, 0.6, 0.8, 0.4])
    assert count_matching_threshold(scores, np.array([False, True, True, False, False])) == pytest.approx(0.8)
    assert count_matching_threshold(scores, np.array([True, True, True, True, False])) == pytest.approx(0.4)
    assert count_matching_threshold(scores, np.zeros(5, bool)) == 0.5


def test_model_file_round_trip_keeps_scores_and_threshold(tmp_path: Path) -> None:
    model = trained()
    save_model(model, tmp_path / "relevance.npz")
    loaded = load_relevance(tmp_path / "relevance.npz")
    paper = KEPT[0]
    assert loaded.score(paper) == model.score(paper)
    assert loaded.threshold_ == model.threshold_


def test_user_model_wins_over_the_bundled_one(home: Path) -> None:
    bundled = load_relevance()
    assert bundled.version.startswith("relevance-") and 0 < bundled.threshold_ < 1
    home.mkdir()
    save_model(trained(), user_relevance_path())
    assert load_relevance().version != bundled.version


def test_a_type_classifier_file_is_not_a_relevance_model(tmp_path: Path) -> None:
    path = tmp_path / "types.npz"
    save_model(
        TfidfClassifier().fit(KEPT + SKIPPED, ["agent_pattern"] * 12 + ["optimization_theory"] * 12), path
    )
    with pytest.raises(ModelError, match="holds a 'tfidf' model, not 'relevance'"):
        load_relevance(path)
    assert isinstance(load_model(path), TfidfClassifier)


def test_bundled_model_keeps_an_engineering_paper_and_sets_theory_aside() -> None:
    model = load_relevance()
    rag = Paper(
        "Cutting the cost of retrieval-augmented generation in production LLM assistants",
        "We cache retrieved passages and cut inference cost per request by 40% in a deployed assistant; "
        "code is released.",
    )
    theory = Paper("On the sample complexity of learning halfspaces", "We prove tight bounds for halfspaces.")
    assert model.score(rag).kept and not model.score(theory).kept
