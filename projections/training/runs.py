"""The runs read model: one row per live run, with its derived pace."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from contracts.training.events import RunCorrected, RunDeleted, RunRecorded
from contracts.training.reads import RUNS
from projections.erasure import erasing
from projections.projection import Applied, Projection, on
from projections.sql import upsert

COLUMNS = (
    "run_id", "athlete_id", "version", "distance_km", "duration_s", "pace_s_per_km",
    "started_at", "elevation_gain_m", "avg_heart_rate", "notes", "shoe_id", "source", "title",
    "strava_activity_id", "sport_type",
)  # fmt: skip
DELETE = text("DELETE FROM runs_view WHERE run_id = ANY(CAST(:run_id AS uuid[]))")


def _row(run: RunRecorded | RunCorrected, version: int) -> tuple[object, ...]:
    pace = run.duration_s / run.distance_km
    return (
        run.run_id, run.athlete_id, version, run.distance_km, run.duration_s, pace,
        run.started_at, run.elevation_gain_m, run.avg_heart_rate, run.notes, run.shoe_id,
        run.source, run.title, run.strava_activity_id, run.sport_type,
    )  # fmt: skip


class RunsProjection(Projection):
    name = RUNS
    tables = ("runs_view",)

    @on(RunRecorded, RunCorrected)
    async def upsert(
        self, sql: AsyncConnection, events: Sequence[Applied[RunRecorded | RunCorrected]]
    ) -> None:
        """A recorded or corrected run is the whole row (a wave holds one event per run)."""
        rows = [_row(item.event, item.version) for item in events]
        await upsert(sql, "runs_view", COLUMNS, rows, key="run_id", newer="version")

    @on(RunDeleted)
    async def delete(self, sql: AsyncConnection, events: Sequence[Applied[RunDeleted]]) -> None:
        await sql.execute(DELETE, {"run_id": [item.event.run_id for item in events]})

    erase = erasing({"runs_view": ("athlete_id",)})
