"""Run queries over HTTP."""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Query

from contracts.training.reads import RUNS, RunPage, RunPublic, WeeklyTotal
from contracts.types import QueryInstant
from infra.http_auth import CurrentPrincipal
from infra.problems import problems
from queries.cursors import CURSOR_PATTERN, InvalidCursorError
from queries.http import BadQueryError, Connection, Consistent, NotFoundError
from queries.training import run_views as views

router = APIRouter(prefix="/runs", tags=["runs"], dependencies=[Consistent(RUNS)])
From = Annotated[QueryInstant | None, Query(alias="from", description="Inclusive.")]
To = Annotated[QueryInstant | None, Query(alias="to", description="Exclusive.")]


@router.get("", response_model=RunPage, responses=problems(400))
async def list_runs(
    principal: CurrentPrincipal,
    conn: Connection,
    start: From = None,
    end: To = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Annotated[str | None, Query(max_length=500, pattern=CURSOR_PATTERN)] = None,
    source: Annotated[
        Literal["manual", "strava"] | None,
        Query(description="Only runs told in Pacer, or only those imported from Strava."),
    ] = None,
) -> RunPage:
    """Your runs, newest first, optionally within [from, to)."""
    try:
        return await views.list_runs(
            conn, principal.account_id, start=start, end=end, limit=limit, cursor=cursor,
            source=source,
        )  # fmt: skip
    except InvalidCursorError:
        raise BadQueryError("`cursor` is not a cursor issued by this API") from None


@router.get("/weekly", response_model=list[WeeklyTotal])
async def weekly(
    principal: CurrentPrincipal, conn: Connection, start: From = None, end: To = None
) -> list[WeeklyTotal]:
    """Distance, time, count and average pace per ISO week."""
    return await views.weekly_totals(conn, principal.account_id, start=start, end=end)


@router.get("/{run_id}", response_model=RunPublic, responses=problems(404))
async def get_run(run_id: UUID, principal: CurrentPrincipal, conn: Connection) -> RunPublic:
    """One of your runs; 404 if it does not exist or is not yours."""
    run = await views.get_run(conn, principal.account_id, run_id)
    if run is None:
        raise NotFoundError(f"run {run_id} not found")
    return run
