"""Compare classifier backends on the same folds: quality, speed, memory.

Quality, for every backend on identical splits of the labeled papers in
``labels/``:

- stratified 5-fold cross-validation (seed 0) over all labeled papers;
- a time split: train on papers announced up to 2026-02-28, test on
  2026-03-01 to 2026-05-31.

Each is reported on all test papers and on the random-sample subset (the
stream's real mix of types). Speed is papers per second from parsed records
to labels, over at least 20,000 papers, one process; memory is the peak RSS
of a fresh process classifying that many.

Backends that need an optional extra are skipped, with a note, when it is not
installed. Usage::

    python benchmarks/classify.py [--backends tfidf,rules,...] [--corpus DIR] [--json OUT]
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import itertools
import json
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from quarterdeck.classify.evaluate import Evaluation, Trainable, cross_validate, evaluate
from quarterdeck.classify.labeled import LabeledPaper, load_labeled
from quarterdeck.records import Classification, Paper
from quarterdeck.sources.jsonl import record_to_paper

ROOT = Path(__file__).resolve().parent.parent
RESERVED_FROM = dt.date(2026, 6, 1)
TIME_SPLIT = dt.date(2026, 3, 1)
RANDOM_SAMPLES = {"random", "random-qd"}
SPEED_PAPERS = 20_000
SLOW_SPEED_PAPERS = {"minilm": 1_000}
"""Full MiniLM runs at a few papers per second on CPU: its speed is measured on fewer papers."""


class RulesAsTrainable:
    """The rule classifier behind the trainable interface (fit learns nothing)."""

    def __init__(self) -> None:
        from quarterdeck.classify.rules import RuleClassifier

        self.rules = RuleClassifier()

    def fit(self, papers: Sequence[Paper], labels: Sequence[str]) -> RulesAsTrainable:
        return self

    def classify_many(self, papers: Sequence[Paper]) -> list[Classification]:
        return self.rules.classify_many(papers)


def backends() -> dict[str, Callable[[], Trainable]]:
    """Every backend this install can run, by name."""
    from quarterdeck.classify.backends import available_backends, make_backend

    found: dict[str, Callable[[], Trainable]] = {"rules": RulesAsTrainable}
    for name in available_backends():
        found[name] = lambda name=name: make_backend(name)  # type: ignore[misc]
    return found


def load_examples() -> list[LabeledPaper]:
    """All labeled papers in labels/, refusing any from the reserved months."""
    examples = [e for path in sorted((ROOT / "labels").glob("papers-*.jsonl")) for e in load_labeled(path)]
    late = [e for e in examples if e.paper.published and e.paper.published >= RESERVED_FROM]
    if late:
        raise SystemExit(f"refusing to run: {len(late)} labeled papers are from the reserved months")
    return examples


def corpus_papers(corpus: Path | None, n: int) -> list[Paper]:
    """``n`` parsed papers: from the shared corpus (months before 2026-06) if given, else the bundle."""
    if corpus is not None:
        files = sorted(p for p in corpus.glob("*.jsonl.gz") if p.name[:7] < "2026-06")
    else:
        files = [ROOT / "src" / "quarterdeck" / "data" / "arxiv-snapshot.jsonl.gz"]

    def records() -> Iterator[dict[str, Any]]:
        for path in itertools.cycle(files):
            with gzip.open(path, "rt", encoding="utf-8") as fh:
                yield from (json.loads(line) for line in fh)

    papers: list[Paper] = []
    for record in records():
        paper = record_to_paper(record, "bench", "bench")
        if isinstance(paper, Paper):
            papers.append(paper)
        if len(papers) >= n:
            return papers
    return papers


def _subset(evaluation_of: Callable[[list[int]], Evaluation], idx: list[int]) -> dict[str, float]:
    result = evaluation_of(idx)
    return {"n": result.n, "accuracy": round(result.accuracy, 4), "macro_f1": round(result.macro_f1, 4)}


def quality(make: Callable[[], Trainable], examples: list[LabeledPaper]) -> dict[str, Any]:
    """Cross-validation and time-split scores for one backend."""
    papers = [e.paper for e in examples]
    gold = [e.label for e in examples]
    randoms = [i for i, e in enumerate(examples) if e.sample in RANDOM_SAMPLES]
    predicted = cross_validate(make, papers, gold, folds=5, seed=0)

    def cv_eval(idx: list[int]) -> Evaluation:
        return evaluate([gold[i] for i in idx], [predicted[i] for i in idx])

    train = [i for i, p in enumerate(papers) if p.published and p.published < TIME_SPLIT]
    test = [i for i, p in enumerate(papers) if p.published and p.published >= TIME_SPLIT]
    model = make().fit([papers[i] for i in train], [gold[i] for i in train])
    later = {i: c.label for i, c in zip(test, model.classify_many([papers[i] for i in test]), strict=True)}

    def time_eval(idx: list[int]) -> Evaluation:
        return evaluate([gold[i] for i in idx], [later[i] for i in idx])

    everything = list(range(len(examples)))
    random_test = [i for i in test if i in set(randoms)]
    return {
        "cv_all": _subset(cv_eval, everything),
        "cv_random": _subset(cv_eval, randoms),
        "time_all": _subset(time_eval, test),
        "time_random": _subset(time_eval, random_test),
        "per_class_cv": {c.label: round(c.f1, 3) for c in cv_eval(everything).per_class},
        "time_split_sizes": {"train": len(train), "test": len(test)},
    }


def speed(make: Callable[[], Trainable], examples: list[LabeledPaper], corpus: list[Paper]) -> float:
    """Papers per second from parsed records to labels (median of 3 runs)."""
    model = make().fit([e.paper for e in examples], [e.label for e in examples])
    rates = []
    for _ in range(3):
        if "quarterdeck.classify.embeddings" in sys.modules:
            sys.modules["quarterdeck.classify.embeddings"].forget_vectors()
        start = time.perf_counter()
        for i in range(0, len(corpus), 1000):
            model.classify_many(corpus[i : i + 1000])
        rates.append(len(corpus) / (time.perf_counter() - start))
    return sorted(rates)[1]


def _vm_hwm_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass  # the process ended between poll() and open()
    return 0


def whole_corpus(corpus_dir: Path | None) -> dict[str, float]:
    """Wall time and peak memory of ``quarterdeck classify`` over every file of the corpus.

    The output goes to /dev/null: this measures running the classifier, and
    nobody reads its answers on the reserved months.
    """
    files = (
        sorted(corpus_dir.glob("*.jsonl.gz"))
        if corpus_dir
        else [ROOT / "src/quarterdeck/data/arxiv-snapshot.jsonl.gz"]
    )
    papers = 0
    for path in files:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            papers += sum(1 for _ in fh)
    start = time.perf_counter()
    command = [sys.executable, "-m", "quarterdeck", "classify", *map(str, files)]
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    peak_kb = 0
    # The child's own high-water mark (VmHWM), polled: rusage would count the pages
    # it shared with this large parent process before exec.
    while child.poll() is None:
        peak_kb = max(peak_kb, _vm_hwm_kb(child.pid))
        time.sleep(0.05)
    seconds = time.perf_counter() - start
    if child.returncode != 0:
        raise SystemExit(f"quarterdeck classify failed with status {child.returncode}")
    peak = peak_kb / 1024
    return {"papers": papers, "seconds": round(seconds, 1), "peak_rss_mb": round(peak)}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--backends", help="comma-separated subset (default: all installed)")
    parser.add_argument("--corpus", type=Path, help="folder of YYYY-MM.jsonl.gz files for speed and memory")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    if args.corpus is None and (ROOT.parent / "shared" / "data" / "arxiv").is_dir():
        args.corpus = ROOT.parent / "shared" / "data" / "arxiv"
    available = backends()
    chosen = args.backends.split(",") if args.backends else list(available)
    examples = load_examples()
    corpus = corpus_papers(args.corpus, SPEED_PAPERS)
    print(f"{len(examples)} labeled papers; speed over {len(corpus)} papers")
    results: dict[str, Any] = {}
    columns = ("CV all", "CV random", "time all", "time random")
    header = f"{'backend':10} " + " ".join(f"{c:>13}" for c in columns) + f" {'papers/s':>9}"
    print(header + "\n" + "-" * len(header), flush=True)
    for name in chosen:
        if name not in available:
            print(f"{name:10} skipped: not installed (see README, optional extras)")
            continue
        scores = quality(available[name], examples)
        sample = corpus[: SLOW_SPEED_PAPERS.get(name, len(corpus))]
        scores["papers_per_second"] = round(speed(available[name], examples, sample))
        scores["speed_papers"] = len(sample)
        results[name] = scores
        cells = [
            f"{scores[k]['accuracy']:.3f}/{scores[k]['macro_f1']:.3f}"
            for k in ("cv_all", "cv_random", "time_all", "time_random")
        ]
        print(
            f"{name:10} " + " ".join(f"{c:>13}" for c in cells) + f" {scores['papers_per_second']:>9}",
            flush=True,
        )
    print("(cells: accuracy/macro-F1)")
    for name, scores in results.items():
        per_class = ", ".join(f"{k} {v:.2f}" for k, v in scores["per_class_cv"].items())
        print(f"\nper-class F1 (CV), {name}: {per_class}")
    whole = whole_corpus(args.corpus)
    print(
        f"\nquarterdeck classify over the whole corpus ({whole['papers']:.0f} papers): "
        f"{whole['seconds']:.0f} s wall, peak RSS {whole['peak_rss_mb']:.0f} MB"
    )
    results["whole_corpus"] = whole
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
