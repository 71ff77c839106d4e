"""A server span per HTTP request, continuing the caller's W3C trace context if it sent one."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request, Response
from opentelemetry import propagate, trace

from infra.telemetry import tracer


def install_request_spans(app: FastAPI) -> None:
    @app.middleware("http")
    async def request_span(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        parent = propagate.extract(dict(request.headers))
        route = request.url.path
        with tracer().start_as_current_span(
            f"{request.method} {route}", context=parent, kind=trace.SpanKind.SERVER
        ) as span:
            span.set_attribute("http.request.method", request.method)
            span.set_attribute("url.path", route)
            response = await call_next(request)
            span.set_attribute("http.response.status_code", response.status_code)
            return response
