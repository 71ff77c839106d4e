"""Movement views: SQL over `analyses_view` and `workouts_view` into read DTOs. Every query is
scoped to one athlete."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from contracts.movement.reads import (
    CueCount,
    ExerciseStatistics,
    PeriodTotal,
    WorkoutPage,
    WorkoutPublic,
)
from queries.cursors import page_of, page_parameters

Period = Literal["day", "week", "month"]
WORKOUT_COLUMNS = (
    "workout_id, exercise, reps, duration_s, calories_kcal, performed_at, source, analysis_id, "
    "verified, client_reps, training_load, version"
)
ANALYSIS_COLUMNS = (
    "analysis_id, status, exercise, client_reps, fraction, result, reason, key_frame_key, "
    "submitted_at, version"
)
_IN_RANGE_OF = (
    "AND (CAST(:exercise AS text) IS NULL OR w.exercise = :exercise) "
    "AND (CAST(:start AS timestamptz) IS NULL OR w.performed_at >= :start) "
    "AND (CAST(:end AS timestamptz) IS NULL OR w.performed_at < :end) "
)
# Every rep of the athlete's analysed workouts in range, with its workout's exercise and time.
_ANALYSED_REPS = (
    "WITH analysed AS (SELECT w.exercise, w.performed_at, rep FROM workouts_view w "  # noqa: S608
    "JOIN analyses_view a ON a.analysis_id = w.analysis_id AND a.athlete_id = w.athlete_id "
    "CROSS JOIN LATERAL jsonb_array_elements(a.result->'rep_details') AS rep "
    f"WHERE w.athlete_id = :athlete AND a.result IS NOT NULL {_IN_RANGE_OF})"
)
_IN_RANGE = (
    "AND (CAST(:exercise AS text) IS NULL OR exercise = :exercise) "
    "AND (CAST(:start AS timestamptz) IS NULL OR performed_at >= :start) "
    "AND (CAST(:end AS timestamptz) IS NULL OR performed_at < :end) "
)


async def get_analysis(
    connection: AsyncConnection, athlete_id: UUID, analysis_id: UUID
) -> dict[str, Any] | None:
    row = (
        await connection.execute(
            text(
                f"SELECT {ANALYSIS_COLUMNS} FROM analyses_view "  # noqa: S608
                "WHERE analysis_id = :id AND athlete_id = :athlete"
            ),
            {"id": analysis_id, "athlete": athlete_id},
        )
    ).first()
    return dict(row._mapping) if row else None


async def list_workouts(
    connection: AsyncConnection,
    athlete_id: UUID,
    *,
    exercise: str | None,
    start: datetime | None,
    end: datetime | None,
    limit: int,
    cursor: str | None,
) -> WorkoutPage:
    """Newest first; `start` inclusive, `end` exclusive."""
    rows = (
        await connection.execute(
            text(
                f"SELECT {WORKOUT_COLUMNS} FROM workouts_view "  # noqa: S608
                f"WHERE athlete_id = :athlete {_IN_RANGE}"
                "AND (CAST(:after_at AS timestamptz) IS NULL "
                "     OR (performed_at, workout_id) < (:after_at, :after_id)) "
                "ORDER BY performed_at DESC, workout_id DESC LIMIT :limit"
            ),
            {
                "athlete": athlete_id,
                "exercise": exercise,
                "start": start,
                "end": end,
                **page_parameters(cursor, limit),
            },
        )
    ).all()
    found = [WorkoutPublic.model_validate(row._mapping) for row in rows]
    items, next_cursor = page_of(found, limit, lambda w: (w.performed_at, w.workout_id))
    return WorkoutPage(items=items, next_cursor=next_cursor)


async def get_workout(
    connection: AsyncConnection, athlete_id: UUID, workout_id: UUID
) -> WorkoutPublic | None:
    row = (
        await connection.execute(
            text(
                f"SELECT {WORKOUT_COLUMNS} FROM workouts_view "  # noqa: S608
                "WHERE workout_id = :id AND athlete_id = :athlete"
            ),
            {"id": workout_id, "athlete": athlete_id},
        )
    ).first()
    return WorkoutPublic.model_validate(row._mapping) if row else None


async def statistics(
    connection: AsyncConnection,
    athlete_id: UUID,
    *,
    exercise: str | None,
    start: datetime | None,
    end: datetime | None,
    period: Period,
) -> list[ExerciseStatistics]:
    """Per exercise: totals, the best set, totals per period (UTC), and the day streak that ends
    on the latest workout's day."""
    scope = {"athlete": athlete_id, "exercise": exercise, "start": start, "end": end}
    totals = await connection.execute(
        text(
            "SELECT exercise, count(*)::int AS workouts, sum(reps)::bigint AS reps, "  # noqa: S608
            "sum(duration_s) AS duration_s, sum(calories_kcal) AS calories_kcal, "
            "max(reps) AS best_set, count(*) FILTER (WHERE verified)::int AS verified_workouts "
            f"FROM workouts_view WHERE athlete_id = :athlete {_IN_RANGE}"
            "GROUP BY exercise ORDER BY exercise"
        ),
        scope,
    )
    periods = await connection.execute(
        text(
            "SELECT exercise, (date_trunc(:period, performed_at AT TIME ZONE 'UTC'))::date "  # noqa: S608
            "AS period_start, count(*)::int AS workouts, sum(reps)::bigint AS reps, "
            "sum(duration_s) AS duration_s, sum(calories_kcal) AS calories_kcal "
            f"FROM workouts_view WHERE athlete_id = :athlete {_IN_RANGE}"
            "GROUP BY 1, 2 ORDER BY 1, 2"
        ),
        scope | {"period": period},
    )
    days = await connection.execute(
        text(
            "SELECT DISTINCT exercise, (performed_at AT TIME ZONE 'UTC')::date AS day "  # noqa: S608
            f"FROM workouts_view WHERE athlete_id = :athlete {_IN_RANGE}"
            "ORDER BY 1, 2 DESC"
        ),
        scope,
    )
    reps = await connection.execute(
        text(
            f"{_ANALYSED_REPS} SELECT exercise, "  # noqa: S608 - constant fragments only
            "(date_trunc(:period, performed_at AT TIME ZONE 'UTC'))::date AS period_start, "
            "avg((rep->>'range_of_motion')::float) AS avg_range_of_motion, "
            "avg((rep->>'down_s')::float + (rep->>'up_s')::float) AS avg_rep_s "
            "FROM analysed GROUP BY 1, 2"
        ),
        scope | {"period": period},
    )
    cues = await connection.execute(
        text(
            f"{_ANALYSED_REPS} SELECT exercise, flag->>'code' AS code, "  # noqa: S608
            "flag->>'cue' AS cue, count(*)::int AS reps FROM analysed "
            "CROSS JOIN LATERAL jsonb_array_elements(rep->'flags') AS flag "
            "GROUP BY 1, 2, 3 ORDER BY 4 DESC, 2"
        ),
        scope,
    )
    depth = {(row.exercise, row.period_start): row for row in reps}
    by_exercise: dict[str, list[PeriodTotal]] = {}
    for row in periods:
        measured = depth.get((row.exercise, row.period_start))
        extra = {"avg_range_of_motion": measured.avg_range_of_motion,
                 "avg_rep_s": measured.avg_rep_s} if measured else {}  # fmt: skip
        by_exercise.setdefault(row.exercise, []).append(
            PeriodTotal.model_validate({**row._mapping, **extra})
        )
    cue_counts: dict[str, list[CueCount]] = {}
    for row in cues:
        cue_counts.setdefault(row.exercise, []).append(CueCount.model_validate(row._mapping))
    streaks: dict[str, int] = {}
    last: dict[str, Any] = {}
    broken: set[str] = set()
    for row in days:
        name, day = row.exercise, row.day
        if name in broken:
            continue
        if name in last and (last[name] - day).days != 1:
            broken.add(name)
            continue
        streaks[name] = streaks.get(name, 0) + 1
        last[name] = day
    return [
        ExerciseStatistics(
            **row._mapping,
            periods=by_exercise.get(row.exercise, []),
            current_streak_days=streaks.get(row.exercise, 0),
            form_cues=cue_counts.get(row.exercise, []),
        )
        for row in totals
    ]
