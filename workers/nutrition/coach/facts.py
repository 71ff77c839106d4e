"""What the coach may read about the user who asks: their profile, targets, meal plan, training
plan, runs and workouts. The worker implements `Facts` over that user's own read models; the
coach never sees anyone else's data and never reaches a database itself."""

from __future__ import annotations

from datetime import date
from typing import Protocol

from pydantic import BaseModel, ConfigDict, Field

from contracts.nutrition.diets import Allergen, Diet
from contracts.nutrition.targets import DayKind, Goal
from contracts.training.sessions import SessionKind

MANUAL = "manual"
"""The only run source the coach may use: Strava's terms keep imported activities out of any
model's context, so a run entered by hand is the only kind it reads."""


class Fact(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ProfileFacts(Fact):
    weight_kg: float
    goal: Goal
    diet: Diet = Diet.OMNIVORE
    allergies: tuple[Allergen, ...] = ()


class DayTargets(Fact):
    day: date
    kcal: float
    protein_g: float
    carbohydrate_g: float
    fat_g: float
    kind: DayKind = DayKind.NORMAL
    reason: str | None = Field(default=None, description='Why the day is its kind: "long run".')


class PlannedMeal(Fact):
    day: date
    slot: str = Field(description="breakfast, lunch, dinner or snack.")
    recipe: str
    servings: float
    kcal: float
    protein_g: float
    carbohydrate_g: float


class PlannedSession(Fact):
    day: date
    kind: SessionKind
    title: str
    planned_km: float | None = None
    planned_minutes: float | None = None


class RunFact(Fact):
    day: date
    km: float
    minutes: float
    pace_s_per_km: float | None = None
    avg_hr: int | None = None
    source: str = Field(description='Where the run came from: "manual", "strava", ...')


class WorkoutFact(Fact):
    day: date
    exercise: str
    reps: int
    verified: bool = Field(description="Counted from video rather than typed in.")


class Facts(Protocol):
    """The asking user's data, read on demand. Every method sees that user only."""

    async def today(self) -> date:
        """The user's local date."""
        ...

    async def profile(self) -> ProfileFacts | None: ...

    async def targets(self, day: date) -> DayTargets | None:
        """The energy and macro targets for one day, or None without a nutrition goal."""
        ...

    async def meals(self, day: date) -> list[PlannedMeal]:
        """That day's meals in the current meal plan (none without a plan)."""
        ...

    async def sessions(self, first: date, last: date) -> list[PlannedSession]:
        """Scheduled workouts of the current training plan from `first` to `last`, inclusive."""
        ...

    async def recent_runs(self, days: int) -> list[RunFact]:
        """Runs of the last `days` days, today included, newest first."""
        ...

    async def recent_workouts(self, days: int) -> list[WorkoutFact]:
        """Rep-based workouts of the last `days` days, today included, newest first."""
        ...
