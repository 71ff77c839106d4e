"""Run queries over HTTP."""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Query

from contracts.training.reads import RUNS, RunPage, RunPublic, WeeklyTotal
from contracts.types import QueryInstant
from infra.problems import problems
from queries.access import ReadTraining
from queries.cursors import CURSOR_PATTERN
from queries.http import Connection, Consistent, NotFoundError
from queries.training import run_views as views

router = APIRouter(prefix="/runs", tags=["runs"], dependencies=[Consistent(RUNS)])
From = Annotated[QueryInstant | None, Query(alias="from", description="Inclusive.")]
To = Annotated[QueryInstant | None, Query(alias="to", description="Exclusive.")]


@router.get("", response_model=RunPage, responses=problems(400))
async def list_runs(
    subject: ReadTraining,
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
    """Your runs (or, for a coach, an athlete's runs told in Pacer), newest first, optionally
    within [from, to)."""
    if not subject.own:
        if source == "strava":  # Strava's data is shown to its owner only
            return RunPage(items=[], next_cursor=None)
        source = "manual"
    return await views.list_runs(
        conn, subject.athlete_id, start=start, end=end, limit=limit, cursor=cursor,
        source=source,
    )  # fmt: skip


@router.get("/weekly", response_model=list[WeeklyTotal])
async def weekly(
    subject: ReadTraining, conn: Connection, start: From = None, end: To = None
) -> list[WeeklyTotal]:
    """Distance, time, count and average pace per ISO week (for a coach: of the runs told in
    Pacer)."""
    return await views.weekly_totals(
        conn, subject.athlete_id, start=start, end=end, source=None if subject.own else "manual"
    )


@router.get("/{run_id}", response_model=RunPublic, responses=problems(404))
async def get_run(run_id: UUID, subject: ReadTraining, conn: Connection) -> RunPublic:
    """One of your runs; 404 if it does not exist or is not yours (a coach reads an athlete's
    runs told in Pacer)."""
    run = await views.get_run(conn, subject.athlete_id, run_id)
    if run is None or (not subject.own and run.source == "strava"):
        raise NotFoundError(f"run {run_id} not found")
    return run
