"""Events of the training context: runs."""

from __future__ import annotations

from uuid import UUID

from pydantic import AwareDatetime, Field

from contracts.events import DomainEvent


class RunRecorded(DomainEvent):
    """An athlete recorded a run."""

    run_id: UUID
    athlete_id: UUID
    distance_km: float = Field(gt=0, description="Distance in kilometres.")
    duration_s: int = Field(gt=0, description="Moving time in seconds.")
    started_at: AwareDatetime
    elevation_gain_m: float | None = None
    avg_heart_rate: int | None = None
    notes: str | None = None
    shoe_id: UUID | None = None


class RunCorrected(DomainEvent):
    """An athlete replaced the details of a recorded run with corrected ones."""

    run_id: UUID
    athlete_id: UUID
    distance_km: float = Field(gt=0)
    duration_s: int = Field(gt=0)
    started_at: AwareDatetime
    elevation_gain_m: float | None = None
    avg_heart_rate: int | None = None
    notes: str | None = None
    shoe_id: UUID | None = None


class RunDeleted(DomainEvent):
    """An athlete deleted a run."""

    run_id: UUID
    athlete_id: UUID
