"""How often the policy's verdict agrees with careful readers' verdicts.

Runs the policy over the random samples of ``labels/papers-*.jsonl`` (the
stream's real mix) twice: with the readers' own type (isolates the policy)
and with the classifier's type predicted out of fold (5-fold, so the
classifier never saw the paper it types: the product as shipped, honestly).
Prints per-verdict precision and recall, and agreement on "kept" (act, check,
budget) versus not. The facts' cost trap comes from a cost-trap model trained
on the same four folds (the bundled one has seen every labeled paper).

Usage: python benchmarks/verdicts.py
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

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

KEPT = {"act", "check", "budget"}
RANDOM = {"random", "random-qd"}


def report(name: str, gold: list[str], pred: list[str]) -> None:
    """Print per-verdict precision/recall and kept agreement."""
    pairs = list(zip(gold, pred, strict=True))
    print(f"\n== {name} (n={len(gold)})")
    print(f"{'verdict':8} {'gold':>5} {'pred':>5} {'prec':>6} {'recall':>6}")
    for v in VERDICTS:
        tp = sum(1 for g, p in pairs if g == p == v)
        n_gold, n_pred = gold.count(v), pred.count(v)
        print(f"{v:8} {n_gold:5d} {n_pred:5d} {tp / max(n_pred, 1):6.2f} {tp / max(n_gold, 1):6.2f}")
    kept_tp = sum(1 for g, p in pairs if g in KEPT and p in KEPT)
    kept_pred = sum(1 for _, p in pairs if p in KEPT)
    kept_gold = sum(1 for g, _ in pairs if g in KEPT)
    print(f"exact agreement {sum(g == p for g, p in pairs) / len(pairs):.3f}")
    print(
        f"kept (act/check/budget): precision {kept_tp / max(kept_pred, 1):.2f}, "
        f"recall {kept_tp / max(kept_gold, 1):.2f}"
    )
    print("confusion (gold -> pred):", dict(Counter(pairs).most_common(12)))


def out_of_fold(examples: list[LabeledPaper], traps: list[bool]) -> tuple[list[Classification], list[Facts]]:
    """Each paper's classification and facts by models trained on the other folds."""
    labels = [e.label for e in examples]
    result: list[Classification | None] = [None] * len(examples)
    facts: list[Facts | None] = [None] * len(examples)
    splitter = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    for train, test in splitter.split(np.zeros(len(labels)), labels):
        model = TfidfClassifier().fit([examples[i].paper for i in train], [labels[i] for i in train])
        for i, c in zip(test, model.classify_many([examples[i].paper for i in test]), strict=True):
            result[i] = c
        trap_model = train_trap_model([examples[i].paper for i in train], [traps[i] for i in train])
        for i in test:
            facts[i] = extract_facts(examples[i].paper, trap_model=trap_model)
    return [c for c in result if c is not None], [f for f in facts if f is not None]


def main() -> None:
    root = Path(__file__).resolve().parent.parent
    paths = sorted((root / "labels").glob("papers-*.jsonl"))
    examples = [e for path in paths for e in load_labeled(path)]
    traps = [row.cost_trap for path in paths for row in load_fact_labels(path)]
    predicted, facts = out_of_fold(examples, traps)
    profile, policy = load_profile(), default_policy()
    chosen = [i for i, e in enumerate(examples) if e.sample in RANDOM and e.verdict]
    gold = [str(examples[i].verdict) for i in chosen]

    def verdicts(types: list[Classification]) -> list[str]:
        return [
            decide(examples[i].paper, c, facts[i], profile, policy, version="b").verdict
            for i, c in zip(chosen, types, strict=True)
        ]

    readers = [Classification(examples[i].label, 0.9, None, (), "gold") for i in chosen]
    report("policy on readers' types", gold, verdicts(readers))
    report("policy on out-of-fold classifier types", gold, verdicts([predicted[i] for i in chosen]))


if __name__ == "__main__":
    main()
