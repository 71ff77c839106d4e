"""Nutrition profile views: SQL over the profiles, targets history, weights and days tables."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from contracts.nutrition.energy import MAX_DAYS, SMOOTHING, estimate
from contracts.nutrition.events.profile import EnergyEstimate
from contracts.nutrition.reads import (
    DayPublic,
    NutritionProfilePublic,
    TargetProposal,
    TargetsChange,
    WeightPoint,
)

PROFILE = text(
    "SELECT p.profile, p.targets, p.targets_reason, p.adjustment_kcal, p.age, p.version, "
    "q.proposal, q.status FROM nutrition_profiles_view p LEFT JOIN nutrition_proposals_view q "
    "USING (athlete_id) WHERE p.athlete_id = :athlete"
)
HISTORY = text(
    "SELECT version, reason, age, adjustment_kcal, targets FROM nutrition_targets_history "
    "WHERE athlete_id = :athlete ORDER BY version DESC LIMIT :limit"
)
WEIGHTS = text(
    "SELECT day, weight_kg FROM nutrition_weights_view WHERE athlete_id = :athlete "
    "AND day BETWEEN :first AND :last ORDER BY day"
)
LAST_WEIGH_IN = text("SELECT max(day) FROM nutrition_weights_view WHERE athlete_id = :athlete")
PLANNED = text(
    "SELECT DISTINCT ON (d.day) d.day, d.kcal FROM meal_plan_days_view d "
    "JOIN meal_plans_view p USING (plan_id) WHERE p.athlete_id = :athlete "
    "AND d.day BETWEEN :first AND :last ORDER BY d.day, p.requested_at DESC"
)
MARKS = text(
    "SELECT day, kind, reason FROM nutrition_day_marks_view WHERE athlete_id = :athlete "
    "AND day BETWEEN :first AND :last"
)
KINDS = text(
    "SELECT day, kind FROM nutrition_day_kinds_view WHERE athlete_id = :athlete "
    "AND day BETWEEN :first AND :last"
)


async def profile(conn: AsyncConnection, athlete: UUID) -> NutritionProfilePublic | None:
    row = (await conn.execute(PROFILE, {"athlete": athlete})).first()
    if row is None:
        return None
    proposal = None
    if row.proposal is not None:
        proposal = TargetProposal(status=row.status, **row.proposal)
    return NutritionProfilePublic(
        profile=row.profile, targets=row.targets, targets_reason=row.targets_reason,
        energy_adjustment_kcal=row.adjustment_kcal, age=row.age, proposal=proposal,
        estimate=await _estimate(conn, athlete, row.targets, row.adjustment_kcal),
        version=row.version,
    )  # fmt: skip


async def _estimate(
    conn: AsyncConnection, athlete: UUID, targets: dict[str, Any] | None, adjustment: float
) -> EnergyEstimate | None:
    """The adaptive estimate as of the last weigh-in: the weight log against the planned intake
    (each day's meal plan, else the normal day's target)."""
    if targets is None:
        return None
    last = await conn.scalar(LAST_WEIGH_IN, {"athlete": athlete})
    if last is None:
        return None
    first = last - timedelta(days=MAX_DAYS)
    values = {"athlete": athlete, "first": first, "last": last}
    weighed = {row.day: row.weight_kg for row in await conn.execute(WEIGHTS, values)}
    planned = {row.day: row.kcal for row in await conn.execute(PLANNED, values)}
    normal = targets["normal"]
    eaten = {**dict.fromkeys(weighed, normal["kcal"]), **planned}
    return estimate(weighed, eaten, normal["tdee_kcal"] - adjustment, last)


async def targets_history(conn: AsyncConnection, athlete: UUID, limit: int) -> list[TargetsChange]:
    rows = await conn.execute(HISTORY, {"athlete": athlete, "limit": limit})
    return [
        TargetsChange(version=row.version, reason=row.reason, age=row.age,
                      energy_adjustment_kcal=row.adjustment_kcal, targets=row.targets)
        for row in rows
    ]  # fmt: skip


async def weights(
    conn: AsyncConnection, athlete: UUID, first: date, last: date
) -> list[WeightPoint]:
    rows = (await conn.execute(WEIGHTS, {"athlete": athlete, "first": first, "last": last})).all()
    points: list[WeightPoint] = []
    trend: float | None = None
    for row in rows:
        trend = row.weight_kg if trend is None else trend + SMOOTHING * (row.weight_kg - trend)
        points.append(WeightPoint(day=row.day, weight_kg=row.weight_kg, trend_kg=round(trend, 2)))
    return points


async def days(conn: AsyncConnection, athlete: UUID, first: date, last: date) -> list[DayPublic]:
    """Only the days that are not normal: marked by training or set by hand."""
    values: dict[str, Any] = {"athlete": athlete, "first": first, "last": last}
    marks: dict[date, list[tuple[str, str]]] = {}
    for row in await conn.execute(MARKS, values):
        marks.setdefault(row.day, []).append((row.kind, row.reason))
    by_hand = {row.day: row.kind for row in await conn.execute(KINDS, values)}
    found = []
    for day in sorted({*marks, *by_hand}):
        reasons = sorted(reason for _, reason in marks.get(day, []))
        if day in by_hand:
            found.append(DayPublic(day=day, kind=by_hand[day], set_by_hand=True, reasons=reasons))
            continue
        kind = "long_run" if any(k == "long_run" for k, _ in marks[day]) else "hard_session"
        found.append(DayPublic(day=day, kind=kind, set_by_hand=False, reasons=reasons))
    return found
