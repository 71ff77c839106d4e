"""Per-route HTTP metrics for both APIs — requests, latency and errors by route template, method
and status — and the `GET /metrics` route that serves every metric of the process."""

from __future__ import annotations

import os
import shutil
from functools import cache
from pathlib import Path
from time import perf_counter

from fastapi import FastAPI, Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.multiprocess import MultiProcessCollector
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MULTIPROCESS_METRICS = "PROMETHEUS_MULTIPROC_DIR"
"""Where prometheus_client keeps the metrics of processes that share them (read at its import)."""
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
UNMATCHED = "<unmatched>"
"""The route of a request no route took (a 404, a redirect): never its raw path."""
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class HttpMetrics:
    """`pacer_http_requests_total{method,route,status}` (errors are its 5xx statuses) and
    `pacer_http_request_duration_seconds{method,route}`, in one registry."""

    def __init__(self, registry: CollectorRegistry = REGISTRY) -> None:
        self.registry = registry
        self.requests = Counter(
            "pacer_http_requests",
            "HTTP requests answered, by route template, method and status code.",
            ["method", "route", "status"],
            registry=registry,
        )
        self.duration = Histogram(
            "pacer_http_request_duration_seconds",
            "Time from a request's arrival to the last byte of its response, by route template.",
            ["method", "route"],
            buckets=BUCKETS,
            registry=registry,
        )
        # The labelled children, so a request costs a dict look-up rather than `labels()`.
        self._children: dict[tuple[str, str, int], tuple[Counter, Histogram]] = {}

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        children = self._children.get((method, route, status))
        if children is None:
            children = (
                self.requests.labels(method, route, str(status)),
                self.duration.labels(method, route),
            )
            self._children[method, route, status] = children
        children[0].inc()
        children[1].observe(seconds)


@cache
def process_http_metrics() -> HttpMetrics:
    """The HTTP metrics of this process, in the default registry (every app shares them)."""
    return HttpMetrics()


class RouteMetrics:
    """Pure ASGI middleware: times each HTTP request and counts it under its route's template,
    which routing leaves in the scope."""

    def __init__(self, app: ASGIApp, metrics: HttpMetrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = 500  # what the server answers when an error escapes before a response starts

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        started = perf_counter()
        try:
            await self.app(scope, receive, sending)
        finally:
            method = scope["method"] if scope["method"] in METHODS else "OTHER"
            self.metrics.observe(method, route_template(scope), status, perf_counter() - started)


def route_template(scope: Scope) -> str:
    """The matched route's path template (`/runs/{run_id}`), or `UNMATCHED`."""
    # FastAPI resolves the routes of included routers lazily: the template with every prefix
    # is on the route context it leaves in the scope; a route of the app itself is in "route".
    context = scope.get("fastapi", {}).get("effective_route_context")
    template = getattr(context, "path_format", None) or getattr(
        scope.get("route"), "path_format", None
    )
    if isinstance(template, str):
        return template
    endpoint = scope.get("endpoint")
    if endpoint is not None:  # a Starlette route or mount: the docs, their assets
        for route in getattr(scope.get("app"), "routes", ()):
            if endpoint in (getattr(route, "endpoint", None), getattr(route, "app", None)):
                return str(route.path_format)
    return UNMATCHED


def metrics_folder(folder: Path) -> Path:
    """An empty folder for the metric files of an API's worker processes (a former run's files
    would count again)."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


def exposed(registry: CollectorRegistry) -> CollectorRegistry:
    """What `GET /metrics` shows: the process's registry, or, in an API run with several worker
    processes, the sum of every worker's metric files."""
    folder = os.environ.get(MULTIPROCESS_METRICS)
    if not folder:
        return registry
    summed = CollectorRegistry()
    MultiProcessCollector(summed, folder)  # type: ignore[no-untyped-call]
    return summed


def install_metrics(app: FastAPI, metrics: HttpMetrics | None = None) -> None:
    """Count and time every request by route template, and serve the process's metrics at
    `GET /metrics` (left out of the OpenAPI document)."""
    metrics = metrics or process_http_metrics()
    app.add_middleware(RouteMetrics, metrics=metrics)

    def serve_metrics() -> Response:
        return Response(generate_latest(exposed(metrics.registry)), media_type=CONTENT_TYPE_LATEST)

    app.add_api_route("/metrics", serve_metrics, methods=["GET"], include_in_schema=False)
