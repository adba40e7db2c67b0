"""End to end in headless Chromium (Debian's, driven by Playwright) against a server on 127.0.0.1.

One browser and one server for the module; each test leaves a screenshot of
its page in tests/output/screenshots/. Chromium comes from 'make test'
(scripts/ensure_chromium.sh); without it these tests skip, except under CI,
where they must run.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from quarterdeck.pipeline import Judge
from quarterdeck.store import Store
from quarterdeck.web import create_app

CHROMIUM = Path("/usr/bin/chromium")
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
SHOTS = Path(__file__).parent.parent / "output" / "screenshots"
POSTING = Path(__file__).parent.parent / "data" / "roles" / "ml-engineer-oncall.md"

if not CHROMIUM.exists():
    REASON = f"{CHROMIUM} is missing and could not be installed (make test runs scripts/ensure_chromium.sh)"
    if os.environ.get("CI"):
        pytest.fail(REASON, pytrace=False)
    pytest.skip(REASON, allow_module_level=True)


class Server:
    """The app under uvicorn in a thread, on a free port of 127.0.0.1."""

    def __init__(self, db: Path, judge: Judge) -> None:
        import uvicorn

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = int(probe.getsockname()[1])
        self.db = db
        config = uvicorn.Config(
            create_app(db, judge=judge, judge_in_background=False),
            host="127.0.0.1",
            port=self.port,
            log_level="warning",
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Server:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, prepared_db: Path, judge: Judge) -> Iterator[Server]:
    db = tmp_path_factory.mktemp("browser") / "quarterdeck.db"
    shutil.copy(prepared_db, db)
    with Server(db, judge) as running:
        yield running


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    opened = context.new_page()
    errors: list[str] = []
    opened.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    opened.on("pageerror", lambda e: errors.append(str(e)))
    yield opened
    context.close()
    # A blocked script or style (the content security policy) shows up here.
    assert errors == []


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_digest(page: Page, server: Server) -> None:
    page.goto(server.url + "/")
    expect(page.locator("h1")).to_have_text("Digest 2026-W22")
    expect(page.locator("svg.chart")).to_have_count(2)
    expect(page.locator("section#act article.paper").first).to_be_visible()
    expect(page.locator("article.paper mark").first).to_be_visible()
    expect(page.locator("select[name=week] option:checked")).to_have_text("2026-W22 (12)")
    shot(page, "digest")


def test_filter_by_type_then_open_a_paper_and_give_feedback(page: Page, server: Server) -> None:
    page.goto(server.url + "/papers")
    expect(page.locator("[data-total]")).to_have_text("12")
    page.select_option("form.filters select[name=type]", "benchmark")
    page.click("form.filters button[type=submit]")
    expect(page).to_have_url(re.compile(r"/papers\?.*type=benchmark"))
    rows = page.locator("table.papers tbody tr")
    count = rows.count()
    assert count >= 1
    expect(page.locator("[data-total]")).to_have_text(str(count))
    expect(page.locator("table.papers tbody [data-type]")).to_have_text(["benchmark"] * count)
    shot(page, "papers")

    link = rows.first.locator("td a").first
    title = link.inner_text()
    link.click()
    expect(page.locator("h1")).to_have_text(title)
    slug = page.url.rsplit("/", 1)[-1]
    page.click("#feedback button[value=changed_my_quarter]")
    expect(page.locator("#feedback [data-feedback-said]")).to_contain_text("Changed my quarter")
    with Store(server.db) as store:
        stored = store.get(slug)
        assert stored is not None
        assert [f.value for f in store.feedback_for(stored.id)] == ["changed_my_quarter"]
    page.reload()
    expect(page.locator("ul.history li")).to_have_count(1)
    shot(page, "paper")


def test_analyse_a_pasted_role_and_see_the_bar(page: Page, server: Server) -> None:
    page.goto(server.url + "/roles")
    page.fill("textarea[name=text]", POSTING.read_text())
    page.click("form.role-form button[type=submit]")
    expect(page).to_have_url(re.compile(r"/roles/\d+$"))
    bar = page.locator("[data-share-bar] rect.bar-engineering")
    expect(bar).to_be_visible()
    assert float(bar.get_attribute("width") or 0) > 0
    expect(page.locator("ol.duty-lines li.kind-engineering").first).to_be_visible()
    shot(page, "role")
    page.goto(server.url + "/roles")
    expect(page.locator("table.roles tbody tr")).to_have_count(1)
    shot(page, "roles")


def test_policy_and_profile(page: Page, server: Server) -> None:
    page.goto(server.url + "/policy")
    expect(page.locator("table.policy tbody tr").first).to_be_visible()
    shot(page, "policy")
    page.goto(server.url + "/profile")
    expect(page.locator("h1")).to_have_text("Profile")
    shot(page, "profile")
