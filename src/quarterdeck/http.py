"""The one HTTP client every live source uses: polite, patient, and clear when it fails.

- A user agent that names the tool (and a contact, from ``QUARTERDECK_CONTACT``).
- Timeouts on every request.
- At most one request per ``min_interval`` seconds per host (arXiv asks for 3 s, and all its
  hosts share that pace), measured from the end of the previous request to that host.
- Retries with exponential backoff on 429, 5xx, timeouts and dropped connections, honouring
  ``Retry-After`` (seconds or an HTTP date). DNS and TLS failures are not retried: they need
  the user, not time.
- Every failure becomes one :class:`~quarterdeck.errors.FetchError` line naming the host or URL.

The clock, the sleep and the transport are injectable, so tests run on
``httpx.MockTransport`` with a fake clock and never sleep.

Why a small loop and not tenacity: the wait before a retry depends on the response
(``Retry-After``) and on the per-host pacing, both of which would be custom callbacks in
tenacity anyway; the loop below keeps the whole policy readable in one place, with no
extra dependency.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import os
import socket
import ssl
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import TracebackType

import httpx

from quarterdeck import __version__
from quarterdeck.errors import (
    DnsError,
    FetchError,
    FetchTimeoutError,
    HttpStatusError,
    TlsError,
    UnreachableError,
)

PURPOSE = "research-paper triage"
CONTACT_ENV = "QUARTERDECK_CONTACT"
ARXIV_INTERVAL = 3.0
"""arXiv's terms of use: no more than one request every three seconds."""
DEFAULT_INTERVAL = 1.0
HOST_INTERVALS: Mapping[str, float] = {"arxiv.org": ARXIV_INTERVAL}
"""Minimum seconds between requests, by host suffix; other hosts get ``DEFAULT_INTERVAL``."""
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


