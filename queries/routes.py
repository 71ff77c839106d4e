"""Run queries."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Header, Query, Request
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from contracts.consistency import InvalidConsistencyTokenError, StreamPosition
from contracts.reads.training import RunPage, RunPublic, WeeklyTotal
from infra.http_auth import CurrentPrincipal
from infra.problems import PROBLEM_RESPONSES, ProblemError
from queries import views
from queries.consistency import wait_until_applied

RUNS_PROJECTION = "runs"


class RunNotFoundError(ProblemError):
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


async def consistent(
    request: Request,
    principal: CurrentPrincipal,  # authenticate before any waiting
    consistency_token: Annotated[
        str | None,
        Header(
            alias="X-Consistency-Token",
            description="From a command response: wait until that write is visible.",
        ),
    ] = None,
) -> None:
    """Wait (bounded) until the runs projection has applied the token's write."""
    if consistency_token is None:
        return
    try:
        position = StreamPosition.decode(consistency_token)
    except InvalidConsistencyTokenError:
        raise BadQueryError("X-Consistency-Token is not a token issued by Pacer") from None
    settings = request.app.state.settings
    engine: AsyncEngine = request.app.state.engine
    if not await wait_until_applied(engine, RUNS_PROJECTION, position, settings.consistency_wait_s):
        raise NotYetConsistentError(
            f"The write is not visible after {settings.consistency_wait_s:g} s; retry shortly.",
            headers={"Retry-After": "1"},
        )


async def connection(request: Request) -> AsyncIterator[AsyncConnection]:
    engine: AsyncEngine = request.app.state.engine
    async with engine.connect() as conn:
        yield conn


Consistent = Depends(consistent)
Connection = Annotated[AsyncConnection, Depends(connection)]
router = APIRouter(
    prefix="/runs", tags=["runs"], responses=PROBLEM_RESPONSES, dependencies=[Consistent]
)


@router.get("", response_model=RunPage)
async def list_runs(
    principal: CurrentPrincipal,
    conn: Connection,
    start: Annotated[datetime | None, Query(alias="from", description="Inclusive.")] = None,
    end: Annotated[datetime | None, Query(alias="to", description="Exclusive.")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: str | None = None,
) -> RunPage:
    """Your runs, newest first, optionally within [from, to)."""
    try:
        return await views.list_runs(
            conn, principal.account_id, start=start, end=end, limit=limit, cursor=cursor
        )
    except views.InvalidCursorError:
        raise BadQueryError("`cursor` is not a cursor issued by this API") from None


@router.get("/weekly", response_model=list[WeeklyTotal])
async def weekly(
    principal: CurrentPrincipal,
    conn: Connection,
    start: Annotated[datetime | None, Query(alias="from")] = None,
    end: Annotated[datetime | None, Query(alias="to")] = None,
) -> list[WeeklyTotal]:
    """Distance, time, count and average pace per ISO week."""
    return await views.weekly_totals(conn, principal.account_id, start=start, end=end)


@router.get("/{run_id}", response_model=RunPublic)
async def get_run(run_id: UUID, principal: CurrentPrincipal, conn: Connection) -> RunPublic:
    """One of your runs; 404 if it does not exist or is not yours."""
    run = await views.get_run(conn, principal.account_id, run_id)
    if run is None:
        raise RunNotFoundError(f"run {run_id} not found")
    return run
