"""How well role analysis reads postings, against careful readers' labels, and how fast it runs.

Labels: ``labels/role-lines.jsonl`` (every line of 146 postings: section and
duty kind) and ``labels/role-postings.jsonl`` (each posting's role class and
whether its title fits), see labels/PROVENANCE.md. Methods compared:

- ``rules+lexicon``: heading/line-cue rules for sections, the bundled
  lexicon for kinds; nothing fitted. Its phrases and rules were written
  looking at the first 50 dev postings, so it is also scored on the other 96
  ("unseen").
- ``model``: the trained line model (section head over words + the rules'
  guess; kind head over words + lexicon coverage), scored out of fold by
  5-fold cross-validation grouped by posting (no posting is in its own
  training fold).
- ``model-skillspan``: the same model trained on the 46 SkillSpan postings
  (MIT) only, scored on the 100 dev postings it never saw (and on SkillSpan
  out of fold).

Line metrics: kind accuracy over all lines (11 classes; a line outside the
predicted duty/requirement sections is ``none``), section accuracy (6
classes), kind accuracy on the readers' duty and requirement lines, and
per-kind precision/recall. Posting metrics: role class accuracy (the class
the analysis computes vs the readers' ``role_class``) and title-fit accuracy.

Speed: median time to analyse a typical posting in-process after start-up,
and the median wall time of the whole ``quarterdeck role FILE`` command.

Usage: python benchmarks/roles.py [--json OUT] [--runs N]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from quarterdeck.errors import InputError
from quarterdeck.roles import analyse_source
from quarterdeck.roles.analyse import LexiconClassifier, LineClassifier, analyse
from quarterdeck.roles.lexicon import bundled_lexicon
from quarterdeck.roles.model import ModelClassifier
from quarterdeck.roles.records import DUTIES, KINDS, NONE, Posting
from quarterdeck.roles.train import LabeledPosting, fit_line_model, load_labeled

ROOT = Path(__file__).resolve().parent.parent
LINES = ROOT / "labels" / "role-lines.jsonl"
POSTINGS = ROOT / "labels" / "role-postings.jsonl"
LEXICON_TUNED_ON = 50
"""The lexicon and section rules were written looking at the first 50 labeled postings."""
FOLDS = 5


def predict(classifier: LineClassifier, posting: LabeledPosting) -> tuple[list[str], list[str], str, bool]:
    """(sections, kinds, role class, title fits) as the product computes them."""
    sections = classifier.sections(posting.lines)
    scored = [i for i, s in enumerate(sections) if s in ("duty", "requirement")]
    kinds = [NONE] * len(sections)
    for i, (kind, _) in zip(scored, classifier.kinds([posting.lines[i].text for i in scored]), strict=True):
        kinds[i] = kind
    try:
        report = analyse(Posting(posting.title, posting.lines, posting.posting_id, ""), classifier)
        role_class, fits = report.role_class, report.title_matches
    except InputError:  # no recognisable duties: the product says so, which is "unclear"
        role_class, fits = "unclear", True
    return sections, kinds, role_class, fits


def score(
    postings: Sequence[LabeledPosting], predictions: Sequence[tuple[list[str], list[str], str, bool]]
) -> dict[str, Any]:
    """Line and posting metrics of predictions against the readers' labels."""
    gold_s = [s for p in postings for s in p.sections]
    gold_k = [k for p in postings for k in p.kinds]
    pred_s = [s for pr in predictions for s in pr[0]]
    pred_k = [k for pr in predictions for k in pr[1]]
    n = len(gold_k)
    scored = [i for i, s in enumerate(gold_s) if s in ("duty", "requirement")]
    per_kind = {}
    for kind in KINDS:
        tp = sum(1 for g, p in zip(gold_k, pred_k, strict=True) if g == p == kind)
        predicted = sum(1 for p in pred_k if p == kind)
        gold = sum(1 for g in gold_k if g == kind)
        per_kind[kind] = {
            "precision": tp / predicted if predicted else 0.0,
            "recall": tp / gold if gold else 0.0,
            "support": gold,
        }
    labeled = [(p, pr) for p, pr in zip(postings, predictions, strict=True) if p.role_class is not None]
    return {
        "postings": len(postings),
        "lines": n,
        "kind_accuracy": sum(g == p for g, p in zip(gold_k, pred_k, strict=True)) / n,
        "section_accuracy": sum(g == p for g, p in zip(gold_s, pred_s, strict=True)) / n,
        "kind_accuracy_on_duty_and_requirement_lines": sum(gold_k[i] == pred_k[i] for i in scored)
        / len(scored),
        "role_class_accuracy": sum(p.role_class == pr[2] for p, pr in labeled) / len(labeled),
        "title_fit_accuracy": sum(p.title_matches == pr[3] for p, pr in labeled) / len(labeled),
        "per_kind": per_kind,
    }


