"""The fetch command and ingest of URLs and DOIs, end to end on recorded responses."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner, Result

from quarterdeck import fetch as fetching
from quarterdeck.cli import cli
from quarterdeck.http import HttpClient
from tests.fetch_fakes import FakeClock, Router, make_client, recorded
from tests.test_cli import one_line_error, stored_count
from tests.test_fetch import arxiv_routes, hf_routes
from tests.test_http import _dns_failure

PROFILE = """
categories = ["cs.CL", "cs.LG", "cs.AI"]
sources = ["arxiv", "huggingface"]
"""


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=True)


@pytest.fixture
def router(monkeypatch: pytest.MonkeyPatch, home: Path) -> Router:
    """Every request the commands send goes to this router; sleeps go to a fake clock."""
    routes = Router()
    clock = FakeClock()

    def client() -> HttpClient:
        return make_client(routes, clock)

    monkeypatch.setattr(fetching, "open_client", client)
    home.mkdir(parents=True, exist_ok=True)
    (home / "profile.toml").write_text(PROFILE)
    return routes


WINDOW = ("--from", "2026-05-25", "--to", "2026-05-26")


def test_fetch_stores_papers_and_reports_per_source(router: Router, home: Path) -> None:
    hf_routes(arxiv_routes(router))
    result = run("fetch", *WINDOW)
    assert result.exit_code == 0, result.output + result.stderr
    assert "arxiv" in result.stdout and "huggingface" in result.stdout
    assert "Stored 8 new paper(s) in 6 request(s)." in result.stdout
    assert stored_count(home) == 8
    shown = json.loads(run("papers", "show", "2605.22826", "--format", "json").stdout)
    assert shown["upvotes"] == 37
    assert [d["source"] for d in shown["source_details"]] == ["arxiv", "huggingface"]
    terminal = run("papers", "show", "2605.22826").stdout
    assert "huggingface:2605.22826 (37 upvotes, featured 2026-05-26)" in terminal


def test_fetch_again_skips_nothing_new_but_refreshes_unsettled_days(router: Router, home: Path) -> None:
    hf_routes(arxiv_routes(router))
    run("fetch", *WINDOW)
    first = len(router.requests)
    result = run("fetch", *WINDOW)
    assert result.exit_code == 0
    assert "Stored 0 new paper(s)" in result.stdout
    # Days far in the past settled long ago: the second run asks for nothing.
    assert len(router.requests) == first


def test_dry_run_sends_no_request_and_says_what_it_would_do(router: Router) -> None:
    result = run("fetch", "--dry-run", *WINDOW, "--source", "arxiv")
    assert result.exit_code == 0, result.stderr
    assert router.requests == []
    assert "Would fetch 2026-05-25 to 2026-05-26" in result.stdout
    assert "fetch    arXiv API cs.AI, cs.CL, cs.LG submitted 2026-05-25: not fetched before" in result.stdout
    assert "at least 3 s" in result.stdout


def test_unknown_source_is_one_line_with_the_known_names(router: Router) -> None:
    line = one_line_error(run("fetch", "--source", "arxive"))
    assert line == "Error: unknown source 'arxive'; known sources: arxiv, arxiv-rss, huggingface, feeds"
    assert router.requests == []


def test_some_sources_failing_exits_zero_and_names_the_failure(router: Router, home: Path) -> None:
    arxiv_routes(router).add("huggingface.co", _dns_failure())
    result = run("fetch", *WINDOW)
    assert result.exit_code == 0
    assert "failed huggingface: cannot resolve host huggingface.co (DNS lookup failed)" in result.stderr
    assert "Failed: huggingface (the rest is stored; run fetch again to retry)." in result.stderr
    assert stored_count(home) == 7


def test_nothing_fetched_exits_non_zero(router: Router, home: Path) -> None:
    router.add("", httpx.Response(503))
    result = run("fetch", *WINDOW)
    assert result.exit_code == 1
    assert (
        "failed arxiv: HTTP 503 Service Unavailable from https://export.arxiv.org/api/query?" in result.stderr
    )
    assert "Nothing could be fetched: arxiv, huggingface failed." in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_dates_are_one_line(router: Router) -> None:
    line = one_line_error(run("fetch", "--since", "last week"))
    assert line == "Error: --since last week: expected a date YYYY-MM-DD or a span like 7d or 2w"


def test_ingest_a_doi_an_arxiv_id_and_a_file_together(router: Router, home: Path, sample_path: Path) -> None:
    router.add("/works/doi:10.1038/s41586-020-2649-2", recorded("openalex/10.1038-s41586-020-2649-2.json"))
    router.add(
        lambda r: r.url.params.get("id_list") == "1706.03762", recorded("arxiv-api/ids-1706.03762.xml")
    )
    result = run("ingest", "10.1038/s41586-020-2649-2", "arxiv:1706.03762", str(sample_path))
    assert result.exit_code == 0, result.stderr
    assert "Read 14 item(s) from 1 file(s) and 2 link(s): 14 new" in result.stdout
    shown = json.loads(run("papers", "show", "10.1038/s41586-020-2649-2", "--format", "json").stdout)
    assert shown["title"] == "Array programming with NumPy"


def test_ingest_a_link_that_fails_is_one_rejected_line(router: Router, home: Path) -> None:
    router.add("", _dns_failure())
    result = run("ingest", "https://blog.example.invalid/post")
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "rejected https://blog.example.invalid/post: cannot resolve host blog.example.invalid "
        "(DNS lookup failed): check the address and your network"
    )


def test_fetch_reaches_a_local_mirror_named_by_environment_variables(
    monkeypatch: pytest.MonkeyPatch, home: Path, tmp_path: Path
) -> None:
    # A real HTTP server on 127.0.0.1 standing in for arXiv: the env var redirects the client.
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from tests.fetch_fakes import FETCH_DATA

    class Mirror(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = (FETCH_DATA / "arxiv-api/empty.xml").read_bytes()
            if "start=0" in self.path and "20260525" in self.path:
                body = (
                    (FETCH_DATA / "arxiv-api/day-2026-05-25-p1.xml")
                    .read_bytes()
                    .replace(b">7</opensearch:totalResults>", b">3</opensearch:totalResults>")
                )
            self.send_response(200)
            self.send_header("Content-Type", "application/atom+xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Mirror)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    clock = FakeClock()
    monkeypatch.setattr(fetching, "open_client", lambda: HttpClient(clock=clock.clock, sleep=clock.sleep))
    monkeypatch.setenv("QUARTERDECK_ARXIV_API_URL", f"http://127.0.0.1:{server.server_address[1]}/api/query")
    try:
        result = run("fetch", "--source", "arxiv", *WINDOW)
    finally:
        server.shutdown()
        server.server_close()
    assert result.exit_code == 0, result.stderr
    assert stored_count(home) == 3
    assert len(clock.sleeps) == 1 and 0 < clock.sleeps[0] <= 3.0  # the mirror is paced like arXiv


def test_the_digest_works_on_fetched_papers(router: Router, home: Path) -> None:
    hf_routes(arxiv_routes(router))
    assert run("fetch", *WINDOW).exit_code == 0
    result = run("digest", "--week", "2026-W22", "--format", "json")
    assert result.exit_code == 0, result.stderr
    digest = json.loads(result.stdout)
    assert digest["papers_read"] == 8


def test_fetch_has_help() -> None:
    result = run("fetch", "--help")
    assert result.exit_code == 0
    assert "--dry-run" in result.stdout and "--source NAME" in result.stdout
