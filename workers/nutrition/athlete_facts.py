"""The coach's `Facts` over one athlete's own read models (profile and targets, training-aware
days, meal plans, training plans, runs, workouts), read in the coach job. Only runs entered in
Pacer (`source = 'manual'`) are read: data an integration imports (Strava's) never reaches a
model's context."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from contracts.nutrition.targets import DayKind
from workers.nutrition.coach import (
    MANUAL,
    DayTargets,
    PlannedMeal,
    PlannedSession,
    ProfileFacts,
    RunFact,
    WorkoutFact,
)

PROFILE = text("SELECT profile, targets FROM nutrition_profiles_view WHERE athlete_id = :athlete")
DAY_KIND = text(
    "SELECT kind, 'set by hand' AS reason, 2 AS rank FROM nutrition_day_kinds_view "
    "WHERE athlete_id = :athlete AND day = :day UNION ALL SELECT kind, reason, "
    "CASE kind WHEN 'long_run' THEN 1 ELSE 0 END FROM nutrition_day_marks_view "
    "WHERE athlete_id = :athlete AND day = :day ORDER BY rank DESC LIMIT 1"
)
PLAN_DAY = text(
    "SELECT d.value AS day FROM meal_plans_view p, jsonb_array_elements(p.week->'days') AS d "
    "WHERE p.athlete_id = :athlete AND p.status = 'ready' AND d.value->>'date' = :day "
    "ORDER BY p.requested_at DESC LIMIT 1"
)
SESSIONS = text(
    "SELECT w.day, w.kind, w.title, w.distance_km, w.duration_s FROM plan_workouts_view w "
    "JOIN plans_view p USING (plan_id) WHERE w.athlete_id = :athlete AND NOT p.archived "
    "AND w.day BETWEEN :first AND :last ORDER BY w.day, w.title"
)
RUNS = text(
    "SELECT started_at, distance_km, duration_s, pace_s_per_km, avg_heart_rate, source "
    "FROM runs_view WHERE athlete_id = :athlete AND source = :manual AND started_at >= :since "
    "ORDER BY started_at DESC LIMIT 30"
)
WORKOUTS = text(
    "SELECT performed_at, exercise, reps, verified FROM workouts_view WHERE athlete_id = "
    ":athlete AND performed_at >= :since ORDER BY performed_at DESC LIMIT 30"
)


class ReadModelFacts:
    """`workers.nutrition.coach.Facts` for `athlete`, over `engine`'s read models."""

    def __init__(self, engine: AsyncEngine, athlete: UUID, today: date | None = None) -> None:
        self.engine, self.athlete = engine, athlete
        self._today = today or datetime.now(UTC).date()

    async def _rows(self, query: Any, **values: Any) -> list[Any]:
        async with self.engine.connect() as conn:
            return list((await conn.execute(query, {"athlete": self.athlete, **values})).all())

    async def today(self) -> date:
        return self._today

    async def profile(self) -> ProfileFacts | None:
        rows = await self._rows(PROFILE)
        if not rows or rows[0].profile is None:
            return None
        profile = rows[0].profile
        allergies = tuple(profile["allergies"])
        return ProfileFacts(weight_kg=profile["weight_kg"], goal=profile["goal"],
                            diet=profile["diet"], allergies=allergies)  # fmt: skip

    async def targets(self, day: date) -> DayTargets | None:
        rows = await self._rows(PROFILE)
        if not rows or rows[0].targets is None:
            return None
        kind_rows = await self._rows(DAY_KIND, day=day)
        kind = kind_rows[0].kind if kind_rows else "normal"
        reason = kind_rows[0].reason if kind_rows else None
        targets = rows[0].targets[kind]
        return DayTargets(day=day, kcal=targets["kcal"], protein_g=targets["protein_g"],
                          carbohydrate_g=targets["carbohydrate_g"], fat_g=targets["fat_g"],
                          kind=DayKind(kind), reason=reason)  # fmt: skip

    async def meals(self, day: date) -> list[PlannedMeal]:
        rows = await self._rows(PLAN_DAY, day=day.isoformat())
        if not rows:
            return []
        return [
            PlannedMeal(day=day, slot=meal["slot"], recipe=meal["name"], servings=meal["servings"],
                        kcal=meal["nutrition"]["kcal"], protein_g=meal["nutrition"]["protein_g"],
                        carbohydrate_g=meal["nutrition"]["carbohydrate_g"])
            for meal in rows[0].day["meals"]
        ]  # fmt: skip

    async def sessions(self, first: date, last: date) -> list[PlannedSession]:
        rows = await self._rows(SESSIONS, first=first, last=last)
        return [
            PlannedSession(day=row.day, kind=row.kind, title=row.title,
                           planned_km=round(row.distance_km, 1) or None,
                           planned_minutes=round(row.duration_s / 60) or None)
            for row in rows
        ]  # fmt: skip

    async def recent_runs(self, days: int) -> list[RunFact]:
        rows = await self._rows(RUNS, manual=MANUAL, since=self._since(days))
        return [
            RunFact(day=row.started_at.date(), km=round(row.distance_km, 2),
                    minutes=round(row.duration_s / 60, 1), pace_s_per_km=row.pace_s_per_km,
                    avg_hr=row.avg_heart_rate, source=row.source)
            for row in rows
        ]  # fmt: skip

    async def recent_workouts(self, days: int) -> list[WorkoutFact]:
        rows = await self._rows(WORKOUTS, since=self._since(days))
        return [
            WorkoutFact(day=row.performed_at.date(), exercise=row.exercise, reps=row.reps,
                        verified=row.verified)
            for row in rows
        ]  # fmt: skip

    def _since(self, days: int) -> datetime:
        start = self._today - timedelta(days=max(days, 1) - 1)
        return datetime(start.year, start.month, start.day, tzinfo=UTC)
