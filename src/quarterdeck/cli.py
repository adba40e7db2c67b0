"""The ``quarterdeck`` command: parse arguments, call the pipeline, format the result.

No SQL and no parsing of papers here. Expected failures (``QuarterdeckError``)
become one line on stderr and exit status 1; anything else is a bug, shown as
one line too unless ``QUARTERDECK_DEBUG=1`` asks for the traceback.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from quarterdeck import __version__
from quarterdeck.classify import default_classifier, user_model_path
from quarterdeck.classify.backends import BACKENDS, make_backend, train_model
from quarterdeck.classify.labeled import LabeledPaper, load_labeled
from quarterdeck.classify.model_file import save_model
from quarterdeck.config import debug_enabled, store_path
from quarterdeck.digest import (
    Window,
    build_digest,
    paper_view,
    render_html,
    render_json,
    render_markdown,
    render_terminal,
    since_window,
    week_of,
    week_window,
)
from quarterdeck.errors import InputError, QuarterdeckError
from quarterdeck.normalise import paper_key
from quarterdeck.pipeline import (
    Engine,
    classify_stream,
    ensure_ready,
    ingest_bundled,
    ingest_paths,
    iter_paths,
    open_engine,
    open_judge,
    papers_with_verdicts,
    with_verdicts,
)
from quarterdeck.policy import Policy, load_policy, presets
from quarterdeck.profile import (
    DEFAULT_LABEL,
    MAX_PAPERS,
    MIN_PAPERS,
    Answers,
    load_profile,
    profile_template,
    reference_answers,
    user_profile_path,
)
from quarterdeck.records import (
    LABELS,
    VERDICTS,
    Classification,
    IngestReport,
    Paper,
    Rejected,
    StoredPaper,
    Verdict,
)
from quarterdeck.roles.records import RoleReport
from quarterdeck.store import Store
from quarterdeck.targets import split_targets

if TYPE_CHECKING:
    from quarterdeck.classify.evaluate import Evaluation
    from quarterdeck.fetch import FetchReport, SourcePlan

_MAX_REJECTIONS_SHOWN = 20


class _Group(click.Group):
    """A group that turns expected errors into one line and hides tracebacks."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except QuarterdeckError as exc:
            raise click.ClickException(str(exc)) from exc
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except OSError as exc:
            if debug_enabled():
                raise
            raise click.ClickException(f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": ")) from exc
        except Exception as exc:
            if debug_enabled():
                raise
            raise click.ClickException(
                f"internal error: {type(exc).__name__}: {exc} (set QUARTERDECK_DEBUG=1 for the traceback)"
            ) from exc


def _stdout() -> Console:
    return Console(highlight=False)


def _stderr() -> Console:
    return Console(stderr=True, highlight=False)


@contextlib.contextmanager
def _store() -> Iterator[Store]:
    with Store(store_path()) as store:
        yield store


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="quarterdeck")
def cli() -> None:
    """Quarterdeck reads the AI paper stream and tells you which papers change your quarter, and why.

    Data lives in one home directory: $QUARTERDECK_HOME, else your platform's user data folder.
    """


# -- ingest -------------------------------------------------------------------


@cli.command()
@click.argument("paths", nargs=-1, metavar="[PATH|URL|DOI]...")
@click.option("--bundled", is_flag=True, help="Also ingest the bundled arXiv snapshot (May 2026).")
def ingest(paths: tuple[str, ...], bundled: bool) -> None:
    """Store papers from files or folders (JSONL, BibTeX, PDF, text, Markdown), links or DOIs.

    An argument that is an http(s) link, arxiv:ID or a DOI (10.xxxx/..., doi.org link) is
    fetched: arXiv links become the arXiv record, DOIs resolve through OpenAlex, other pages
    are read for their title and main text. Anything else is a path.

    Ingesting the same paper twice stores it once; versions of one arXiv paper
    are one record. Each file or link is stored whole or not at all.
    """
    if not paths and not bundled:
        raise click.UsageError("give at least one PATH, or --bundled (a PATH may be a URL, arxiv:ID or DOI)")
    targets, files = split_targets(paths)
    with _store() as store:
        report = IngestReport()
        if bundled:
            report = ingest_bundled(store)
        if files:
            report.add(ingest_paths(store, files))
        if targets:
            from quarterdeck.fetch import ingest_targets

            report.add(ingest_targets(store, targets, load_profile()))
    _print_ingest_report(report, links=len(targets))
    if report.rejected and report.stored == 0:
        sys.exit(1)


