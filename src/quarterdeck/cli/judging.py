"""One paper at a time, nothing stored: ``classify`` and ``triage``; and the models: ``train``, ``eval``."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich.markup import escape
from rich.progress import MofNCompleteColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from quarterdeck.classify import default_classifier, user_model_path
from quarterdeck.classify.backends import BACKENDS, make_backend, train_model
from quarterdeck.classify.labeled import LabeledPaper, load_labeled
from quarterdeck.classify.model_file import save_model
from quarterdeck.cli.app import cli, err_console, out_console, progress_bar
from quarterdeck.digest import paper_view
from quarterdeck.errors import InputError
from quarterdeck.normalise import paper_key
from quarterdeck.pipeline import classify_stream, iter_paths, open_judge
from quarterdeck.records import LABELS, VERDICTS, Classification, Paper, Rejected, StoredPaper, Verdict

if TYPE_CHECKING:
    from quarterdeck.classify.evaluate import Evaluation

# -- classify, train, eval ----------------------------------------------------------

_MODEL_OPTION = click.option(
    "--model",
    "model_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Model file (default: your trained model in the home directory, else the bundled one).",
)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(("jsonl", "table")), default="jsonl", show_default=True)
@_MODEL_OPTION
def classify(paths: tuple[Path, ...], fmt: str, model_path: Path | None) -> None:
    """Say what kind of research output each paper is, with confidence and the evidence.

    Reads the same files as ingest and stores nothing. One JSON line per paper:
    id, type, confidence, uncertain, secondary, evidence, notes.
    """
    classifier = default_classifier(model_path)
    table = Table("id", "type", "conf.", "secondary", "title", box=None, show_edge=False)
    err = err_console()
    classified = 0
    progress = progress_bar(err, MofNCompleteColumn(), TextColumn("papers"), TimeElapsedColumn())
    with progress:
        task = progress.add_task("classify", total=None)
        for item in classify_stream(classifier, iter_paths(list(paths))):
            if isinstance(item, Rejected):
                progress.console.print(
                    f"rejected {item.source_ref}: {item.reason}", markup=False, soft_wrap=True
                )
                continue
            classified += 1
            progress.update(task, completed=classified)
            row = _classification_view(*item)
            if fmt == "jsonl":
                click.echo(json.dumps(row, ensure_ascii=False))
            else:
                kind = row["type"] + (" ?" if row["uncertain"] else "")
                table.add_row(
                    row["id"], kind, f"{row['confidence']:.2f}", row["secondary"] or "", row["title"]
                )
    if not classified:
        raise InputError("no paper could be read from the given paths")
    if fmt == "table":
        out_console().print(table)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(("jsonl", "table")), default="jsonl", show_default=True)
@click.option(
    "--profile",
    "profile_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Judge for this profile instead of yours (or the reference reader's).",
)
def triage(paths: tuple[Path, ...], fmt: str, profile_path: Path | None) -> None:
    """Give each paper its type, verdict, reason, evidence, next step and facts; store nothing.

    Reads the same files as ingest. One JSON line per paper: id, title, type,
    confidence, verdict, reason, evidence, next_step, facts (released, models,
    params, compute, tokens, gains, cost_trap), relevance, followed, cost_trap.
    """
    judge = open_judge(profile_path)
    table = Table("id", "verdict", "type", "rel.", "title", box=None, show_edge=False)
    err = err_console()
    judged: Counter[str] = Counter()
    progress = progress_bar(err, MofNCompleteColumn(), TextColumn("papers"), TimeElapsedColumn())
    with progress:
        task = progress.add_task("triage", total=None)
        for item in judge.triage(iter_paths(list(paths))):
            if isinstance(item, Rejected):
                progress.console.print(
                    f"rejected {item.source_ref}: {item.reason}", markup=False, soft_wrap=True
                )
                continue
            paper, classification, verdict = item
            judged[verdict.verdict] += 1
            progress.update(task, completed=judged.total())
            row = paper_view(_unstored(paper, classification, verdict))
            if fmt == "jsonl":
                click.echo(json.dumps(row, ensure_ascii=False))
            else:
                relevance = "" if row["relevance"] is None else f"{row['relevance']:.2f}"
                table.add_row(row["id"], row["verdict"], row["type"], relevance, row["title"])
    if not judged:
        raise InputError("no paper could be read from the given paths")
    if fmt == "table":
        out_console().print(table)
    err.print(
        f"{judged.total()} papers: " + ", ".join(f"{v} {judged[v]}" for v in VERDICTS if judged[v]),
        markup=False,
    )


def _unstored(paper: Paper, classification: Classification, verdict: Verdict) -> StoredPaper:
    """A paper judged in memory, shaped like a stored one so every view reads it the same way."""
    return StoredPaper(
        id=0,
        key=paper_key(paper),
        paper=paper,
        first_seen=dt.datetime.now(dt.UTC),
        classification=classification,
        verdict=verdict,
    )


def _classification_view(paper: Paper, result: Classification) -> dict[str, Any]:
    return {
        "id": paper.arxiv_id or paper.doi or paper.source_ref,
        "title": paper.title,
        "type": result.label,
        "confidence": result.confidence,
        "uncertain": result.uncertain,
        "secondary": result.secondary,
        "evidence": list(result.evidence),
        "notes": list(result.notes),
        "model": result.model_version,
    }


@cli.command()
@click.argument("labeled", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--backend", type=click.Choice(BACKENDS), default="tfidf", show_default=True)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the model (default: the home directory, where it replaces the bundled one).",
)
@click.option(
    "--relevance",
    is_flag=True,
    help="Train the relevance model from the papers' 'verdict' field instead of the type classifier.",
)
def train(labeled: tuple[Path, ...], backend: str, out: Path | None, relevance: bool) -> None:
    """Train the type classifier on your own labeled papers (JSONL with a 'label' field).

    Teach it your team's decisions: the trained model replaces the bundled one
    for every later command. Delete it (or train again) to change your mind.
    With --relevance, learn which papers your readers put first (act, check)
    from their verdicts; profiles with relevance = "reference" use it.
    """
    examples = [e for path in labeled for e in load_labeled(path)]
    if relevance:
        _train_relevance(examples, out)
        return
    out = out or user_model_path()
    with err_console().status(f"Training {backend} on {len(examples)} papers..."):
        model = train_model(backend, examples)
        save_model(model, out)
    counts = Counter(e.label for e in examples)
    out_console().print(f"Trained {model.version} on {len(examples)} papers; wrote {out}", markup=False)
    out_console().print("Labels: " + ", ".join(f"{k} {v}" for k, v in counts.most_common()), markup=False)
    missing = [label for label in LABELS if label not in counts]
    if missing:
        click.echo(f"warning: no examples of {', '.join(missing)}; the model cannot predict them", err=True)


def _train_relevance(examples: list[LabeledPaper], out: Path | None) -> None:
    from quarterdeck.relevance import RelevanceModel, calibrates, user_relevance_path

    with_verdict = [e for e in examples if e.verdict is not None]
    if not with_verdict:
        raise InputError("no labeled paper has a 'verdict' field; --relevance learns from verdicts")
    out = out or user_relevance_path()
    with err_console().status(f"Training the relevance model on {len(with_verdict)} verdicts..."):
        model = RelevanceModel().fit_verdicts(
            [e.paper for e in with_verdict],
            [str(e.verdict) for e in with_verdict],
            calibrate=[calibrates(e) for e in with_verdict],
        )
        save_model(model, out)
    out_console().print(
        f"Trained {model.version} on {len(with_verdict)} verdicts (threshold {model.threshold_:.3f}); "
        f"wrote {out}",
        markup=False,
    )


@cli.command("eval")
@click.argument("labeled", type=click.Path(path_type=Path))
@_MODEL_OPTION
@click.option(
    "--cv", "folds", type=click.IntRange(2, 20), help="Cross-validate training on this file instead."
)
@click.option("--backend", type=click.Choice(BACKENDS), default="tfidf", show_default=True, help="With --cv.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def evaluate_command(
    labeled: Path, model_path: Path | None, folds: int | None, backend: str, as_json: bool
) -> None:
    """Score the classifier against labeled papers: per-class P/R/F1, macro-F1, accuracy, confusion.

    With --cv K, trains on K-1 parts of the file and predicts the rest, K times:
    how well a model trained on these labels does on papers it has not seen.
    """
    # scikit-learn's metrics cost a second to import: only this command pays it.
    from quarterdeck.classify.evaluate import cross_validate, evaluate

    examples = load_labeled(labeled)
    papers, gold = [e.paper for e in examples], [e.label for e in examples]
    if folds:
        predicted = cross_validate(lambda: make_backend(backend), papers, gold, folds=folds)
        what = f"{folds}-fold cross-validation of {backend} on {labeled}"
    else:
        classifier = default_classifier(model_path)
        predicted = [c.label for c in classifier.classify_many(papers)]
        what = f"model {classifier.version} on {labeled}"
        seen = set(getattr(classifier, "trained_keys_", ()))
        overlap = sum(1 for p in papers if paper_key(p) in seen)
        if overlap:
            click.echo(
                f"warning: {overlap} of {len(papers)} papers were in the model's training data; "
                "these scores are optimistic (use --cv)",
                err=True,
            )
    result = evaluate(gold, predicted)
    if as_json:
        click.echo(json.dumps({"what": what, **result.as_dict()}, indent=2))
        return
    _print_evaluation(what, result)


def _print_evaluation(what: str, result: Evaluation) -> None:
    out = out_console()
    out.print(f"[bold]{escape(what)}[/]: {result.n} papers")
    out.print(f"accuracy {result.accuracy:.3f}   macro-F1 {result.macro_f1:.3f}")
    table = Table("type", "precision", "recall", "F1", "support", box=None, show_edge=False)
    for c in result.per_class:
        table.add_row(c.label, f"{c.precision:.2f}", f"{c.recall:.2f}", f"{c.f1:.2f}", str(c.support))
    out.print(table)
    # Numbered columns keep a 13x13 matrix inside a terminal.
    numbers = [str(i) for i in range(1, len(result.labels) + 1)]
    matrix = Table("gold", *numbers, box=None, show_edge=False, pad_edge=False)
    for number, label, row in zip(numbers, result.labels, result.confusion, strict=True):
        matrix.add_row(f"{number:>2} {label}", *(str(v) if v else "." for v in row))
    out.print("\nConfusion matrix (rows: gold type, columns: predicted type by number)")
    out.print(matrix)
