"""Rebuild the bundled cost-trap detector from the readers' labels in ``labels/``.

Trains on every paper of ``labels/papers-dev.jsonl`` and
``labels/papers-quarterdeck.jsonl`` (papers from 2026-06-01 on are refused),
and writes ``src/quarterdeck/data/cost-trap.npz``. How well it does on papers
it has not seen is measured by ``benchmarks/facts.py`` (cross-validated).

Usage: python scripts/train_cost_trap.py [OUT]
"""

from __future__ import annotations

import sys
from pathlib import Path

from quarterdeck.classify.model_file import save_model
from quarterdeck.facts.labels import load_fact_labels
from quarterdeck.facts.trap_model import BUNDLED, train_trap_model

ROOT = Path(__file__).resolve().parents[1]
FILES = ("papers-dev.jsonl", "papers-quarterdeck.jsonl")


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "src" / "quarterdeck" / "data" / BUNDLED
    rows = [row for name in FILES for row in load_fact_labels(ROOT / "labels" / name)]
    model = train_trap_model([r.paper for r in rows], [r.cost_trap for r in rows])
    save_model(model, out)
    print(f"{out}: {model.version}, {len(model.terms_)} terms, threshold {model.threshold_:.3f}")


if __name__ == "__main__":
    main()