def _print_ingest_report(report: IngestReport, links: int = 0) -> None:
    where = f"{report.files} file(s)" if not links else f"{report.files - links} file(s) and {links} link(s)"
    _stdout().print(
        f"Read {report.total} item(s) from {where}: "
        f"[green]{report.new} new[/], {report.updated} updated, {report.unchanged} unchanged, "
        f"[{'red' if report.rejected else 'default'}]{len(report.rejected)} rejected[/].",
        soft_wrap=True,
    )
    # Plain lines, never wrapped, so scripts can grep them.
    for rejected in report.rejected[:_MAX_REJECTIONS_SHOWN]:
        click.echo(f"rejected {rejected.source_ref}: {rejected.reason}", err=True)
    hidden = len(report.rejected) - _MAX_REJECTIONS_SHOWN
    if hidden > 0:
        click.echo(f"... and {hidden} more rejected.", err=True)


# -- digest ---------------------------------------------------------------------

_FORMATS = ("terminal", "markdown", "html", "json")


@cli.command()
@click.option("--week", help="ISO week, e.g. 2026-W22. Default: the most recent week in the store.")
@click.option("--since", help="Start date YYYY-MM-DD; the digest runs to the latest paper.")
@click.option("--format", "fmt", type=click.Choice(_FORMATS), default="terminal", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file instead.")
@click.option(
    "--profile",
    "profile_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Profile TOML (default: profile.toml in the home directory, else the reference reader).",
)
def digest(
    week: str | None, since: str | None, fmt: str, out: Path | None, profile_path: Path | None
) -> None:
    """Print the weekly digest: the papers that change your quarter, and why.

    On first use an empty store is filled from the bundled snapshot. Papers
    not yet classified are classified first.
    """
    if week and since:
        raise click.UsageError("give --week or --since, not both")
    with _store() as store:
        engine = open_engine(store, profile_path)
        _prepare(engine)
        latest = store.latest_day()
        if latest is None:
            raise InputError("the store holds no papers; run 'quarterdeck ingest' first")
        window: Window
        if week:
            window = week_window(week)
        elif since:
            window = since_window(since, latest)
        else:
            window = week_of(latest)
        papers = papers_with_verdicts(engine, window.start, window.end)
        result = build_digest(
            papers,
            window,
            max_papers=engine.profile.max_papers_per_week,
            profile_name=engine.profile.label,
            model_version=engine.classifier.version,
            policy_version=engine.verdict_version,
        )
    if not papers:
        click.echo(
            f"No papers in the store for {window.label}; the latest paper is from {latest.isoformat()}.",
            err=True,
        )
    if fmt == "terminal":
        if out is None:
            _stdout().print(render_terminal(result))
            return
        with tempfile.SpooledTemporaryFile(mode="w+") as buffer:
            Console(file=buffer, width=100, no_color=True, highlight=False).print(render_terminal(result))
            buffer.seek(0)
            _write_atomically(out, buffer.read())
        return
    text = {"markdown": render_markdown, "html": render_html, "json": render_json}[fmt](result)
    if out is None:
        click.echo(text, nl=False)
    else:
        _write_atomically(out, text)


def _prepare(engine: Engine) -> None:
    """Fill an empty store and classify what is pending, with a progress bar on a terminal."""
    err = _stderr()
    if engine.store.count_papers() == 0:
        err.print("The store is empty: reading the bundled arXiv snapshot (May 2026)...")
    progress = _progress(err, BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with progress:
        task = progress.add_task("classify", total=None)
        report = ensure_ready(engine, lambda done, total: progress.update(task, completed=done, total=total))
    if report is not None:
        err.print(f"Stored {report.new} papers from the bundled snapshot.")


def _progress(console: Console, *columns: ProgressColumn) -> Progress:
    """A "Classifying" progress display, shown only on a terminal and gone when done."""
    return Progress(
        TextColumn("Classifying"), *columns, console=console, transient=True, disable=not console.is_terminal
    )


def _write_atomically(path: Path, text: str) -> None:
    # Write beside the target, then rename, so a failed write never leaves half a file.
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror}") from exc


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
    err = _stderr()
    classified = 0
    progress = _progress(err, MofNCompleteColumn(), TextColumn("papers"), TimeElapsedColumn())
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
        _stdout().print(table)


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
    err = _stderr()
    judged: Counter[str] = Counter()
    progress = _progress(err, MofNCompleteColumn(), TextColumn("papers"), TimeElapsedColumn())
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
        _stdout().print(table)
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
    with _stderr().status(f"Training {backend} on {len(examples)} papers..."):
        model = train_model(backend, examples)
        save_model(model, out)
    counts = Counter(e.label for e in examples)
    _stdout().print(f"Trained {model.version} on {len(examples)} papers; wrote {out}", markup=False)
    _stdout().print("Labels: " + ", ".join(f"{k} {v}" for k, v in counts.most_common()), markup=False)
    missing = [label for label in LABELS if label not in counts]
    if missing:
        click.echo(f"warning: no examples of {', '.join(missing)}; the model cannot predict them", err=True)


def _train_relevance(examples: list[LabeledPaper], out: Path | None) -> None:
    from quarterdeck.relevance import RelevanceModel, calibrates, user_relevance_path

    with_verdict = [e for e in examples if e.verdict is not None]
    if not with_verdict:
        raise InputError("no labeled paper has a 'verdict' field; --relevance learns from verdicts")
    out = out or user_relevance_path()
    with _stderr().status(f"Training the relevance model on {len(with_verdict)} verdicts..."):
        model = RelevanceModel().fit_verdicts(
            [e.paper for e in with_verdict],
            [str(e.verdict) for e in with_verdict],
            calibrate=[calibrates(e) for e in with_verdict],
        )
        save_model(model, out)
    _stdout().print(
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
    out = _stdout()
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


# -- policy, profile, init ------------------------------------------------------


@cli.command("policy")
@click.option(
    "--preset",
    type=click.Choice(presets()),
    help="Apply a bundled preset (wins over a preset line in the file).",
)
@click.option(
    "--policy",
    "policy_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Override file (default: policy.toml in the home directory, if any).",
)
@click.option("--format", "fmt", type=click.Choice(("table", "json")), default="table", show_default=True)
def policy_command(preset: str | None, policy_path: Path | None, fmt: str) -> None:
    """Print the effective policy: the bundled table with a preset and your overrides on top.

    Overridden rows are marked with *. Write overrides in policy.toml in the
    home directory: preset = "NAME" and [types.<type>] tables setting answer,
    condition or output.
    """
    effective = load_policy(policy_path, preset)
    if fmt == "json":
        click.echo(json.dumps(_policy_view(effective), indent=2, ensure_ascii=False))
        return
    out = _stdout()
    out.print(
        f"[bold]Policy {escape(effective.version)}[/]: " + escape(" + ".join(effective.sources)),
        soft_wrap=True,
    )
    table = Table(box=None)
    table.add_column("")
    # Type ids and answers are what people grep and copy into policy.toml: never cut them.
    table.add_column("type", no_wrap=True)
    table.add_column("what the paper leads with")
    table.add_column("answer", no_wrap=True)
    table.add_column("condition")
    table.add_column("origin")
    for label, row in effective.rows.items():
        mark = "*" if label in effective.overrides else ""
        table.add_row(mark, label, escape(row.output), row.answer, escape(row.condition), row.origin)
    out.print(table)
    for label, marks in effective.overrides.items():
        by = "; ".join(f"{m.source} ({', '.join(m.fields)})" for m in marks)
        out.print(f"* {label} overridden by {by}", markup=False, soft_wrap=True)


def _policy_view(effective: Policy) -> dict[str, Any]:
    return {
        "version": effective.version,
        "sources": list(effective.sources),
        "rows": [
            {
                "type": row.type,
                "output": row.output,
                "answer": row.answer,
                "condition": row.condition,
                "origin": row.origin,
                "overridden_by": [
                    {"source": m.source, "fields": list(m.fields)} for m in effective.overrides.get(label, ())
                ],
            }
            for label, row in effective.rows.items()
        ],
    }


_PROFILE_FILE = click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))


