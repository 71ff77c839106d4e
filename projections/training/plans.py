"""The plans read model: one row per live plan, and one per scheduled workout with its planned
distance and time derived from its steps."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from contracts.training.events import (
    PlanArchived,
    PlanCreated,
    PlanDeleted,
    PlanRenamed,
    PlanRescheduled,
    WorkoutChanged,
    WorkoutCompleted,
    WorkoutCompletionCleared,
    WorkoutMoved,
    WorkoutRemoved,
    WorkoutScheduled,
)
from contracts.training.reads import PLANS
from contracts.training.sessions import totals
from projections.erasure import erasing
from projections.projection import Applied, Projection, on
from projections.sql import upsert

PLAN_COLUMNS = (
    "plan_id", "athlete_id", "title", "start_date", "end_date", "goal", "paces", "generated",
    "archived", "version",
)  # fmt: skip
WORKOUT_COLUMNS = (
    "workout_id", "plan_id", "athlete_id", "day", "kind", "title", "session", "distance_km",
    "duration_s", "totals_complete", "version",
)  # fmt: skip
GUARD = "WHERE plan_id = :plan AND version < :version"
RENAMED = text(f"UPDATE plans_view SET title = :title, version = :version {GUARD}")  # noqa: S608
RESCHEDULED = text(
    "UPDATE plans_view SET start_date = :start, end_date = :end, version = :version "  # noqa: S608
    + GUARD
)
ARCHIVED = text(f"UPDATE plans_view SET archived = true, version = :version {GUARD}")  # noqa: S608
TOUCHED = text(f"UPDATE plans_view SET version = :version {GUARD}")  # noqa: S608
DELETE_PLANS = text("DELETE FROM plans_view WHERE plan_id = ANY(CAST(:ids AS uuid[]))")
DELETE_PLAN_WORKOUTS = text(
    "DELETE FROM plan_workouts_view WHERE plan_id = ANY(CAST(:ids AS uuid[]))"
)
MOVED = text(
    "UPDATE plan_workouts_view SET day = :day, version = :version "
    "WHERE workout_id = :workout AND version < :version"
)
CHANGED = text(
    "UPDATE plan_workouts_view SET kind = :kind, title = :title, "
    "session = CAST(:session AS jsonb), distance_km = :distance, duration_s = :duration, "
    "totals_complete = :complete, version = :version "
    "WHERE workout_id = :workout AND version < :version"
)
COMPLETED = text(
    "UPDATE plan_workouts_view SET completed_run_id = :run, completed_km = :km, "
    "completed_s = :seconds, version = :version WHERE workout_id = :workout AND version < :version"
)
CLEARED = text(
    "UPDATE plan_workouts_view SET completed_run_id = NULL, completed_km = NULL, "
    "completed_s = NULL, version = :version WHERE workout_id = :workout AND version < :version"
)
REMOVED = text("DELETE FROM plan_workouts_view WHERE workout_id = ANY(CAST(:ids AS uuid[]))")


def _workout_row(item: Applied[WorkoutScheduled]) -> tuple[object, ...]:
    event, session = item.event, item.event.session
    planned = totals(session.steps)
    return (
        event.workout_id, event.plan_id, event.athlete_id, event.date, session.kind, session.title,
        session.model_dump_json(), planned.distance_km, planned.duration_s, planned.complete,
        item.version,
    )  # fmt: skip


def _changed(item: Applied[WorkoutChanged]) -> dict[str, object]:
    session = item.event.session
    planned = totals(session.steps)
    return {
        "kind": session.kind, "title": session.title, "session": session.model_dump_json(),
        "distance": planned.distance_km, "duration": planned.duration_s,
        "complete": planned.complete, "version": item.version, "workout": item.event.workout_id,
    }  # fmt: skip


class PlansProjection(Projection):
    name = PLANS
    tables = ("plans_view", "plan_workouts_view")

    @on(PlanCreated)
    async def created(self, sql: AsyncConnection, events: Sequence[Applied[PlanCreated]]) -> None:
        rows = [
            (
                e.event.plan_id,
                e.event.athlete_id,
                e.event.title,
                e.event.start_date,
                e.event.end_date,
                _json(e.event.goal),
                _json(e.event.paces),
                e.event.generated,
                False,
                e.version,
            )
            for e in events
        ]
        await upsert(sql, "plans_view", PLAN_COLUMNS, rows, key="plan_id", newer="version")

    @on(PlanRenamed)
    async def renamed(self, sql: AsyncConnection, events: Sequence[Applied[PlanRenamed]]) -> None:
        await sql.execute(RENAMED, [
            {"plan": e.event.plan_id, "title": e.event.title, "version": e.version} for e in events
        ])  # fmt: skip

    @on(PlanRescheduled)
    async def rescheduled(
        self, sql: AsyncConnection, events: Sequence[Applied[PlanRescheduled]]
    ) -> None:
        await sql.execute(RESCHEDULED, [
            {"plan": e.event.plan_id, "start": e.event.start_date, "end": e.event.end_date,
             "version": e.version}
            for e in events
        ])  # fmt: skip

    @on(PlanArchived)
    async def archived(self, sql: AsyncConnection, events: Sequence[Applied[PlanArchived]]) -> None:
        await sql.execute(
            ARCHIVED, [{"plan": e.event.plan_id, "version": e.version} for e in events]
        )

    @on(PlanDeleted)
    async def deleted(self, sql: AsyncConnection, events: Sequence[Applied[PlanDeleted]]) -> None:
        ids = [e.event.plan_id for e in events]
        await sql.execute(DELETE_PLAN_WORKOUTS, {"ids": ids})
        await sql.execute(DELETE_PLANS, {"ids": ids})

    @on(WorkoutScheduled)
    async def scheduled(
        self, sql: AsyncConnection, events: Sequence[Applied[WorkoutScheduled]]
    ) -> None:
        rows = [_workout_row(e) for e in events]
        await upsert(sql, "plan_workouts_view", WORKOUT_COLUMNS, rows, key="workout_id",
                     newer="version")  # fmt: skip
        await self._touch(sql, events)

    @on(WorkoutChanged)
    async def changed(
        self, sql: AsyncConnection, events: Sequence[Applied[WorkoutChanged]]
    ) -> None:
        await sql.execute(CHANGED, [_changed(e) for e in events])
        await self._touch(sql, events)

    @on(WorkoutMoved)
    async def moved(self, sql: AsyncConnection, events: Sequence[Applied[WorkoutMoved]]) -> None:
        await sql.execute(MOVED, [
            {"workout": e.event.workout_id, "day": e.event.date, "version": e.version}
            for e in events
        ])  # fmt: skip
        await self._touch(sql, events)

    @on(WorkoutRemoved)
    async def removed(
        self, sql: AsyncConnection, events: Sequence[Applied[WorkoutRemoved]]
    ) -> None:
        await sql.execute(REMOVED, {"ids": [e.event.workout_id for e in events]})
        await self._touch(sql, events)

    @on(WorkoutCompleted)
    async def completed(
        self, sql: AsyncConnection, events: Sequence[Applied[WorkoutCompleted]]
    ) -> None:
        await sql.execute(COMPLETED, [
            {"workout": e.event.workout_id, "run": e.event.run_id, "km": e.event.distance_km,
             "seconds": e.event.duration_s, "version": e.version}
            for e in events
        ])  # fmt: skip
        await self._touch(sql, events)

    @on(WorkoutCompletionCleared)
    async def cleared(
        self, sql: AsyncConnection, events: Sequence[Applied[WorkoutCompletionCleared]]
    ) -> None:
        await sql.execute(
            CLEARED, [{"workout": e.event.workout_id, "version": e.version} for e in events]
        )
        await self._touch(sql, events)

    async def _touch(self, sql: AsyncConnection, events: Sequence[Applied[Any]]) -> None:
        """A workout change moves the plan's version too (clients send it back with the next
        change)."""
        touched = [{"plan": e.event.plan_id, "version": e.version} for e in events]
        await sql.execute(TOUCHED, touched)

    erase = erasing({"plan_workouts_view": ("athlete_id",), "plans_view": ("athlete_id",)})


def _json(value: object) -> str | None:
    if value is None:
        return None
    dump = getattr(value, "model_dump", None)
    return json.dumps(dump(mode="json")) if dump else json.dumps(value)
