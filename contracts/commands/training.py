"""Commands of the training context: runs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator

MAX_DISTANCE_KM = 1000.0
MAX_DURATION_S = 7 * 24 * 3600
CLOCK_SKEW = timedelta(minutes=5)


class RunDetails(BaseModel):
    """What an athlete tells about a run. Pace is derived from distance and time, never sent."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    distance_km: float = Field(gt=0, le=MAX_DISTANCE_KM, description="Distance in kilometres.")
    duration_s: int = Field(gt=0, le=MAX_DURATION_S, description="Moving time in seconds.")
    started_at: AwareDatetime = Field(description="Start time with its UTC offset.")
    elevation_gain_m: float | None = Field(default=None, ge=0, le=20_000)
    avg_heart_rate: int | None = Field(default=None, ge=25, le=250, description="Beats/minute.")
    notes: str | None = Field(default=None, max_length=2000)
    shoe_id: UUID | None = None

    @field_validator("started_at")
    @classmethod
    def _not_in_the_future(cls, started_at: datetime) -> datetime:
        if started_at > datetime.now(UTC) + CLOCK_SKEW:
            raise ValueError("a run cannot start in the future")
        return started_at


class RecordRun(RunDetails):
    """Record a run."""


class CorrectRun(RunDetails):
    """Replace a run's details. `expected_version` is the version the client last saw."""

    expected_version: int = Field(ge=1, description="Version the correction is based on.")


class DeleteRun(BaseModel):
    """Delete a run."""

    model_config = ConfigDict(extra="forbid")

    expected_version: int | None = Field(default=None, ge=1)
