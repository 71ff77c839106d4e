"""What Pacer keeps of Strava, bounded like every accepted value: the scopes it asks for, the
ids Strava uses (int64) and a Strava run as imported (within the run bounds of the training
context, so an import never fails in a projection)."""

from __future__ import annotations

import re
from typing import Annotated, Final, Literal
from uuid import NAMESPACE_URL, UUID, uuid5

from pydantic import BaseModel, Field

from contracts.training.commands import MAX_DISTANCE_KM, MAX_DURATION_S, MIN_DISTANCE_KM
from contracts.types import Count, PastInstant, PlainText, Quantity

SCOPES_REQUESTED: Final = ("read", "activity:read_all", "activity:write")
READ_SCOPES: Final = frozenset({"activity:read", "activity:read_all"})
WRITE_SCOPE: Final = "activity:write"
RUN_SPORTS: Final = ("Run", "TrailRun", "VirtualRun")
MAX_TITLE = 255

# Strava's ids are int64 (PostgreSQL bigint), kept to what a JSON number holds exactly (2^53;
# Strava's activity ids are near 2^34 today): JSON numbers only, never strings.
MAX_STRAVA_ID = 2**53 - 1
StravaId = Annotated[int, Field(strict=True, ge=1, le=MAX_STRAVA_ID)]
RunSport = Literal["Run", "TrailRun", "VirtualRun"]
Title = Annotated[str, PlainText(max_length=MAX_TITLE)]


def connection_stream(account_id: UUID) -> str:
    """The stream of an account's Strava connection."""
    return str(uuid5(NAMESPACE_URL, f"pacer:strava:connection:{account_id}"))


def strava_run_id(connection_id: UUID, activity_id: int) -> UUID:
    """The Pacer run of a Strava activity, within one connection: importing it again finds the
    same run; a later connection imports afresh."""
    return uuid5(NAMESPACE_URL, f"pacer:strava:{connection_id}:activity:{activity_id}")


PUSH_MARK = re.compile(r"Pushed from Pacer \(push [0-9a-f]{8}\)")


def push_mark(push: UUID) -> str:
    """The line a pushed activity's description ends with: Strava tells the app about what it
    created too, and this is how the import knows the activity came from Pacer."""
    return f"Pushed from Pacer (push {push.hex[:8]})"


def push_id(account_id: UUID, subject_id: UUID) -> UUID:
    """One push per Pacer activity: asking again names the same push."""
    return uuid5(NAMESPACE_URL, f"pacer:strava:{account_id}:push:{subject_id}")


class StravaRun(BaseModel):
    """A Strava run (Run, TrailRun or VirtualRun) as Pacer records it."""

    activity_id: StravaId
    title: Title | None = None
    sport_type: RunSport
    distance_km: Annotated[float, Quantity(ge=MIN_DISTANCE_KM, le=MAX_DISTANCE_KM)]
    duration_s: Annotated[int, Count(ge=1, le=MAX_DURATION_S)] = Field(
        description="Moving time in seconds."
    )
    started_at: PastInstant = Field(description="Start, with the athlete's UTC offset.")
    elevation_gain_m: Annotated[float, Quantity(ge=0, le=20_000)] | None = None
    avg_heart_rate: Annotated[int, Count(ge=25, le=250)] | None = None
    private: bool = Field(default=False, description="Only You on Strava.")


class SkippedActivity(BaseModel):
    """A Strava activity Pacer does not keep (not a run, or no distance), with the reason."""

    activity_id: StravaId
    sport_type: Annotated[str, PlainText(max_length=64)]
    reason: Annotated[str, PlainText(max_length=200)]
