"""Analytics over HTTP: totals, records and streaks, fitness and predictions, training load."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated, Literal

from fastapi import APIRouter, Query

from contracts.movement.reads import WORKOUTS
from contracts.training.analytics import Fitness, Load, Records, Totals
from contracts.training.reads import RUNS
from contracts.types import Day
from infra.http_auth import CurrentPrincipal
from infra.problems import problems
from queries.http import BadQueryError, Connection, Consistent
from queries.training import analytics_views as views

router = APIRouter(prefix="/analytics", tags=["analytics"],
                   dependencies=[Consistent(RUNS, WORKOUTS)])  # fmt: skip
MAX_LOAD_DAYS = 3 * 366


@router.get("/totals", response_model=Totals)
async def totals(
    principal: CurrentPrincipal, conn: Connection, period: Literal["week", "month"] = "week"
) -> Totals:
    """Distance, time, runs and average pace per ISO week or calendar month (UTC)."""
    return Totals(period=period, items=await views.totals(conn, principal.account_id, period))


@router.get("/records", response_model=Records)
async def records(principal: CurrentPrincipal, conn: Connection) -> Records:
    """Personal records at 5K, 10K, half and marathon (the fastest run at or over each distance,
    by average pace: whole-run bests), the longest run, and streaks of days with a run."""
    return await views.records(conn, principal.account_id, datetime.now(UTC).date())


@router.get("/fitness", response_model=Fitness)
async def fitness(principal: CurrentPrincipal, conn: Connection) -> Fitness:
    """VDOT from your best effort of the last 12 weeks (runs of at least 3 km), the training
    paces it gives (easy, marathon, threshold, interval, repetition) and race predictions:
    Daniels-Gilbert from the VDOT, Riegel's formula from the same run beside it."""
    return await views.fitness(conn, principal.account_id, datetime.now(UTC))


@router.get("/load", response_model=Load, responses=problems(400))
async def load(
    principal: CurrentPrincipal,
    conn: Connection,
    start: Annotated[Day | None, Query(alias="from", description="Default: 90 days ago.")] = None,
    end: Annotated[Day | None, Query(alias="to", description="Default: today.")] = None,
    threshold_hr: Annotated[int | None, Query(ge=80, le=230, description=(
        "Your threshold heart rate: runs with heart rate are then scored by hrTSS."))] = None,
    resting_hr: Annotated[int, Query(ge=25, le=120)] = 60,
) -> Load:  # fmt: skip
    """Daily training stress (rTSS of runs against your threshold pace, or hrTSS with
    `threshold_hr`; strength and rep sessions from their MET-hours) with fitness (CTL, 42 days),
    fatigue (ATL, 7 days) and form (TSB): runs and strength work on one chart."""
    last = end or datetime.now(UTC).date()
    first = start or last - timedelta(days=90)
    if first > last or (last - first).days > MAX_LOAD_DAYS:
        raise BadQueryError(f"`from` must not be after `to`, at most {MAX_LOAD_DAYS} days before")
    if threshold_hr is not None and threshold_hr <= resting_hr:
        raise BadQueryError("`threshold_hr` must be above `resting_hr`")
    return await views.load(conn, principal.account_id, first, last, now=datetime.now(UTC),
                            threshold_hr=threshold_hr, resting_hr=resting_hr)  # fmt: skip
