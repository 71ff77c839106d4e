"""Nutrition profile queries over HTTP: profile and targets, their history, the weight log with
its trend, and the training-aware days."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Query

from contracts.nutrition.reads import (
    NUTRITION_DAYS,
    NUTRITION_PROFILES,
    DayPublic,
    NutritionProfilePublic,
    TargetsChange,
    WeightPoint,
)
from contracts.types import Day
from infra.http_auth import CurrentPrincipal
from infra.problems import problems
from queries.access import ReadNutrition
from queries.http import BadQueryError, Connection, Consistent, NotFoundError
from queries.nutrition import profile_views as views

router = APIRouter(prefix="/nutrition", tags=["nutrition"])
MAX_RANGE_DAYS = 400
First = Annotated[Day | None, Query(alias="from", description="Inclusive (default: 28 days ago).")]
Last = Annotated[Day | None, Query(alias="to", description="Inclusive (default: today).")]


def _range(first: date | None, last: date | None) -> tuple[date, date]:
    last = last or date.today()
    first = first or last - timedelta(days=27)
    if first > last or (last - first).days > MAX_RANGE_DAYS:
        raise BadQueryError(f"`from` must be before `to`, at most {MAX_RANGE_DAYS} days apart")
    return first, last


@router.get("/profile", response_model=NutritionProfilePublic, responses=problems(404),
            dependencies=[Consistent(NUTRITION_PROFILES)])  # fmt: skip
async def get_profile(subject: ReadNutrition, conn: Connection) -> NutritionProfilePublic:
    """Your nutrition profile, the targets in force for each kind of day, and the adaptive
    estimate's latest proposal (its estimate of your expenditure and its confidence)."""
    found = await views.profile(conn, subject.athlete_id)
    if found is None:
        raise NotFoundError("you have no nutrition profile yet (PUT /nutrition/profile)")
    return found


@router.get("/targets/history", response_model=list[TargetsChange],
            dependencies=[Consistent(NUTRITION_PROFILES)])  # fmt: skip
async def targets_history(
    subject: ReadNutrition, conn: Connection,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> list[TargetsChange]:  # fmt: skip
    """Every change of your targets, newest first, with why it changed."""
    return await views.targets_history(conn, subject.athlete_id, limit)


@router.get("/weights", response_model=list[WeightPoint], responses=problems(400),
            dependencies=[Consistent(NUTRITION_PROFILES)])  # fmt: skip
async def weights(
    subject: ReadNutrition, conn: Connection, first: First = None, last: Last = None
) -> list[WeightPoint]:
    """Your weigh-ins in [from, to], each with the trend weight (smoothed)."""
    return await views.weights(conn, subject.athlete_id, *_range(first, last))


@router.get("/days", response_model=list[DayPublic], responses=problems(400),
            dependencies=[Consistent(NUTRITION_DAYS)])  # fmt: skip
async def days(
    principal: CurrentPrincipal, conn: Connection, first: First = None, last: Last = None
) -> list[DayPublic]:
    """Days in [from, to] that are not normal days for meal planning: a long run or hard
    session from your training (with which), or a kind you set by hand."""
    return await views.days(conn, principal.account_id, *_range(first, last))