@cli.group()
def profile() -> None:
    """Check and show the reader profile the verdicts are made for."""


@profile.command("check")
@_PROFILE_FILE
def profile_check(file: Path | None) -> None:
    """Validate a profile (default: profile.toml in the home directory) and summarise it."""
    if file is None and not user_profile_path().is_file():
        click.echo(
            f"No profile at {user_profile_path()}: using the {DEFAULT_LABEL} "
            "('quarterdeck init' writes your own).",
            err=True,
        )
    reader = load_profile(file)
    where = reader.source or "bundled reference reader"
    _stdout().print(
        f"OK {where}: {reader.name}; at most {reader.max_papers_per_week} papers a week; "
        f"{reader.gpus} x {reader.gpu_type or 'GPU'}, serves up to {reader.max_serve_params_b:g}B; "
        f"{len(reader.focus_terms)} focus, {len(reader.stack_terms)} stack, "
        f"{len(reader.exclude_terms)} exclude patterns.",
        markup=False,
        soft_wrap=True,
    )


@profile.command("show")
@_PROFILE_FILE
def profile_show(file: Path | None) -> None:
    """Print the effective profile (default: yours, else the reference reader)."""
    reader = load_profile(file)
    table = Table("key", "value", box=None, show_header=False)
    table.add_row("profile", escape(reader.label))
    table.add_row("name", escape(reader.name))
    table.add_row("max_papers_per_week", str(reader.max_papers_per_week))
    table.add_row("gpus", f"{reader.gpus} x {escape(reader.gpu_type)}")
    table.add_row("max_serve_params_b", f"{reader.max_serve_params_b:g}")
    for key, terms in (
        ("focus", reader.focus_terms),
        ("stack", reader.stack_terms),
        ("exclude", reader.exclude_terms),
    ):
        table.add_row(key, escape(", ".join(terms)) or "-")
    _stdout().print(table)


