"""What keeps the local web app safe when a browser on the same machine visits other sites.

- :class:`HostGuard` answers only to the host names it was started for, so a
  page on another domain that rebinds its DNS to 127.0.0.1 cannot read it.
- :class:`BodyLimit` refuses request bodies over a size (a posting upload is
  the largest thing anyone sends).
- :class:`SecurityHeaders` forbids inline script, framing, sniffing, and referrers to other sites.
- :class:`Csrf` checks every POST: the browser's fetch metadata and Origin must
  say the request comes from one of the app's own pages, and the form must
  carry the token only those pages hold (one random token per server process).
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
from collections.abc import Collection
from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

LOCAL_NAMES: tuple[str, ...] = ("localhost", "127.0.0.1", "::1")
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)


def is_local(host: str) -> bool:
    """True for a name or address that only this machine can reach (loopback)."""
    name = host.strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def host_name(header: str) -> str:
    """The host name of a ``Host`` header value, without port and brackets, lowercase ('' if unreadable)."""
    try:
        return (urlsplit("//" + header).hostname or "").lower()
    except ValueError:
        return ""


class HostGuard:
    """Refuse requests whose ``Host`` is not one of ``allowed`` (None allows any)."""

    def __init__(self, app: ASGIApp, allowed: Collection[str] | None) -> None:
        self.app = app
        self.allowed = None if allowed is None else {h.strip("[]").lower() for h in allowed}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and self.allowed is not None:
            name = host_name(Headers(scope=scope).get("host", ""))
            if name not in self.allowed:
                await _plain(send, 400, "This server answers only to its own host name.")
                return
        await self.app(scope, receive, send)


class BodyLimit:
    """Refuse request bodies larger than ``max_bytes`` with 413, whether announced or streamed."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            await _plain(send, 413, self.message)
            return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise HTTPException(413, self.message)
            return message

        await self.app(scope, limited, send)

    @property
    def message(self) -> str:
        """What a refused upload is told."""
        return f"The request is larger than {self.max_bytes / 1e6:.1f} MB; send a smaller posting."


class SecurityHeaders:
    """Add the headers that keep the pages from running foreign script or being framed."""

    HEADERS: tuple[tuple[bytes, bytes], ...] = (
        (b"content-security-policy", CSP.encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"x-frame-options", b"DENY"),
        # Not no-referrer: under it Chromium sends "Origin: null" on the app's own form posts.
        (b"referrer-policy", b"same-origin"),
        (b"cross-origin-opener-policy", b"same-origin"),
        (b"cross-origin-resource-policy", b"same-origin"),
    )

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *self.HEADERS]
            await send(message)

        await self.app(scope, receive, with_headers)


class Csrf:
    """The per-process token the app's forms carry, and the checks every POST must pass."""

    def __init__(self, token: str | None = None) -> None:
        self.token = token or secrets.token_urlsafe(32)

    def check(self, request: Request, submitted: str | None) -> None:
        """Raise 403 unless the request comes from one of this app's own pages."""
        headers = request.headers
        site = headers.get("sec-fetch-site")
        if site is not None and site not in ("same-origin", "none"):
            raise HTTPException(403, f"Cross-site request refused ({site}).")
        own = f"{request.url.scheme}://{headers.get('host', '')}".lower()
        origin = headers.get("origin")
        if origin is not None:
            if origin.lower() != own:
                raise HTTPException(403, "Cross-site request refused (its Origin is another site).")
        elif referer := headers.get("referer"):
            parts = urlsplit(referer)
            if f"{parts.scheme}://{parts.netloc}".lower() != own:
                raise HTTPException(403, "Cross-site request refused (it comes from another site).")
        given = submitted or headers.get(CSRF_HEADER) or ""
        if not hmac.compare_digest(given.encode(), self.token.encode()):
            raise HTTPException(
                403, "The form is stale or forged (bad CSRF token); reload the page and retry."
            )


async def _plain(send: Send, status: int, text: str) -> None:
    body = text.encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
