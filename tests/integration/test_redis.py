"""Redis is real: values, expiry and atomic counters round-trip."""

from __future__ import annotations

import asyncio

import pytest
import redis.asyncio as aioredis

pytestmark = pytest.mark.integration


async def test_values_round_trip_and_expire(redis_client: aioredis.Redis, key_prefix: str) -> None:
    await redis_client.set(f"{key_prefix}kept", "42")
    await redis_client.set(f"{key_prefix}fleeting", "soon gone", px=200)

    assert await redis_client.get(f"{key_prefix}kept") == b"42"
    assert await redis_client.get(f"{key_prefix}fleeting") == b"soon gone"
    await asyncio.sleep(0.5)
    assert await redis_client.get(f"{key_prefix}fleeting") is None


async def test_set_if_absent_admits_exactly_one_writer(
    redis_client: aioredis.Redis, key_prefix: str
) -> None:
    key = f"{key_prefix}idempotency"
    outcomes = await asyncio.gather(
        *(redis_client.set(key, f"writer-{i}", nx=True, ex=60) for i in range(20))
    )
    assert sum(bool(outcome) for outcome in outcomes) == 1
    assert await redis_client.incr(f"{key_prefix}counter") == 1