def _focus_words(value: str) -> tuple[str, ...]:
    # Empty keeps the reference reader's focus; every word must compile, as the profile requires.
    words = tuple(w.strip() for w in value.split(",") if w.strip())
    for word in words:
        try:
            re.compile(word)
        except re.error as exc:
            raise click.BadParameter(f"{word!r} is not a valid pattern ({exc}); escape it with \\") from exc
    return words


@cli.command()
@click.option("--yes", "-y", is_flag=True, help="Take every default without asking.")
@click.option("--force", is_flag=True, help="Replace an existing profile.toml.")
def init(yes: bool, force: bool) -> None:
    """Write a commented profile.toml into the home directory, asking the few questions that matter."""
    path = user_profile_path()
    if path.exists() and not force:
        raise InputError(f"{path} already exists; edit it, or run 'quarterdeck init --force' to replace it")
    ref = reference_answers()
    answers = ref
    if not yes:
        gpus = click.prompt("GPUs you have", default=ref.gpus, type=click.IntRange(0))
        max_serve = click.prompt(
            "Largest model you can serve (B params)", default=ref.max_serve_params_b, type=click.FloatRange(0)
        )
        focus = click.prompt(
            "Focus areas, comma-separated (Enter keeps the reference reader's: RAG, agents, evals, cost)",
            default="",
            show_default=False,
            value_proc=_focus_words,
        )
        papers_a_week = click.prompt(
            "Max papers per week",
            default=ref.max_papers_per_week,
            type=click.IntRange(MIN_PAPERS, MAX_PAPERS),
        )
        goals = click.prompt(
            "This quarter's goals in plain words, separated by ';' (Enter keeps the reference reader's)",
            default="",
            show_default=False,
        )
        follow = click.prompt(
            "Authors or labs to follow, comma-separated (Enter for none)", default="", show_default=False
        )
        answers = Answers(
            gpus,
            max_serve,
            focus or ref.focus,
            papers_a_week,
            tuple(g.strip() for g in goals.split(";") if g.strip()) or ref.goals,
            tuple(f.strip() for f in follow.split(",") if f.strip()),
        )
    _write_atomically(path, profile_template(answers))
    _stdout().print(f"Wrote {path}; check it with 'quarterdeck profile check'.", markup=False, soft_wrap=True)


# -- papers -------------------------------------------------------------------


@cli.group()
def papers() -> None:
    """Search and show stored papers."""


@papers.command("search")
@click.argument("query")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 500))
def papers_search(query: str, limit: int) -> None:
    """Full-text search over titles and abstracts."""
    with _store() as store:
        engine = open_engine(store)
        found = with_verdicts(engine, store.search(query, limit))
    if not found:
        click.echo(f"No stored paper matches {query!r}.", err=True)
        sys.exit(1)
    table = Table("id", "date", "type", "verdict", "title", box=None, show_edge=False)
    for stored in found:
        view = paper_view(stored)
        table.add_row(
            view["id"], view["published"], view["type"] or "-", view["verdict"] or "-", view["title"]
        )
    _stdout().print(table)


