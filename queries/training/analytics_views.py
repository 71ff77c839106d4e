"""Analytics views: derived from the runs and workouts read models of one athlete when read,
so they always agree with them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Literal
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from contracts.training.analytics import (
    Fitness,
    Load,
    LoadPoint,
    PeriodTotal,
    PersonalRecord,
    Prediction,
    Records,
)
from contracts.training.load import daily_load, hrtss, rtss, session_tss
from contracts.training.running import (
    BEST_EFFORT_MIN_KM,
    STANDARD_DISTANCES_KM,
    predicted_time_s,
    riegel_time_s,
    training_paces,
    vdot,
)

FITNESS_WINDOW = timedelta(weeks=12)
LOAD_HISTORY = timedelta(days=5 * 365)
"""Fitness is built from the activities of at most five years before the period shown."""


async def totals(
    connection: AsyncConnection, athlete_id: UUID, period: Literal["week", "month"]
) -> list[PeriodTotal]:
    rows = await connection.execute(
        text(
            "SELECT (date_trunc(:period, started_at AT TIME ZONE 'UTC'))::date AS starts_on, "
            "sum(distance_km) AS distance_km, sum(duration_s)::bigint AS duration_s, "
            "count(*)::int AS runs, sum(duration_s) / sum(distance_km) AS avg_pace_s_per_km "
            "FROM runs_view WHERE athlete_id = :athlete GROUP BY 1 ORDER BY 1"
        ),
        {"athlete": athlete_id, "period": period},
    )
    return [PeriodTotal.model_validate(row._mapping) for row in rows]


async def records(connection: AsyncConnection, athlete_id: UUID, today: date) -> Records:
    best = []
    for name, km in STANDARD_DISTANCES_KM.items():
        row = (
            await connection.execute(
                text(
                    "SELECT run_id, started_at, distance_km, pace_s_per_km FROM runs_view "
                    "WHERE athlete_id = :athlete AND distance_km >= :km "
                    "ORDER BY pace_s_per_km, started_at, run_id LIMIT 1"
                ),
                {"athlete": athlete_id, "km": km},
            )
        ).first()
        if row is not None:
            best.append(PersonalRecord(
                distance=name, distance_km=km, run_id=row.run_id, started_at=row.started_at,
                run_distance_km=row.distance_km, pace_s_per_km=round(row.pace_s_per_km, 1),
                time_s=round(row.pace_s_per_km * km),
            ))  # fmt: skip
    longest = await connection.scalar(
        text("SELECT max(distance_km) FROM runs_view WHERE athlete_id = :athlete"),
        {"athlete": athlete_id},
    )
    days = await connection.execute(
        text(
            "SELECT DISTINCT (started_at AT TIME ZONE 'UTC')::date AS day FROM runs_view "
            "WHERE athlete_id = :athlete ORDER BY 1"
        ),
        {"athlete": athlete_id},
    )
    current, longest_streak = streaks([row.day for row in days], today)
    return Records(records=best, longest_run_km=longest, current_streak_days=current,
                   longest_streak_days=longest_streak)  # fmt: skip


def streaks(days: list[date], today: date) -> tuple[int, int]:
    """(days in a row up to today, or up to yesterday when today has no run yet; the longest
    run of days in a row), for sorted distinct days."""
    longest = run = 0
    previous: date | None = None
    for day in days:
        run = run + 1 if previous is not None and day - previous == timedelta(days=1) else 1
        longest = max(longest, run)
        previous = day
    alive = previous is not None and today - previous <= timedelta(days=1)
    return (run if alive else 0), longest


MANUAL_UNLESS_OWN = "AND (CAST(:own AS boolean) OR COALESCE(source, 'manual') = 'manual')"
"""Runs a coach may see: not those imported from Strava, whose data is shown to its owner only."""


async def fitness(
    connection: AsyncConnection, athlete_id: UUID, now: datetime, *, own: bool = True
) -> Fitness:
    rows = await connection.execute(
        text(
            "SELECT run_id, distance_km, duration_s FROM runs_view WHERE athlete_id = :athlete "  # noqa: S608 - a constant
            "AND started_at >= :since AND started_at <= :now AND distance_km >= :shortest "
            f"{MANUAL_UNLESS_OWN}"
        ),
        {"athlete": athlete_id, "since": now - FITNESS_WINDOW, "now": now,
         "shortest": BEST_EFFORT_MIN_KM, "own": own},
    )  # fmt: skip
    scored = [(vdot(r.distance_km, r.duration_s), r) for r in rows]
    if not scored:
        return Fitness(best_effort_run_id=None, paces=None, predictions=[])
    score, best = max(scored, key=lambda pair: (pair[0], str(pair[1].run_id)))
    paces = training_paces(score)
    predictions = [
        Prediction(
            distance=name,
            distance_km=km,
            vdot_time_s=round(predicted_time_s(paces.vdot, km)),
            riegel_time_s=round(riegel_time_s(best.distance_km, best.duration_s, km)),
        )
        for name, km in STANDARD_DISTANCES_KM.items()
    ]
    return Fitness(best_effort_run_id=best.run_id, paces=paces, predictions=predictions)


async def load(
    connection: AsyncConnection,
    athlete_id: UUID,
    first: date,
    last: date,
    *,
    now: datetime,
    threshold_hr: int | None,
    resting_hr: int,
    own: bool = True,
) -> Load:
    current = await fitness(connection, athlete_id, now, own=own)
    threshold = current.paces.of("threshold") if current.paces else None
    threshold_pace = (threshold.fast_s_per_km + threshold.slow_s_per_km) / 2 if threshold else None
    since = datetime.combine(first - LOAD_HISTORY, datetime.min.time(), UTC)
    until = datetime.combine(last + timedelta(days=1), datetime.min.time(), UTC)
    by_day: dict[date, float] = {}
    runs = await connection.execute(
        text(
            "SELECT (started_at AT TIME ZONE 'UTC')::date AS day, duration_s, pace_s_per_km, "  # noqa: S608 - a constant
            "avg_heart_rate FROM runs_view WHERE athlete_id = :athlete "
            f"AND started_at >= :since AND started_at < :until {MANUAL_UNLESS_OWN}"
        ),
        {"athlete": athlete_id, "since": since, "until": until, "own": own},
    )
    for run in runs:
        if threshold_hr is not None and run.avg_heart_rate is not None:
            stress = hrtss(run.duration_s, run.avg_heart_rate, threshold_hr, resting_hr)
        elif threshold_pace is not None:
            stress = rtss(run.duration_s, run.pace_s_per_km, threshold_pace)
        else:
            stress = rtss(run.duration_s, run.pace_s_per_km, run.pace_s_per_km)  # as threshold
        by_day[run.day] = by_day.get(run.day, 0.0) + stress
    sessions = await connection.execute(
        text(
            "SELECT (performed_at AT TIME ZONE 'UTC')::date AS day, training_load "
            "FROM workouts_view WHERE athlete_id = :athlete "
            "AND performed_at >= :since AND performed_at < :until"
        ),
        {"athlete": athlete_id, "since": since, "until": until},
    )
    for session in sessions:
        by_day[session.day] = by_day.get(session.day, 0.0) + session_tss(session.training_load)
    start = min([first, *by_day]) if by_day else first
    series = daily_load(by_day, start, last)
    days = [LoadPoint(day=p.day, tss=p.tss, ctl=p.ctl, atl=p.atl, tsb=p.tsb)
            for p in series if p.day >= first]  # fmt: skip
    return Load(threshold_pace_s_per_km=threshold_pace, days=days)
