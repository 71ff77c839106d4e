"""A runner's fitness as their recorded runs show it, for the plan generator when no recent race
is given: the best VDOT among the runs of the twelve weeks before the plan starts."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Protocol
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from contracts.training.running import MAX_VDOT, MIN_VDOT, vdot

LOOKBACK = timedelta(weeks=12)
MIN_EFFORT_KM = 3.0
"""Shorter runs say more about a sprint than about endurance."""
CANDIDATES = 200


class RecordedFitness(Protocol):
    async def best_vdot(self, athlete_id: UUID, before: date) -> float | None:
        """The best VDOT of the athlete's runs of at least 3 km in the twelve weeks before
        `before`; None when there are none."""


def best_of(efforts: list[tuple[float, int]]) -> float | None:
    """The best VDOT of (distance km, seconds) efforts, within the range paces are made for."""
    scores = [vdot(km, seconds) for km, seconds in efforts if km >= MIN_EFFORT_KM and seconds > 0]
    return min(max(max(scores), MIN_VDOT), MAX_VDOT) if scores else None


class PostgresRecordedFitness:
    """Reads the runs read model inside the command's transaction."""

    def __init__(self, connection: AsyncConnection) -> None:
        self.connection = connection

    async def best_vdot(self, athlete_id: UUID, before: date) -> float | None:
        end = datetime.combine(before, time.min, tzinfo=UTC)
        rows = await self.connection.execute(
            text(
                "SELECT distance_km, duration_s FROM runs_view WHERE athlete_id = :athlete "
                "AND started_at >= :start AND started_at < :end AND distance_km >= :shortest "
                "ORDER BY pace_s_per_km, run_id LIMIT :limit"
            ),
            {"athlete": athlete_id, "start": end - LOOKBACK, "end": end,
             "shortest": MIN_EFFORT_KM, "limit": CANDIDATES},
        )  # fmt: skip
        return best_of([(float(row.distance_km), int(row.duration_s)) for row in rows])
