"""The analyses read model: one row per upload, from reservation to verdict."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from contracts.movement.events import (
    AnalysisCompleted,
    AnalysisFailed,
    AnalysisProgressed,
    LandmarksSubmitted,
    UploadDeleted,
    UploadExpired,
    UploadRequested,
    VideoSubmitted,
)
from contracts.movement.reads import ANALYSES
from projections.erasure import erasing
from projections.projection import Applied, Projection, on
from projections.sql import upsert

COLUMNS = (
    "analysis_id", "athlete_id", "status", "content_type", "size_bytes", "fraction", "version",
)  # fmt: skip
SUBMITTED = text(
    "UPDATE analyses_view SET status = 'submitted', exercise = :exercise, "
    "client_reps = :client_reps, submitted_at = :submitted_at, version = :version "
    "WHERE analysis_id = :id AND version < :version"
)
PROGRESSED = text(
    "UPDATE analyses_view SET fraction = :fraction, version = :version "
    "WHERE analysis_id = :id AND version < :version"
)
COMPLETED = text(
    "UPDATE analyses_view SET status = 'completed', fraction = 1, "
    "result = CAST(:result AS jsonb), key_frame_key = :key, version = :version "
    "WHERE analysis_id = :id AND version < :version"
)
EXPIRED = text(
    "UPDATE analyses_view SET status = 'expired', version = :version "
    "WHERE analysis_id = :id AND version < :version"
)
DELETE = text("DELETE FROM analyses_view WHERE analysis_id = ANY(CAST(:ids AS uuid[]))")
FAILED = text(
    "UPDATE analyses_view SET status = 'failed', reason = :reason, version = :version "
    "WHERE analysis_id = :id AND version < :version"
)


class AnalysesProjection(Projection):
    name = ANALYSES
    tables = ("analyses_view",)

    @on(UploadRequested)
    async def requested(
        self, sql: AsyncConnection, events: Sequence[Applied[UploadRequested]]
    ) -> None:
        rows = [
            (
                e.event.analysis_id,
                e.event.athlete_id,
                "requested",
                e.event.content_type,
                e.event.size_bytes,
                0.0,
                e.version,
            )
            for e in events
        ]
        await upsert(sql, "analyses_view", COLUMNS, rows, key="analysis_id", newer="version")

    @on(VideoSubmitted, LandmarksSubmitted)
    async def submitted(
        self, sql: AsyncConnection, events: Sequence[Applied[VideoSubmitted | LandmarksSubmitted]]
    ) -> None:
        await sql.execute(
            SUBMITTED,
            [
                {
                    "id": e.event.analysis_id,
                    "exercise": e.event.exercise,
                    "submitted_at": e.event.submitted_at,
                    "client_reps": getattr(e.event, "client_reps", None),
                    "version": e.version,
                }
                for e in events
            ],
        )

    @on(AnalysisProgressed)
    async def progressed(
        self, sql: AsyncConnection, events: Sequence[Applied[AnalysisProgressed]]
    ) -> None:
        await sql.execute(
            PROGRESSED,
            [
                {"id": e.event.analysis_id, "fraction": e.event.fraction, "version": e.version}
                for e in events
            ],
        )

    @on(AnalysisCompleted)
    async def completed(
        self, sql: AsyncConnection, events: Sequence[Applied[AnalysisCompleted]]
    ) -> None:
        await sql.execute(
            COMPLETED,
            [
                {
                    "id": e.event.analysis_id,
                    "result": e.event.result.model_dump_json(),
                    "key": e.event.key_frame_key,
                    "version": e.version,
                }
                for e in events
            ],
        )

    @on(AnalysisFailed)
    async def failed(self, sql: AsyncConnection, events: Sequence[Applied[AnalysisFailed]]) -> None:
        await sql.execute(
            FAILED,
            [
                {"id": e.event.analysis_id, "reason": e.event.reason, "version": e.version}
                for e in events
            ],
        )

    @on(UploadExpired)
    async def expired(self, sql: AsyncConnection, events: Sequence[Applied[UploadExpired]]) -> None:
        await sql.execute(
            EXPIRED, [{"id": e.event.analysis_id, "version": e.version} for e in events]
        )

    @on(UploadDeleted)
    async def deleted(self, sql: AsyncConnection, events: Sequence[Applied[UploadDeleted]]) -> None:
        await sql.execute(DELETE, {"ids": [e.event.analysis_id for e in events]})

    erase = erasing({"analyses_view": ("athlete_id",)})
