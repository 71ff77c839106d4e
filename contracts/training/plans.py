"""Training plans: commands and the bodies the command API takes for them. A plan spans days
from `start_date` to `end_date` (often a goal race) and schedules structured workouts on them;
every change names the plan version it was based on."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal, Self
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from contracts.commands import Command, CommandAccepted
from contracts.personal import Personal
from contracts.training.sessions import Session
from contracts.types import Count, Day, PlainText, Quantity, Version

MAX_PLAN_DAYS = 2 * 366
MAX_WORKOUTS = 800
PlanTitle = Annotated[str, PlainText(max_length=120)]
RaceDistance = Literal["5k", "10k", "half", "marathon"]
Weekday = Annotated[int, Count(ge=0, le=6)]
"""0 is Monday, 6 Sunday."""


class GoalRace(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Annotated[str, PlainText(max_length=120), Personal()] | None = None
    distance_km: Annotated[float, Quantity(ge=1, le=250)]
    date: Day
    target_time_s: Annotated[int, Count(ge=60, le=7 * 24 * 3600)] | None = None


class PlanDates(BaseModel):
    model_config = ConfigDict(extra="forbid")

    start_date: Day
    end_date: Day

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        check_span(self.start_date, self.end_date)
        return self


def check_span(start: date, end: date) -> None:
    if end < start:
        raise PydanticCustomError("plan_dates_order", "the end must not be before the start")
    if (end - start).days >= MAX_PLAN_DAYS:
        raise PydanticCustomError(
            "plan_too_long", "a plan spans at most {days} days", {"days": MAX_PLAN_DAYS}
        )


class PlanCreate(PlanDates):
    """Body of `POST /plans`."""

    title: PlanTitle
    goal: GoalRace | None = None

    @model_validator(mode="after")
    def _goal_inside(self) -> Self:
        if self.goal is not None and not self.start_date <= self.goal.date <= self.end_date:
            raise PydanticCustomError(
                "goal_outside_plan", "the goal race must fall within the plan's dates"
            )
        return self


class PlanRename(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: PlanTitle
    expected_version: Version


class PlanReschedule(PlanDates):
    expected_version: Version


class VersionOnly(BaseModel):
    """Body of a change that only needs the version it is based on."""

    model_config = ConfigDict(extra="forbid")

    expected_version: Version


class WorkoutSchedule(BaseModel):
    """Body of `POST /plans/{plan_id}/workouts`."""

    model_config = ConfigDict(extra="forbid")

    date: Day
    session: Session
    expected_version: Version


class WorkoutMove(BaseModel):
    model_config = ConfigDict(extra="forbid")

    date: Day
    expected_version: Version


class WorkoutChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    session: Session
    expected_version: Version


class RecentRace(BaseModel):
    """A recent race or all-out effort: the runner's fitness."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    distance_km: Annotated[float, Quantity(ge=1.5, le=100)]
    time_s: Annotated[int, Count(ge=240, le=24 * 3600)]


MAX_KM_PER_DAY = 30.0
"""The most weekly distance a generated plan spreads over each training day, on average (elite
marathoners run about 160-200 km on 7 days): more on fewer days would mean absurd single runs."""


class PlanGenerate(BaseModel):
    """Body of `POST /plans/generate`: the goal race and the runner as they are today."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: PlanTitle | None = Field(default=None, description="Default: the race's name.")
    race: RaceDistance | Literal["custom"]
    custom_distance_km: Annotated[float, Quantity(ge=1, le=100)] | None = Field(
        default=None, description="With race `custom`: the race's distance."
    )
    race_name: Annotated[str, PlainText(max_length=120)] | None = None
    race_date: Day
    start_date: Day = Field(description="First day of training.")
    weekly_km: Annotated[float, Quantity(ge=0, le=250)] = Field(
        description="Average weekly distance over the last four weeks; at most 30 km per "
        "training day (`days_per_week`)."
    )
    longest_run_km: Annotated[float, Quantity(ge=0, le=100)] = Field(
        description="Longest run of the last four weeks."
    )
    days_per_week: Annotated[int, Count(ge=3, le=7)]
    long_run_day: Weekday = 6
    recent_race: RecentRace | None = Field(
        default=None,
        description="A recent race or time trial; without it, fitness is estimated from your "
        "recorded runs, or from your weekly distance when there are none.",
    )

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if (self.race == "custom") != (self.custom_distance_km is not None):
            raise PydanticCustomError(
                "custom_distance", "custom_distance_km is given with race `custom`, and only then"
            )
        if self.race_date <= self.start_date:
            raise PydanticCustomError("race_before_start", "race_date must be after start_date")
        if self.weekly_km > MAX_KM_PER_DAY * self.days_per_week:
            raise PydanticCustomError(
                "weekly_km_per_day",
                "{weekly:g} km a week is more than {days} days of running can hold (at most "
                "{most:g} km a day on average): train on more days",
                {"weekly": self.weekly_km, "days": self.days_per_week, "most": MAX_KM_PER_DAY},
            )
        check_span(self.start_date, self.race_date)
        return self


COACH_SCOPE = "write_training_plans"
"""The grant scope under which a coach sends the plan commands for an athlete."""


class CreatePlan(Command[CommandAccepted], PlanCreate):
    """Create an empty plan."""

    delegated_by = COACH_SCOPE
    plan_id: UUID
    athlete_id: UUID


class GeneratePlan(Command[CommandAccepted], PlanGenerate):
    """Generate a whole plan for a goal race: ordinary plan events, editable afterwards."""

    delegated_by = COACH_SCOPE
    plan_id: UUID
    athlete_id: UUID


class RenamePlan(Command[CommandAccepted], PlanRename):
    delegated_by = COACH_SCOPE
    plan_id: UUID
    athlete_id: UUID


class ReschedulePlan(Command[CommandAccepted], PlanReschedule):
    delegated_by = COACH_SCOPE
    plan_id: UUID
    athlete_id: UUID


class ArchivePlan(Command[CommandAccepted], VersionOnly):
    delegated_by = COACH_SCOPE
    plan_id: UUID
    athlete_id: UUID


class DeletePlan(Command[CommandAccepted]):
    delegated_by = COACH_SCOPE
    plan_id: UUID
    athlete_id: UUID
    expected_version: Version | None = None


class WorkoutAccepted(CommandAccepted):
    """A workout was scheduled: the plan's new version, and the workout's id."""

    workout_id: UUID


class ScheduleWorkout(Command[WorkoutAccepted], WorkoutSchedule):
    delegated_by = COACH_SCOPE
    plan_id: UUID
    athlete_id: UUID
    workout_id: UUID


class MoveWorkout(Command[CommandAccepted], WorkoutMove):
    delegated_by = COACH_SCOPE
    plan_id: UUID
    athlete_id: UUID
    workout_id: UUID


class ChangeWorkout(Command[CommandAccepted], WorkoutChange):
    delegated_by = COACH_SCOPE
    plan_id: UUID
    athlete_id: UUID
    workout_id: UUID


class RemoveWorkout(Command[CommandAccepted]):
    delegated_by = COACH_SCOPE
    plan_id: UUID
    athlete_id: UUID
    workout_id: UUID
    expected_version: Version | None = None
