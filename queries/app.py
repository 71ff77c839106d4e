"""Composition root of the query API process: read-only, and nothing from `commands`."""

from __future__ import annotations

from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine

from infra.http_app import api_app, engine_lifespan
from infra.settings import Settings
from queries import routes


def create_app(settings: Settings, engine: AsyncEngine | None = None) -> FastAPI:
    app = api_app(
        settings,
        engine_lifespan(settings, engine, read_only=True),
        title="Pacer query API",
        description="Reads only. Send `X-Consistency-Token` from a command response to wait "
        f"(at most {settings.consistency_wait_s:g} s, then 503) until that write is visible.",
    )
    app.include_router(routes.router)
    return app
