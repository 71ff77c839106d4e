"""The meal plans read model: each plan's status, request and week (with its shopping list),
the latest swap's status, and each planned day's energy (the adaptive estimate's intake)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from contracts.nutrition.events import (
    MealPlanFailed,
    MealPlanGenerated,
    MealPlanningStarted,
    MealPlanRequested,
    MealSwapFailed,
    MealSwapped,
    MealSwapRequested,
)
from contracts.nutrition.reads import MEAL_PLANS
from projections.erasure import erasing
from projections.projection import Applied, Projection, on

GUARD = "WHERE plan_id = :plan AND version < :version"
REQUESTED = text(
    "INSERT INTO meal_plans_view (plan_id, athlete_id, week_start, requested_at, status, "
    "request, version) VALUES (:plan, :athlete, :week_start, :at, 'requested', "
    "CAST(:request AS jsonb), :version) ON CONFLICT (plan_id) DO NOTHING"
)
STATUS = text(f"UPDATE meal_plans_view SET status = :status, version = :version {GUARD}")  # noqa: S608
READY = text(
    "UPDATE meal_plans_view SET status = 'ready', week = CAST(:week AS jsonb), "  # noqa: S608
    f"version = :version {GUARD}"
)
FAILED = text(
    f"UPDATE meal_plans_view SET status = 'failed', reason = :reason, version = :version {GUARD}"  # noqa: S608
)
SWAP = text(
    "UPDATE meal_plans_view SET swap_id = :swap, swap_status = :status, "  # noqa: S608
    f"swap_reason = :reason, version = :version {GUARD}"
)
SWAPPED = text(
    "UPDATE meal_plans_view SET swap_id = :swap, swap_status = 'swapped', swap_reason = NULL, "  # noqa: S608
    f"week = CAST(:week AS jsonb), version = :version {GUARD}"
)
DAY = text(
    "INSERT INTO meal_plan_days_view (plan_id, day, kcal) VALUES (:plan, :day, :kcal) "
    "ON CONFLICT (plan_id, day) DO UPDATE SET kcal = EXCLUDED.kcal"
)


def _days(events: Sequence[Applied[MealPlanGenerated]] | Sequence[Applied[MealSwapped]]) -> Any:
    """Each planned day's energy, for the adaptive estimate's intake."""
    return [
        {"plan": e.event.plan_id, "day": day.date, "kcal": day.totals.kcal}
        for e in events
        for day in e.event.week.days
    ]


class MealPlansProjection(Projection):
    name = MEAL_PLANS
    tables = ("meal_plans_view", "meal_plan_days_view")

    @on(MealPlanRequested)
    async def requested(
        self, sql: AsyncConnection, events: Sequence[Applied[MealPlanRequested]]
    ) -> None:
        await sql.execute(REQUESTED, [
            {"plan": e.event.plan_id, "athlete": e.event.athlete_id,
             "week_start": e.event.week_start, "at": e.event.requested_at,
             "request": e.event.request.model_dump_json(), "version": e.version}
            for e in events
        ])  # fmt: skip

    @on(MealPlanningStarted)
    async def planning(
        self, sql: AsyncConnection, events: Sequence[Applied[MealPlanningStarted]]
    ) -> None:
        await sql.execute(STATUS, [
            {"plan": e.event.plan_id, "status": "planning", "version": e.version} for e in events
        ])  # fmt: skip

    @on(MealPlanGenerated)
    async def generated(
        self, sql: AsyncConnection, events: Sequence[Applied[MealPlanGenerated]]
    ) -> None:
        await sql.execute(READY, [
            {"plan": e.event.plan_id, "week": e.event.week.model_dump_json(), "version": e.version}
            for e in events
        ])  # fmt: skip
        await sql.execute(DAY, _days(events))

    @on(MealPlanFailed)
    async def failed(self, sql: AsyncConnection, events: Sequence[Applied[MealPlanFailed]]) -> None:
        await sql.execute(FAILED, [
            {"plan": e.event.plan_id, "reason": e.event.reason, "version": e.version}
            for e in events
        ])  # fmt: skip

    @on(MealSwapRequested)
    async def swap_requested(
        self, sql: AsyncConnection, events: Sequence[Applied[MealSwapRequested]]
    ) -> None:
        await sql.execute(SWAP, [
            {"plan": e.event.plan_id, "swap": e.event.swap_id, "status": "requested",
             "reason": None, "version": e.version}
            for e in events
        ])  # fmt: skip

    @on(MealSwapped)
    async def swapped(self, sql: AsyncConnection, events: Sequence[Applied[MealSwapped]]) -> None:
        await sql.execute(SWAPPED, [
            {"plan": e.event.plan_id, "swap": e.event.swap_id,
             "week": e.event.week.model_dump_json(), "version": e.version}
            for e in events
        ])  # fmt: skip
        await sql.execute(DAY, _days(events))

    @on(MealSwapFailed)
    async def swap_failed(
        self, sql: AsyncConnection, events: Sequence[Applied[MealSwapFailed]]
    ) -> None:
        await sql.execute(SWAP, [
            {"plan": e.event.plan_id, "swap": e.event.swap_id, "status": "failed",
             "reason": e.event.reason, "version": e.version}
            for e in events
        ])  # fmt: skip

    erase = erasing(
        {
            "meal_plan_days_view": "plan_id IN (SELECT plan_id FROM meal_plans_view "
            "WHERE athlete_id = ANY(:accounts))",
            "meal_plans_view": ("athlete_id",),
        }
    )
