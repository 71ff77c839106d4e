"""Helpers for tests that drive the pipeline: in-process API clients, accounts, Kafka reads."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any

import httpx
from aiokafka import AIOKafkaConsumer
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from contracts.consistency import positions_table
from infra.kafka import Record, as_record
from infra.redis import namespace, redis_client
from infra.sessions import LiveSessions
from infra.settings import Settings
from infra.tokens import Principal, Role, issue_access_token
from pacer.workload import published_relay, run_body, write_runs

__all__ = ["published_relay", "run_body", "write_runs"]  # re-exported for the tests

PASSWORD = "a long enough password"


class NoDeadLetters:
    """A dead-letter sink for tests in which nothing may fail."""

    async def send(self, *_: object) -> None:
        raise AssertionError("no event should be dead-lettered here")


async def signed_in(
    settings: Settings, account_id: uuid.UUID, role: Role = "athlete"
) -> dict[str, str]:
    """The Authorization header of a live login session of `account_id`, as logging in makes."""
    session_id = uuid.uuid4()
    client = redis_client(settings)
    try:
        await LiveSessions(client, namespace(settings)).open(
            session_id, account_id, timedelta(hours=1)
        )
    finally:
        await client.aclose()
    token = issue_access_token(Principal(account_id, role, session_id), settings.signing_key)
    return {"Authorization": f"Bearer {token}"}


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


async def runs_view(engine: AsyncEngine) -> list[tuple[Any, ...]]:
    async with engine.connect() as conn:
        rows = await conn.execute(text(
            "SELECT run_id, athlete_id, distance_km, duration_s, pace_s_per_km, started_at, "
            "elevation_gain_m, avg_heart_rate, notes, shoe_id, version FROM runs_view "
            "ORDER BY run_id"
        ))  # fmt: skip
        return [tuple(row) for row in rows]


async def positions(engine: AsyncEngine, read_model: str) -> list[tuple[Any, ...]]:
    """The stream versions a read model has applied (its positions table)."""
    async with engine.connect() as conn:
        rows = await conn.execute(
            text(f"SELECT stream_id, version FROM {positions_table(read_model)} ORDER BY 1")  # noqa: S608
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
