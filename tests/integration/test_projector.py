"""Projectors on real Kafka and PostgreSQL: duplicates change nothing, a poison event is
dead-lettered without stopping the others, and a rebuild equals the live read model."""

from __future__ import annotations

import asyncio
import json
import uuid

import pytest
from aiokafka import AIOKafkaProducer
from sqlalchemy.ext.asyncio import AsyncEngine

from contracts import topics
from infra.kafka import ensure_topics, pacer_topics
from infra.settings import Settings
from projections.consumer import KafkaDeadLetters, consume
from projections.rebuild import rebuild
from projections.runner import ProjectionRunner
from projections.runs import RunsProjection
from tests.helpers import (
    NoDeadLetters,
    eventually,
    header,
    projection_state,
    published_relay,
    read_topic,
    runs_view,
    write_runs,
)

pytestmark = pytest.mark.integration


async def test_replaying_the_same_records_leaves_the_read_model_unchanged(
    pipeline_settings: Settings, engine: AsyncEngine
) -> None:
    await write_runs(engine, runs=6, corrections=1)
    await published_relay(pipeline_settings, engine)
    records = await read_topic(pipeline_settings, topics.TRAINING, expected=12)
    runner = ProjectionRunner(RunsProjection(), engine, NoDeadLetters())

    first = await runner.process(records)
    after_first = await runs_view(engine)
    replay = await runner.process(records)

    assert first.applied == 12
    assert replay.applied == 0
    assert replay.duplicates == 12
    assert await runs_view(engine) == after_first
    assert len(after_first) == 6


async def test_a_poison_event_is_dead_lettered_and_the_projector_keeps_going(
    pipeline_settings: Settings, engine: AsyncEngine
) -> None:
    prefix = pipeline_settings.kafka_topic_prefix
    bootstrap = pipeline_settings.kafka_bootstrap
    await ensure_topics(bootstrap, pacer_topics(prefix))
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
    await producer.start()
    poison_id = str(uuid.uuid4())
    await producer.send_and_wait(
        prefix + topics.TRAINING,
        key=b"poison",
        value=json.dumps({"run_id": "not-a-uuid", "distance_km": -1}).encode(),
        headers=[
            ("ce_id", poison_id.encode()),
            ("ce_type", b"pacer.training.RunRecorded.v1"),
            ("ce_source", b"/pacer/training"),
            ("ce_specversion", b"1.0"),
            ("ce_time", b"2026-11-01T00:00:00Z"),
            ("ce_subject", b"poison"),
            ("ce_aggregateid", b"poison"),
            ("ce_aggregateversion", b"1"),
            ("ce_correlationid", b"test"),
        ],
    )
    run_ids = await write_runs(engine, runs=3, corrections=0)
    await published_relay(pipeline_settings, engine)

    runner = ProjectionRunner(
        RunsProjection(), engine, KafkaDeadLetters(producer, prefix),
        max_attempts=2, retry_delay_s=0.01,
    )  # fmt: skip
    stop = asyncio.Event()
    projecting = asyncio.create_task(consume(runner, bootstrap, stop, prefix))
    try:
        await eventually(lambda: _count_is(engine, len(run_ids)))
        dead = await read_topic(pipeline_settings, topics.DEAD_LETTER, expected=1)
    finally:
        stop.set()
        await projecting
        await producer.stop()

    assert [header(record, "ce_id") for record in dead] == [poison_id]
    assert "ValidationError" in header(dead[0], "x-pacer-error")
    assert header(dead[0], "x-pacer-projection") == "runs"
    assert {str(row[0]) for row in await runs_view(engine)} == set(run_ids)


async def _count_is(engine: AsyncEngine, count: int) -> bool:
    return len(await runs_view(engine)) == count


async def test_a_rebuilt_read_model_equals_the_live_one(
    pipeline_settings: Settings, engine: AsyncEngine
) -> None:
    await write_runs(engine, runs=15, corrections=2)
    await published_relay(pipeline_settings, engine)
    records = await read_topic(pipeline_settings, topics.TRAINING, expected=45)
    projection = RunsProjection()
    await ProjectionRunner(projection, engine, NoDeadLetters()).process(records)
    live, live_positions = await runs_view(engine), await projection_state(engine, "runs")
    progress: list[tuple[int, int]] = []

    applied = await rebuild(engine, projection, lambda done, total: progress.append((done, total)))

    assert applied == 45
    assert progress[-1] == (45, 45)
    assert await runs_view(engine) == live
    assert await projection_state(engine, "runs") == live_positions
    assert len(live) == 15
