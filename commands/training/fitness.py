"""A runner's fitness as their recorded runs show it, for the plan generator when no recent race
is given: the best VDOT among the runs of the twelve weeks before the plan starts."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Protocol
from uuid import UUID

import asyncpg

from contracts.training.running import BEST_EFFORT_MIN_KM, best_vdot

LOOKBACK = timedelta(weeks=12)
CANDIDATES = 200


class RecordedFitness(Protocol):
    async def best_vdot(self, athlete_id: UUID, before: date) -> float | None:
        """The best VDOT of the athlete's runs of at least 3 km in the twelve weeks before
        `before`; None when there are none."""


class PostgresRecordedFitness:
    """Reads the runs read model inside the command's transaction."""

    def __init__(self, connection: asyncpg.Connection) -> None:
        self.connection = connection

    async def best_vdot(self, athlete_id: UUID, before: date) -> float | None:
        end = datetime.combine(before, time.min, tzinfo=UTC)
        rows = await self.connection.fetch(
            "SELECT distance_km, duration_s FROM runs_view WHERE athlete_id = $1 "
            "AND started_at >= $2 AND started_at < $3 AND distance_km >= $4 "
            "ORDER BY pace_s_per_km, run_id LIMIT $5",
            athlete_id, end - LOOKBACK, end, BEST_EFFORT_MIN_KM, CANDIDATES,
        )  # fmt: skip
        return best_vdot((float(row["distance_km"]), int(row["duration_s"])) for row in rows)
