"""Read models of the training context (runs, plans), as the query API returns them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Final, Literal
from uuid import UUID

from pydantic import BaseModel, Field

from contracts.training.plans import GoalRace
from contracts.training.running import TrainingPaces
from contracts.training.sessions import Session

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
    source: Literal["manual", "strava"] = Field(
        default="manual", description="Told in Pacer, or imported from Strava (yours alone)."
    )
    title: str | None = Field(default=None, description="The activity's name on Strava.")
    strava_activity_id: int | None = Field(
        default=None, description="View on Strava: https://www.strava.com/activities/{id}."
    )
    sport_type: str | None = Field(default=None, description="Strava's sport type.")


class RunPage(BaseModel):
    items: list[RunPublic]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page.")


class WeeklyTotal(BaseModel):
    week_start: date = Field(description="Monday of the ISO week (UTC).")
    distance_km: float
    duration_s: int
    count: int
    avg_pace_s_per_km: float


PLANS: Final = "plans"
"""The plans read model: written by the `plans` projection, read by the plan queries."""


class PlanSummary(BaseModel):
    plan_id: UUID
    title: str
    start_date: date
    end_date: date
    goal: GoalRace | None
    generated: bool = Field(description="Made by the plan generator (and editable like any).")
    archived: bool
    version: int = Field(description="Send it back as `expected_version` with the next change.")


class PlanList(BaseModel):
    items: list[PlanSummary]


class Completion(BaseModel):
    run_id: UUID
    distance_km: float
    duration_s: int


class PlannedWorkout(BaseModel):
    workout_id: UUID
    date: date
    kind: str
    title: str
    session: Session
    distance_km: float = Field(description="Planned, derived from the steps.")
    duration_s: int = Field(description="Planned, derived from the steps.")
    totals_complete: bool = Field(
        description="False when a step has no target pace to turn time into distance (or back)."
    )
    completed: Completion | None = Field(
        description="The recorded run that completed it (same day, a fitting distance)."
    )


class PlanWeek(BaseModel):
    week: int = Field(description="1 for the plan's first seven days, and so on.")
    starts_on: date
    planned_km: float
    planned_s: int
    workouts: int
    runs_planned: int = Field(description="Workouts a run can complete (not rest, cross or gym).")
    runs_done: int = Field(description="Of those, the ones a recorded run completed.")
    done_km: float = Field(description="Distance of the runs that completed workouts.")
    compliance: float | None = Field(
        description="runs_done / runs_planned; null in a week without runs planned."
    )


class PlanDetail(PlanSummary):
    paces: TrainingPaces | None = Field(description="A generated plan's training paces.")
    workouts: list[PlannedWorkout] = Field(description="By date.")
    weeks: list[PlanWeek] = Field(description="Seven-day blocks from the start date.")


SHOES: Final = "shoes"
"""The shoes read model: written by the `shoes` projection, read with the runs read model."""


class ShoePublic(BaseModel):
    shoe_id: UUID
    nickname: str
    brand: str | None
    model: str | None
    distance_km: float = Field(description="Distance before it was added plus its runs.")
    runs: int
    limit_km: float
    remaining_km: float = Field(description="Left before its limit; negative once past it.")
    retirement_due: bool = Field(description="Past its limit and not retired yet: replace it.")
    default: bool = Field(description="Runs recorded without a shoe get this one.")
    retired: bool
    version: int


class ShoeList(BaseModel):
    items: list[ShoePublic]
    alerts: list[str] = Field(description="One line per shoe due to be retired.")


class RosterFlag(BaseModel):
    kind: Literal["missed_key_session", "shoe_near_retirement"]
    detail: str
    day: date | None = Field(default=None, description="The missed session's day.")


class CoachedAthlete(BaseModel):
    """One athlete's week as their coach sees it: runs imported from Strava are left out of
    every figure (Strava's data is shown to its owner only)."""

    athlete_id: UUID
    display_name: str
    planned_km: float = Field(description="Planned this week in the athlete's active plans.")
    planned_sessions: int
    done_sessions: int = Field(description="Planned sessions of this week completed by a run.")
    done_km: float = Field(description="Distance of the runs told in Pacer this week.")
    fitness_ctl: float | None = Field(description="Fitness (CTL) today; None without runs.")
    fatigue_atl: float | None
    form_tsb: float | None
    flags: list[RosterFlag]


class Roster(BaseModel):
    week_start: date = Field(description="Monday of this week (UTC).")
    athletes: list[CoachedAthlete]
