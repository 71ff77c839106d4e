"""Plan views: SQL over `plans_view` and `plan_workouts_view` into read DTOs. Every query is
scoped to one athlete."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from contracts.training.reads import PlanDetail, PlannedWorkout, PlanSummary, PlanWeek

PLAN_COLUMNS = "plan_id, title, start_date, end_date, goal, generated, archived, version"


async def list_plans(
    connection: AsyncConnection, athlete_id: UUID, *, archived: bool
) -> list[PlanSummary]:
    """Newest start first; archived plans only when asked for."""
    rows = await connection.execute(
        text(
            f"SELECT {PLAN_COLUMNS} FROM plans_view WHERE athlete_id = :athlete "  # noqa: S608
            "AND (:archived OR NOT archived) ORDER BY start_date DESC, plan_id"
        ),
        {"athlete": athlete_id, "archived": archived},
    )
    return [PlanSummary.model_validate(row._mapping) for row in rows]


async def get_plan(
    connection: AsyncConnection, athlete_id: UUID, plan_id: UUID
) -> PlanDetail | None:
    plan = (
        await connection.execute(
            text(
                f"SELECT {PLAN_COLUMNS}, paces FROM plans_view "  # noqa: S608
                "WHERE plan_id = :plan AND athlete_id = :athlete"
            ),
            {"plan": plan_id, "athlete": athlete_id},
        )
    ).first()
    if plan is None:
        return None
    rows = await connection.execute(
        text(
            "SELECT workout_id, day AS date, kind, title, session, distance_km, duration_s, "
            "totals_complete FROM plan_workouts_view WHERE plan_id = :plan "
            "ORDER BY day, workout_id"
        ),
        {"plan": plan_id},
    )
    workouts = [PlannedWorkout.model_validate(row._mapping) for row in rows]
    summary = PlanSummary.model_validate(plan._mapping)
    return PlanDetail(
        **summary.model_dump(), paces=plan.paces, workouts=workouts,
        weeks=weeks_of(summary, workouts),
    )  # fmt: skip


def weeks_of(plan: PlanSummary, workouts: list[PlannedWorkout]) -> list[PlanWeek]:
    """Planned distance, time and workouts per seven days from the plan's start, every week of
    the plan listed (an empty one too)."""
    distance: dict[int, float] = defaultdict(float)
    seconds: dict[int, int] = defaultdict(int)
    count: dict[int, int] = defaultdict(int)
    for workout in workouts:
        week = (workout.date - plan.start_date).days // 7
        distance[week] += workout.distance_km
        seconds[week] += workout.duration_s
        count[week] += 1
    total = (plan.end_date - plan.start_date).days // 7 + 1
    return [
        PlanWeek(
            week=week + 1,
            starts_on=plan.start_date + timedelta(days=7 * week),
            planned_km=round(distance[week], 2),
            planned_s=seconds[week],
            workouts=count[week],
        )
        for week in range(total)
    ]
