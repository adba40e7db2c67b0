from __future__ import annotations

import datetime as dt
import email.utils
import socket
import ssl
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from quarterdeck import __version__
from quarterdeck.endpoints import DEFAULTS, resolve_endpoints
from quarterdeck.errors import (
    ConfigError,
    DnsError,
    FetchTimeoutError,
    HttpStatusError,
    TlsError,
    UnreachableError,
)
from quarterdeck.http import HttpClient, RetryPolicy, parse_retry_after
from tests.fetch_fakes import FakeClock, Router, make_client

ARXIV = "https://export.arxiv.org/api/query"


def ok(text: str = "ok") -> httpx.Response:
    return httpx.Response(200, text=text)


def test_requests_to_arxiv_are_paced_three_seconds_apart_without_sleeping() -> None:
    clock = FakeClock()
    router = Router().add("arxiv.org", ok())
    with make_client(router, clock) as client:
        for _ in range(3):
            client.get(ARXIV)
    assert clock.sleeps == [3.0, 3.0]
    assert len(router.requests) == 3


def test_pacing_is_per_host_and_counts_time_already_passed() -> None:
    clock = FakeClock()
    router = Router().add("", ok())
    with make_client(router, clock) as client:
        client.get(ARXIV)
        client.get("https://huggingface.co/api/daily_papers")  # another host: no wait
        clock.now += 2.0  # two seconds of other work
        client.get(ARXIV)  # only the remaining second
    assert clock.sleeps == [1.0]


def test_all_arxiv_hosts_share_one_pace() -> None:
    clock = FakeClock()
    router = Router().add("", ok())
    with make_client(router, clock) as client:
        client.get(ARXIV)
        client.get("https://rss.arxiv.org/rss/cs.CL")
    assert clock.sleeps == [3.0]


def test_a_mirror_asked_to_be_paced_like_arxiv_is() -> None:
    clock = FakeClock()
    router = Router().add("", ok())
    with make_client(router, clock) as client:
        client.get("http://127.0.0.1:9/api/query", min_interval=3.0)
        client.get("http://127.0.0.1:9/api/query", min_interval=3.0)
    assert clock.sleeps == [3.0]


def test_429_waits_as_long_as_retry_after_says() -> None:
    clock = FakeClock()
    router = Router().add("", httpx.Response(429, headers={"Retry-After": "7"}), ok())
    with make_client(router, clock) as client:
        assert client.get("https://huggingface.co/api/daily_papers").text == "ok"
    assert clock.sleeps == [7.0]
    assert client.requests == 2


def test_retry_after_as_an_http_date() -> None:
    when = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=30)
    header = email.utils.format_datetime(when, usegmt=True)
    clock = FakeClock()
    router = Router().add("", httpx.Response(503, headers={"Retry-After": header}), ok())
    with make_client(router, clock) as client:
        client.get("https://huggingface.co/api/daily_papers")
    assert len(clock.sleeps) == 1
    assert 20.0 < clock.sleeps[0] <= 30.0


def test_parse_retry_after() -> None:
    now = dt.datetime(2026, 5, 1, 12, 0, 0, tzinfo=dt.UTC)
    assert parse_retry_after("120", now) == 120.0
    assert parse_retry_after("Fri, 01 May 2026 12:01:00 GMT", now) == 60.0
    assert parse_retry_after("Fri, 01 May 2026 11:00:00 GMT", now) == 0.0  # in the past: no wait
    assert parse_retry_after("soon", now) is None
    assert parse_retry_after(None, now) is None


def test_5xx_backs_off_exponentially_then_fails_in_one_line() -> None:
    clock = FakeClock()
    router = Router().add("", httpx.Response(503))
    with make_client(router, clock) as client, pytest.raises(HttpStatusError) as caught:
        client.get("https://huggingface.co/api/daily_papers", params={"date": "2026-05-26"})
    assert clock.sleeps == [2.0, 4.0, 8.0]
    assert len(router.requests) == 4
    message = str(caught.value)
    assert (
        message == "HTTP 503 Service Unavailable from https://huggingface.co/api/daily_papers?date=2026-05-26"
    )
    assert caught.value.status == 503


def test_a_retry_after_too_long_to_wait_for_is_reported() -> None:
    clock = FakeClock()
    router = Router().add("", httpx.Response(429, headers={"Retry-After": "3600"}))
    with make_client(router, clock) as client, pytest.raises(HttpStatusError, match="wait 3600 s"):
        client.get("https://huggingface.co/api/daily_papers")
    assert clock.sleeps == []


def test_4xx_is_not_retried() -> None:
    clock = FakeClock()
    router = Router().add("", httpx.Response(404))
    with make_client(router, clock) as client, pytest.raises(HttpStatusError) as caught:
        client.get("https://api.openalex.org/works/doi:10.1/x")
    assert len(router.requests) == 1
    assert str(caught.value) == "HTTP 404 Not Found from https://api.openalex.org/works/doi:10.1/x"


