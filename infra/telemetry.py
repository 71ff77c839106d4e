"""OpenTelemetry: one tracer provider per process, and W3C trace context carried through the
outbox rows and Kafka headers so a command's trace continues in the relay and projectors.

FastAPI itself opens a server span per request (continuing a caller's `traceparent`); the
command handlers run inside it, so the events they record carry that trace."""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Mapping

from opentelemetry import propagate, trace
from opentelemetry.context import Context
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import SpanProcessor, TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from opentelemetry.sdk.trace.sampling import ParentBased, TraceIdRatioBased

from infra.settings import Settings

TRACER_NAME = "pacer"


def configure_tracing(
    settings: Settings, service: str, processors: Iterable[SpanProcessor] = ()
) -> TracerProvider:
    """Install a tracer provider; export over OTLP/HTTP when an endpoint is configured."""
    provider = TracerProvider(
        resource=Resource.create({"service.name": f"pacer-{service}"}),
        sampler=ParentBased(TraceIdRatioBased(settings.trace_sample_ratio)),
    )
    for processor in processors:
        provider.add_span_processor(processor)
    if settings.otlp_endpoint:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(settings.otlp_endpoint)))
    trace.set_tracer_provider(provider)
    return provider


def tracing_enabled() -> bool:
    """False until a process installs a tracer provider: spans would be dropped anyway."""
    return not isinstance(
        trace.get_tracer_provider(), trace.ProxyTracerProvider | trace.NoOpTracerProvider
    )


_tracers: weakref.WeakKeyDictionary[trace.TracerProvider, trace.Tracer] = (
    weakref.WeakKeyDictionary()
)


def tracer() -> trace.Tracer:
    """Pacer's tracer from the installed provider (one per provider: asking the provider for
    it each time cost a few per cent of a request)."""
    provider = trace.get_tracer_provider()
    found = _tracers.get(provider)
    if found is None:
        found = _tracers[provider] = provider.get_tracer(TRACER_NAME)
    return found


def current_traceparent() -> str | None:
    carrier: dict[str, str] = {}
    propagate.inject(carrier)
    return carrier.get("traceparent")


def traceparent_of(span: trace.Span) -> str | None:
    """The `traceparent` that continues from `span` (which need not be the current one)."""
    carrier: dict[str, str] = {}
    propagate.inject(carrier, context=trace.set_span_in_context(span))
    return carrier.get("traceparent")


def context_from(traceparent: str | None) -> Context | None:
    if not traceparent:
        return None
    return propagate.extract({"traceparent": traceparent})


def context_from_headers(headers: Mapping[str, bytes]) -> Context | None:
    raw = headers.get("traceparent")
    return context_from(raw.decode() if raw else None)
