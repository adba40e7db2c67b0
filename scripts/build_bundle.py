"""Build the bundled arXiv snapshot shipped as package data.

Reads the shared corpus (``../shared/data/arxiv``) once, at build time, and
writes the ISO weeks 2026-W19 to 2026-W22 (4 to 31 May 2026) to
``src/quarterdeck/data/arxiv-snapshot.jsonl.gz``. The weeks stop before
2026-06-01 on purpose: papers from June 2026 on are reserved for independent
evaluation, and the demo output is something developers read while tuning.

Usage: python scripts/build_bundle.py [SHARED_DATA_DIR]
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import sys
from pathlib import Path

FIRST_DAY = dt.date(2026, 5, 4)
LAST_DAY = dt.date(2026, 5, 31)
FIELDS = ("id", "title", "abstract", "categories", "primary_category", "published", "authors", "comment")


def main() -> None:
    shared = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parents[2] / "shared" / "data"
    out = Path(__file__).parents[1] / "src" / "quarterdeck" / "data" / "arxiv-snapshot.jsonl.gz"
    rows = []
    with gzip.open(shared / "arxiv" / "2026-05.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            day = dt.date.fromisoformat(record["published"][:10])
            if FIRST_DAY <= day <= LAST_DAY:
                rows.append({k: record.get(k) for k in FIELDS})
    rows.sort(key=lambda r: (r["published"], r["id"]))
    # mtime=0 keeps the file byte-identical across rebuilds.
    with open(out, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, compresslevel=9) as gz:
        for record in rows:
            gz.write((json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8"))
    print(f"wrote {len(rows)} papers to {out}")


if __name__ == "__main__":
    main()