@papers.command("show")
@click.argument("paper_id")
@click.option(
    "--format", "fmt", type=click.Choice(("terminal", "json")), default="terminal", show_default=True
)
def papers_show(paper_id: str, fmt: str) -> None:
    """Show one paper by arXiv id, DOI or store id, with its type and verdict."""
    with _store() as store:
        engine = open_engine(store)
        stored = store.get(paper_id)
        if stored is None:
            raise InputError(f"no stored paper with id {paper_id!r}")
        stored = with_verdicts(engine, [stored])[0]
    if fmt == "json":
        click.echo(json.dumps(_paper_details(stored), indent=2, ensure_ascii=False))
        return
    _print_paper(stored)


def _paper_details(stored: StoredPaper) -> dict[str, Any]:
    details = paper_view(stored)
    paper = stored.paper
    details.update(
        {
            "authors": list(paper.authors),
            "categories": list(paper.categories),
            "abstract": paper.abstract,
            "comment": paper.comment,
            "sources": list(stored.sources),
            "source_details": [
                {
                    "source": d.source,
                    "ref": d.source_ref,
                    "url": d.url,
                    "upvotes": d.upvotes,
                    "featured_on": d.featured_on.isoformat() if d.featured_on else None,
                    "first_seen": d.first_seen.isoformat(),
                    "last_seen": d.last_seen.isoformat(),
                }
                for d in stored.source_details
            ],
            "upvotes": stored.upvotes,
            "type_evidence": list(stored.classification.evidence) if stored.classification else [],
            "secondary_type": stored.classification.secondary if stored.classification else None,
        }
    )
    return details


def _print_paper(stored: StoredPaper) -> None:
    d = _paper_details(stored)
    out = _stdout()
    out.print(f"[bold]{escape(d['title'])}[/]")
    out.print(f"{d['id']}  {d['link'] or ''}  published {d['published']}", markup=False)
    if d["authors"]:
        out.print(", ".join(d["authors"]), markup=False)
    kind = d["type"] or "not classified"
    if d["type"]:
        kind += f" ({d['confidence']:.0%}{', uncertain' if d['type_uncertain'] else ''})"
    out.print(f"Type: {kind}   Verdict: {d['verdict'] or '-'}", markup=False)
    if d["followed"]:
        out.print(f"You follow: {', '.join(d['followed'])}", markup=False, style="magenta")
    if d["reason"]:
        out.print(f"Reason: {d['reason']}", markup=False)
    if d["cost_trap"]:
        out.print(f"Cost trap: {d['cost_trap']}", markup=False, style="bold red")
    for line in d["evidence"]:
        out.print(f'  "{line}"', markup=False, style="italic")
    if d["next_step"]:
        out.print(f"Next: {d['next_step']}", markup=False, style="green")
    out.print()
    out.print(d["abstract"], markup=False)
    out.print("\nSources:", style="dim")
    for source in d["source_details"]:
        signals = []
        if source["upvotes"] is not None:
            signals.append(f"{source['upvotes']} upvotes")
        if source["featured_on"]:
            signals.append(f"featured {source['featured_on']}")
        extra = f" ({', '.join(signals)})" if signals else ""
        out.print(f"  {source['source']}:{source['ref']}{extra}", markup=False, style="dim", soft_wrap=True)


# -- fetch (live sources) ------------------------------------------------------------