def user_agent() -> str:
    """``quarterdeck/<version> (research-paper triage; mailto:contact)``: services can tell who is asking.

    There is no public project page to link; ``QUARTERDECK_CONTACT`` adds the address arXiv
    and OpenAlex ask heavy users for.
    """
    contact = os.environ.get(CONTACT_ENV, "").strip()
    mail = f"; mailto:{contact}" if contact else ""
    return f"quarterdeck/{__version__} ({PURPOSE}{mail})"


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How often and how long to retry a request that may succeed later."""

    attempts: int = 4
    """Tries in all, the first included."""
    backoff: float = 2.0
    """Wait before the first retry; doubled for each later one."""
    max_backoff: float = 60.0
    max_retry_after: float = 300.0
    """A ``Retry-After`` longer than this is reported instead of waited for."""


class HttpClient:
    """A synchronous client for the live sources; use as a context manager or call :meth:`close`."""

    def __init__(
        self,
        *,
        transport: httpx.BaseTransport | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        retry: RetryPolicy = RetryPolicy(),
        timeout: float = 30.0,
        host_intervals: Mapping[str, float] = HOST_INTERVALS,
        default_interval: float = DEFAULT_INTERVAL,
    ) -> None:
        self._clock = clock
        self._sleep = sleep
        self._retry = retry
        self._timeout = timeout
        self._host_intervals = dict(host_intervals)
        self._default_interval = default_interval
        self._last: dict[str, float] = {}
        self.requests = 0
        """Requests sent (retries included), for reports."""
        self._client = httpx.Client(
            transport=transport,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 15.0)),
            headers={"User-Agent": user_agent()},
            follow_redirects=True,
        )

    def close(self) -> None:
        """Close the connections."""
        self._client.close()

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def get(
        self,
        url: str,
        *,
        params: Mapping[str, str | int] | None = None,
        headers: Mapping[str, str] | None = None,
        min_interval: float | None = None,
    ) -> httpx.Response:
        """GET ``url`` politely; return a 2xx or 304 response, else raise a :class:`FetchError`.

        ``min_interval`` asks for at least that many seconds between requests to this
        host (the larger of it and the host's own rule wins), e.g. arXiv's 3 s for a mirror.
        """
        request = self._client.build_request("GET", url, params=params, headers=headers)
        host = request.url.host
        pace_key, interval = self._rule(host)
        interval = max(interval, min_interval or 0.0)
        shown = str(request.url)
        attempt = 0
        while True:
            attempt += 1
            self._pace(pace_key, interval)
            failure: httpx.TransportError | None = None
            try:
                response = self._client.send(request)
            except httpx.TransportError as exc:
                failure = exc
            self.requests += 1
            self._last[pace_key] = self._clock()
            if failure is not None:
                error = _transport_error(failure, host, shown, self._timeout)
                retryable = not isinstance(error, DnsError | TlsError)
                if not retryable or attempt >= self._retry.attempts:
                    raise error from None
                self._sleep(self._backoff(attempt))
                continue
            if response.status_code < 400:
                return response
            error = _status_error(response, shown)
            if response.status_code not in RETRY_STATUSES or attempt >= self._retry.attempts:
                raise error
            wait = self._backoff(attempt)
            retry_after = parse_retry_after(response.headers.get("Retry-After"), self._wall_now())
            if retry_after is not None:
                if retry_after > self._retry.max_retry_after:
                    raise HttpStatusError(
                        f"{error} and asks to wait {retry_after:.0f} s; try again later",
                        response.status_code,
                        shown,
                    )
                wait = retry_after
            self._sleep(wait)

    def _rule(self, host: str) -> tuple[str, float]:
        """The pacing key and interval for a host: hosts under one rule (all of arXiv) share a pace."""
        for suffix, seconds in self._host_intervals.items():
            if host == suffix or host.endswith("." + suffix):
                return suffix, seconds
        return host, self._default_interval

    def _pace(self, host: str, interval: float) -> None:
        last = self._last.get(host)
        if last is None:
            return
        wait = last + interval - self._clock()
        if wait > 0:
            self._sleep(wait)

    def _backoff(self, attempt: int) -> float:
        return float(min(self._retry.max_backoff, self._retry.backoff * 2 ** (attempt - 1)))

    @staticmethod
    def _wall_now() -> dt.datetime:
        return dt.datetime.now(dt.UTC)


def parse_retry_after(value: str | None, now: dt.datetime) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: delta-seconds or an HTTP date; None if absent or bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - now).total_seconds())


def _causes(exc: BaseException) -> list[BaseException]:
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


_DNS_WORDS = (
    "name or service not known",
    "nodename nor servname",
    "getaddrinfo failed",
    "temporary failure in name resolution",
    "no address associated",
)


def _transport_error(exc: httpx.TransportError, host: str, url: str, timeout: float) -> FetchError:
    """One line for a failure below HTTP: DNS, refused or dropped connection, TLS, timeout."""
    chain = _causes(exc)
    text = " ".join(str(c) for c in chain).lower()
    if isinstance(exc, httpx.TimeoutException):
        return FetchTimeoutError(f"{host} did not answer within {timeout:g} s ({url})")
    if any(isinstance(c, socket.gaierror) for c in chain) or any(w in text for w in _DNS_WORDS):
        return DnsError(f"cannot resolve host {host} (DNS lookup failed): check the address and your network")
    tls = next((c for c in chain if isinstance(c, ssl.SSLError)), None)
    if tls is not None or "ssl" in text or "certificate" in text:
        reason = getattr(tls, "reason", None) or str(tls or exc)
        return TlsError(f"TLS error talking to {host}: {reason}")
    refused = next((c for c in chain if isinstance(c, OSError) and c.strerror), None)
    reason = (
        refused.strerror.lower()
        if refused is not None and refused.strerror
        else str(exc) or type(exc).__name__
    )
    if isinstance(exc, httpx.ConnectError):
        return UnreachableError(f"cannot connect to {host}: {reason}")
    return UnreachableError(f"connection to {host} failed: {reason} ({url})")


def _status_error(response: httpx.Response, url: str) -> HttpStatusError:
    phrase = response.reason_phrase or ""
    return HttpStatusError(
        f"HTTP {response.status_code}{' ' + phrase if phrase else ''} from {url}",
        response.status_code,
        url,
        body=response.content[:65536],
    )
