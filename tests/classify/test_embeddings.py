"""The embedding backends' own logic, with a small deterministic encoder standing in for the model.

The real encoders are optional extras; here a hashed bag of words plays their
part, so the head, evidence, persistence and error paths are tested on every
install.
"""

from __future__ import annotations

import re
import sys
import types
import zlib
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from quarterdeck.classify import embeddings
from quarterdeck.classify.backends import available_backends, make_backend
from quarterdeck.classify.embeddings import EmbeddingClassifier
from quarterdeck.classify.labeled import load_labeled
from quarterdeck.classify.model_file import load_model, save_model
from quarterdeck.errors import ConfigError

LABELED = Path(__file__).parents[1] / "data" / "labeled-sample.jsonl"


class HashedWords:
    """A stand-in encoder: words hashed into 256 buckets."""

    def encode(self, texts: list[str]) -> np.ndarray[Any, Any]:
        vectors = np.zeros((len(texts), 256), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"[a-z]+", text.lower()):
                vectors[row, zlib.crc32(word.encode()) % 256] += 1.0
        return vectors


@pytest.fixture
def fake_encoder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embeddings, "encoder", lambda name: HashedWords())


def test_head_learns_and_evidence_names_nearest_labeled_papers(fake_encoder: None, tmp_path: Path) -> None:
    examples = load_labeled(LABELED)
    model = EmbeddingClassifier("model2vec").fit([e.paper for e in examples], [e.label for e in examples])
    results = model.classify_many([e.paper for e in examples])
    accuracy = np.mean([r.label == e.label for r, e in zip(results, examples, strict=True)])
    assert accuracy > 0.9  # it has seen these papers
    assert all(r.evidence[0].startswith("like labeled paper: ") for r in results)
    path = tmp_path / "m2v.npz"
    save_model(model, path)
    loaded = load_model(path)
    assert isinstance(loaded, EmbeddingClassifier) and loaded.backend == "model2vec"
    assert loaded.classify_many([e.paper for e in examples]) == results


def test_missing_extra_names_the_install_command(monkeypatch: pytest.MonkeyPatch) -> None:
    embeddings.unload_encoders()
    monkeypatch.setitem(sys.modules, "model2vec", None)  # makes "import model2vec" fail
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)
    with pytest.raises(ConfigError, match=r"pip install 'quarterdeck\[model2vec\]'"):
        make_backend("model2vec").fit([], [])
    with pytest.raises(ConfigError, match=r"pip install 'quarterdeck\[transformers\]'"):
        make_backend("minilm").fit([], [])
    embeddings.unload_encoders()


def test_missing_distilled_model_says_how_to_build_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    installed = types.ModuleType("model2vec")
    installed.StaticModel = object  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "model2vec", installed)
    embeddings.unload_encoders()
    monkeypatch.setenv("QUARTERDECK_MODEL2VEC_PATH", str(tmp_path / "absent"))
    with pytest.raises(ConfigError, match=r"scripts/distill_model2vec\.py"):
        embeddings.encoder("model2vec")
    embeddings.unload_encoders()


def test_unknown_backend_is_a_clear_error() -> None:
    with pytest.raises(ConfigError, match="unknown backend 'bert'"):
        make_backend("bert")
    assert "tfidf" in available_backends()
