"""The bare baseline of the webhook benchmark: a FastAPI app that validates the same event body
with the same pydantic model and INSERTs it with one asyncpg statement, nothing else (no bus,
no event store, no outbox, no idempotency, no telemetry).

    python -m bench.bare_webhook --port 8950 --dsn postgresql://postgres@127.0.0.1:5432/pacer
"""

from __future__ import annotations

import argparse
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg
import uvicorn
from fastapi import FastAPI

from commands.integrations.webhook import StravaWebhookEvent

TABLE = "bench_bare_webhook_events"


def app(dsn: str) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.pool = await asyncpg.create_pool(dsn, min_size=2, max_size=10)
        await app.state.pool.execute(
            f"CREATE TABLE IF NOT EXISTS {TABLE} (id bigserial PRIMARY KEY, body jsonb NOT NULL)"
        )
        yield
        await app.state.pool.close()

    bare = FastAPI(lifespan=lifespan)

    @bare.post("/webhook")
    async def receive(event: StravaWebhookEvent) -> dict[str, bool]:
        await bare.state.pool.execute(
            f"INSERT INTO {TABLE} (body) VALUES ($1::jsonb)",  # noqa: S608
            json.dumps(event.model_dump()),
        )
        return {"recorded": True}

    return bare


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dsn", required=True)
    args = parser.parse_args()
    uvicorn.run(app(args.dsn), host="127.0.0.1", port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
