"""The bare baselines of the benchmarks: a FastAPI app that validates the same bodies with the
same pydantic models, served by uvicorn with the same settings as Pacer's APIs. Its plain routes
do one asyncpg statement per request, nothing else (no auth, no bus, no event store, no outbox,
no idempotency, no telemetry, no rate limits); its `/guarded/` routes make the round trips of
Pacer's path and nothing else.

- `POST /runs` (`RunCreate`) → one INSERT; `GET /runs/{id}` → one SELECT by primary key;
- `POST /webhook` (Strava's event body) → one INSERT;
- `POST /guarded/runs` (`RunCreate`) → the round trips of Pacer's `RecordRun` and nothing else of
  it, to tell what the guarantees cost from what Pacer's code costs: the session's Redis `GET`,
  the write limit (the same `limits` sliding window on the same Redis), then BEGIN, a read by
  primary key, one statement writing the run's row and its outbox row and notifying, COMMIT;
- `GET /guarded/runs/{id}` → the round trips of Pacer's `GET /runs/{id}`: the session's Redis
  `GET`, then a READ ONLY transaction that sets the caller (`set_config`, as row-level security
  does) and reads the row.

    python -m bench.bare_api --port 8950 --workers 2 \
        --dsn postgresql://postgres@127.0.0.1:5432/pacer
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from functools import cache
from typing import Any
from uuid import UUID, uuid4

import asyncpg
import httpx
import redis.asyncio as aioredis
import uvicorn
from fastapi import FastAPI, HTTPException
from limits import parse
from limits.aio.storage import RedisStorage
from limits.aio.strategies import SlidingWindowCounterRateLimiter

from commands.integrations.webhook import StravaWebhookEvent
from contracts.training.commands import RunCreate
from infra.priority import take_cpu
from infra.runtime.postgres import sync_dsn
from infra.runtime.process import free_port
from infra.settings import Settings

RUNS, EVENTS = "bench_bare_runs", "bench_bare_webhook_events"
OUTBOX, OWNERS = "bench_bare_outbox", "bench_bare_owners"
DSN_VARIABLE, REDIS_VARIABLE = "PACER_BENCH_BARE_DSN", "PACER_BENCH_BARE_REDIS"
GUARDED_APPEND = (
    f"WITH run AS (INSERT INTO {RUNS} (id, body) VALUES ($1, $2::jsonb) RETURNING id), "  # noqa: S608
    f"outbox AS (INSERT INTO {OUTBOX} (run_id, body) SELECT id, $2::jsonb FROM run) "
    "SELECT pg_notify('bench_bare_outbox', '')"
)
OWNER = UUID(int=1)
SESSION = "bench-bare-session"


def app(dsn: str, redis_url: str | None = None, pool_size: int = 10) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.pool = await asyncpg.create_pool(dsn, min_size=2, max_size=pool_size)
        app.state.redis = aioredis.from_url(redis_url) if redis_url else None
        yield
        if app.state.redis is not None:
            await app.state.redis.aclose()
        await app.state.pool.close()

    bare = FastAPI(lifespan=lifespan)

    @bare.post("/runs", status_code=201)
    async def record(run: RunCreate) -> dict[str, Any]:
        run_id = uuid4()
        await bare.state.pool.execute(
            f"INSERT INTO {RUNS} (id, body) VALUES ($1, $2::jsonb)",  # noqa: S608
            run_id,
            run.model_dump_json(),
        )
        return {"aggregate_id": str(run_id), "version": 1}

    @bare.get("/runs/{run_id}")
    async def read(run_id: UUID) -> dict[str, Any]:
        body = await bare.state.pool.fetchval(
            f"SELECT body FROM {RUNS} WHERE id = $1",  # noqa: S608
            run_id,
        )
        if body is None:
            raise HTTPException(404)
        return {"run_id": str(run_id), **json.loads(body)}

    window = parse("100000000/minute")

    @bare.post("/guarded/runs", status_code=201)
    async def record_guarded(run: RunCreate) -> dict[str, Any]:
        redis: aioredis.Redis = bare.state.redis
        if await redis.get(SESSION) is None:
            raise HTTPException(401)
        if not await limiter(redis).hit(window, "bench-bare-writes", str(OWNER)):
            raise HTTPException(429)
        run_id = uuid4()
        async with bare.state.pool.acquire() as connection, connection.transaction():
            if await connection.fetchval(f"SELECT id FROM {OWNERS} WHERE id = $1", OWNER) is None:  # noqa: S608
                raise HTTPException(404)
            await connection.execute(GUARDED_APPEND, run_id, run.model_dump_json())
        return {"aggregate_id": str(run_id), "version": 1}

    @bare.get("/guarded/runs/{run_id}")
    async def read_guarded(run_id: UUID) -> dict[str, Any]:
        if await bare.state.redis.get(SESSION) is None:
            raise HTTPException(401)
        async with (
            bare.state.pool.acquire() as connection,
            connection.transaction(readonly=True),
        ):
            await connection.execute("SELECT set_config('pacer.caller', $1, true)", str(OWNER))
            body = await connection.fetchval(f"SELECT body FROM {RUNS} WHERE id = $1", run_id)  # noqa: S608
        if body is None:
            raise HTTPException(404)
        return {"run_id": str(run_id), **json.loads(body)}

    @bare.post("/webhook")
    async def receive(event: StravaWebhookEvent) -> dict[str, bool]:
        await bare.state.pool.execute(
            f"INSERT INTO {EVENTS} (body) VALUES ($1::jsonb)",  # noqa: S608
            event.model_dump_json(),
        )
        return {"recorded": True}

    return bare


@cache
def limiter(redis: aioredis.Redis) -> SlidingWindowCounterRateLimiter:
    storage = RedisStorage(
        "async+redis://",
        implementation="redispy",
        key_prefix="bench-bare-limits",
        connection_pool=redis.connection_pool,  # type: ignore[arg-type] # options typed narrowly
    )
    return SlidingWindowCounterRateLimiter(storage)


async def prepare(dsn: str, redis_url: str | None) -> None:
    """The tables and the session key, made once before any worker starts (two creating them at
    once can fail)."""
    connection = await asyncpg.connect(dsn)
    try:
        await connection.execute(
            f"CREATE TABLE IF NOT EXISTS {RUNS} (id uuid PRIMARY KEY, body jsonb NOT NULL);"
            f"CREATE TABLE IF NOT EXISTS {EVENTS} (id bigserial PRIMARY KEY, body jsonb NOT NULL);"
            f"CREATE TABLE IF NOT EXISTS {OUTBOX} (id bigserial PRIMARY KEY, run_id uuid NOT NULL, "
            "body jsonb NOT NULL);"
            f"CREATE TABLE IF NOT EXISTS {OWNERS} (id uuid PRIMARY KEY)"
        )
        await connection.execute(f"INSERT INTO {OWNERS} VALUES ($1) ON CONFLICT DO NOTHING", OWNER)  # noqa: S608
    finally:
        await connection.close()
    if redis_url:
        redis = aioredis.from_url(redis_url)
        await redis.set(SESSION, str(OWNER))
        await redis.aclose()


def worker() -> FastAPI:
    """One of several worker processes: the database from the environment."""
    return app(os.environ[DSN_VARIABLE], os.environ.get(REDIS_VARIABLE))


@contextmanager
def bare_api(settings: Settings) -> Iterator[str]:
    """The bare app in a process (and session) of its own on the stack's PostgreSQL, with as
    many worker processes as Pacer's APIs and their CPU priority; its base URL."""
    port = free_port()
    bare = subprocess.Popen([sys.executable, "-m", "bench.bare_api", "--port", str(port),
                             "--dsn", sync_dsn(settings.database_dsn),
                             "--redis", settings.redis_dsn,
                             "--workers", str(settings.api_workers),
                             "--nice", str(settings.api_nice)],
                            start_new_session=True)  # fmt: skip
    try:
        deadline = time.monotonic() + 180  # it imports the models, then each worker does
        while time.monotonic() < deadline:
            if bare.poll() is not None:
                raise RuntimeError(f"the bare app exited with {bare.returncode}")
            try:
                httpx.get(f"http://127.0.0.1:{port}/docs", timeout=1).raise_for_status()
                break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            raise RuntimeError("the bare app did not answer within three minutes")
        yield f"http://127.0.0.1:{port}"
    finally:
        bare.terminate()
        bare.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dsn", required=True)
    parser.add_argument("--redis", help="for the `/guarded/` routes")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--nice", type=int, default=0)
    args = parser.parse_args()
    take_cpu(args.nice)
    asyncio.run(prepare(args.dsn, args.redis))
    options: dict[str, Any] = {"host": "127.0.0.1", "port": args.port, "log_level": "warning",
                               "server_header": False}  # fmt: skip
    if args.workers == 1:
        uvicorn.run(app(args.dsn, args.redis), **options)
        return
    os.environ[DSN_VARIABLE] = args.dsn
    if args.redis:
        os.environ[REDIS_VARIABLE] = args.redis
    uvicorn.run("bench.bare_api:worker", factory=True, workers=args.workers, **options)


if __name__ == "__main__":
    main()
