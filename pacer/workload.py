"""Synthetic load for the pipeline, shared by the integration tests and `bench/`: runs recorded
and corrected through the command bus (no HTTP), and an in-process relay drained once."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from commands.actors import Actor
from commands.bus import CommandBus
from contracts.training.commands import CorrectRun, RecordRun
from infra.kafka import kafka_producer
from infra.settings import Settings
from workers.relay import OutboxRelay


def run_body(days_ago: float = 1, distance_km: float = 10.0, **extra: Any) -> dict[str, Any]:
    """A valid run body (RunCreate, or RunUpdate with `expected_version`): 5:00/km, `days_ago`
    days back."""
    started = datetime.now(UTC) - timedelta(days=days_ago)
    return {
        "distance_km": distance_km,
        "duration_s": int(distance_km * 300),
        "started_at": started.isoformat(),
        **extra,
    }


async def write_runs(
    bus: CommandBus, *, runs: int, corrections: int = 1, athletes: int = 3
) -> list[str]:
    """Record `runs` runs (spread over a few athletes), each corrected `corrections` times;
    returns the run ids."""
    people = [uuid.uuid4() for _ in range(athletes)]
    run_ids = []
    for index in range(runs):
        athlete = people[index % len(people)]
        actor = Actor.account(athlete, "athlete")
        run_id = uuid.uuid4()
        record = RecordRun(run_id=run_id, athlete_id=athlete, **run_body(days_ago=index % 20 + 1))
        await bus.dispatch(record, actor)
        for version in range(1, corrections + 1):
            correction = CorrectRun(
                run_id=run_id,
                athlete_id=athlete,
                expected_version=version,
                **run_body(distance_km=10 + version),
            )
            await bus.dispatch(correction, actor)
        run_ids.append(str(run_id))
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
