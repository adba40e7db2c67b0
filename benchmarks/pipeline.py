"""Time the main job on the bundled data: first run, warm digest, store size.

Each measurement runs the real command in a fresh process (``quarterdeck
digest`` with its own QUARTERDECK_HOME), so start-up is included. Prints the
median of N runs and each run, since these machines are noisy.

Usage: python benchmarks/pipeline.py [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _timed(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def _row(name: str, times: list[float]) -> str:
    runs = ", ".join(f"{t:.2f}" for t in times)
    return f"{name:44} median {statistics.median(times):6.2f} s   runs: {runs}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    digest = [sys.executable, "-m", "quarterdeck", "digest"]
    cold: list[float] = []
    warm: list[float] = []
    size = 0
    for _ in range(args.runs):
        home = Path(tempfile.mkdtemp(prefix="qd-bench-"))
        env = {**os.environ, "QUARTERDECK_HOME": str(home)}
        try:
            cold.append(_timed(digest, env))
            warm.append(_timed(digest, env))
            size = (home / "quarterdeck.db").stat().st_size
        finally:
            shutil.rmtree(home)
    version = [sys.executable, "-m", "quarterdeck", "--version"]
    startup = [_timed(version, dict(os.environ)) for _ in range(args.runs)]
    print(_row("digest, empty store (ingest + classify all)", cold))
    print(_row("digest, warm store", warm))
    print(_row("start-up (quarterdeck --version)", startup))
    print(f"{'store size after the bundled snapshot':44} {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
