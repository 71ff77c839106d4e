"""The runs read model: one row per live run, with its derived pace."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from contracts.training.events import RunCorrected, RunDeleted, RunRecorded
from contracts.training.reads import RUNS
from projections.projection import Applied, Projection, latest_per_key, on

UPSERT = text(
    "INSERT INTO runs_view (run_id, athlete_id, version, distance_km, duration_s, pace_s_per_km, "
    "started_at, elevation_gain_m, avg_heart_rate, notes, shoe_id) "
    "SELECT * FROM unnest(CAST(:run_id AS uuid[]), CAST(:athlete_id AS uuid[]), "
    "CAST(:version AS integer[]), CAST(:distance_km AS float8[]), "
    "CAST(:duration_s AS integer[]), CAST(:pace AS float8[]), "
    "CAST(:started_at AS timestamptz[]), CAST(:elevation_gain_m AS float8[]), "
    "CAST(:avg_heart_rate AS integer[]), CAST(:notes AS text[]), CAST(:shoe_id AS uuid[])) "
    "ON CONFLICT (run_id) DO UPDATE SET version = EXCLUDED.version, "
    "distance_km = EXCLUDED.distance_km, duration_s = EXCLUDED.duration_s, "
    "pace_s_per_km = EXCLUDED.pace_s_per_km, started_at = EXCLUDED.started_at, "
    "elevation_gain_m = EXCLUDED.elevation_gain_m, avg_heart_rate = EXCLUDED.avg_heart_rate, "
    "notes = EXCLUDED.notes, shoe_id = EXCLUDED.shoe_id "
    "WHERE runs_view.version < EXCLUDED.version"
)
DELETE = text("DELETE FROM runs_view WHERE run_id = ANY(CAST(:run_id AS uuid[]))")
COLUMNS = (
    "run_id", "athlete_id", "distance_km", "duration_s", "started_at", "elevation_gain_m",
    "avg_heart_rate", "notes", "shoe_id",
)  # fmt: skip


class RunsProjection(Projection):
    name = RUNS
    tables = ("runs_view",)

    @on(RunRecorded, RunCorrected)
    async def upsert(
        self, sql: AsyncConnection, events: Sequence[Applied[RunRecorded | RunCorrected]]
    ) -> None:
        """A recorded or corrected run is the whole row: the latest per run is written."""
        rows = latest_per_key(events, lambda event: event.run_id)
        columns: dict[str, list[Any]] = {
            name: [getattr(row.event, name) for row in rows] for name in COLUMNS
        }
        columns["version"] = [row.version for row in rows]
        columns["pace"] = [row.event.duration_s / row.event.distance_km for row in rows]
        await sql.execute(UPSERT, columns)

    @on(RunDeleted)
    async def delete(self, sql: AsyncConnection, events: Sequence[Applied[RunDeleted]]) -> None:
        await sql.execute(DELETE, {"run_id": [item.event.run_id for item in events]})
