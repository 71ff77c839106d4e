"""What the athlete planned to eat, day by day: the day totals of their meal plans (the latest
requested plan covering a day wins), read from the meal plans read model in the command's
transaction. The adaptive energy estimate weighs the weight log against it."""

from __future__ import annotations

from datetime import date
from typing import Protocol
from uuid import UUID

import asyncpg

PLANNED = (
    "SELECT DISTINCT ON (d.day) d.day, d.kcal FROM meal_plan_days_view d "
    "JOIN meal_plans_view p USING (plan_id) WHERE p.athlete_id = $1 "
    "AND d.day BETWEEN $2 AND $3 ORDER BY d.day, p.requested_at DESC"
)


class PlannedIntake(Protocol):
    async def daily_kcal(self, athlete_id: UUID, first: date, last: date) -> dict[date, float]: ...


class PostgresPlannedIntake:
    def __init__(self, connection: asyncpg.Connection) -> None:
        self.connection = connection

    async def daily_kcal(self, athlete_id: UUID, first: date, last: date) -> dict[date, float]:
        rows = await self.connection.fetch(PLANNED, athlete_id, first, last)
        return {row["day"]: row["kcal"] for row in rows}
