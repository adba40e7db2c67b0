from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from quarterdeck.classify.labeled import load_labeled
from quarterdeck.classify.linear import TfidfClassifier, _sentence_with
from quarterdeck.classify.model_file import ModelError, load_model, save_model
from quarterdeck.records import Paper

LABELED = Path(__file__).parents[1] / "data" / "labeled-sample.jsonl"


@pytest.fixture(scope="module")
def trained() -> TfidfClassifier:
    examples = load_labeled(LABELED)
    return TfidfClassifier(min_df=1).fit([e.paper for e in examples], [e.label for e in examples])


def test_evidence_sentence_is_the_whole_sentence_holding_the_term() -> None:
    paper = Paper(title="Fast agents", abstract="We study X. Our training-free method works. It is cheap.")
    assert _sentence_with(paper, "study") == "We study X."
    assert _sentence_with(paper, "training free") == "Our training-free method works."
    assert _sentence_with(paper, "cheap") == "It is cheap."
    assert _sentence_with(paper, "fast") == "Fast agents"
    assert _sentence_with(paper, "absent") is None


def test_model_file_round_trip_gives_identical_results(trained: TfidfClassifier, tmp_path: Path) -> None:
    path = tmp_path / "m.npz"
    save_model(trained, path)
    loaded = load_model(path)
    papers = [e.paper for e in load_labeled(LABELED)]
    assert loaded.version == trained.version
    assert loaded.classify_many(papers) == trained.classify_many(papers)


def test_model_file_holds_no_pickled_objects(trained: TfidfClassifier, tmp_path: Path) -> None:
    path = tmp_path / "m.npz"
    save_model(trained, path)
    with np.load(path, allow_pickle=False) as data:  # raises if anything needs unpickling
        meta = json.loads(str(data["meta"]))
        assert {name: data[name].dtype.kind for name in data.files}["coef"] == "f"
    assert meta["format"] == 1 and meta["backend"] == "tfidf"


def test_model_from_another_format_asks_for_retraining(trained: TfidfClassifier, tmp_path: Path) -> None:
    path = tmp_path / "m.npz"
    params, arrays = trained.to_arrays()
    meta = np.array(json.dumps({"format": 99, "backend": "tfidf", "params": params}))
    np.savez(path, meta=meta, **arrays)  # type: ignore[arg-type]
    with pytest.raises(ModelError, match=r"format 99.*retrain it with 'quarterdeck train"):
        load_model(path)


def test_evidence_comes_from_the_paper_and_confidence_is_a_probability(trained: TfidfClassifier) -> None:
    for example in load_labeled(LABELED):
        result = trained.classify(example.paper)
        assert 0.0 < result.confidence <= 1.0
        sentence, *terms = result.evidence
        text = f"{example.paper.title} {example.paper.abstract}"
        assert sentence in text
        assert terms


def test_title_only_paper_is_uncertain(trained: TfidfClassifier) -> None:
    result = trained.classify(Paper(title="A Survey of Retrieval-Augmented Generation", abstract=""))
    assert result.uncertain
    assert result.notes == ("no abstract: classified from the title alone",)


def test_long_and_latex_heavy_text_is_handled_and_noted(trained: TfidfClassifier) -> None:
    latex = r"We \textbf{survey} $\mathcal{O}(n^2)$ methods \cite{x} for \emph{scaling laws}. " * 200
    result = trained.classify(Paper(title="A survey", abstract=latex))
    assert "abstract truncated to its first 4000 characters" in result.notes
    assert not any("\\" in e or "$" in e for e in result.evidence[1:])


def test_two_class_training_works(tmp_path: Path) -> None:
    examples = [e for e in load_labeled(LABELED) if e.label in ("survey", "benchmark")]
    model = TfidfClassifier(min_df=1).fit([e.paper for e in examples], [e.label for e in examples])
    assert {model.classify(e.paper).label for e in examples} <= {"survey", "benchmark"}
    assert model.coef_.shape[0] == 2


def test_fast_features_equal_scikit_learns_vectorizer(trained: TfidfClassifier) -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer

    from quarterdeck.classify.text import model_text

    reference = trained._vectorizer()
    reference.vocabulary_ = trained.vocabulary_
    reference.idf_ = trained.idf_
    texts = [model_text(e.paper).text for e in load_labeled(LABELED)] + [
        "",
        "x y",
        "Survey survey SURVEY of RAG",
    ]
    expected = reference.transform(texts).toarray()
    assert isinstance(reference, TfidfVectorizer)
    for row, text in enumerate(texts):
        indices, values = trained.features(text)
        mine = np.zeros(expected.shape[1], dtype=np.float32)
        mine[indices] = values
        np.testing.assert_allclose(mine, expected[row], rtol=1e-5, atol=1e-6)
