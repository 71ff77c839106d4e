"""Strava's activities as Pacer keeps them: a run (Run, TrailRun, VirtualRun) within the run
bounds, or an activity skipped with the reason. Strava keeps adding sport types, so anything
unknown is simply not a run; values out of bounds never reach a command."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from pydantic import ValidationError

from contracts.integrations.strava import (
    MAX_TITLE,
    PUSH_MARK,
    RUN_SPORTS,
    SkippedActivity,
    StravaRun,
)

MAX_OFFSET_S = 18 * 3600


def _title(value: Any) -> str | None:
    printable = "".join(char if char.isprintable() else " " for char in str(value or ""))
    return " ".join(printable.split())[:MAX_TITLE] or None


def _started(activity: dict[str, Any]) -> datetime:
    """The start in UTC (`start_date`), shown at the athlete's offset (`utc_offset`)."""
    started = datetime.fromisoformat(str(activity["start_date"]).replace("Z", "+00:00"))
    offset = activity.get("utc_offset")
    if isinstance(offset, int | float) and abs(offset) <= MAX_OFFSET_S:
        return started.astimezone(timezone(timedelta(seconds=int(offset))))
    return started


def _number(value: Any, low: float, high: float) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool) and low <= value <= high:
        return float(value)
    return None


def classify(activity: dict[str, Any]) -> StravaRun | SkippedActivity:
    activity_id = int(activity["id"])
    sport = _title(activity.get("sport_type") or activity.get("type")) or "Workout"
    sport = sport[:64]
    if sport not in RUN_SPORTS:
        return SkippedActivity(activity_id=activity_id, sport_type=sport, reason="not a run")
    if PUSH_MARK.search(str(activity.get("description") or "")):
        return SkippedActivity(activity_id=activity_id, sport_type=sport,
                               reason="pushed from Pacer")  # fmt: skip
    heart_rate = _number(activity.get("average_heartrate"), 25, 250)
    try:
        return StravaRun(
            activity_id=activity_id, title=_title(activity.get("name")), sport_type=sport,
            distance_km=round(float(activity.get("distance") or 0) / 1000, 3),
            duration_s=int(activity.get("moving_time") or activity.get("elapsed_time") or 0),
            started_at=_started(activity),
            elevation_gain_m=_number(activity.get("total_elevation_gain"), 0, 20_000),
            avg_heart_rate=round(heart_rate) if heart_rate is not None else None,
            private=activity.get("private") is True,
        )  # fmt: skip
    except (ValidationError, ValueError, KeyError, TypeError):
        return SkippedActivity(activity_id=activity_id, sport_type=sport,
                               reason="no distance or time Pacer can keep")  # fmt: skip
