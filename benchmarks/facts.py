"""How well the facts extractor finds the cost trap and released artifacts, and how fast it runs.

Quality against careful readers' labels (``cost_trap``, ``cost_multiplier``,
``released``) in ``labels/papers-dev.jsonl`` (2,300 papers) and
``labels/papers-quarterdeck.jsonl`` (4,780). Papers from 2026-06-01 on are
refused (reserved for independent evaluation).

Method:

- **Rules** (released kinds, and the rules-only cost trap) are reported on
  each file separately. They were tuned by reading errors on
  ``papers-dev.jsonl`` only; ``papers-quarterdeck.jsonl`` was not read while
  tuning, so its figures are the held-out ones.
- **Learned cost trap** (TF-IDF + rule signals, logistic regression, threshold
  fitted on inner out-of-fold scores of the training papers) is measured only
  out of fold: 5-fold stratified cross-validation over the union of both files
  (seed 0), reported overall and per file; and train on one file, test on the
  other, both ways. The bundled model is trained on both files, so its
  in-sample figures are not printed.
- **Label noise** the rules cannot fix: papers whose only release statement is
  a promise with a link ("code will be released at https://github.com/..."),
  which the guide counts as released, and how often each file's readers did.
- **Multiplier**: of the traps found where the reader noted a multiplier, on
  how many we state one.
- **Speed**: papers per second of ``extract_facts`` over the bundled snapshot
  (papers before 2026-06-01), one process, best of 3: rules only and with the
  bundled cost-trap model.

Targets (issue 4): cost-trap recall 0.8 and precision 0.7; released F1 0.9 per kind.

Usage: python benchmarks/facts.py [--json OUT] [--no-cv]
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from quarterdeck.facts import CostTrapModel, Facts, extract_facts
from quarterdeck.facts.labels import RESERVED_FROM, FactLabels, load_fact_labels
from quarterdeck.facts.released import is_promise
from quarterdeck.facts.trap_model import bundled_trap_model, train_trap_model
from quarterdeck.records import Paper
from quarterdeck.sources import read_bundled

ROOT = Path(__file__).resolve().parent.parent
FILES = (("papers-dev.jsonl", "rules tuned on it"), ("papers-quarterdeck.jsonl", "held out from rule tuning"))
KINDS = ("code", "weights", "data", "api")
FOLDS = 5


def prf(gold: Sequence[bool], pred: Sequence[bool]) -> dict[str, float | int]:
    """Precision, recall and F1 of the positive class, with the counts behind them."""
    tp = int(sum(bool(g) and bool(p) for g, p in zip(gold, pred, strict=True)))
    n_pred, n_gold = int(sum(map(bool, pred))), int(sum(map(bool, gold)))
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "gold": n_gold, "pred": n_pred, "tp": tp}


def multiplier_stated(rows: Sequence[FactLabels], facts: Sequence[Facts]) -> dict[str, int]:
    """Of the traps found where the reader noted a multiplier, on how many we state one."""
    both = [f for r, f in zip(rows, facts, strict=True) if r.cost_multiplier and f.cost_trap]
    return {
        "reader_noted_and_found": len(both),
        "we_state_one": sum(1 for f in both if f.cost_trap and f.cost_trap.multiplier),
    }


def rules(rows: Sequence[FactLabels]) -> dict[str, Any]:
    """Rule figures for one file: released kinds, the rules-only cost trap, and the promise bucket."""
    facts = [extract_facts(r.paper, rules_only=True) for r in rows]
    result: dict[str, Any] = {
        "papers": len(rows),
        "cost_trap_rules": prf([r.cost_trap for r in rows], [f.cost_trap is not None for f in facts]),
        "multiplier_stated_rules": multiplier_stated(rows, facts),
        "released": {},
    }
    for kind in KINDS:
        gold = [kind in r.released for r in rows]
        result["released"][kind] = prf(gold, [kind in f.released_kinds for f in facts])
    result["released"]["any"] = prf([bool(r.released) for r in rows], [bool(f.released_kinds) for f in facts])
    # Kinds we count only because of a linked promise: the guide says yes, readers differ.
    promised = [
        (kind in r.released)
        for r, f in zip(rows, facts, strict=True)
        for kind in f.released_kinds
        if all(is_promise(x.sentence) for x in f.released if x.value == kind)
    ]
    result["linked_promises"] = {"kinds": len(promised), "reader_counted": sum(promised)}
    return result


def _train_and_predict(train: Sequence[FactLabels], test: Sequence[FactLabels]) -> list[Facts]:
    model = train_trap_model([r.paper for r in train], [r.cost_trap for r in train])
    return [extract_facts(r.paper, trap_model=model) for r in test]


def learned(by_file: dict[str, list[FactLabels]]) -> dict[str, Any]:
    """Out-of-fold figures of the learned cost trap: 5-fold CV over the union, and file to file."""
    from sklearn.model_selection import StratifiedKFold

    rows = [r for name, _ in FILES for r in by_file[name]]
    y = np.array([r.cost_trap for r in rows])
    predicted: list[Facts | None] = [None] * len(rows)
    for train, test in StratifiedKFold(FOLDS, shuffle=True, random_state=0).split(np.zeros(len(y)), y):
        found = _train_and_predict([rows[i] for i in train], [rows[i] for i in test])
        for i, facts in zip(test, found, strict=True):
            predicted[i] = facts
    oof = [f for f in predicted if f is not None]
    result: dict[str, Any] = {
        "cv_union": prf(list(y), [f.cost_trap is not None for f in oof]),
        "cv_multiplier_stated": multiplier_stated(rows, oof),
    }
    for name, _ in FILES:
        picked = [(r, f) for r, f in zip(rows, oof, strict=True) if r.source == name]
        gold = [r.cost_trap for r, _ in picked]
        result[f"cv_{name}"] = prf(gold, [f.cost_trap is not None for _, f in picked])
    (a, _), (b, _) = FILES
    for train_name, test_name in ((a, b), (b, a)):
        crossed = _train_and_predict(by_file[train_name], by_file[test_name])
        result[f"train_{train_name}_test_{test_name}"] = prf(
            [r.cost_trap for r in by_file[test_name]], [f.cost_trap is not None for f in crossed]
        )
    return result


def speed(model: CostTrapModel | None, repeat: int = 3) -> dict[str, float]:
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
            extract_facts(p, trap_model=model, rules_only=model is None)
        best = min(best, time.perf_counter() - start)
    return {"papers": len(papers), "seconds": best, "papers_per_second": len(papers) / best}


def _line(name: str, m: dict[str, float | int]) -> str:
    return (
        f"  {name:22} precision {m['precision']:.3f}  recall {m['recall']:.3f}  F1 {m['f1']:.3f}"
        f"   (gold {m['gold']}, found {m['pred']}, right {m['tp']})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--no-cv", action="store_true", help="skip the learned detector's cross-validation")
    args = parser.parse_args()
    report: dict[str, Any] = {}
    by_file = {name: load_fact_labels(ROOT / "labels" / name) for name, _ in FILES}
    for name, role in FILES:
        figures = rules(by_file[name])
        report[name] = {"role": role, **figures}
        print(f"== {name} (n={figures['papers']}; {role})")
        for kind, m in figures["released"].items():
            print(_line(f"released {kind}", m))
        promises = figures["linked_promises"]
        print(
            f"  linked promises ('will be released at <URL>', counted per the guide): {promises['kinds']}"
            f" kinds, readers counted {promises['reader_counted']}"
        )
        print(_line("cost trap, rules only", figures["cost_trap_rules"]))
    if not args.no_cv:
        report["learned_cost_trap"] = figures = learned(by_file)
        print("== learned cost trap, out of fold (threshold fitted inside each training set)")
        for key, m in figures.items():
            if key != "cv_multiplier_stated":
                print(_line(key.replace("train_", "train ").replace("_test_", " -> "), m))
        stated = figures["cv_multiplier_stated"]
        print(
            f"  multiplier: reader noted one on {stated['reader_noted_and_found']} traps found out of fold;"
            f" we state one on {stated['we_state_one']}"
        )
    model = bundled_trap_model()
    report["speed_rules_only"] = speed(None)
    report["speed_with_model"] = speed(model) if model else None
    for key in ("speed_rules_only", "speed_with_model"):
        s = report[key]
        if s:
            print(
                f"== speed, {key[6:].replace('_', ' ')}: {s['papers']} bundled papers"
                f" in {s['seconds']:.2f} s:"
                f" {s['papers_per_second']:.0f} papers/s, {1000 / s['papers_per_second']:.3f} ms per paper"
            )
    if args.json:
        args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
