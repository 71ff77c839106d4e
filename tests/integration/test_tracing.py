"""One trace links the command request, the relay's publish and the projector's apply."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from sqlalchemy.ext.asyncio import AsyncEngine

from contracts.training.events import RunRecorded
from infra.settings import Settings
from infra.telemetry import configure_tracing
from pacer.bootstrap import command_app
from projections.runner import ProjectionRunner
from projections.training.runs import RunsProjection
from tests.helpers import (
    NoDeadLetters,
    api_client,
    auth,
    published_relay,
    read_topic,
    register_and_log_in,
)
from tests.helpers import run_body as a_run

pytestmark = pytest.mark.integration


@pytest.fixture
def spans(pipeline_settings: Settings) -> Iterator[InMemorySpanExporter]:
    exporter = InMemorySpanExporter()
    provider: TracerProvider = configure_tracing(
        pipeline_settings, "test", [SimpleSpanProcessor(exporter)]
    )
    yield exporter
    provider.shutdown()


async def test_a_command_trace_continues_through_outbox_kafka_and_projector(
    pipeline_settings: Settings, engine: AsyncEngine, spans: InMemorySpanExporter
) -> None:
    async with api_client(command_app(pipeline_settings, engine)) as client:
        athlete = await register_and_log_in(client)
        spans.clear()
        response = await client.post("/runs", json=a_run(), headers=auth(athlete))
    assert response.status_code == 201
    await published_relay(pipeline_settings, engine)
    records = await read_topic(pipeline_settings, RunRecorded.topic(), expected=1)
    await ProjectionRunner(RunsProjection(), engine, NoDeadLetters()).process(records)

    finished = spans.get_finished_spans()
    by_name = {span.name: span for span in finished}
    request = by_name["POST /runs"]
    publish = by_name[f"publish {RunRecorded.topic()}"]
    project = by_name["project runs pacer.training.RunRecorded.v2"]
    trace_id = request.context.trace_id
    assert publish.context.trace_id == trace_id
    assert project.context.trace_id == trace_id
    # The outbox row was written inside the request span (or a span FastAPI nests in it).
    request_spans = {
        span.context.span_id
        for span in finished
        if span.context.trace_id == trace_id and span.end_time <= request.end_time  # type: ignore[operator]
    }
    assert publish.parent is not None
    assert publish.parent.span_id in request_spans
    assert project.parent is not None
    assert project.parent.span_id == publish.context.span_id
