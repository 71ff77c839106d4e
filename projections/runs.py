"""The runs read model: one row per live run, with its derived pace."""

from __future__ import annotations

from typing import ClassVar

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from contracts import topics
from contracts.envelope import EventEnvelope
from contracts.events import DomainEvent, RunCorrected, RunDeleted, RunRecorded


class RunsProjection:
    name: ClassVar[str] = "runs"
    topics: ClassVar[tuple[str, ...]] = (topics.TRAINING,)
    handles: ClassVar[frozenset[str]] = frozenset(
        cls.event_type() for cls in (RunRecorded, RunCorrected, RunDeleted)
    )
    tables: ClassVar[tuple[str, ...]] = ("runs_view",)

    async def apply(
        self, connection: AsyncConnection, envelope: EventEnvelope, event: DomainEvent
    ) -> None:
        match event:
            case RunRecorded():
                await connection.execute(
                    text(
                        "INSERT INTO runs_view (run_id, athlete_id, version, distance_km, "
                        "duration_s, pace_s_per_km, started_at, elevation_gain_m, avg_heart_rate, "
                        "notes, shoe_id) VALUES "
                        "(:run_id, :athlete_id, :version, :distance_km, :duration_s, :pace, "
                        ":started_at, :elevation_gain_m, :avg_heart_rate, :notes, :shoe_id) "
                        "ON CONFLICT (run_id) DO NOTHING"
                    ),
                    _row(event, envelope.aggregateversion),
                )
            case RunCorrected():
                await connection.execute(
                    text(
                        "UPDATE runs_view SET version = :version, distance_km = :distance_km, "
                        "duration_s = :duration_s, pace_s_per_km = :pace, "
                        "started_at = :started_at, elevation_gain_m = :elevation_gain_m, "
                        "avg_heart_rate = :avg_heart_rate, notes = :notes, shoe_id = :shoe_id "
                        "WHERE run_id = :run_id"
                    ),
                    _row(event, envelope.aggregateversion),
                )
            case RunDeleted():
                await connection.execute(
                    text("DELETE FROM runs_view WHERE run_id = :run_id"), {"run_id": event.run_id}
                )


def _row(event: RunRecorded | RunCorrected, version: int) -> dict[str, object]:
    return {
        **event.model_dump(),
        "version": version,
        "pace": event.duration_s / event.distance_km,
    }
