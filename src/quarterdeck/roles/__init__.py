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
    """The line classifier the commands use: the bundled line model with the lexicon and the user's phrases.

    Without a model file (a build that dropped it) the lexicon and section rules work alone.
    """
    from quarterdeck.classify.model_file import ModelError, load_model
    from quarterdeck.roles.model import LineModel, ModelClassifier, bundled_model_path

    phrases = load_lexicon(lexicon)
    path = model or bundled_model_path()
    if model is None and not path.is_file():
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
