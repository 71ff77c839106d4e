"""What both API processes share: a FastAPI app with Pacer's settings and problem handlers."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager

from fastapi import FastAPI

from infra.problems import install_problem_handlers
from infra.settings import Settings


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