def test_timeouts_are_retried_then_reported_with_the_host() -> None:
    clock = FakeClock()
    router = Router().add("", httpx.ReadTimeout("timed out"))
    with make_client(router, clock, attempts=3) as client, pytest.raises(FetchTimeoutError) as caught:
        client.get(ARXIV)
    assert len(router.requests) == 3
    assert str(caught.value).startswith("export.arxiv.org did not answer within 30 s")


def test_a_timeout_then_success_recovers() -> None:
    clock = FakeClock()
    router = Router().add("", httpx.ConnectTimeout("timed out"), ok("late"))
    with make_client(router, clock) as client:
        assert client.get("https://huggingface.co/api/x").text == "late"
    assert clock.sleeps == [2.0]


def _dns_failure() -> httpx.ConnectError:
    # What httpx raises for an unknown host: a ConnectError caused by socket.gaierror.
    try:
        try:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        except socket.gaierror as exc:
            raise httpx.ConnectError("[Errno -2] Name or service not known") from exc
    except httpx.ConnectError as error:
        return error


def test_dns_failure_is_one_line_and_not_retried() -> None:
    clock = FakeClock()
    router = Router().add("", _dns_failure())
    with make_client(router, clock) as client, pytest.raises(DnsError) as caught:
        client.get("https://rss.arxiv.org/rss/cs.CL")
    assert len(router.requests) == 1
    assert str(caught.value) == (
        "cannot resolve host rss.arxiv.org (DNS lookup failed): check the address and your network"
    )


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def test_unreachable_host_on_a_real_socket() -> None:
    clock = FakeClock()
    port = _closed_port()
    with (
        HttpClient(clock=clock.clock, sleep=clock.sleep, retry=RetryPolicy(attempts=2)) as client,
        pytest.raises(UnreachableError) as caught,
    ):
        client.get(f"http://127.0.0.1:{port}/api/query")
    assert str(caught.value) == "cannot connect to 127.0.0.1: connection refused"
    assert clock.sleeps == [2.0]  # retried once: a refused connection may be a restart


class _Plain(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = b"plain http"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def plain_server() -> Iterator[int]:
    """An HTTP (not HTTPS) server on 127.0.0.1."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Plain)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_tls_error_on_a_real_socket(plain_server: int) -> None:
    clock = FakeClock()
    with HttpClient(clock=clock.clock, sleep=clock.sleep) as client, pytest.raises(TlsError) as caught:
        client.get(f"https://127.0.0.1:{plain_server}/")
    assert str(caught.value).startswith("TLS error talking to 127.0.0.1: ")
    assert "\n" not in str(caught.value)
    assert clock.sleeps == []  # a TLS failure needs a person, not a retry


def test_certificate_failure_is_a_tls_error() -> None:
    try:
        try:
            raise ssl.SSLCertVerificationError(1, "certificate verify failed: self-signed certificate")
        except ssl.SSLError as exc:
            raise httpx.ConnectError("certificate verify failed") from exc
    except httpx.ConnectError as error:
        failure = error
    router = Router().add("", failure)
    with make_client(router, FakeClock()) as client, pytest.raises(TlsError, match=r"huggingface\.co"):
        client.get("https://huggingface.co/api/x")


def test_user_agent_names_the_tool(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUARTERDECK_CONTACT", "me@example.org")
    router = Router().add("", ok())
    with make_client(router, FakeClock()) as client:
        client.get(ARXIV)
    agent = router.requests[0].headers["User-Agent"]
    assert agent.startswith(f"quarterdeck/{__version__} (research-paper triage")
    assert agent.endswith("; mailto:me@example.org)")


def test_the_local_server_answers_plain_http(plain_server: int) -> None:
    with HttpClient() as client:
        assert client.get(f"http://127.0.0.1:{plain_server}/x").text == "plain http"


def test_endpoints_environment_wins_over_profile_wins_over_default() -> None:
    profile = (
        ("arxiv_api", "https://mirror.example.org/api/query"),
        ("hf_api", "https://hf.example.org/api"),
    )
    env = {"QUARTERDECK_HF_API_URL": "http://127.0.0.1:8000/api/"}
    chosen = resolve_endpoints(profile, env)
    assert chosen.arxiv_api == "https://mirror.example.org/api/query"
    assert chosen.hf_api == "http://127.0.0.1:8000/api"
    assert chosen.openalex == DEFAULTS["openalex"]
    assert resolve_endpoints((), {}).arxiv_rss == "https://rss.arxiv.org/rss"


def test_a_bad_endpoint_variable_is_one_line() -> None:
    with pytest.raises(ConfigError, match=r"QUARTERDECK_OPENALEX_URL='api\.openalex\.org' is not an http"):
        resolve_endpoints((), {"QUARTERDECK_OPENALEX_URL": "api.openalex.org"})
