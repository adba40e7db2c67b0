"""Offline stand-ins for the live services: a fake clock, a routing mock transport, recorded responses."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import httpx

from quarterdeck.endpoints import Endpoints
from quarterdeck.http import HttpClient, RetryPolicy
from quarterdeck.sources.live import Context

FETCH_DATA = Path(__file__).parent / "data" / "fetch"
Responder = httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]


class FakeClock:
    """A monotonic clock that only moves when someone sleeps; every sleep is recorded."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 6))
        self.now += seconds


class Router:
    """Answers each request from the first route that matches; records every request.

    A route's responders are used in order; the last one repeats. A responder that is an
    exception is raised (as a transport would), with the request attached.
    """

    def __init__(self) -> None:
        self.routes: list[tuple[Callable[[httpx.Request], bool], list[Responder]]] = []
        self.requests: list[httpx.Request] = []

    def add(self, match: str | Callable[[httpx.Request], bool], *responders: Responder) -> Router:
        test = match if callable(match) else (lambda r, text=match: text in str(r.url))
        self.routes.append((test, list(responders)))
        return self

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        for test, responders in self.routes:
            if test(request):
                responder = responders.pop(0) if len(responders) > 1 else responders[0]
                if isinstance(responder, Exception):
                    raise responder
                if isinstance(responder, httpx.Response):
                    return responder
                return responder(request)
        return httpx.Response(404, text=f"no route for {request.url}")

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self)


def recorded(name: str, status: int = 200, headers: dict[str, str] | None = None) -> httpx.Response:
    """A response whose body is the recorded file ``tests/data/fetch/<name>``."""
    kind = "application/json" if name.endswith(".json") else "application/atom+xml"
    if name.endswith(".html"):
        kind = "text/html; charset=utf-8"
    return httpx.Response(
        status, content=(FETCH_DATA / name).read_bytes(), headers={"Content-Type": kind, **(headers or {})}
    )


def make_client(router: Router, clock: FakeClock, attempts: int = 4) -> HttpClient:
    """A client on the router's transport that sleeps on the fake clock."""
    return HttpClient(
        transport=router.transport(),
        clock=clock.clock,
        sleep=clock.sleep,
        retry=RetryPolicy(attempts=attempts),
    )


def make_context(
    client: HttpClient,
    *,
    categories: tuple[str, ...] = ("cs.CL", "cs.LG", "cs.AI"),
    feeds: tuple[str, ...] = (),
    page_size: int = 3,
    now: dt.datetime = dt.datetime(2026, 5, 27, 12, tzinfo=dt.UTC),
) -> Context:
    """A context on the public endpoints (the mock transport answers them) with small pages."""
    return Context(client, Endpoints(), categories=categories, feeds=feeds, page_size=page_size, now=now)


def param(name: str, value: str) -> Callable[[httpx.Request], bool]:
    """Match requests whose query parameter ``name`` equals ``value``."""
    return lambda request: request.url.params.get(name) == value
