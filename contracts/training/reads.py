"""Read models of the training context, as the query API returns them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Final
from uuid import UUID

from pydantic import BaseModel, Field

RUNS: Final = "runs"
"""The runs read model: written by the `runs` projection, read by the run queries."""


class RunPublic(BaseModel):
    run_id: UUID
    distance_km: float
    duration_s: int
    pace_s_per_km: float = Field(description="Derived: duration / distance.")
    started_at: datetime
    elevation_gain_m: float | None
    avg_heart_rate: int | None
    notes: str | None
    shoe_id: UUID | None
    version: int


class RunPage(BaseModel):
    items: list[RunPublic]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page.")


class WeeklyTotal(BaseModel):
    week_start: date = Field(description="Monday of the ISO week (UTC).")
    distance_km: float
    duration_s: int
    count: int
    avg_pace_s_per_km: float
