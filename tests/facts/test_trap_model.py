"""The learned cost-trap detector: training, the model file round trip, and the bundled model."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from quarterdeck.classify.model_file import ModelError, save_model
from quarterdeck.facts import extract_facts, sentences
from quarterdeck.facts.labels import load_fact_labels
from quarterdeck.facts.trap_model import (
    best_f1_threshold,
    bundled_trap_model,
    load_trap_model,
    paper_signals,
    train_trap_model,
)
from quarterdeck.records import Paper

SAMPLE = Path(__file__).parents[1] / "data" / "facts" / "cost-trap-sample.jsonl"
BUNDLED_CLASSIFIER = Path(__file__).parents[2] / "src" / "quarterdeck" / "data" / "classifier.npz"

PARATHINKER = Paper(  # 2509.04475
    title="ParaThinker: Native Parallel Thinking as a New Paradigm to Scale LLM Test-time Compute",
    abstract=(
        "On challenging reasoning benchmarks, ParaThinker achieves substantial accuracy improvements "
        "over sequential LLMs (12.3% for 1.5B and 7.5% for 7B models on average with 8 parallel paths), "
        "while adding only negligible latency overhead (7.1%)."
    ),
)


def test_threshold_is_the_best_f1_cut() -> None:
    scores = np.array([0.9, 0.8, 0.7, 0.2, 0.1])
    assert best_f1_threshold(scores, np.array([True, True, False, True, False])) == 0.2
    assert best_f1_threshold(scores, np.array([True, True, False, False, False])) == 0.8


def test_a_trained_model_survives_the_model_file(tmp_path: Path) -> None:
    rows = load_fact_labels(SAMPLE)
    model = train_trap_model([r.paper for r in rows], [r.cost_trap for r in rows])
    save_model(model, tmp_path / "trap.npz")
    loaded = load_trap_model(tmp_path / "trap.npz")
    assert loaded.version == model.version
    assert loaded.threshold_ == pytest.approx(model.threshold_)
    for row in rows:
        signals = paper_signals(row.paper)
        assert loaded.score(row.paper, signals) == pytest.approx(model.score(row.paper, signals), abs=1e-5)


def test_a_type_classifier_file_is_not_a_cost_trap_model() -> None:
    with pytest.raises(ModelError, match="not a cost-trap model"):
        load_trap_model(BUNDLED_CLASSIFIER)


def test_a_damaged_file_says_how_to_rebuild(tmp_path: Path) -> None:
    broken = tmp_path / "trap.npz"
    broken.write_bytes(b"not a zip")
    with pytest.raises(ModelError, match="make facts-model"):
        load_trap_model(broken)


def test_the_bundled_model_states_the_multiplier_and_a_real_sentence() -> None:
    assert bundled_trap_model() is not None
    trap = extract_facts(PARATHINKER).cost_trap
    assert trap is not None
    assert trap.multiplier == "8 samples"
    assert trap.evidence in sentences(PARATHINKER.abstract)


def test_the_bundled_model_without_a_multiplier_cites_a_sentence_of_the_paper() -> None:
    paper = Paper(  # 2506.14371 (a reader's trap the rules missed: no multiplier phrase at all)
        title=(
            "ELLIS Alicante at CQs-Gen 2025: Winning the critical thinking questions shared task: "
            "LLM-based question generation and selection"
        ),
        abstract=(
            "We propose a two-step framework involving two small-scale open source language models: a "
            "Questioner that generates multiple candidate questions and a Judge that selects the most "
            "relevant ones. Our system ranked first in the shared task competition, demonstrating the "
            "potential of the proposed LLM-based approach to encourage critical engagement with "
            "argumentative texts."
        ),
    )
    trap = extract_facts(paper).cost_trap
    assert trap is not None
    assert trap.multiplier is None
    assert trap.evidence in [paper.title, *sentences(paper.abstract)]


def test_the_bundled_model_leaves_a_plain_vision_paper_alone() -> None:
    paper = Paper(  # 2503.12047
        title="PSGait: Multimodal Gait Recognition using Parsing Skeleton",
        abstract=(
            "Gait recognition has emerged as a robust biometric modality due to its non-intrusive nature. "
            "We propose a novel gait representation, named Parsing Skeleton. PSGait outperforms existing "
            "state-of-the-art multimodal methods."
        ),
    )
    assert extract_facts(paper).cost_trap is None
