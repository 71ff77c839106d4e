"""Which scheduled workout a recorded run completes: on the run's day, in a plan that is not
archived, a workout of a running kind, not completed by another run, whose planned distance
the run is within tolerance of (`contracts.training.completion`); the nearest distance wins.
The other way round too: a workout scheduled or moved onto a day with a fitting run that
completes nothing yet is completed by it (a plan made after the runs, or a run read first).

The candidates come from the plans read model, inside the command's transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol
from uuid import UUID

import asyncpg

from contracts.training.completion import within_tolerance
from contracts.training.sessions import RUN_KINDS


@dataclass(frozen=True)
class Scheduled:
    plan_id: UUID
    workout_id: UUID
    kind: str
    distance_km: float
    completed_by: UUID | None


@dataclass(frozen=True)
class RecordedRun:
    run_id: UUID
    distance_km: float
    duration_s: int


class ScheduledWorkouts(Protocol):
    async def on_day(self, athlete_id: UUID, day: date) -> list[Scheduled]:
        """The athlete's workouts of that day in plans that are not archived."""

    async def completed_by(self, athlete_id: UUID, run_id: UUID) -> list[Scheduled]:
        """The workouts this run completed."""

    async def free_runs_on(self, athlete_id: UUID, day: date) -> list[RecordedRun]:
        """The athlete's runs of that day (UTC) that complete no workout yet."""


def best_run(planned_km: float, runs: list[RecordedRun]) -> RecordedRun | None:
    fitting = [run for run in runs if within_tolerance(run.distance_km, planned_km)]
    return min(fitting, key=lambda r: (abs(r.distance_km - planned_km), r.run_id.hex), default=None)


def best_match(run_id: UUID, run_km: float, candidates: list[Scheduled]) -> Scheduled | None:
    fitting = [
        c for c in candidates
        if c.kind in RUN_KINDS and c.completed_by in (None, run_id)
        and within_tolerance(run_km, c.distance_km)
    ]  # fmt: skip
    return min(
        fitting, key=lambda c: (abs(c.distance_km - run_km), str(c.workout_id)), default=None
    )


COLUMNS = "w.plan_id, w.workout_id, w.kind, w.distance_km, w.completed_run_id AS completed_by"


class PostgresScheduledWorkouts:
    def __init__(self, connection: asyncpg.Connection) -> None:
        self.connection = connection

    async def on_day(self, athlete_id: UUID, day: date) -> list[Scheduled]:
        return await self._select(
            "w.athlete_id = $1 AND w.day = $2 AND NOT p.archived", athlete_id, day
        )

    async def completed_by(self, athlete_id: UUID, run_id: UUID) -> list[Scheduled]:
        return await self._select(
            "w.athlete_id = $1 AND w.completed_run_id = $2", athlete_id, run_id
        )

    async def free_runs_on(self, athlete_id: UUID, day: date) -> list[RecordedRun]:
        rows = await self.connection.fetch(
            "SELECT r.run_id, r.distance_km, r.duration_s FROM runs_view r "
            "WHERE r.athlete_id = $1 AND (r.started_at AT TIME ZONE 'UTC')::date = $2 "
            "AND NOT EXISTS (SELECT 1 FROM plan_workouts_view w "
            "                WHERE w.completed_run_id = r.run_id) ORDER BY r.run_id",
            athlete_id, day,
        )  # fmt: skip
        return [RecordedRun(**row) for row in rows]

    async def _select(self, where: str, *values: object) -> list[Scheduled]:
        rows = await self.connection.fetch(
            f"SELECT {COLUMNS} FROM plan_workouts_view w "  # noqa: S608
            f"JOIN plans_view p USING (plan_id) WHERE {where} ORDER BY w.workout_id",
            *values,
        )
        return [Scheduled(**row) for row in rows]
