"""How well the facts extractor finds the cost trap and released artifacts, and how fast it runs.

Quality against careful readers' labels (``cost_trap``, ``cost_multiplier``,
``released``), reported separately for each labeled file:

- ``labels/papers-dev.jsonl``: the patterns were tuned on it (tuning set);
- ``labels/papers-quarterdeck.jsonl``: never looked at while tuning (held out).

For each: precision, recall and F1 of cost-trap detection, how often a trap
found has a stated multiplier when the reader noted one, and precision,
recall and F1 of each released kind. Speed: papers per second over the
bundled snapshot (papers announced before 2026-06-01 only), one process.

Targets (issue 4): cost-trap recall 0.8 and precision 0.7; released F1 0.9.

Usage: python benchmarks/facts.py [--json OUT]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import time
from pathlib import Path
from typing import Any

from quarterdeck.facts import extract_facts
from quarterdeck.records import Paper
from quarterdeck.sources import read_bundled
from quarterdeck.sources.jsonl import record_to_paper

ROOT = Path(__file__).resolve().parent.parent
FILES = (("papers-dev.jsonl", "tuning set"), ("papers-quarterdeck.jsonl", "held out"))
KINDS = ("code", "weights", "data", "api")
RESERVED_FROM = dt.date(2026, 6, 1)


def prf(gold: list[bool], pred: list[bool]) -> dict[str, float | int]:
    """Precision, recall and F1 of the positive class, with the counts behind them."""
    tp = sum(g and p for g, p in zip(gold, pred, strict=True))
    n_pred, n_gold = sum(pred), sum(gold)
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "gold": n_gold, "pred": n_pred, "tp": tp}


def load(path: Path) -> list[tuple[Paper, dict[str, Any]]]:
    """Labeled records as papers, refusing any paper from the reserved months."""
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        record = json.loads(line)
        paper = record_to_paper(record, f"{path.name}:{number}", "jsonl")
        if not isinstance(paper, Paper):
            raise SystemExit(f"{path.name}:{number}: {paper.reason}")
        if paper.published is not None and paper.published >= RESERVED_FROM:
            raise SystemExit(f"{path.name}:{number}: paper from the reserved months; remove it")
        rows.append((paper, record))
    return rows


def measure(rows: list[tuple[Paper, dict[str, Any]]]) -> dict[str, Any]:
    """Every figure for one labeled file."""
    facts = [extract_facts(p) for p, _ in rows]
    gold_trap = [bool(r["cost_trap"]) for _, r in rows]
    pred_trap = [f.cost_trap is not None for f in facts]
    with_mult = [
        (f, r) for f, (_, r) in zip(facts, rows, strict=True) if r["cost_multiplier"] and f.cost_trap
    ]
    result: dict[str, Any] = {
        "papers": len(rows),
        "cost_trap": prf(gold_trap, pred_trap),
        "multiplier_stated": {
            "reader_noted_and_found": len(with_mult),
            "we_state_one": sum(1 for f, _ in with_mult if f.cost_trap and f.cost_trap.multiplier),
        },
        "released": {},
    }
    for kind in KINDS:
        gold = [kind in r["released"] for _, r in rows]
        pred = [kind in f.released_kinds for f in facts]
        result["released"][kind] = prf(gold, pred)
    any_gold = [bool(r["released"]) for _, r in rows]
    any_pred = [bool(f.released_kinds) for f in facts]
    result["released"]["any"] = prf(any_gold, any_pred)
    return result


def speed(repeat: int = 3) -> dict[str, float]:
    """Papers per second over the bundled snapshot (before the reserved months), best of ``repeat``."""
    papers = [
        p
        for p in read_bundled()
        if isinstance(p, Paper) and (p.published is None or p.published < RESERVED_FROM)
    ]
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for p in papers:
            extract_facts(p)
        best = min(best, time.perf_counter() - start)
    return {"papers": len(papers), "seconds": best, "papers_per_second": len(papers) / best}


def _line(name: str, m: dict[str, float | int]) -> str:
    return (
        f"  {name:10} precision {m['precision']:.3f}  recall {m['recall']:.3f}  F1 {m['f1']:.3f}"
        f"   (gold {m['gold']}, found {m['pred']}, right {m['tp']})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    report: dict[str, Any] = {}
    for name, role in FILES:
        figures = measure(load(ROOT / "labels" / name))
        report[name] = {"role": role, **figures}
        print(f"== {name} ({role}, n={figures['papers']})")
        print(_line("cost trap", figures["cost_trap"]))
        stated = figures["multiplier_stated"]
        print(
            f"  multiplier: reader noted one on {stated['reader_noted_and_found']} traps we found;"
            f" we state one on {stated['we_state_one']}"
        )
        for kind, m in figures["released"].items():
            print(_line(f"rel {kind}", m))
    report["speed"] = speed()
    s = report["speed"]
    print(
        f"== speed: {s['papers']} bundled papers in {s['seconds']:.2f} s:"
        f" {s['papers_per_second']:.0f} papers/s, {1000 / s['papers_per_second']:.3f} ms per paper"
    )
    if args.json:
        args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
