"""Plan views: SQL over `plans_view` and `plan_workouts_view` into read DTOs. Every query is
scoped to one athlete."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID

from sqlalchemy import RowMapping, text
from sqlalchemy.ext.asyncio import AsyncConnection

from contracts.training.reads import (
    Completion,
    PlanDetail,
    PlannedWorkout,
    PlanSummary,
    PlanWeek,
)
from contracts.training.running import TrainingPaces
from contracts.training.sessions import RUN_KINDS

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


SHOWN = (
    "(CAST(:own AS boolean) OR (r.run_id IS NOT NULL AND COALESCE(r.source, 'manual') = 'manual'))"
)
"""A completion a coach may see: by a run told in Pacer (row security hides the others' rows)."""


async def get_plan(
    connection: AsyncConnection, athlete_id: UUID, plan_id: UUID, *, own: bool = True
) -> PlanDetail | None:
    """`own=False` (a coach's view): a workout completed by a run imported from Strava shows as
    not completed, since Strava's data is shown to its owner only."""
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
            "SELECT w.workout_id, w.day AS date, w.kind, w.title, w.session, w.distance_km, "  # noqa: S608
            "w.duration_s, w.totals_complete, "
            f"CASE WHEN {SHOWN} THEN w.completed_run_id END AS completed_run_id, "
            f"CASE WHEN {SHOWN} THEN w.completed_km END AS completed_km, "
            f"CASE WHEN {SHOWN} THEN w.completed_s END AS completed_s "
            "FROM plan_workouts_view w LEFT JOIN runs_view r ON r.run_id = w.completed_run_id "
            "AND NOT CAST(:own AS boolean) "
            "WHERE w.plan_id = :plan ORDER BY w.day, w.workout_id"
        ),
        {"plan": plan_id, "own": own},
    )
    workouts = [_workout(row._mapping) for row in rows]
    summary = PlanSummary.model_validate(plan._mapping)
    return PlanDetail(
        **summary.model_dump(), paces=plan.paces, workouts=workouts,
        weeks=weeks_of(summary, workouts),
    )  # fmt: skip


def _workout(row: RowMapping) -> PlannedWorkout:
    run = row["completed_run_id"]
    completed = (
        None
        if run is None
        else Completion(run_id=run, distance_km=row["completed_km"], duration_s=row["completed_s"])
    )
    return PlannedWorkout.model_validate({**row, "completed": completed})


def weeks_of(plan: PlanSummary, workouts: list[PlannedWorkout]) -> list[PlanWeek]:
    """Planned against done per seven days from the plan's start, every week of the plan
    listed (an empty one too)."""
    weeks = [_Week() for _ in range((plan.end_date - plan.start_date).days // 7 + 1)]
    for workout in workouts:
        index = (workout.date - plan.start_date).days // 7
        if not 0 <= index < len(weeks):
            continue  # a workout outside the plan's dates cannot be scheduled; be safe anyway
        week = weeks[index]
        week.km += workout.distance_km
        week.seconds += workout.duration_s
        week.workouts += 1
        if workout.kind in RUN_KINDS:
            week.runs += 1
            if workout.completed is not None:
                week.done += 1
                week.done_km += workout.completed.distance_km
    return [
        PlanWeek(
            week=number + 1,
            starts_on=plan.start_date + timedelta(days=7 * number),
            planned_km=round(week.km, 2),
            planned_s=week.seconds,
            workouts=week.workouts,
            runs_planned=week.runs,
            runs_done=week.done,
            done_km=round(week.done_km, 2),
            compliance=round(week.done / week.runs, 3) if week.runs else None,
        )
        for number, week in enumerate(weeks)
    ]


@dataclass
class _Week:
    km: float = 0.0
    seconds: int = 0
    workouts: int = 0
    runs: int = 0
    done: int = 0
    done_km: float = 0.0


async def get_workout(
    connection: AsyncConnection, athlete_id: UUID, plan_id: UUID, workout_id: UUID
) -> tuple[PlannedWorkout, TrainingPaces | None] | None:
    """One workout of one of the athlete's plans, with the plan's training paces."""
    row = (
        await connection.execute(
            text(
                "SELECT w.workout_id, w.day AS date, w.kind, w.title, w.session, w.distance_km, "
                "w.duration_s, w.totals_complete, w.completed_run_id, w.completed_km, "
                "w.completed_s, p.paces FROM plan_workouts_view w JOIN plans_view p "
                "USING (plan_id) WHERE w.workout_id = :workout AND w.plan_id = :plan "
                "AND p.athlete_id = :athlete"
            ),
            {"workout": workout_id, "plan": plan_id, "athlete": athlete_id},
        )
    ).first()
    if row is None:
        return None
    paces = TrainingPaces.model_validate(row.paces) if row.paces else None
    return _workout(row._mapping), paces
