"""The workouts read model: one row per live workout."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from contracts.movement.events import WorkoutCorrected, WorkoutDeleted, WorkoutRecorded
from contracts.movement.reads import WORKOUTS
from projections.erasure import erasing
from projections.projection import Applied, Projection, on
from projections.sql import upsert

COLUMNS = (
    "workout_id", "athlete_id", "exercise", "reps", "duration_s", "calories_kcal",
    "performed_at", "source", "analysis_id", "verified", "client_reps", "training_load",
    "version",
)  # fmt: skip
CORRECTED = text(
    "UPDATE workouts_view SET exercise = :exercise, reps = :reps, duration_s = :duration_s, "
    "calories_kcal = :calories_kcal, performed_at = :performed_at, "
    "training_load = :training_load, version = :version "
    "WHERE workout_id = :workout_id AND version < :version"
)
DELETE = text("DELETE FROM workouts_view WHERE workout_id = ANY(CAST(:ids AS uuid[]))")


class WorkoutsProjection(Projection):
    name = WORKOUTS
    tables = ("workouts_view",)

    @on(WorkoutRecorded)
    async def recorded(
        self, sql: AsyncConnection, events: Sequence[Applied[WorkoutRecorded]]
    ) -> None:
        rows = [
            (
                w.workout_id,
                w.athlete_id,
                w.exercise,
                w.reps,
                w.duration_s,
                w.calories_kcal,
                w.performed_at,
                w.source,
                w.analysis_id,
                w.verified,
                w.client_reps,
                w.training_load,
                item.version,
            )
            for item in events
            if (w := item.event)
        ]
        await upsert(sql, "workouts_view", COLUMNS, rows, key="workout_id", newer="version")

    @on(WorkoutCorrected)
    async def corrected(
        self, sql: AsyncConnection, events: Sequence[Applied[WorkoutCorrected]]
    ) -> None:
        await sql.execute(
            CORRECTED,
            [
                item.event.model_dump(
                    include={
                        "workout_id",
                        "exercise",
                        "reps",
                        "duration_s",
                        "calories_kcal",
                        "performed_at",
                        "training_load",
                    }
                )
                | {"version": item.version}
                for item in events
            ],
        )

    @on(WorkoutDeleted)
    async def deleted(
        self, sql: AsyncConnection, events: Sequence[Applied[WorkoutDeleted]]
    ) -> None:
        await sql.execute(DELETE, {"ids": [item.event.workout_id for item in events]})

    erase = erasing({"workouts_view": ("athlete_id",)})