def out_of_fold(
    postings: Sequence[LabeledPosting], make: Callable[[Sequence[LabeledPosting]], LineClassifier]
) -> list[tuple[list[str], list[str], str, bool]]:
    """Predictions for every posting by a model trained on the folds without it (grouped by posting)."""
    from sklearn.model_selection import GroupKFold

    result: list[Any] = [None] * len(postings)
    ids = list(range(len(postings)))
    for train, test in GroupKFold(n_splits=FOLDS).split(ids, groups=ids):
        classifier = make([postings[i] for i in train])
        for i in test:
            result[i] = predict(classifier, postings[i])
    return result


def speed(runs: int) -> dict[str, float]:
    """Median in-process analysis time of a typical posting after start-up, and the CLI's wall time."""
    # A typical posting: the median-length one among the labeled postings, rebuilt from its lines.
    labeled = load_labeled(LINES)
    typical = sorted(labeled, key=lambda p: len(p.lines))[len(labeled) // 2]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "posting.txt"
        path.write_text("\n".join([typical.title] + [line.text for line in typical.lines]), encoding="utf-8")
        analyse_source(str(path))  # start-up: lexicon, model and language model load once
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            analyse_source(str(path))
            times.append(time.perf_counter() - start)
        env = {**os.environ, "QUARTERDECK_HOME": str(Path(tmp) / "home")}
        walls = []
        for _ in range(5):
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "quarterdeck", "role", str(path), "--no-save", "--format", "json"],
                check=True,
                env=env,
                stdout=subprocess.DEVNULL,
            )
            walls.append(time.perf_counter() - start)
    return {
        "typical_posting_lines": float(len(typical.lines)),
        "analysis_ms_median": 1000 * statistics.median(times),
        "command_wall_s_median": statistics.median(walls),
    }


def _print(name: str, result: dict[str, Any]) -> None:
    print(
        f"{name:<37} lines {result['lines']:>5}  kind {result['kind_accuracy']:.3f}  "
        f"section {result['section_accuracy']:.3f}  "
        f"kind on duty/req {result['kind_accuracy_on_duty_and_requirement_lines']:.3f}  "
        f"postings {result['postings']:>3}  role class {result['role_class_accuracy']:.3f}  "
        f"title fit {result['title_fit_accuracy']:.3f}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--json", type=Path, help="Also write all numbers to this file.")
    parser.add_argument("--runs", type=int, default=50, help="In-process timing runs (default 50).")
    args = parser.parse_args()
    postings = load_labeled(LINES, POSTINGS)
    os.environ["QUARTERDECK_HOME"] = tempfile.mkdtemp(prefix="qd-bench-")  # no user duties.toml or model
    lexicon = bundled_lexicon()
    results: dict[str, Any] = {}

    rules = LexiconClassifier(lexicon)
    predictions = [predict(rules, p) for p in postings]
    results["rules+lexicon (all)"] = score(postings, predictions)
    results["rules+lexicon (unseen 96)"] = score(postings[LEXICON_TUNED_ON:], predictions[LEXICON_TUNED_ON:])

    def trained(train: Sequence[LabeledPosting]) -> LineClassifier:
        return ModelClassifier(fit_line_model(train, lexicon), lexicon)

    oof = out_of_fold(postings, trained)
    results["model, 5-fold by posting (all)"] = score(postings, oof)
    results["model, 5-fold by posting (SkillSpan)"] = score(
        [p for p in postings if p.posting_id.startswith("skillspan")],
        [pr for p, pr in zip(postings, oof, strict=True) if p.posting_id.startswith("skillspan")],
    )

    skillspan = [p for p in postings if p.posting_id.startswith("skillspan")]
    dev = [p for p in postings if not p.posting_id.startswith("skillspan")]
    only_skillspan = trained(skillspan)
    results["model-skillspan on dev (unseen)"] = score(dev, [predict(only_skillspan, p) for p in dev])
    results["model-skillspan, 5-fold (SkillSpan)"] = score(skillspan, out_of_fold(skillspan, trained))
    results["rules+lexicon (SkillSpan)"] = score(skillspan, [predict(rules, p) for p in skillspan])
    results["rules+lexicon (dev)"] = score(dev, [predict(rules, p) for p in dev])
    results["model, 5-fold by posting (dev)"] = score(
        dev, [pr for p, pr in zip(postings, oof, strict=True) if not p.posting_id.startswith("skillspan")]
    )

    total = sum(len(p.lines) for p in postings)
    print(f"Role analysis against {len(postings)} labeled postings ({total} lines)\n")
    for name, result in results.items():
        _print(name, result)
    best = results["model, 5-fold by posting (all)"]
    print("\nPer kind, model out of fold (precision / recall / support):")
    for kind in (*DUTIES, NONE):
        k = best["per_kind"][kind]
        print(f"  {kind:<14} {k['precision']:.2f} / {k['recall']:.2f} / {k['support']}")
    timing = speed(args.runs)
    results["speed"] = timing
    print(
        f"\nSpeed: a typical posting ({timing['typical_posting_lines']:.0f} lines) analysed in "
        f"{timing['analysis_ms_median']:.1f} ms (median of {args.runs}, after start-up; target < 200 ms); "
        f"'quarterdeck role FILE' takes {timing['command_wall_s_median']:.2f} s wall (median of 5)."
    )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
