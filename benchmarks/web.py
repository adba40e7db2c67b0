"""Time the web app's pages on a store holding the whole arXiv corpus (71,788 papers).

Builds the store once (ingest every ``*.jsonl.gz`` of the corpus, classify,
make every verdict) in a folder that later runs reuse, then renders each page
in-process through Starlette's test client: the first request after start
(empty caches), then the median of 5. Server-side time only: no network, no
browser. Prints timings and counts, never paper text.

Usage: python benchmarks/web.py [--home DIR] [--corpus DIR] [--runs 5]
(``QUARTERDECK_BENCH_WEB_HOME`` sets the folder too; default: a folder in the system temp dir.)
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from starlette.testclient import TestClient

from quarterdeck.pipeline import Engine, ensure_ready, ingest_paths, judge_pending, open_judge
from quarterdeck.roles import analyse_source
from quarterdeck.store import Store
from quarterdeck.web import create_app

ROOT = Path(__file__).resolve().parent.parent
POSTINGS = ROOT / "tests" / "data" / "roles"


def prepare(home: Path, corpus: Path) -> None:
    """Fill the store with the corpus (once), classify it and make every verdict; print what it took."""
    files = sorted(corpus.glob("*.jsonl.gz"))
    if not files:
        print(f"no *.jsonl.gz files in {corpus}: timing on the bundled snapshot instead")
    with Store(home / "quarterdeck.db") as store:
        if store.count_papers() == 0 and files:
            start = time.perf_counter()
            report = ingest_paths(store, files)
            took = time.perf_counter() - start
            print(f"ingest {report.new:,} papers from {len(files)} files: {took:.0f} s")
        engine = Engine(store, open_judge())
        start = time.perf_counter()
        ensure_ready(engine)
        classified = time.perf_counter() - start
        start = time.perf_counter()
        made = judge_pending(engine)
        judged = time.perf_counter() - start
        print(f"classify pending: {classified:.1f} s; verdicts made: {made:,} in {judged:.1f} s")
        if not store.list_roles():
            for posting in sorted(POSTINGS.glob("*.md")):
                store.save_role(analyse_source(str(posting)))
        print(f"store: {store.count_papers():,} papers, {len(store.list_roles())} roles")


def timed(client: TestClient, url: str) -> float:
    start = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - start
    if response.status_code != 200:
        sys.exit(f"{url}: HTTP {response.status_code}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    default_home = os.environ.get("QUARTERDECK_BENCH_WEB_HOME") or str(
        Path(tempfile.gettempdir()) / "quarterdeck-bench-web"
    )
    parser.add_argument("--home", type=Path, default=Path(default_home))
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "data" / "arxiv")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    args.home.mkdir(parents=True, exist_ok=True)
    os.environ["QUARTERDECK_HOME"] = str(args.home)
    prepare(args.home, args.corpus)

    start = time.perf_counter()
    app = create_app(args.home / "quarterdeck.db", allowed_hosts=None)
    with TestClient(app, base_url="http://localhost") as client:
        started = time.perf_counter() - start
        cold = timed(client, "/")
        weeks = client.get("/index.json").json()["weeks"]
        paper = client.get("/papers.json?per_page=1").json()["papers"][0]["url"]
        routes = [
            ("/", "/"),
            ("/ (an early week)", f"/?week={weeks[-1]['week']}"),
            ("/index.json", "/index.json"),
            ("/papers", "/papers"),
            ("/papers?q=speculative decoding", "/papers?q=speculative+decoding"),
            ("/papers?q=agents (many matches)", "/papers?q=agents"),
            ("/papers?type=benchmark&verdict=check", "/papers?type=benchmark&verdict=check"),
            ("/papers?sort=verdict&page=100", "/papers?sort=verdict&page=100"),
            ("/papers/{id}", paper),
            ("/roles", "/roles"),
            ("/policy", "/policy"),
            ("/profile", "/profile"),
        ]
        print(f"\napp start-up (store checked, judge loaded): {started * 1000:.0f} ms")
        print(f"weeks in the store: {len(weeks)}")
        print(f"first digest after start (week list and trend computed): {cold * 1000:.0f} ms")
        print(f"\n{'page':40} {'first':>8} {'median':>8} {'min':>8} {'max':>8}   (ms, {args.runs} runs)")
        for name, url in routes:
            first = timed(client, url)
            times = [timed(client, url) for _ in range(args.runs)]
            print(
                f"{name:40} {first * 1000:8.0f} {statistics.median(times) * 1000:8.0f} "
                f"{min(times) * 1000:8.0f} {max(times) * 1000:8.0f}"
            )


if __name__ == "__main__":
    main()