@cli.command("fetch")
@click.option("--since", help="How far back: 7d, 2w, or a date YYYY-MM-DD (default: the last 7 days).")
@click.option("--from", "start", metavar="DATE", help="First day, YYYY-MM-DD (UTC).")
@click.option("--to", "end", metavar="DATE", help="Last day, YYYY-MM-DD (UTC; default: today).")
@click.option(
    "--source",
    "sources",
    multiple=True,
    metavar="NAME",
    help="Fetch only this source; repeatable. Names: arxiv, arxiv-rss, huggingface, feeds "
    "(default: the profile's sources).",
)
@click.option("--dry-run", is_flag=True, help="Say what would be fetched, and send no request.")
@click.option(
    "--profile",
    "profile_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Profile TOML (default: profile.toml in the home directory, else the reference reader).",
)
def fetch_command(
    since: str | None,
    start: str | None,
    end: str | None,
    sources: tuple[str, ...],
    dry_run: bool,
    profile_path: Path | None,
) -> None:
    """Fetch new papers from the live sources in your profile into the store.

    arXiv (the export API, one request every 3 s as arXiv asks), arXiv's daily RSS,
    Hugging Face daily papers (with upvotes) and your RSS/Atom feeds. Days already
    fetched completely are skipped; an interrupted run resumes where it stopped.
    Exits non-zero only when nothing could be fetched.
    """

    from quarterdeck import fetch as fetching

    reader = load_profile(profile_path)
    names = fetching.choose_sources(sources, reader)
    first, last = fetching.date_range(since, start, end, dt.datetime.now(dt.UTC).date())
    with _store() as store, fetching.open_client() as client:
        ctx = fetching.make_context(client, reader)
        plans = fetching.plan_fetch(store, ctx, names, first, last)
        if dry_run:
            _print_plan(plans, f"{first.isoformat()} to {last.isoformat()}", fetching.estimate_seconds(plans))
            return
        err = _stderr()
        progress = Progress(
            TextColumn("Fetching {task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("windows, {task.fields[papers]} papers"),
            TimeElapsedColumn(),
            console=err,
            transient=True,
            disable=not err.is_terminal,
        )
        tasks: dict[str, Any] = {}

        def advance(source: str, done: int, total: int, papers: int) -> None:
            if source not in tasks:
                tasks[source] = progress.add_task(source, total=total, papers=0)
            progress.update(tasks[source], completed=done, total=total, papers=papers)

        with progress:
            report = fetching.run_fetch(store, ctx, plans, progress=advance)
    _print_fetch_report(report)
    if report.nothing_fetched:
        sys.exit(1)


def _print_plan(plans: list[SourcePlan], span: str, seconds: float) -> None:
    out = _stdout()
    out.print(f"Would fetch {span} (dry run: nothing is sent):", markup=False)
    for plan in plans:
        if plan.problem:
            out.print(f"  {plan.source}: cannot fetch: {plan.problem}", markup=False, soft_wrap=True)
            continue
        skipped = len(plan.windows) - len(plan.to_fetch)
        out.print(f"  {plan.source}: {len(plan.to_fetch)} to fetch, {skipped} already complete", markup=False)
        for planned in plan.windows:
            out.print(
                f"    {planned.action:<8} {planned.window.label}: {planned.reason}",
                markup=False,
                soft_wrap=True,
            )
    if seconds:
        out.print(f"arXiv requests are 3 s apart: at least {seconds:.0f} s for them.", markup=False)


def _print_fetch_report(report: FetchReport) -> None:
    table = Table("source", "windows", "new", "updated", "unchanged", "rejected", "failed", box=None)
    for r in report.results:
        windows = f"{r.windows_fetched} fetched, {r.windows_skipped} skipped"
        failures = f"[red]{r.windows_failed or len(r.errors)}[/]" if r.errors else "0"
        table.add_row(
            r.source,
            windows,
            f"[green]{r.report.new}[/]",
            str(r.report.updated),
            str(r.report.unchanged),
            str(len(r.report.rejected)),
            failures,
        )
    out = _stdout()
    out.print(table)
    for r in report.results:
        for note in dict.fromkeys(r.notes):
            out.print(f"note {r.source}: {note}", markup=False, soft_wrap=True, style="dim")
    rejected = [(r.source, x) for r in report.results for x in r.report.rejected]
    for source, item in rejected[:_MAX_REJECTIONS_SHOWN]:
        click.echo(f"rejected {source} {item.source_ref}: {item.reason}", err=True)
    if len(rejected) > _MAX_REJECTIONS_SHOWN:
        click.echo(f"... and {len(rejected) - _MAX_REJECTIONS_SHOWN} more rejected.", err=True)
    for source, message in report.failures:
        click.echo(f"failed {source}: {message}", err=True)
    new = sum(r.report.new for r in report.results)
    failed = [r.source for r in report.results if r.errors]
    summary = f"Stored {new} new paper(s) in {report.requests} request(s)."
    if report.nothing_fetched:
        summary = f"Nothing could be fetched: {', '.join(failed)} failed."
    elif failed:
        summary += f" Failed: {', '.join(failed)} (the rest is stored; run fetch again to retry)."
    click.echo(summary, err=bool(failed))


# -- roles and fit ------------------------------------------------------------

_ROLE_FORMATS = ("terminal", "markdown", "json")


def _analyse_role(source: str) -> RoleReport:
    # Loaded on first use: role analysis pulls in its lexicon and language model.
    from quarterdeck.roles import analyse_source

    return analyse_source(source)


@cli.command("role")
@click.argument("source", metavar="PATH|URL|-")
@click.option("--format", "fmt", type=click.Choice(_ROLE_FORMATS), default="terminal", show_default=True)
@click.option(
    "--for-hiring",
    is_flag=True,
    help="Write for the person writing the posting: a suggested title and the contradictions.",
)
@click.option("--no-save", is_flag=True, help="Do not keep the analysis in the store.")
def role_command(source: str, fmt: str, for_hiring: bool, no_save: bool) -> None:
    """Tell research work from engineering work in a job description.

    Reads plain text, Markdown, HTML, PDF, a URL, or '-' for stdin. Each duty
    line gets a kind (R_* research-shaped, E_* engineering-shaped, or none)
    with the words that decided it; requirements and boilerplate are kept
    apart and not scored. Prints the research and engineering shares, the
    role class, whether the title fits, and the questions to ask. The
    analysis is stored (once per distinct posting) unless --no-save.
    """
    from quarterdeck.roles.render import render_json, render_markdown, render_terminal

    report = _analyse_role(source)
    if not no_save:
        with _store() as store:
            role_id, _ = store.save_role(report)
        click.echo(f"Stored as role {role_id}.", err=True)
    if fmt == "json":
        click.echo(render_json(report), nl=False)
    elif fmt == "markdown":
        click.echo(render_markdown(report, for_hiring), nl=False)
    else:
        _stdout().print(render_terminal(report, for_hiring))


@cli.command("roles")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 10_000))
def roles_command(limit: int) -> None:
    """List the analysed roles in the store, most recent first."""
    with _store() as store:
        stored = store.list_roles(limit)
    if not stored:
        click.echo("No roles stored yet; analyse one with 'quarterdeck role PATH|URL'.", err=True)
        return
    table = Table("id", "analysed", "class", "title fits", "title", box=None, show_edge=False)
    for item in stored:
        fits = "yes" if item.report.title_matches else "no"
        table.add_row(str(item.id), item.analysed_at[:10], item.role_class, fits, escape(item.title))
    _stdout().print(table)


