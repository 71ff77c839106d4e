"""Run views: SQL over `runs_view` into read DTOs. Every query is scoped to one athlete."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from contracts.training.reads import RunPage, RunPublic, WeeklyTotal
from queries.cursors import page_of, page_parameters

RUN_COLUMNS = (
    "run_id, distance_km, duration_s, pace_s_per_km, started_at, elevation_gain_m, "
    "avg_heart_rate, notes, shoe_id, version, COALESCE(source, 'manual') AS source, title, "
    "strava_activity_id, sport_type"
)


async def list_runs(
    connection: AsyncConnection,
    athlete_id: UUID,
    *,
    start: datetime | None,
    end: datetime | None,
    limit: int,
    cursor: str | None,
    source: str | None = None,
) -> RunPage:
    """Newest first; `start` inclusive, `end` exclusive."""
    rows = (
        await connection.execute(
            text(
                f"SELECT {RUN_COLUMNS} FROM runs_view WHERE athlete_id = :athlete "  # noqa: S608
                "AND (CAST(:start AS timestamptz) IS NULL OR started_at >= :start) "
                "AND (CAST(:end AS timestamptz) IS NULL OR started_at < :end) "
                "AND (CAST(:source AS text) IS NULL OR COALESCE(source, 'manual') = :source) "
                "AND (CAST(:after_at AS timestamptz) IS NULL "
                "     OR (started_at, run_id) < (:after_at, :after_id)) "
                "ORDER BY started_at DESC, run_id DESC LIMIT :limit"
            ),
            {
                "athlete": athlete_id,
                "start": start,
                "end": end,
                "source": source,
                **page_parameters(cursor, limit),
            },
        )
    ).all()
    found = [RunPublic.model_validate(row._mapping) for row in rows]
    items, next_cursor = page_of(found, limit, lambda run: (run.started_at, run.run_id))
    return RunPage(items=items, next_cursor=next_cursor)


async def get_run(connection: AsyncConnection, athlete_id: UUID, run_id: UUID) -> RunPublic | None:
    row = (
        await connection.execute(
            text(
                f"SELECT {RUN_COLUMNS} FROM runs_view "  # noqa: S608
                "WHERE run_id = :run AND athlete_id = :athlete"
            ),
            {"run": run_id, "athlete": athlete_id},
        )
    ).first()
    return RunPublic.model_validate(row._mapping) if row else None


async def weekly_totals(
    connection: AsyncConnection,
    athlete_id: UUID,
    *,
    start: datetime | None,
    end: datetime | None,
    source: str | None = None,
) -> list[WeeklyTotal]:
    """ISO weeks (Monday, UTC), oldest first; average pace is total time over total distance."""
    rows = await connection.execute(
        text(
            "SELECT (date_trunc('week', started_at AT TIME ZONE 'UTC'))::date AS week_start, "
            "sum(distance_km) AS distance_km, sum(duration_s)::bigint AS duration_s, "
            "count(*)::int AS count, sum(duration_s) / sum(distance_km) AS avg_pace_s_per_km "
            "FROM runs_view WHERE athlete_id = :athlete "
            "AND (CAST(:start AS timestamptz) IS NULL OR started_at >= :start) "
            "AND (CAST(:end AS timestamptz) IS NULL OR started_at < :end) "
            "AND (CAST(:source AS text) IS NULL OR COALESCE(source, 'manual') = :source) "
            "GROUP BY 1 ORDER BY 1"
        ),
        {"athlete": athlete_id, "start": start, "end": end, "source": source},
    )
    return [WeeklyTotal.model_validate(row._mapping) for row in rows]
