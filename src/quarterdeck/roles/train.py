"""Train the line model from labeled postings (scikit-learn, imported only here).

Labeled lines (``labels/role-lines.jsonl``) are rows ``{posting_id, line,
text, section, kind}`` in posting order, made with the same line split as
:func:`quarterdeck.roles.parse.split_lines`; so each posting is rebuilt from
its rows alone and sectioned by the same rules as at run time.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from quarterdeck.errors import InputError
from quarterdeck.roles.lexicon import Lexicon
from quarterdeck.roles.model import CONTEXT_SCALE, LineModel, context_tokens, lexicon_features
from quarterdeck.roles.records import KINDS, SECTIONS, Line
from quarterdeck.roles.sections import assign_sections

SVM_C = 0.5


@dataclass(frozen=True, slots=True)
class LabeledPosting:
    """A posting rebuilt from its labeled lines, with the readers' answers."""

    posting_id: str
    title: str
    lines: tuple[Line, ...]
    """Sectioned by the rules, as at run time."""
    sections: tuple[str, ...]
    kinds: tuple[str, ...]
    role_class: str | None
    title_matches: bool | None


def _rows(path: Path) -> list[dict[str, Any]]:
    rows = []
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not text.strip():
            continue
        try:
            rows.append(json.loads(text))
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{number}: not JSON ({exc.msg})") from None
    return rows


def load_labeled(lines_path: Path, postings_path: Path | None = None) -> list[LabeledPosting]:
    """Labeled postings, in file order; readers' role classes from ``postings_path`` if given."""
    verdicts = {r["posting_id"]: r for r in _rows(postings_path)} if postings_path else {}
    grouped: dict[str, list[dict[str, Any]]] = {}
    for row in _rows(lines_path):
        if row["section"] not in SECTIONS or row["kind"] not in KINDS:
            raise InputError(f"{lines_path}: {row['posting_id']} line {row['line']}: unknown section or kind")
        grouped.setdefault(row["posting_id"], []).append(row)
    out = []
    for posting_id, rows in grouped.items():
        rows.sort(key=lambda r: int(r["line"]))
        if [int(r["line"]) for r in rows] != list(range(len(rows))):
            raise InputError(f"{lines_path}: {posting_id}: line numbers are not 0..{len(rows) - 1}")
        verdict = verdicts.get(posting_id, {})
        title = str(verdict.get("title") or rows[0].get("title") or "")
        out.append(
            LabeledPosting(
                posting_id=posting_id,
                title=title,
                lines=assign_sections([str(r["text"]) for r in rows], title),
                sections=tuple(str(r["section"]) for r in rows),
                kinds=tuple(str(r["kind"]) for r in rows),
                role_class=verdict.get("role_class"),
                title_matches=verdict.get("title_matches"),
            )
        )
    return out


def _context_matrix(lines: Sequence[Line], context: list[str]) -> Any:
    from scipy import sparse

    index = {c: i for i, c in enumerate(context)}
    rows, cols = [], []
    for row, line in enumerate(lines):
        for token in context_tokens(line):
            if token in index:
                rows.append(row)
                cols.append(index[token])
    data = np.full(len(rows), CONTEXT_SCALE, dtype=np.float32)
    return sparse.csr_matrix((data, (rows, cols)), shape=(len(lines), len(context)))


def _linear_head(features: Any, labels: Sequence[str]) -> tuple[list[str], Any, Any]:
    from sklearn.svm import LinearSVC

    svm = LinearSVC(C=SVM_C, class_weight="balanced").fit(features, np.asarray(labels))
    classes = [str(c) for c in svm.classes_]
    coef, intercept = svm.coef_, svm.intercept_
    if len(classes) == 2:
        coef, intercept = np.vstack([-coef, coef]), np.concatenate([-intercept, intercept])
    return classes, coef.astype(np.float32), intercept.astype(np.float32)


def fit_line_model(postings: Iterable[LabeledPosting], lexicon: Lexicon, trained_on: str = "") -> LineModel:
    """Fit both heads: sections on every line, kinds on the readers' duty and requirement lines."""
    from scipy import sparse
    from sklearn.feature_extraction.text import TfidfVectorizer

    postings = list(postings)
    lines = [line for p in postings for line in p.lines]
    sections = [s for p in postings for s in p.sections]
    kinds = [k for p in postings for k in p.kinds]
    texts = [line.text for line in lines]
    vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2, dtype=np.float32)
    words = vectorizer.fit_transform(texts)
    context = sorted({token for line in lines for token in context_tokens(line)})
    section_classes, section_coef, section_intercept = _linear_head(
        sparse.hstack([words, _context_matrix(lines, context)]).tocsr(), sections
    )
    scored = [i for i, s in enumerate(sections) if s in ("duty", "requirement")]
    lexical = np.vstack([lexicon_features(lexicon, texts[i]) for i in scored])
    kind_classes, kind_coef, kind_intercept = _linear_head(
        sparse.hstack([words[scored], sparse.csr_matrix(lexical)]).tocsr(), [kinds[i] for i in scored]
    )
    digest = hashlib.sha256(
        "\n".join(
            f"{line.section}\t{t}\t{s}\t{k}"
            for line, t, s, k in zip(lines, texts, sections, kinds, strict=True)
        ).encode()
    ).hexdigest()
    return LineModel(
        terms=vectorizer.get_feature_names_out(),
        idf=vectorizer.idf_.astype(np.float32),
        context=context,
        section_classes=section_classes,
        section_coef=section_coef,
        section_intercept=section_intercept,
        kind_classes=kind_classes,
        kind_coef=kind_coef,
        kind_intercept=kind_intercept,
        version=f"role-lines-{digest[:10]}",
        trained_on=trained_on or f"{len(postings)} postings, {len(lines)} lines",
    )
