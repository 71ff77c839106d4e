"""Completion: a recorded run is matched to the workout its plan scheduled for that day. The
training context's completion reactor sends these commands when runs are recorded, corrected
or deleted; no client sends them."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from pydantic import Field

from contracts.commands import Command, Done

DISTANCE_TOLERANCE = 0.25
"""A run completes a workout when its distance is within 25 % of the planned distance..."""
MIN_TOLERANCE_KM = 1.5
"""...or within 1.5 km of it, whichever is wider (short runs are rarely measured to the metre)."""


def within_tolerance(run_km: float, planned_km: float) -> bool:
    return abs(run_km - planned_km) <= max(DISTANCE_TOLERANCE * planned_km, MIN_TOLERANCE_KM)


class MatchRun(Command[Done]):
    """Match a recorded (or corrected) run to the scheduled workout of its day, or move or
    clear its match when it no longer fits."""

    run_id: UUID
    athlete_id: UUID
    day: date = Field(description="The run's calendar day, in the offset it was recorded with.")
    distance_km: float = Field(gt=0)
    duration_s: int = Field(gt=0)


class UnmatchRun(Command[Done]):
    """A run was deleted: the workout it completed is open again."""

    run_id: UUID
    athlete_id: UUID


class MatchWorkout(Command[Done]):
    """A workout was scheduled or moved: a run already recorded on its day may complete it."""

    plan_id: UUID
    workout_id: UUID
    athlete_id: UUID
    day: date
