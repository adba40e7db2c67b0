"""Trained classifiers on disk: one ``.npz`` file of plain arrays plus JSON metadata.

No pickle: a model file holds numbers and strings only, so loading one runs
no code and does not depend on the scikit-learn version that trained it.
"""

from __future__ import annotations

import json
import os
import tempfile
import zipfile
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from quarterdeck.classify.backends import backend_class
from quarterdeck.errors import ConfigError

FORMAT = 1
"""Bumped when the layout changes; older files then ask to be retrained."""


class ModelError(ConfigError):
    """A model file that is missing, damaged or from another format."""


class Persistable(Protocol):
    """A classifier that can be stored as arrays."""

    backend: str
    version: str

    def to_arrays(self) -> tuple[dict[str, Any], dict[str, np.ndarray[Any, Any]]]: ...


def save_model(model: Persistable, path: Path) -> None:
    """Write a model file atomically (a crash never leaves half a model)."""
    params, arrays = model.to_arrays()
    meta = {"format": FORMAT, "backend": model.backend, "params": params}
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            np.savez_compressed(fh, meta=np.array(json.dumps(meta)), **arrays)  # type: ignore[arg-type]
        os.chmod(tmp, 0o644)  # mkstemp makes it private; a model is not a secret
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def load_model(path: Path, expected: Any = None) -> Any:
    """Load a model file, or say in one line what is wrong and how to fix it.

    ``expected`` is the class the file must hold (its ``backend`` name is checked);
    without it, the file's backend picks the class among the type classifiers.
    """
    fix = "retrain it with 'quarterdeck train LABELED.jsonl' or remove it to use the bundled model"
    meta, arrays = read_model_file(path, fix)
    if expected is not None and meta.get("backend") != expected.backend:
        raise ModelError(f"model file {path} holds a {meta.get('backend')!r} model, not {expected.backend!r}")
    backend = expected if expected is not None else backend_class(str(meta.get("backend")))
    if backend is None:
        raise ModelError(f"model file {path} needs unknown backend {meta.get('backend')!r}; {fix}")
    return rebuild(backend, meta, arrays, path, fix)


def read_model_file(path: Path, fix: str) -> tuple[dict[str, Any], dict[str, np.ndarray[Any, Any]]]:
    """A model file's metadata and arrays, checked for format; ``fix`` says what to do when it is bad."""
    if not path.is_file():
        raise ModelError(f"model file {path} not found; {fix}")
    try:
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(str(data["meta"]))
            arrays = {name: data[name] for name in data.files if name != "meta"}
    except (OSError, ValueError, KeyError, zipfile.BadZipFile, json.JSONDecodeError) as exc:
        raise ModelError(f"model file {path} is damaged or not a Quarterdeck model ({exc}); {fix}") from None
    if meta.get("format") != FORMAT:
        raise ModelError(
            f"model file {path} has format {meta.get('format')!r}, "
            f"this Quarterdeck reads format {FORMAT}; {fix}"
        )
    return meta, arrays


def rebuild(
    backend: Any, meta: dict[str, Any], arrays: dict[str, np.ndarray[Any, Any]], path: Path, fix: str
) -> Any:
    """``backend.from_arrays`` over a file's contents, with a one-line error when parts are missing."""
    try:
        return backend.from_arrays(meta["params"], arrays)
    except (KeyError, ValueError, TypeError) as exc:
        raise ModelError(f"model file {path} is incomplete or damaged (missing {exc}); {fix}") from None
