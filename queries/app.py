"""Composition root of the query API process: read-only, and nothing from `commands`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine

from infra.database import create_engine
from infra.problems import install_problem_handlers
from infra.settings import Settings
from queries import routes


def create_app(settings: Settings, engine: AsyncEngine | None = None) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.engine = engine or create_engine(settings, read_only=True)
        try:
            yield
        finally:
            if engine is None:
                await app.state.engine.dispose()

    app = FastAPI(
        title="Pacer query API",
        version="1.0.0",
        description="Reads only. Send `X-Consistency-Token` from a command response to wait "
        f"(at most {settings.consistency_wait_s:g} s, then 503) until that write is visible.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    install_problem_handlers(app)
    app.include_router(routes.router)
    return app
