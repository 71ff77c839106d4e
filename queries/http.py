"""The query API: its app factory and the dependencies its routes use. It reads through `READ
ONLY` transactions and imports nothing from the write side. Routes live with their context
(`queries/<context>/routes.py`)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Header, Request
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from contracts.consistency import (
    POSITIONS_CHANNEL,
    TOKEN_PATTERN,
    ConsistencyTokens,
    InvalidConsistencyTokenError,
    positions_table,
)
from infra.database import ALIVE, AS_CALLER, create_engine, driver_dsn, first_statement, open_pool
from infra.http_app import api_app
from infra.http_auth import CurrentPrincipal
from infra.positions import PositionSignals, wait_until_applied
from infra.problems import ProblemError, raises
from infra.settings import Settings


class NotFoundError(ProblemError):
    status = 404
    problem_type = "not-found"
    title = "Not found"


class NotYetConsistentError(ProblemError):
    status = 503
    problem_type = "not-yet-consistent"
    title = "Not yet consistent"


class BadQueryError(ProblemError):
    status = 400
    problem_type = "bad-query"
    title = "Bad query"


def create_app(
    settings: Settings, routers: Sequence[APIRouter], engine: AsyncEngine | None = None
) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # No ping when a connection leaves the pool (a round trip a read): the first statement
        # of a request proves it alive (`first_statement`).
        app.state.engine = engine or create_engine(settings, read_only=True, pre_ping=False)
        if engine is None:
            await open_pool(app.state.engine)
        app.state.signals = PositionSignals(driver_dsn(settings), POSITIONS_CHANNEL)
        app.state.tokens = ConsistencyTokens(settings.signing_key)
        await app.state.signals.start()
        try:
            yield
        finally:
            await app.state.signals.stop()
            if engine is None:
                await app.state.engine.dispose()

    return api_app(
        settings,
        lifespan,
        title="Pacer query API",
        description="Reads only. Send `X-Consistency-Token` from a command response to wait "
        f"(at most {settings.consistency_wait_s:g} s, then 503) until that write is visible.",
        routers=routers,
    )


async def _connection(
    request: Request, principal: CurrentPrincipal
) -> AsyncIterator[AsyncConnection]:
    engine: AsyncEngine = request.app.state.engine
    caller = {"caller": str(principal.account_id)}
    async with first_statement(engine, AS_CALLER, caller) as (connection, _):
        yield connection


async def _every_row(request: Request) -> AsyncIterator[AsyncConnection]:
    engine: AsyncEngine = request.app.state.engine
    async with first_statement(engine, ALIVE) as (connection, _):
        yield connection


Connection = Annotated[AsyncConnection, Depends(_connection)]
EveryRow = Annotated[AsyncConnection, Depends(_every_row)]
"""Past row-level security: only for answers that show no row of anybody's (system counts)."""


def consistent(*read_models: str) -> Callable[..., Awaitable[None]]:
    """A dependency that waits (bounded) until one of `read_models` has applied the write named
    by the request's `X-Consistency-Token`; without a token it does not wait."""
    tables = [positions_table(model) for model in read_models]

    @raises(400, 503)
    async def wait(
        request: Request,
        principal: CurrentPrincipal,  # authenticate before any waiting
        consistency_token: Annotated[
            str | None,
            Header(
                alias="X-Consistency-Token",
                pattern=TOKEN_PATTERN,
                max_length=500,
                description="From a command response: wait until that write is visible. Only "
                "the caller who sent the command can use its token (400 otherwise).",
            ),
        ] = None,
    ) -> None:
        if consistency_token is None:
            return
        tokens: ConsistencyTokens = request.app.state.tokens
        try:
            position = tokens.open(consistency_token, str(principal.account_id))
        except InvalidConsistencyTokenError:
            raise BadQueryError(
                "X-Consistency-Token was not issued by Pacer to this caller"
            ) from None
        settings: Settings = request.app.state.settings
        waited = await wait_until_applied(
            request.app.state.engine,
            request.app.state.signals,
            tables,
            position.stream_id,
            position.version,
            settings.consistency_wait_s,
        )
        if not waited:
            raise NotYetConsistentError(
                f"The write is not visible after {settings.consistency_wait_s:g} s; retry shortly.",
                headers={"Retry-After": "1"},
            )

    return wait


def Consistent(*read_models: str) -> Any:  # noqa: N802 - used like FastAPI's Depends
    """`dependencies=[Consistent(RUNS)]` on a router whose views read `RUNS`; a view that reads
    several read models names them all, and a token of a write to any of them is waited for."""
    return Depends(consistent(*read_models))
