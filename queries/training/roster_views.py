"""The coach's roster: each athlete's week (planned against done, load and form, flags), from
the plans, runs, workouts and shoes read models, leaving out runs imported from Strava."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from contracts.training.reads import CoachedAthlete, RosterFlag
from contracts.training.sessions import HARD_KINDS
from queries.training import analytics_views, shoe_views

LIVE_ATHLETES = text(
    "SELECT g.athlete_id, coalesce(p.display_name, '') AS display_name FROM grants_view g "
    "LEFT JOIN profiles_view p ON p.account_id = g.athlete_id "
    "WHERE g.coach_id = :coach AND g.status = 'active' AND 'read_training' = ANY(g.scopes) "
    "AND g.athlete_id = ANY(:athletes) ORDER BY display_name, g.athlete_id"
)
WEEK_PLAN = text(
    "SELECT w.day, w.kind, w.title, w.distance_km, EXISTS (SELECT 1 FROM runs_view r "
    "WHERE r.run_id = w.completed_run_id AND COALESCE(r.source, 'manual') = 'manual') AS done "
    "FROM plan_workouts_view w JOIN plans_view p USING (plan_id) "
    "WHERE w.athlete_id = :athlete AND NOT p.archived AND w.kind <> 'rest' "
    "AND w.day >= :monday AND w.day < :next_monday ORDER BY w.day, w.workout_id"
)
WEEK_RUNS = text(
    "SELECT coalesce(sum(distance_km), 0) FROM runs_view WHERE athlete_id = :athlete "
    "AND COALESCE(source, 'manual') = 'manual' AND started_at >= :since AND started_at < :until"
)
SHOE_WARNING_SHARE = 0.1
"""A shoe is flagged when less than this share of its limit is left (or 50 km, if more)."""
SHOE_WARNING_KM = 50.0
RESTING_HR = 60


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


async def roster(
    connection: AsyncConnection, coach_id: UUID, athletes: list[UUID], now: datetime
) -> list[CoachedAthlete]:
    rows = await connection.execute(LIVE_ATHLETES, {"coach": coach_id, "athletes": athletes})
    return [await _week(connection, row.athlete_id, row.display_name, now) for row in rows.all()]


async def _week(
    connection: AsyncConnection, athlete: UUID, name: str, now: datetime
) -> CoachedAthlete:
    today = now.astimezone(UTC).date()
    monday = monday_of(today)
    next_monday = monday + timedelta(days=7)
    planned = (await connection.execute(
        WEEK_PLAN, {"athlete": athlete, "monday": monday, "next_monday": next_monday}
    )).all()  # fmt: skip
    since = datetime.combine(monday, datetime.min.time(), UTC)
    done_km = await connection.scalar(
        WEEK_RUNS, {"athlete": athlete, "since": since, "until": since + timedelta(days=7)}
    )
    flags = [
        RosterFlag(kind="missed_key_session", detail=f"{w.title} ({w.kind})", day=w.day)
        for w in planned
        if w.kind in HARD_KINDS and w.day < today and not w.done
    ]
    for shoe in await shoe_views.list_shoes(connection, athlete, own=False):
        warn_at = max(SHOE_WARNING_KM, shoe.limit_km * SHOE_WARNING_SHARE)
        if not shoe.retired and shoe.remaining_km <= warn_at:
            left = f"{shoe.nickname}: {shoe.remaining_km:g} km left"
            flags.append(RosterFlag(kind="shoe_near_retirement", detail=left))
    load = await analytics_views.load(
        connection,
        athlete,
        today,
        today,
        now=now,
        threshold_hr=None,
        resting_hr=RESTING_HR,
        own=False,
    )
    point = load.days[-1] if load.days and load.days[-1].ctl > 0 else None
    return CoachedAthlete(
        athlete_id=athlete,
        display_name=name,
        planned_km=round(sum(w.distance_km for w in planned), 2),
        planned_sessions=len(planned),
        done_sessions=sum(1 for w in planned if w.done),
        done_km=round(float(done_km or 0), 2),
        fitness_ctl=point.ctl if point else None,
        fatigue_atl=point.atl if point else None,
        form_tsb=point.tsb if point else None,
        flags=flags,
    )
