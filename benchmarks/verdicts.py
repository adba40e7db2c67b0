"""How often Quarterdeck's verdict agrees with careful readers' verdicts.

Everything fitted is measured out of fold: the labeled papers of
``labels/papers-*.jsonl`` are split into 5 folds; for each fold the type
classifier, the relevance model and the cost-trap detector are trained on
the other four, and the held-out papers get their verdict from the policy
with the reference profile, exactly as the product makes it. Reported:

- on every paper of ``labels/papers-dev.jsonl`` (the shared labeled set the
  issue names), and on the random samples only (the stream's real mix);
- exact verdict agreement, per-verdict precision and recall, and precision
  and recall of the papers the digest puts first (act or check);
- the same with the readers' own types (isolates the policy and relevance);
- the policy with focus patterns alone (``relevance = "focus"``), the
  previous design, for comparison.

Targets (issue 4): exact agreement 0.8; act+check precision 0.7, recall 0.7.

Usage: python benchmarks/verdicts.py [--folds 5] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.model_selection import StratifiedKFold

from quarterdeck.classify.labeled import LabeledPaper, load_labeled
from quarterdeck.classify.linear import TfidfClassifier
from quarterdeck.facts import Facts, extract_facts
from quarterdeck.facts.labels import load_fact_labels
from quarterdeck.facts.trap_model import train_trap_model
from quarterdeck.policy import decide, default_policy
from quarterdeck.profile import load_profile
from quarterdeck.records import VERDICTS, Classification
from quarterdeck.relevance import Relevance, RelevanceModel, calibrates

FIRST = {"act", "check"}
RANDOM = {"random", "random-qd"}
ROOT = Path(__file__).resolve().parent.parent


def scores(gold: list[str], pred: list[str]) -> dict[str, Any]:
    """Exact agreement, per-verdict precision/recall and act+check precision/recall."""
    pairs = list(zip(gold, pred, strict=True))
    per = {}
    for v in VERDICTS:
        tp = sum(1 for g, p in pairs if g == p == v)
        per[v] = {
            "gold": gold.count(v),
            "pred": pred.count(v),
            "precision": tp / max(pred.count(v), 1),
            "recall": tp / max(gold.count(v), 1),
        }
    tp = sum(1 for g, p in pairs if g in FIRST and p in FIRST)
    return {
        "n": len(pairs),
        "exact": sum(g == p for g, p in pairs) / len(pairs),
        "first_precision": tp / max(sum(p in FIRST for p in pred), 1),
        "first_recall": tp / max(sum(g in FIRST for g in gold), 1),
        "per_verdict": per,
        "confusion": {f"{g}->{p}": n for (g, p), n in Counter(pairs).most_common(10) if g != p},
    }


def print_scores(name: str, result: dict[str, Any]) -> None:
    print(f"\n== {name} (n={result['n']})")
    print(f"{'verdict':8} {'gold':>5} {'pred':>5} {'prec':>6} {'recall':>6}")
    for v, row in result["per_verdict"].items():
        print(f"{v:8} {row['gold']:5d} {row['pred']:5d} {row['precision']:6.2f} {row['recall']:6.2f}")
    print(
        f"exact agreement {result['exact']:.3f}; act+check precision {result['first_precision']:.2f}, "
        f"recall {result['first_recall']:.2f}"
    )
    print("most common disagreements (gold->pred):", result["confusion"])


def out_of_fold(
    examples: list[LabeledPaper], traps: list[bool], folds: int
) -> tuple[list[Classification], list[Relevance], list[Facts]]:
    """Each paper's type, relevance and facts from models trained on the other folds."""
    labels = [e.label for e in examples]
    types: list[Classification | None] = [None] * len(examples)
    relevance: list[Relevance | None] = [None] * len(examples)
    facts: list[Facts | None] = [None] * len(examples)
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=0)
    for number, (train, test) in enumerate(splitter.split(np.zeros(len(labels)), labels), 1):
        print(f"fold {number}/{folds}: training on {len(train)} papers", flush=True)
        papers = [examples[i].paper for i in train]
        model = TfidfClassifier().fit(papers, [labels[i] for i in train])
        voted = [examples[i] for i in train if examples[i].verdict]
        judge = RelevanceModel().fit_verdicts(
            [e.paper for e in voted],
            [str(e.verdict) for e in voted],
            calibrate=[calibrates(e) for e in voted],
        )
        trap_model = train_trap_model(papers, [traps[i] for i in train])
        held_out = [examples[i].paper for i in test]
        for i, c in zip(test, model.classify_many(held_out), strict=True):
            types[i] = c
            relevance[i] = judge.score(examples[i].paper)
            facts[i] = extract_facts(examples[i].paper, trap_model=trap_model)
    return (
        [c for c in types if c is not None],
        [r for r in relevance if r is not None],
        [f for f in facts if f is not None],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--json", type=Path, help="Also write the figures here as JSON.")
    args = parser.parse_args()
    paths = sorted((ROOT / "labels").glob("papers-*.jsonl"))
    examples = [e for path in paths for e in load_labeled(path)]
    traps = [row.cost_trap for path in paths for row in load_fact_labels(path)]
    dev_ids = {e.paper.arxiv_id for e in load_labeled(ROOT / "labels" / "papers-dev.jsonl")}
    types, relevance, facts = out_of_fold(examples, traps, args.folds)
    reference, policy = load_profile(), default_policy()
    focus_only = replace(reference, relevance="focus")

    def verdicts(chosen: list[int], readers_types: bool, use_relevance: bool) -> list[str]:
        result = []
        for i in chosen:
            e = examples[i]
            c = Classification(e.label, 0.9, None, (), "gold") if readers_types else types[i]
            profile = reference if use_relevance else focus_only
            r = relevance[i] if use_relevance else None
            result.append(decide(e.paper, c, facts[i], profile, policy, version="b", relevance=r).verdict)
        return result

    sets = {
        "papers-dev.jsonl, all": [i for i, e in enumerate(examples) if e.paper.arxiv_id in dev_ids],
        "random samples, both files": [i for i, e in enumerate(examples) if e.sample in RANDOM and e.verdict],
    }
    figures: dict[str, Any] = {}
    for set_name, chosen in sets.items():
        gold = [str(examples[i].verdict) for i in chosen]
        for how, readers_types, use_relevance in (
            ("product (out-of-fold types and relevance)", False, True),
            ("readers' types, out-of-fold relevance", True, True),
            ("out-of-fold types, focus patterns only", False, False),
        ):
            name = f"{set_name}: {how}"
            figures[name] = scores(gold, verdicts(chosen, readers_types, use_relevance))
            print_scores(name, figures[name])
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
