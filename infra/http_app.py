"""What both API processes share: the database engine's lifespan and the problem handlers."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine

from infra.database import create_engine
from infra.problems import install_problem_handlers
from infra.settings import Settings


def engine_lifespan(
    settings: Settings, engine: AsyncEngine | None, *, read_only: bool
) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    """Create the engine at start-up (or use the one given, e.g. by a test) and dispose of it."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.engine = engine or create_engine(settings, read_only=read_only)
        try:
            yield
        finally:
            if engine is None:
                await app.state.engine.dispose()

    return lifespan


def api_app(
    settings: Settings,
    lifespan: Callable[[FastAPI], AbstractAsyncContextManager[None]],
    *,
    title: str,
    description: str,
) -> FastAPI:
    app = FastAPI(title=title, description=description, version="1.0.0", lifespan=lifespan)
    app.state.settings = settings
    install_problem_handlers(app)
    return app
