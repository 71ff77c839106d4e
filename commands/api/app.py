"""Composition root of the command API process."""

from __future__ import annotations

from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine

from commands.api import auth, runs
from commands.api.errors import install_command_error_handlers
from infra.http_app import api_app, engine_lifespan
from infra.settings import Settings


def create_app(settings: Settings, engine: AsyncEngine | None = None) -> FastAPI:
    app = api_app(
        settings,
        engine_lifespan(settings, engine, read_only=False),
        title="Pacer command API",
        description="Accepts commands. Every answer carries the aggregate's new version and a "
        "consistency token for reading your own writes from the query API. Errors are RFC 9457 "
        "problem documents.",
    )
    install_command_error_handlers(app)
    app.include_router(auth.router)
    app.include_router(runs.router)
    return app
