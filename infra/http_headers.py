"""Response headers every API answer carries: no sniffing, no framing, no caching of personal
data or tokens (RFC 6749 §5.1), a Content Security Policy that allows nothing on JSON answers and
only Pacer's own assets on the documentation pages. Cross-origin access (browsers are a stated
client) is Starlette's CORS middleware, configured here."""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

DOCS_PATHS = ("/docs", "/redoc")
DOCS_ASSETS = "/docs/assets"
API_POLICY = "default-src 'none'; frame-ancestors 'none'"
# Swagger UI and ReDoc start from an inline script; ReDoc renders in a blob: worker.
DOCS_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; worker-src 'self' blob:; frame-ancestors 'none'"
)
REQUEST_HEADERS = [
    "Authorization",
    "Content-Type",
    "Idempotency-Key",
    "X-Consistency-Token",
    "X-Correlation-Id",
]
EXPOSED_HEADERS = ["Idempotent-Replayed", "Retry-After", "X-Correlation-Id"]


class SecurityHeaders:
    """ASGI middleware adding the headers above to answers that do not set their own."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        assets = path.startswith(DOCS_ASSETS + "/")
        docs = assets or path.startswith(DOCS_PATHS)

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("X-Frame-Options", "DENY")
                headers.setdefault("Referrer-Policy", "no-referrer")
                headers.setdefault("Content-Security-Policy", DOCS_POLICY if docs else API_POLICY)
                if assets:
                    headers.setdefault("Cache-Control", "public, max-age=86400")
                else:
                    headers.setdefault("Cache-Control", "no-store")
            await send(message)

        await self.app(scope, receive, with_headers)


def allow_cross_origin(app: FastAPI, origins: Sequence[str]) -> None:
    """Browsers on `origins` may call the API. Access tokens travel in the Authorization header,
    never in cookies, so credentials mode stays off and `*` is a safe default."""
    app.add_middleware(
        CORSMiddleware,
        allow_origins=list(origins),
        allow_credentials=False,
        allow_methods=["*"],
        allow_headers=REQUEST_HEADERS,
        expose_headers=EXPOSED_HEADERS,
        max_age=600,
    )
