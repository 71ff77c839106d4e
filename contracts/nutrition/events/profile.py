"""Events of the nutrition profile: set or changed, its targets recorded, weight logged, and an
adaptive energy estimate proposing new targets."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from pydantic import BaseModel, Field

from contracts.events import DomainEvent
from contracts.nutrition.diets import Diet
from contracts.nutrition.targets import Activity, Goal, Sex, Targets
from contracts.personal import PersonalText


class NutritionProfileSet(DomainEvent):
    """The athlete's nutrition profile, whole, as set or changed."""

    version = 2  # personal fields sealed (v1 carried them in clear)
    earlier_versions = (1,)

    athlete_id: UUID
    sex: Sex
    birth_date: date
    height_cm: float
    weight_kg: float
    activity: Activity
    goal: Goal
    rate_kg_per_week: float
    diet: Diet
    allergies: list[PersonalText]
    dislikes: list[PersonalText]
    likes: list[PersonalText]
    cuisines: list[PersonalText]
    meal_slots: int
    protein_g_per_kg: float
    allow_large_deficit: bool = Field(description="The athlete accepted intake below the floor.")


class DayTargets(BaseModel):
    """Targets of each kind of day: training days carry more carbohydrate."""

    normal: Targets
    rest: Targets
    long_run: Targets
    hard_session: Targets


class NutritionTargetsSet(DomainEvent):
    """Energy and macro targets, computed on the write side from the profile (or an accepted
    adaptive estimate) and recorded, so their history is auditable."""

    athlete_id: UUID
    reason: str = Field(description="'profile' or 'adaptive estimate accepted'.")
    age: int
    energy_adjustment_kcal: float = Field(
        default=0.0, description="Added to the equations' energy by an accepted estimate."
    )
    days: DayTargets


class WeightLogged(DomainEvent):
    athlete_id: UUID
    day: date
    weight_kg: float


class EnergyEstimate(BaseModel):
    """Expenditure estimated from the trend weight and the planned intake."""

    first_day: date
    last_day: date
    trend_start_kg: float
    trend_end_kg: float
    mean_intake_kcal: float
    estimated_tdee_kcal: float
    formula_tdee_kcal: float
    confidence: float = Field(ge=0, le=1, description="From the days weighed and the spread.")


class TargetUpdateProposed(DomainEvent):
    """The estimate differs enough from the equations to propose new energy targets, which the
    athlete may accept."""

    athlete_id: UUID
    proposal_id: UUID
    estimate: EnergyEstimate
    energy_adjustment_kcal: float
    proposed_kcal: float = Field(description="The normal day's energy, if accepted.")


class TargetUpdateAccepted(DomainEvent):
    athlete_id: UUID
    proposal_id: UUID
