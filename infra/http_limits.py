"""Request body limits, enforced while the body streams in: a declared `Content-Length` over the
limit is refused before a byte is read, and a body that grows past it (chunked, or longer than
it said) is cut off there. The answer is a 413 problem document — which is why this is not
Starlette's `RequestBodyLimitMiddleware`, whose 413 is plain text.

The limit is per route class: `settings.max_body_bytes` for every route, unless a route states
its own in its OpenAPI extension (`openapi_extra=body_limit(…)`), where clients read it too.
"""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

LIMIT_KEY = "x-max-body-bytes"


class BodyTooLargeError(HTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(413, f"The request body is larger than the {limit} bytes it may be.")


def body_limit(max_bytes: int) -> dict[str, Any]:
    """`openapi_extra` of a route that takes bodies of another size than the default."""
    return {LIMIT_KEY: max_bytes}


class BodyLimit:
    """ASGI middleware: a body over the matched route's limit is refused with 413 (raised where
    the route reads its body, so the app's problem handler answers)."""

    def __init__(self, app: ASGIApp, default_max_bytes: int) -> None:
        self.app = app
        self.default_max_bytes = default_max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        received = 0
        limit: int | None = None

        async def counted() -> Message:
            nonlocal received, limit
            if limit is None:  # the body is read after routing: the route is in the scope now
                limit = self._limit(scope)
            if declared is not None and declared > limit:
                raise BodyTooLargeError(limit)  # nothing is read
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLargeError(limit)
            return message

        await self.app(scope, counted, send)

    def _limit(self, scope: Scope) -> int:
        """The matched route's limit. Routing leaves the route in the scope (FastAPI: the
        context of a route of an included router, with every prefix; else Starlette's route);
        a request whose body is read before any route matched gets the default."""
        route = scope.get("fastapi", {}).get("effective_route_context") or scope.get("route")
        extra = getattr(route, "openapi_extra", None) or {}
        return int(extra.get(LIMIT_KEY, self.default_max_bytes))


def _content_length(scope: Scope) -> int | None:
    for name, value in scope["headers"]:
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None
