"""What both API processes share: a FastAPI app with Pacer's settings, problem handling and
declarations, health routes, offline documentation, request limits and response headers."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager

from fastapi import APIRouter, FastAPI
from fastapi_offline import FastAPIOffline
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from infra.http_headers import DOCS_ASSETS, SecurityHeaders, allow_cross_origin
from infra.http_health import install_health
from infra.http_limits import BodyLimit
from infra.http_metrics import install_metrics
from infra.logs import install_correlation
from infra.problems import declare_problems, install_problem_handlers
from infra.rate_limits import sliding_windows
from infra.redis import namespace, redis_client
from infra.sessions import LiveSessions
from infra.settings import Settings

Lifespan = Callable[[FastAPI], AbstractAsyncContextManager[None]]


def api_app(
    settings: Settings,
    lifespan: Lifespan,
    *,
    title: str,
    description: str,
    routers: Sequence[APIRouter],
) -> FastAPI:
    """The app; `lifespan` must put the process's database engine on `app.state.engine`."""
    # Swagger UI and ReDoc served from the package's own assets: the docs work offline.
    app = FastAPIOffline(
        title=title,
        description=description,
        version="1.0.0",
        lifespan=_with_redis(settings, lifespan),
        static_url=DOCS_ASSETS,
        # An operation is known by its handler's name (`record_run`): what client generators use.
        generate_unique_id_function=lambda route: route.name,
        # FastAPI's own server span per request (the command's events continue its trace); no
        # span per dependency and serialisation step (a third of a request's CPU under load), no
        # OpenTelemetry metrics or logs (Prometheus and the JSON log cover them).
        telemetry={"tracing": True, "operation_spans": False, "metrics": False, "logs": False},
    )
    app.state.settings = settings
    install_problem_handlers(app)
    for router in routers:
        app.include_router(router)
    install_health(app, {"postgres": _postgres_answers, "redis": _redis_answers})
    declare_problems(app)
    install_correlation(app)
    install_metrics(app)
    # Last added runs first: CORS answers preflights before anything else looks at them.
    app.add_middleware(BodyLimit, default_max_bytes=settings.max_body_bytes)
    app.add_middleware(SecurityHeaders)
    allow_cross_origin(app, settings.cors_origins)
    return app


def _with_redis(settings: Settings, lifespan: Lifespan) -> Lifespan:
    """Around the API's own lifespan: the Redis client behind live sessions and rate limits."""

    @asynccontextmanager
    async def both(app: FastAPI) -> AsyncIterator[None]:
        client = redis_client(settings)
        app.state.redis = client
        app.state.sessions = LiveSessions(client, namespace(settings))
        app.state.limiter = sliding_windows(client, namespace(settings))
        app.state.rate_limits = {}
        try:
            async with lifespan(app):
                yield
        finally:
            await client.aclose()

    return both


async def _postgres_answers(app: FastAPI) -> None:
    engine: AsyncEngine = app.state.engine
    async with engine.connect() as connection:
        await connection.execute(text("SELECT 1"))


async def _redis_answers(app: FastAPI) -> None:
    await app.state.redis.ping()
