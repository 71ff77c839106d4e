"""Strava's rate limits shared through real Redis, and the token vault on real PostgreSQL
against the local Strava: a window full for the backfill still has room for webhook imports,
Strava's reported usage wins, a 429 waits for the next window, and concurrent workers refresh a
refused token once."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime
from uuid import uuid4

import pytest
import redis.asyncio as aioredis
from cryptography.fernet import Fernet
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from infra.strava.cipher import TokenCipher
from infra.strava.client import StravaClient, StravaRateLimitedError
from infra.strava.rate_limits import Permit, StravaRateLimiter
from infra.strava.vault import StravaNotConnectedError, TokenVault
from tests.support.local_strava import LocalStrava, RateLimits

pytestmark = pytest.mark.integration


def limiter(redis: aioredis.Redis, prefix: str, window_s: int = 30) -> StravaRateLimiter:
    return StravaRateLimiter(redis, prefix, window_s=window_s, limits=(10, 1000),
                             read_limits=(8, 1000), guard_s=0)  # fmt: skip


async def fresh_window(window_s: int = 30, needed_s: float = 10) -> None:
    """Wait for the next window when this one ends too soon for the test to fit in it."""
    left = window_s - time.time() % window_s
    if left < needed_s:
        await asyncio.sleep(left + 0.05)


async def test_a_backfill_leaves_room_for_webhook_imports(
    redis_client: aioredis.Redis, key_prefix: str
) -> None:
    await fresh_window()
    shared = limiter(redis_client, key_prefix)
    backfill = [await shared.acquire(read=True, share=0.5) for _ in range(6)]
    assert [isinstance(permit, Permit) for permit in backfill] == [True] * 4 + [False] * 2
    reopens = backfill[-1]
    assert isinstance(reopens, float)
    assert reopens % 30 == 0  # the next window's start
    assert reopens > time.time()
    live = [await shared.acquire(read=True) for _ in range(5)]
    assert [isinstance(permit, Permit) for permit in live] == [True] * 4 + [False]
    assert await shared.usage("read") == (8, 8)
    # Uploads count in the overall bucket only, which still has room.
    assert isinstance(await shared.acquire(read=False), Permit)
    assert await shared.usage("overall") == (9, 9)


async def test_strava_s_count_wins_and_a_429_waits_for_the_window(
    redis_client: aioredis.Redis, key_prefix: str
) -> None:
    await fresh_window()
    with LocalStrava(limits=RateLimits(overall=(6, 100), read=(4, 100), window_s=30)) as strava:
        ada = strava.add_athlete()
        strava.add_activities(ada, 3)
        token = strava.exchange_code(strava.issue_code(ada, "read,activity:read_all"))
        shared = limiter(redis_client, key_prefix)
        client = StravaClient(api_url=strava.api_url, oauth_url=f"{strava.url}/oauth",
                              client_id=strava.client_id, client_secret=strava.client_secret,
                              limiter=shared)  # fmt: skip
        async with client:
            # Another application process used the window already: Strava's headers say so.
            for _ in range(3):
                strava.charge(read=True)
            found = await client.activities(token["access_token"], after=0, page=1,
                                             per_page=10, priority="live")  # fmt: skip
            assert len(found) == 3
            assert (await shared.usage("read"))[0] == 4  # Strava's 4, not Pacer's 1
            with pytest.raises(StravaRateLimitedError) as full:
                await client.activity(token["access_token"], found[0]["id"], "live")
            assert 0 < full.value.wait_s <= 30
        assert strava.too_many() == 0  # refused here, not by Strava


async def test_concurrent_workers_refresh_a_refused_token_once(
    engine: AsyncEngine, redis_client: aioredis.Redis
) -> None:
    with LocalStrava() as strava:
        ada = strava.add_athlete()
        grant = strava.exchange_code(strava.issue_code(ada, "read,activity:read_all"))
        cipher = TokenCipher([Fernet.generate_key().decode()])
        account = uuid4()
        async with engine.begin() as sql:
            await sql.execute(text(
                "INSERT INTO strava_connections VALUES (:account, :athlete, gen_random_uuid(), "
                "'read', :access, :refresh, :expires, now())"), {
                "account": account, "athlete": ada, "access": cipher.seal(grant["access_token"]),
                "refresh": cipher.seal(grant["refresh_token"]),
                "expires": datetime.fromtimestamp(grant["expires_at"], UTC)})  # fmt: skip
        client = StravaClient(api_url=strava.api_url, oauth_url=f"{strava.url}/oauth",
                              client_id=strava.client_id, client_secret=strava.client_secret,
                              limiter=None)  # fmt: skip
        vault = TokenVault(engine, cipher, client)
        async with client:
            first = await vault.access(account)
            assert first.token == grant["access_token"]  # still valid: no refresh
            strava.expire_tokens(ada)
            renewed = await asyncio.gather(
                *(vault.access(account, refused=first.token) for _ in range(6))
            )
        assert {access.token for access in renewed} != {first.token}
        assert len({access.token for access in renewed}) == 1
        assert strava.refreshes.get(ada) == 1
        with pytest.raises(StravaNotConnectedError):
            await vault.access(uuid4())
