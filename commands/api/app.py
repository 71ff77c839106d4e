"""Composition root of the command API process."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine

from commands.api import auth, runs
from commands.api.errors import install_command_error_handlers
from infra.database import create_engine
from infra.problems import install_problem_handlers
from infra.settings import Settings


def create_app(settings: Settings, engine: AsyncEngine | None = None) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.engine = engine or create_engine(settings)
        try:
            yield
        finally:
            if engine is None:
                await app.state.engine.dispose()

    app = FastAPI(
        title="Pacer command API",
        version="1.0.0",
        description="Accepts commands. Every answer carries the aggregate's new version and a "
        "consistency token for reading your own writes from the query API. Errors are RFC 9457 "
        "problem documents.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    install_problem_handlers(app)
    install_command_error_handlers(app)
    app.include_router(auth.router)
    app.include_router(runs.router)
    return app