@cli.command("fit")
@click.argument("role_ref", metavar="ROLE", required=False)
@click.option(
    "--me",
    "me_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Your answers (default: me.toml in the home directory).",
)
@click.option("--interview", is_flag=True, help="Ask the questionnaire and save your answers.")
@click.option("--format", "fmt", type=click.Choice(_ROLE_FORMATS), default="terminal", show_default=True)
def fit_command(role_ref: str | None, me_path: Path | None, interview: bool, fmt: str) -> None:
    """Show where you and a role agree and disagree.

    ROLE is a posting (PATH, URL or '-') or the id of a stored role (see
    'quarterdeck roles'). 'fit --interview' asks, for each of the ten
    duties, whether you want it, find it fine or would avoid it, and which
    uncertainty you can sleep through; it saves the answers to me.toml.
    """
    from quarterdeck.roles.fit import fit, load_person, user_me_path
    from quarterdeck.roles.render import render_fit_markdown, render_fit_terminal

    if interview:
        path = me_path or user_me_path()
        _interview(path)
        if role_ref is None:
            return
    elif role_ref is None:
        raise click.UsageError("give a ROLE (a posting or a stored role id), or --interview")
    assert role_ref is not None
    person = load_person(me_path)
    report = _role_for_fit(role_ref)
    result = fit(person, report)
    if fmt == "json":
        click.echo(json.dumps(result.as_dict(), indent=2, ensure_ascii=False))
    elif fmt == "markdown":
        click.echo(render_fit_markdown(result), nl=False)
    else:
        _stdout().print(render_fit_terminal(result))


def _role_for_fit(ref: str) -> RoleReport:
    """A stored role by id or hash, else the posting at ref (analysed and stored)."""
    if ref != "-" and not Path(ref).exists() and not re.match(r"https?://", ref, re.IGNORECASE):
        with _store() as store:
            stored = store.get_role(ref)
        if stored is None:
            raise InputError(f"{ref}: no such file, URL or stored role id (see 'quarterdeck roles')")
        return stored.report
    report = _analyse_role(ref)
    with _store() as store:
        store.save_role(report)
    return report


