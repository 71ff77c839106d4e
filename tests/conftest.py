"""Session-wide real services and per-test isolation by random names."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator

import asyncpg
import pytest
import redis.asyncio as aioredis

from infra.runtime.postgres import sync_dsn
from infra.settings import Settings
from tests.services import test_services


def unique(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex[:12]}"


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    with test_services(tmp_path_factory.mktemp("services")) as ready:
        yield ready


@pytest.fixture
def topic() -> str:
    """A Kafka topic name no other test uses."""
    return unique("test-topic")


@pytest.fixture
async def pg(settings: Settings) -> AsyncIterator[asyncpg.Connection]:
    """A connection whose search path is a fresh schema, dropped afterwards."""
    schema = unique("test")
    conn = await asyncpg.connect(sync_dsn(settings.database_dsn))
    await conn.execute(f'CREATE SCHEMA "{schema}"')
    await conn.execute(f'SET search_path TO "{schema}", public')
    try:
        yield conn
    finally:
        await conn.execute(f'DROP SCHEMA "{schema}" CASCADE')
        await conn.close()


@pytest.fixture
async def redis_client(settings: Settings) -> AsyncIterator[aioredis.Redis]:
    client = aioredis.Redis.from_url(settings.redis_dsn)
    try:
        yield client
    finally:
        await client.aclose()


@pytest.fixture
def key_prefix() -> str:
    """A Redis key namespace no other test uses."""
    return unique("test") + ":"
