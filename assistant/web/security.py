"""What stands between the internet and the assistant: body limits, origin checks, security
headers with a strict Content-Security-Policy, access logs, and no stack traces to clients.

Pure ASGI middleware, so a refused request costs nothing beyond its headers.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

access_log = logging.getLogger("assistant.access")

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
PAGE_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), interest-cohort=()"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


async def _json(
    send: Send, status: int, body: dict[str, Any], extra: list[tuple[bytes, bytes]] | None = None
) -> None:
    payload = json.dumps(body, ensure_ascii=False).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(payload)).encode()),
        *(extra or []),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": payload})


TOO_LARGE_PAGE = """<!doctype html><html lang="nb"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>For stor tekst</title><link rel="stylesheet" href="/static/app.css"></head><body>
<main id="main"><h1>Teksten er for stor</h1>
<p class="error" role="alert">Skjemaet sendte mer enn {limit} byte.
Kort ned teksten og prøv igjen.</p>
<p lang="en">The form sent more than {limit} bytes. Shorten the text and try again.</p>
<p><a href="/">Til forsiden</a> · <a href="/check">Sjekk en tekst</a></p></main></body></html>
"""


async def _too_large(scope: Scope, send: Send, limit: int, error: dict[str, Any]) -> None:
    """413: JSON for the API, a short page for a form posted from one of our pages."""
    headers = dict(scope["headers"])
    form = headers.get(b"content-type", b"").split(b";")[0].strip() in (
        b"application/x-www-form-urlencoded",
        b"multipart/form-data",
    )
    if form and not scope["path"].startswith(("/api/", "/ui/")):
        payload = TOO_LARGE_PAGE.format(limit=f"{limit:,}".replace(",", " ")).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"text/html; charset=utf-8"),
                    (b"content-length", str(len(payload)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": payload})
        return
    await _json(send, 413, error)


class BodyLimit:
    """Refuse bodies over ``limit`` bytes with 413, whether announced or streamed."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope["headers"]).get(b"content-length")
        error = {"error": f"request body is larger than {self.limit} bytes", "limit": self.limit}
        try:
            if declared is not None and int(declared) > self.limit:
                return await _too_large(scope, send, self.limit, error)
        except ValueError:
            return await _json(send, 400, {"error": "invalid Content-Length header"})
        if declared is not None:  # announced and within the limit: the server enforces it
            return await self.app(scope, receive, send)
        # No Content-Length (a chunked body): read it here, up to the limit, before any route
        # sees it. Bodies are small by contract, so buffering costs at most `limit` bytes.
        chunks: list[bytes] = []
        seen = 0
        more = True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            chunk = message.get("body", b"")
            seen += len(chunk)
            if seen > self.limit:
                return await _too_large(scope, send, self.limit, error)
            chunks.append(chunk)
            more = message.get("more_body", False)
        replayed = False

        async def replay() -> dict[str, Any]:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": b"".join(chunks), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


class OriginCheck:
    """API calls from a browser must come from the app itself or an allowed origin.

    CORS headers only tell a browser what it may read; this check refuses the call itself, so a
    page on another site cannot spend our answers (or a reader's rate limit) on its behalf.
    """

    def __init__(self, app: ASGIApp, allowed: list[str]) -> None:
        self.app, self.allowed = app, set(allowed)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] == "http"
            and scope["path"].startswith("/api/")
            and scope["method"] not in ("GET", "HEAD", "OPTIONS")
        ):
            headers = dict(scope["headers"])
            origin = headers.get(b"origin", b"").decode("latin-1").rstrip("/")
            host = headers.get(b"host", b"").decode("latin-1")
            own = {f"http://{host}", f"https://{host}"}
            if origin and origin != "null" and origin not in own and origin not in self.allowed:
                return await _json(send, 403, {"error": f"origin {origin} is not allowed"})
            if origin == "null":
                return await _json(send, 403, {"error": "opaque origins are not allowed"})
        await self.app(scope, receive, send)


class SecurityHeaders:
    """Headers on every response; pages get the strict CSP. Also the structured access log and
    the last line of defence: an unhandled error becomes a plain 500 without a trace."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        start = time.perf_counter()
        status = 500
        started = False

        async def send_with_headers(message: dict[str, Any]) -> None:
            nonlocal status, started
            if message["type"] == "http.response.start":
                started = True
                status = message["status"]
                names = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in PAGE_HEADERS if k not in names]
                if scope["path"] == "/widget.js":
                    extra.append((b"cross-origin-resource-policy", b"cross-origin"))
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:
            access_log.exception("unhandled error on %s", scope["path"])
            if not started:
                status = 500
                await _json(
                    send, 500, {"error": "internal error"}, [(k, v) for k, v in PAGE_HEADERS]
                )
        finally:
            client = scope.get("client") or ("-", 0)
            access_log.info(
                json.dumps(
                    {
                        "method": scope["method"],
                        "path": scope["path"],
                        "status": status,
                        "ms": round((time.perf_counter() - start) * 1000, 1),
                        "client": client[0],
                    }
                )
            )
