"""Helpers for tests that drive the pipeline: in-process API clients, accounts, Kafka reads."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from aiokafka import AIOKafkaConsumer
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from commands.eventstore import MessageContext
from commands.training.handlers import correct_run, record_run
from commands.unit_of_work import UnitOfWork
from contracts.commands.training import CorrectRun, RecordRun
from infra.settings import Settings
from projections.consumer import as_record
from projections.runner import Record
from workers.relay import OutboxRelay, kafka_producer

PASSWORD = "a long enough password"


class NoDeadLetters:
    """A dead-letter sink for tests in which nothing may fail."""

    async def send(self, *_: object) -> None:
        raise AssertionError("no event should be dead-lettered here")


@asynccontextmanager
async def api_client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://pacer.test") as client:
            yield client


async def register_and_log_in(client: httpx.AsyncClient) -> dict[str, str]:
    """A new athlete; returns the Authorization header (and keeps the refresh token)."""
    email = f"athlete-{uuid.uuid4().hex[:10]}@example.com"
    registered = await client.post(
        "/auth/register", json={"email": email, "password": PASSWORD, "display_name": "Test"}
    )
    assert registered.status_code == 201, registered.text
    tokens = (
        await client.post("/auth/token", data={"username": email, "password": PASSWORD})
    ).json()
    return {"Authorization": f"Bearer {tokens['access_token']}", "refresh": tokens["refresh_token"]}


def auth(headers: dict[str, str]) -> dict[str, str]:
    return {"Authorization": headers["Authorization"]}


def run_body(days_ago: float = 1, distance_km: float = 10.0, **extra: Any) -> dict[str, Any]:
    started = datetime.now(UTC) - timedelta(days=days_ago)
    return {
        "distance_km": distance_km,
        "duration_s": int(distance_km * 300),
        "started_at": started.isoformat(),
        **extra,
    }


async def read_topic(
    settings: Settings, topic: str, expected: int, timeout_s: float = 30
) -> list[Record]:
    """Every record of `topic` (with the settings' prefix) from the beginning, at least
    `expected` of them, in partition then offset order."""
    consumer = AIOKafkaConsumer(
        settings.kafka_topic_prefix + topic,
        bootstrap_servers=settings.kafka_bootstrap,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        metadata_max_age_ms=1000,
    )
    await consumer.start()
    records: list[Record] = []
    try:
        async with asyncio.timeout(timeout_s):
            while len(records) < expected:
                batches = await consumer.getmany(timeout_ms=300)
                for messages in batches.values():
                    records.extend(as_record(m) for m in messages)
        # Anything beyond `expected` (duplicates) arrives in the same poll or the next.
        for messages in (await consumer.getmany(timeout_ms=1000)).values():
            records.extend(as_record(m) for m in messages)
    finally:
        await consumer.stop()
    return sorted(records, key=lambda r: (r.partition, r.offset))


def header(record: Record, name: str) -> str:
    return dict(record.headers)[name].decode()


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


async def runs_view(engine: AsyncEngine) -> list[tuple[Any, ...]]:
    async with engine.connect() as conn:
        rows = await conn.execute(text("SELECT * FROM runs_view ORDER BY run_id"))
        return [tuple(row) for row in rows]


async def projection_state(engine: AsyncEngine, projection: str) -> list[tuple[Any, ...]]:
    async with engine.connect() as conn:
        rows = await conn.execute(
            text(
                "SELECT stream_id, version FROM projection_positions "
                "WHERE projection = :p ORDER BY stream_id"
            ),
            {"p": projection},
        )
        return [tuple(row) for row in rows]


async def eventually(
    check: Callable[[], Awaitable[bool]], timeout_s: float = 30, interval_s: float = 0.05
) -> None:
    """Wait until `check()` is true; fail the test after `timeout_s`."""
    async with asyncio.timeout(timeout_s):
        # Polling: what is awaited is state in another process (a table, a topic).
        while not await check():  # noqa: ASYNC110
            await asyncio.sleep(interval_s)
