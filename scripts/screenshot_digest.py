"""Take the README's screenshot of the digest page (docs/digest.png) on the bundled data.

Uses the demo's store (.demo-home, as 'make demo' leaves it; filled from the
bundled snapshot if empty), serves it on a free port of 127.0.0.1 and opens
the digest in Debian's headless Chromium.

Usage: python scripts/screenshot_digest.py [--home DIR] [--out docs/digest.png]
"""

from __future__ import annotations

import argparse
import os
import socket
import threading
import time
from pathlib import Path

import uvicorn
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--home", type=Path, default=ROOT / ".demo-home")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "digest.png")
    args = parser.parse_args()
    os.environ["QUARTERDECK_HOME"] = str(args.home)
    from quarterdeck.web import create_app  # after the home is set

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    app = create_app(args.home / "quarterdeck.db", judge_in_background=False)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        if not thread.is_alive():
            raise SystemExit("the server did not start")
        time.sleep(0.1)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1250})
            page.goto(f"http://127.0.0.1:{port}/")
            args.out.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(args.out))
            browser.close()
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
