"""Run every benchmark in turn: ``make bench`` (or ``python benchmarks/run.py``)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent
BENCHMARKS = ("pipeline.py", "classify.py", "verdicts.py", "facts.py", "roles.py", "web.py")


def main() -> int:
    failed = 0
    for name in BENCHMARKS:
        print(f"\n### {name}\n", flush=True)
        failed += subprocess.run([sys.executable, str(HERE / name)], check=False).returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
