"""Performance analytics, as the query API returns them: totals per week or month, personal
records and streaks, fitness (VDOT, paces, race predictions) and training load."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, Field

from contracts.training.running import TrainingPaces


class PeriodTotal(BaseModel):
    starts_on: date = Field(description="Monday of the ISO week, or the 1st of the month (UTC).")
    distance_km: float
    duration_s: int
    runs: int
    avg_pace_s_per_km: float


class Totals(BaseModel):
    period: Literal["week", "month"]
    items: list[PeriodTotal]


class PersonalRecord(BaseModel):
    distance: str = Field(description="5k, 10k, half or marathon.")
    distance_km: float
    run_id: UUID
    started_at: datetime
    run_distance_km: float
    pace_s_per_km: float
    time_s: int = Field(
        description="The distance at the run's average pace. A whole-run best: the run may "
        "have been longer, and its fastest stretch of this distance quicker."
    )


class Records(BaseModel):
    records: list[PersonalRecord] = Field(description="Fastest run at or over each distance.")
    longest_run_km: float | None
    current_streak_days: int = Field(description="Days in a row with a run, up to today (UTC).")
    longest_streak_days: int


class Prediction(BaseModel):
    distance: str
    distance_km: float
    vdot_time_s: int = Field(description="Daniels-Gilbert: the time the VDOT predicts.")
    riegel_time_s: int = Field(description="Riegel (exponent 1.06) from the best effort.")


class Fitness(BaseModel):
    best_effort_run_id: UUID | None = Field(
        description="The run of the last 12 weeks (at least 3 km) with the highest VDOT."
    )
    paces: TrainingPaces | None
    predictions: list[Prediction]


class LoadPoint(BaseModel):
    day: date
    tss: float = Field(description="Training stress of the day: runs and strength sessions.")
    ctl: float = Field(description="Fitness: 42-day weighted average of TSS.")
    atl: float = Field(description="Fatigue: 7-day weighted average of TSS.")
    tsb: float = Field(description="Form: yesterday's fitness minus yesterday's fatigue.")


class Load(BaseModel):
    threshold_pace_s_per_km: float | None = Field(
        description="Threshold pace the runs' rTSS is scored against (from current fitness)."
    )
    days: list[LoadPoint]
