"""The bare baselines of the benchmarks: a FastAPI app that validates the same bodies with the
same pydantic models and does one asyncpg statement per request, nothing else (no auth, no bus,
no event store, no outbox, no idempotency, no telemetry, no rate limits), served by uvicorn with
the same settings as Pacer's APIs.

- `POST /runs` (`RunCreate`) → one INSERT; `GET /runs/{id}` → one SELECT by primary key;
- `POST /webhook` (Strava's event body) → one INSERT.

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
from typing import Any
from uuid import UUID, uuid4

import asyncpg
import httpx
import uvicorn
from fastapi import FastAPI, HTTPException

from commands.integrations.webhook import StravaWebhookEvent
from contracts.training.commands import RunCreate
from infra.priority import take_cpu
from infra.runtime.postgres import sync_dsn
from infra.runtime.process import free_port
from infra.settings import Settings

RUNS, EVENTS = "bench_bare_runs", "bench_bare_webhook_events"
DSN_VARIABLE = "PACER_BENCH_BARE_DSN"


def app(dsn: str, pool_size: int = 10) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.pool = await asyncpg.create_pool(dsn, min_size=2, max_size=pool_size)
        yield
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

    @bare.post("/webhook")
    async def receive(event: StravaWebhookEvent) -> dict[str, bool]:
        await bare.state.pool.execute(
            f"INSERT INTO {EVENTS} (body) VALUES ($1::jsonb)",  # noqa: S608
            event.model_dump_json(),
        )
        return {"recorded": True}

    return bare


async def prepare(dsn: str) -> None:
    """The tables, made once before any worker starts (two creating them at once can fail)."""
    connection = await asyncpg.connect(dsn)
    try:
        await connection.execute(
            f"CREATE TABLE IF NOT EXISTS {RUNS} (id uuid PRIMARY KEY, body jsonb NOT NULL);"
            f"CREATE TABLE IF NOT EXISTS {EVENTS} (id bigserial PRIMARY KEY, body jsonb NOT NULL)"
        )
    finally:
        await connection.close()


def worker() -> FastAPI:
    """One of several worker processes: the database from the environment."""
    return app(os.environ[DSN_VARIABLE])


@contextmanager
def bare_api(settings: Settings) -> Iterator[str]:
    """The bare app in a process (and session) of its own on the stack's PostgreSQL, with as
    many worker processes as Pacer's APIs and their CPU priority; its base URL."""
    port = free_port()
    bare = subprocess.Popen([sys.executable, "-m", "bench.bare_api", "--port", str(port),
                             "--dsn", sync_dsn(settings.database_dsn),
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
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--nice", type=int, default=0)
    args = parser.parse_args()
    take_cpu(args.nice)
    asyncio.run(prepare(args.dsn))
    options: dict[str, Any] = {"host": "127.0.0.1", "port": args.port, "log_level": "warning",
                               "server_header": False}  # fmt: skip
    if args.workers == 1:
        uvicorn.run(app(args.dsn), **options)
        return
    os.environ[DSN_VARIABLE] = args.dsn
    uvicorn.run("bench.bare_api:worker", factory=True, workers=args.workers, **options)


if __name__ == "__main__":
    main()
