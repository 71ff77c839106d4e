"""Events of the training context: runs."""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from pydantic import AwareDatetime, Field

from contracts.events import DomainEvent
from contracts.personal import PersonalText


class RunRecorded(DomainEvent):
    """An athlete recorded a run."""

    version = 2  # personal fields sealed (v1 carried them in clear)
    earlier_versions = (1,)

    run_id: UUID
    athlete_id: UUID
    distance_km: float = Field(gt=0, description="Distance in kilometres.")
    duration_s: int = Field(gt=0, description="Moving time in seconds.")
    started_at: AwareDatetime
    elevation_gain_m: float | None = None
    avg_heart_rate: int | None = None
    notes: PersonalText | None = None
    shoe_id: UUID | None = None
    source: Literal["manual", "strava"] = Field(
        default="manual", description="Told in Pacer, or imported from Strava."
    )
    title: PersonalText | None = Field(default=None, description="The activity's name on Strava.")
    strava_activity_id: int | None = Field(default=None, description="Its id on Strava.")
    sport_type: Literal["Run", "TrailRun", "VirtualRun"] | None = Field(
        default=None, description="Strava's sport type."
    )
    private: bool = Field(default=False, description="Only You on Strava.")


class RunCorrected(DomainEvent):
    """An athlete replaced the details of a recorded run with corrected ones."""

    version = 2  # personal fields sealed (v1 carried them in clear)
    earlier_versions = (1,)

    run_id: UUID
    athlete_id: UUID
    distance_km: float = Field(gt=0)
    duration_s: int = Field(gt=0)
    started_at: AwareDatetime
    elevation_gain_m: float | None = None
    avg_heart_rate: int | None = None
    notes: PersonalText | None = None
    shoe_id: UUID | None = None
    source: Literal["manual", "strava"] = Field(
        default="manual", description="Told in Pacer, or imported from Strava."
    )
    title: PersonalText | None = Field(default=None, description="The activity's name on Strava.")
    strava_activity_id: int | None = Field(default=None, description="Its id on Strava.")
    sport_type: Literal["Run", "TrailRun", "VirtualRun"] | None = Field(
        default=None, description="Strava's sport type."
    )
    private: bool = Field(default=False, description="Only You on Strava.")


class RunDeleted(DomainEvent):
    """An athlete deleted a run."""

    run_id: UUID
    athlete_id: UUID
