"""Synthetic load for the pipeline, shared by the integration tests and `bench/`: runs written
straight through the command handlers (no HTTP), and an in-process relay drained once."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from commands.eventstore import MessageContext
from commands.training.handlers import correct_run, record_run
from commands.unit_of_work import UnitOfWork
from contracts.commands.training import CorrectRun, RecordRun
from infra.settings import Settings
from workers.relay import OutboxRelay, kafka_producer


def run_body(days_ago: float = 1, distance_km: float = 10.0, **extra: Any) -> dict[str, Any]:
    """A valid RecordRun/CorrectRun payload: 5:00/km, `days_ago` days back."""
    started = datetime.now(UTC) - timedelta(days=days_ago)
    return {
        "distance_km": distance_km,
        "duration_s": int(distance_km * 300),
        "started_at": started.isoformat(),
        **extra,
    }


async def write_runs(engine: AsyncEngine, *, runs: int, corrections: int = 1) -> list[str]:
    """Record `runs` runs (a few athletes), each corrected `corrections` times; run ids."""
    athletes = [uuid.uuid4() for _ in range(3)]
    run_ids = []
    for index in range(runs):
        athlete = athletes[index % len(athletes)]
        context = MessageContext(correlation_id=str(uuid.uuid4()), actor=str(athlete))
        async with UnitOfWork(engine, context) as uow:
            run = await record_run(RecordRun(**run_body(days_ago=index % 20 + 1)), uow, athlete)
            await uow.commit()
        for version in range(1, corrections + 1):
            async with UnitOfWork(engine, context) as uow:
                cmd = CorrectRun(**run_body(distance_km=10 + version), expected_version=version)
                await correct_run(cmd, uow, athlete, uuid.UUID(run.id))
                await uow.commit()
        run_ids.append(run.id)
    return run_ids


async def published_relay(settings: Settings, engine: AsyncEngine) -> int:
    """Run an in-process relay until the outbox is empty; the number published."""
    producer = kafka_producer(settings.kafka_bootstrap)
    await producer.start()
    try:
        relay = OutboxRelay(engine, producer, topic_prefix=settings.kafka_topic_prefix)
        return await relay.drain()
    finally:
        await producer.stop()
