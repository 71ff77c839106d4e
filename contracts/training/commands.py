"""Commands of the training context, and the bodies the command API takes for them."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from contracts.commands import Command, CommandAccepted
from contracts.types import Count, PastInstant, PlainText, Quantity, Version

MIN_DISTANCE_KM, MAX_DISTANCE_KM = 0.01, 1000.0
MAX_DURATION_S = 7 * 24 * 3600


class RunDetails(BaseModel):
    """What an athlete tells about a run. Pace is derived from distance and time, never sent."""

    model_config = ConfigDict(extra="forbid")

    distance_km: Annotated[float, Quantity(ge=MIN_DISTANCE_KM, le=MAX_DISTANCE_KM)] = Field(
        description="Distance in kilometres, at least 10 m."
    )
    duration_s: Annotated[int, Count(ge=1, le=MAX_DURATION_S)] = Field(
        description="Moving time in whole seconds."
    )
    started_at: PastInstant = Field(description="Start time with its UTC offset.")
    elevation_gain_m: Annotated[float, Quantity(ge=0, le=20_000)] | None = None
    avg_heart_rate: Annotated[int, Count(ge=25, le=250)] | None = Field(
        default=None, description="Beats per minute."
    )
    notes: Annotated[str, PlainText(max_length=2000, multiline=True)] | None = None
    shoe_id: UUID | None = None


class RunCreate(RunDetails):
    """Body of `POST /runs`."""


class RunUpdate(RunDetails):
    """Body of `PUT /runs/{id}`: the corrected details and the version they correct."""

    expected_version: Version = Field(description="Version the correction is based on.")


class RecordRun(Command[CommandAccepted], RunDetails):
    """Record a run."""

    run_id: UUID
    athlete_id: UUID


class CorrectRun(Command[CommandAccepted], RunDetails):
    """Replace a run's details; refused if the run moved past `expected_version`."""

    run_id: UUID
    athlete_id: UUID
    expected_version: Version


class DeleteRun(Command[CommandAccepted]):
    """Delete a run; refused if `expected_version` is given and stale."""

    run_id: UUID
    athlete_id: UUID
    expected_version: Version | None = None
