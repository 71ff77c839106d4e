"""Read models of the nutrition context (their names: what `Consistent` waits on), and the
documents the query API returns."""

from __future__ import annotations

from datetime import date
from typing import Any, Final, Literal
from uuid import UUID

from pydantic import BaseModel, Field

from contracts.nutrition.coach import CoachAnswer
from contracts.nutrition.days import DayKindName
from contracts.nutrition.events.profile import DayTargets, EnergyEstimate
from contracts.nutrition.plans import MealPlanWeek, PlanStatus, ShoppingItem
from contracts.nutrition.recipes import RecipeAnalysis

NUTRITION_PROFILES: Final = "nutrition_profiles"
NUTRITION_DAYS: Final = "nutrition_days"
MEAL_PLANS: Final = "meal_plans"
RECIPES: Final = "recipes"
COACH_MESSAGES: Final = "coach_messages"
COACH_GUIDES: Final = "coach_guides"


class TargetProposal(BaseModel):
    proposal_id: UUID
    status: Literal["open", "accepted"]
    estimate: EnergyEstimate
    energy_adjustment_kcal: float
    proposed_kcal: float


class NutritionProfilePublic(BaseModel):
    profile: dict[str, Any] | None = Field(description="As last set (see PUT /nutrition/profile).")
    targets: DayTargets | None = Field(description="In force, for each kind of day.")
    targets_reason: str | None
    energy_adjustment_kcal: float
    age: int | None
    proposal: TargetProposal | None = Field(
        description="The adaptive estimate's latest proposal, open or accepted."
    )
    estimate: EnergyEstimate | None = Field(
        default=None,
        description="Expenditure estimated from the weight log (trend weight) and the planned "
        "intake over the last two to four weeks, with its confidence; none before two weeks "
        "of weigh-ins.",
    )
    version: int


class TargetsChange(BaseModel):
    version: int
    reason: str
    age: int
    energy_adjustment_kcal: float
    targets: DayTargets


class WeightPoint(BaseModel):
    day: date
    weight_kg: float
    trend_kg: float = Field(description="The exponentially smoothed weight.")


class DayPublic(BaseModel):
    day: date
    kind: DayKindName
    set_by_hand: bool
    reasons: list[str] = Field(description="The training that marked the day.")


class MealPlanSummary(BaseModel):
    plan_id: UUID
    week_start: date
    status: PlanStatus
    reason: str | None
    version: int


class SwapStatus(BaseModel):
    swap_id: UUID
    status: Literal["requested", "swapped", "failed"]
    reason: str | None


class MealPlanPublic(MealPlanSummary):
    week: MealPlanWeek | None = Field(description="Once ready.")
    swap: SwapStatus | None = Field(description="The latest swap asked for, if any.")


class ShoppingAisle(BaseModel):
    aisle: str
    items: list[ShoppingItem]


class ShoppingList(BaseModel):
    plan_id: UUID
    week_start: date
    aisles: list[ShoppingAisle]


class RecipePublic(BaseModel):
    recipe_id: str
    kind: Literal["catalog", "own", "analysis"]
    status: Literal["submitted", "analysed", "failed", "published"]
    name: str | None
    meal_types: list[str]
    cuisine: str | None
    diet: str | None
    allergens: list[str]
    servings: float
    kcal: float | None = Field(description="Per serving.")
    protein_g: float | None
    carbohydrate_g: float | None
    fat_g: float | None
    fibre_g: float | None
    ingredients: list[dict[str, Any]]
    analysis: RecipeAnalysis | None = Field(description="The athlete's recipes: the analysis.")
    reason: str | None = Field(description="Why analysis failed.")
    version: int


class RecipeHit(BaseModel):
    recipe_id: str
    name: str
    kind: Literal["catalog", "own"]
    meal_types: list[str]
    cuisine: str | None
    diet: str | None
    allergens: list[str]
    kcal: float
    protein_g: float
    score: float = Field(description="Similarity to the query, 0 to 1.")


class RecipeSearch(BaseModel):
    query: str
    understood: dict[str, Any] = Field(description="The filters read from the query's words.")
    hits: list[RecipeHit]


class CoachMessagePublic(BaseModel):
    message_id: UUID
    position: int
    text: str
    status: Literal["pending", "answered", "failed"]
    answer: CoachAnswer | None
    reason: str | None


class CoachMessagePage(BaseModel):
    messages: list[CoachMessagePublic] = Field(description="Newest first.")
    next_before: int | None = Field(description="Pass as `before` for the older page.")
