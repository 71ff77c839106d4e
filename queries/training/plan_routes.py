"""Plan queries over HTTP."""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Query, Response
from sqlalchemy.ext.asyncio import AsyncConnection

from contracts.training.reads import PLANS, PlanDetail, PlanList
from contracts.training.running import TrainingPaces
from infra.http_auth import CurrentPrincipal
from infra.problems import problems
from queries.access import ReadTraining
from queries.http import Connection, Consistent, NotFoundError
from queries.training import analytics_views, plan_views
from queries.training.exports.fit import to_fit
from queries.training.exports.zwo import to_zwo

router = APIRouter(prefix="/plans", tags=["plans"], dependencies=[Consistent(PLANS)])


@router.get("", response_model=PlanList)
async def list_plans(
    subject: ReadTraining,
    conn: Connection,
    archived: Annotated[bool, Query(description="Include archived plans.")] = False,
) -> PlanList:
    """Your plans (or, for a coach, an athlete's), the latest start first."""
    return PlanList(items=await plan_views.list_plans(conn, subject.athlete_id, archived=archived))


EXPORTS = {
    "zwo": ("application/xml", "zwo"),
    "fit": ("application/vnd.ant.fit", "fit"),
}
DEFAULT_THRESHOLD_S_PER_KM = 300.0
"""Threshold pace for a workout of a plan without paces, when the runner has no recent runs."""


@router.get(
    "/{plan_id}/workouts/{workout_id}/export",
    response_class=Response,
    responses={200: {"content": {kind: {} for kind, _ in EXPORTS.values()},
                     "description": "The workout file."}, **problems(404)},
)  # fmt: skip
async def export_workout(
    plan_id: UUID,
    workout_id: UUID,
    principal: CurrentPrincipal,
    conn: Connection,
    file_format: Annotated[Literal["zwo", "fit"], Query(alias="format")] = "fit",
) -> Response:
    """One scheduled workout as a file a watch or training app loads: a Garmin FIT workout
    (`fit`) or a Zwift run workout (`zwo`), with its steps, repeats and pace targets."""
    found = await plan_views.get_workout(conn, principal.account_id, plan_id, workout_id)
    if found is None:
        raise NotFoundError(f"workout {workout_id} not found in plan {plan_id}")
    workout, paces = found
    if file_format == "zwo":
        threshold = await _threshold(conn, principal.account_id, paces)
        body = to_zwo(workout.session, threshold)
    else:
        body = to_fit(workout.session, datetime.combine(workout.date, time(6), UTC))
    media_type, suffix = EXPORTS[file_format]
    name = f"pacer-{workout.date.isoformat()}-{workout.kind}.{suffix}"
    return Response(body, media_type=media_type,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})  # fmt: skip


async def _threshold(conn: AsyncConnection, athlete_id: UUID, paces: TrainingPaces | None) -> float:
    if paces is None:
        paces = (await analytics_views.fitness(conn, athlete_id, datetime.now(UTC))).paces
    if paces is None:
        return DEFAULT_THRESHOLD_S_PER_KM
    zone = paces.of("threshold")
    return (zone.fast_s_per_km + zone.slow_s_per_km) / 2


@router.get("/{plan_id}", response_model=PlanDetail, responses=problems(404))
async def get_plan(plan_id: UUID, subject: ReadTraining, conn: Connection) -> PlanDetail:
    """One of your plans (or a coached athlete's) with its workouts and weekly planned
    distance; 404 if it does not exist or is not theirs."""
    plan = await plan_views.get_plan(conn, subject.athlete_id, plan_id, own=subject.own)
    if plan is None:
        raise NotFoundError(f"plan {plan_id} not found")
    return plan
