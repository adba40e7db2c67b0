"""How often the policy's verdict agrees with careful readers' verdicts.

Runs the policy over ``labels/papers-dev.jsonl`` (the random sample, so the
stream's real mix) twice: with the readers' own type (isolates the policy)
and with the classifier's type (the product as shipped). Prints per-verdict
precision and recall, and agreement on "kept" (act, check, budget) versus not.

Usage: python benchmarks/verdicts.py [LABELED.jsonl]
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from quarterdeck.classify import default_classifier
from quarterdeck.facts import extract_facts
from quarterdeck.policy import decide, default_policy
from quarterdeck.profile import load_profile
from quarterdeck.records import VERDICTS, Classification, Paper

KEPT = {"act", "check", "budget"}


def load(path: Path) -> list[tuple[Paper, str, str]]:
    """(paper, gold type, gold verdict) for the random sample."""
    rows = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            if r["sample"] != "random":
                continue
            paper = Paper(title=r["title"], abstract=r["abstract"], comment=r.get("comment") or "")
            rows.append((paper, r["label"], r["verdict"]))
    return rows


def report(name: str, gold: list[str], pred: list[str]) -> None:
    """Print per-verdict precision/recall and kept agreement."""
    print(f"\n== {name} (n={len(gold)})")
    print(f"{'verdict':8} {'gold':>5} {'pred':>5} {'prec':>6} {'recall':>6}")
    for v in VERDICTS:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == p == v)
        n_gold, n_pred = gold.count(v), pred.count(v)
        prec = tp / n_pred if n_pred else 0.0
        rec = tp / n_gold if n_gold else 0.0
        print(f"{v:8} {n_gold:5d} {n_pred:5d} {prec:6.2f} {rec:6.2f}")
    agree = sum(1 for g, p in zip(gold, pred, strict=True) if g == p) / len(gold)
    kept_tp = sum(1 for g, p in zip(gold, pred, strict=True) if g in KEPT and p in KEPT)
    kept_pred = sum(1 for p in pred if p in KEPT)
    kept_gold = sum(1 for g in gold if g in KEPT)
    print(f"exact agreement {agree:.3f}")
    print(
        f"kept (act/check/budget): precision {kept_tp / max(kept_pred, 1):.2f}, "
        f"recall {kept_tp / max(kept_gold, 1):.2f}"
    )
    print("confusion (gold -> pred):", dict(Counter(zip(gold, pred, strict=True)).most_common(12)))


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("labels/papers-dev.jsonl")
    rows = load(path)
    profile, policy, classifier = load_profile(), default_policy(), default_classifier()
    gold = [v for _, _, v in rows]
    with_gold_type = [
        decide(
            p, Classification(t, 0.9, None, (), "gold"), extract_facts(p), profile, policy, version="b"
        ).verdict
        for p, t, _ in rows
    ]
    report("policy on readers' types", gold, with_gold_type)
    with_model_type = [
        decide(p, classifier.classify(p), extract_facts(p), profile, policy, version="b").verdict
        for p, _, _ in rows
    ]
    report(f"policy on classifier {classifier.version}", gold, with_model_type)


if __name__ == "__main__":
    main()
