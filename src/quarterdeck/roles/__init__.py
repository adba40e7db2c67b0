"""Roles: tell research work from engineering work in a job description, and fit a person to a role.

``analyse_source`` reads a posting (file, URL or stdin), checks it is in
English, and returns its :class:`~quarterdeck.roles.records.RoleReport`.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from quarterdeck.roles.analyse import LexiconClassifier, LineClassifier, analyse
from quarterdeck.roles.language import require_english
from quarterdeck.roles.lexicon import load_lexicon
from quarterdeck.roles.parse import posting_from_bytes, read_posting
from quarterdeck.roles.records import RoleReport


def default_line_classifier(lexicon: Path | None = None, model: Path | None = None) -> LineClassifier:
    """The line classifier the commands use: the lexicon and section rules with the user's phrases,
    or a line model (``model``, else one built into the home directory, else a bundled one) on top.
    """
    from quarterdeck.classify.model_file import ModelError, load_model
    from quarterdeck.roles.model import LineModel, ModelClassifier, bundled_model_path, user_model_path

    phrases = load_lexicon(lexicon)
    candidates = [model] if model is not None else [user_model_path(), bundled_model_path()]
    path = next((c for c in candidates if c.is_file()), None)
    if path is None:
        return LexiconClassifier(phrases)
    loaded = load_model(path)
    if not isinstance(loaded, LineModel):
        raise ModelError(f"model file {path} is not a role line model ({loaded.backend})")
    return ModelClassifier(loaded, phrases)


def analyse_source(
    source: str, stdin: BinaryIO | None = None, classifier: LineClassifier | None = None
) -> RoleReport:
    """Read, check and analyse one posting; one-line InputError for anything that is not one."""
    posting = read_posting(source, stdin)
    require_english("\n".join(line.text for line in posting.lines), posting.source)
    return analyse(posting, classifier or default_line_classifier())


def analyse_bytes(data: bytes, where: str, classifier: LineClassifier | None = None) -> RoleReport:
    """Check and analyse a posting given as bytes (an upload, pasted text); ``where`` names it in errors."""
    posting = posting_from_bytes(data, where)
    require_english("\n".join(line.text for line in posting.lines), posting.source)
    return analyse(posting, classifier or default_line_classifier())
