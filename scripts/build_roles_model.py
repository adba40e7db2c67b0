"""Build the role line model from the labeled postings in labels/ (``make roles-model``).

Trains on ``labels/role-lines.jsonl`` with the bundled lexicon only (never a
user's duties.toml) and writes ``roles-model.npz`` into the home directory
($QUARTERDECK_HOME), where ``quarterdeck role`` picks it up. It is not
bundled in the package: the dev postings carry no licence, and the model's
vocabulary holds fragments of their text.
``--only-skillspan`` trains on the SkillSpan postings (MIT) alone, for a
model that holds nothing derived from the unlicensed dev postings.

Usage: python scripts/build_roles_model.py [--only-skillspan] [--out PATH]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from quarterdeck.classify.model_file import save_model
from quarterdeck.roles.lexicon import bundled_lexicon
from quarterdeck.roles.model import user_model_path
from quarterdeck.roles.train import fit_line_model, load_labeled

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--only-skillspan", action="store_true", help="Train on the SkillSpan postings only.")
    parser.add_argument("--out", type=Path, default=user_model_path())
    args = parser.parse_args()
    postings = load_labeled(ROOT / "labels" / "role-lines.jsonl")
    if args.only_skillspan:
        postings = [p for p in postings if p.posting_id.startswith("skillspan")]
    which = (
        "SkillSpan postings (MIT)" if args.only_skillspan else "labeled postings (labels/role-lines.jsonl)"
    )
    lines = sum(len(p.lines) for p in postings)
    model = fit_line_model(postings, bundled_lexicon(), trained_on=f"{len(postings)} {which}, {lines} lines")
    save_model(model, args.out)
    print(f"Wrote {args.out}: {model.version}, trained on {model.trained_on}; {len(model.terms)} terms")


if __name__ == "__main__":
    main()