def _interview(path: Path) -> None:
    from quarterdeck.roles.fit import CLOSING_QUESTION, answers_from, person_toml
    from quarterdeck.roles.records import DUTIES, DUTY_NAMES, PREFERENCES, UNCERTAINTIES

    out = _stdout()
    out.print("For each duty: do you [bold]want[/] it, is it [bold]fine[/], or would you [bold]avoid[/] it?")
    answers: dict[str, str] = {}
    for duty in DUTIES:
        answers[duty] = click.prompt(
            f"{duty}: {DUTY_NAMES[duty]}", type=click.Choice(PREFERENCES), default="fine", show_choices=True
        )
    out.print(f"\n{CLOSING_QUESTION}?", markup=False, soft_wrap=True)
    for key, meaning in UNCERTAINTIES.items():
        out.print(f"  {key}: {meaning}", markup=False)
    answers["uncertainty"] = click.prompt("Your answer", type=click.Choice(tuple(UNCERTAINTIES)))
    _write_atomically(path, person_toml(answers_from(answers)))
    out.print(f"Saved your answers to {path}; 'quarterdeck fit ROLE' uses them.", markup=False)


# -- web app and feedback --------------------------------------------------------------


@cli.command("serve")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on. The default is reachable only from this machine, on purpose: the app has "
    "no login, so anyone who can reach it reads your store and records feedback. Any other address "
    "(0.0.0.0 for all interfaces) must be asked for here, and prints a warning.",
)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--profile",
    "profile_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Profile TOML (default: profile.toml in the home directory, else the reference reader).",
)
def serve(host: str, port: int, profile_path: Path | None) -> None:
    """Serve the digest, the papers, feedback and roles as a local web app.

    Before it listens, the store is made ready as 'digest' does (an empty
    store gets the bundled snapshot; new papers are classified); the
    verdicts not yet made are then made in the background while it serves.
    Every page has a JSON twin (its URL + .json). Stop it with Ctrl-C.
    """
    import socket

    import uvicorn

    from quarterdeck.web import create_app
    from quarterdeck.web.security import LOCAL_NAMES, is_local

    allowed: tuple[str, ...] | None = LOCAL_NAMES
    if not is_local(host):
        everywhere = host in ("0.0.0.0", "::")
        allowed = None if everywhere else (*LOCAL_NAMES, host)
        click.echo(
            f"warning: listening on {host}, not only this machine: anyone who can reach port {port} "
            "reads your store and can record feedback (there is no login)"
            + ("; any Host name is answered." if everywhere else "."),
            err=True,
        )
    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as exc:
        raise InputError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    with _store() as store:
        engine = open_engine(store, profile_path)
        _prepare(engine)
    app = create_app(store_path(), profile_path=profile_path, allowed_hosts=allowed, judge=engine.judge)
    shown = f"[{host}]" if ":" in host else host
    _stderr().print(f"Quarterdeck on http://{shown}:{port}/ (Ctrl-C to stop)", markup=False)
    uvicorn.run(app, host=host, port=port, log_level="warning")


@cli.group("feedback")
def feedback_group() -> None:
    """Readers' feedback from the web app ("changed my quarter" / "not for me")."""


@feedback_group.command("export")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file instead.")
def feedback_export(out: Path | None) -> None:
    """Write every paper with feedback as labeled JSONL, for 'quarterdeck train' and 'train --relevance'.

    Each line is the paper in the shared schema with 'label' (its type when
    the reader spoke) and 'verdict' (act for "changed my quarter", skip for
    "not for me"); the latest word on a paper counts.
    """
    from quarterdeck.feedback import feedback_lines

    with _store() as store:
        lines = list(feedback_lines(store))
    if not lines:
        raise InputError("no feedback stored yet; give some with the buttons of 'quarterdeck serve'")
    if out is None:
        click.echo("".join(lines), nl=False)
    else:
        _write_atomically(out, "".join(lines))
        click.echo(f"Wrote {len(lines)} labeled paper(s) to {out}.", err=True)


def main() -> None:
    """Console entry point."""
    cli(prog_name="quarterdeck")
