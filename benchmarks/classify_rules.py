"""Measure the rule-based classifier on the labeled dev set.

Run from the repository root::

    python benchmarks/classify_rules.py [--rules my-rules.toml] [--data labels/papers-dev.jsonl]

Prints accuracy, macro-F1 and per-class precision/recall/F1/support, once for
the random sample (the stream's real class frequencies) and once for all papers
(random + enriched), then a confidence-calibration table and the speed.
Stdlib only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from quarterdeck.classify.rules import RuleClassifier
from quarterdeck.records import LABELS, Classification, Paper

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT / "labels" / "papers-dev.jsonl"
# Papers from this date on are reserved for independent evaluation and must never be scored here.
RESERVED_FROM = dt.date(2026, 6, 1)


@dataclass(frozen=True, slots=True)
class Example:
    """One labeled paper."""

    paper: Paper
    label: str
    sample: str


def load_examples(path: Path) -> list[Example]:
    """Read the labeled JSONL file into papers with their gold labels."""
    examples: list[Example] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            row = json.loads(line)
            published = dt.date.fromisoformat(row["published"]) if row.get("published") else None
            if published is not None and published >= RESERVED_FROM:
                raise SystemExit(f"{path}: {row['id']} is from the reserved evaluation period; refusing")
            paper = Paper(
                title=row["title"],
                abstract=row["abstract"],
                authors=tuple(row.get("authors") or ()),
                arxiv_id=row.get("id"),
                published=published,
                categories=tuple(row.get("categories") or ()),
                comment=row.get("comment") or "",
                source="jsonl",
            )
            examples.append(Example(paper, row["label"], row.get("sample", "")))
    return examples


def report(title: str, gold: Sequence[str], pred: Sequence[str]) -> None:
    """Print accuracy, macro-F1 and the per-class table for one subset."""
    n = len(gold)
    correct = sum(g == p for g, p in zip(gold, pred, strict=True))
    support = Counter(gold)
    predicted = Counter(pred)
    hits = Counter(g for g, p in zip(gold, pred, strict=True) if g == p)
    print(f"\n== {title}: {n} papers ==")
    print(f"{'label':<22}{'prec':>7}{'recall':>8}{'F1':>7}{'support':>9}{'pred':>7}")
    f1s: list[float] = []
    for label in LABELS:
        prec = hits[label] / predicted[label] if predicted[label] else 0.0
        rec = hits[label] / support[label] if support[label] else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        # Macro-F1 averages over the classes present in this subset's gold labels.
        if support[label]:
            f1s.append(f1)
        print(f"{label:<22}{prec:>7.3f}{rec:>8.3f}{f1:>7.3f}{support[label]:>9}{predicted[label]:>7}")
    macro = sum(f1s) / len(f1s) if f1s else 0.0
    print(f"accuracy {correct / n:.3f}   macro-F1 {macro:.3f} (over {len(f1s)} classes present)")


def calibration(gold: Sequence[str], results: Sequence[Classification]) -> None:
    """Print accuracy per confidence band: an honest confidence rises with accuracy."""
    bands = [(0.0, 0.3), (0.3, 0.5), (0.5, 0.7), (0.7, 0.85), (0.85, 1.01)]
    print("\n== confidence vs accuracy (all papers) ==")
    for lo, hi in bands:
        inside = [(g, r) for g, r in zip(gold, results, strict=True) if lo <= r.confidence < hi]
        if inside:
            acc = sum(g == r.label for g, r in inside) / len(inside)
            print(f"[{lo:.2f}, {min(hi, 1.0):.2f})  n={len(inside):>5}  accuracy {acc:.3f}")
    uncertain = sum(r.uncertain for r in results)
    print(f"shown as 'type uncertain' (confidence < 0.5): {uncertain} of {len(results)}")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="labeled JSONL file")
    parser.add_argument("--rules", type=Path, default=None, help="rules TOML file (default: bundled)")
    args = parser.parse_args(argv)

    examples = load_examples(args.data)
    classifier = RuleClassifier(args.rules)
    papers = [e.paper for e in examples]

    start = time.perf_counter()
    results = [classifier.classify(p) for p in papers]
    elapsed = time.perf_counter() - start

    print(f"classifier {classifier.version}, data {args.data}")
    for name, keep in (("random sample", lambda e: e.sample == "random"), ("all", lambda e: True)):
        pairs = [(e.label, r.label) for e, r in zip(examples, results, strict=True) if keep(e)]
        report(name, [g for g, _ in pairs], [p for _, p in pairs])
    calibration([e.label for e in examples], results)
    print(f"\nspeed: {len(papers) / elapsed:,.0f} papers/s ({len(papers)} papers in {elapsed:.2f}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
