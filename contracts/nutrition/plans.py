"""Meal plans: a week of meals for the athlete's targets, made by the planner worker, and a
meal swapped for another with its day re-balanced. The plan as the worker made it travels in
events (`MealPlanGenerated`, `MealSwapped`), with the week's shopping list."""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from contracts.commands import Command, CommandAccepted
from contracts.nutrition.days import DayKindName
from contracts.nutrition.diets import Diet
from contracts.nutrition.targets import Targets
from contracts.personal import Personal, PersonalText
from contracts.types import Count, Day, PlainText, Quantity, Version, WeekStart

DAYS = 7
MAX_SLOTS = 6
SlotName = Annotated[str, PlainText(max_length=20)]
Reason = Annotated[str, PlainText(max_length=500)]
Grams = Annotated[float, Quantity(ge=0, le=100_000)]
Energy = Annotated[float, Quantity(ge=0, le=100_000)]


def slots_for(count: int) -> list[str]:
    """The meals of a day for `meal_slots` (2-6)."""
    return {
        2: ["lunch", "dinner"],
        3: ["breakfast", "lunch", "dinner"],
        4: ["breakfast", "lunch", "dinner", "snack"],
        5: ["breakfast", "snack", "lunch", "dinner", "snack_2"],
        6: ["breakfast", "snack", "lunch", "snack_2", "dinner", "snack_3"],
    }[count]


class MealPlanBody(BaseModel):
    """Body of `POST /nutrition/meal-plans`."""

    model_config = ConfigDict(extra="forbid")

    week_start: WeekStart = Field(
        description="The plan's first day; it covers seven days from it (the last by 2199-12-31)."
    )


class RequestMealPlan(Command[CommandAccepted], MealPlanBody):
    """Plan a week of meals for the athlete's current targets, preferences and training days."""

    plan_id: UUID
    athlete_id: UUID


class Nutrients(BaseModel):
    kcal: Energy
    protein_g: Grams
    carbohydrate_g: Grams
    fat_g: Grams
    fibre_g: Grams


class Ingredient(BaseModel):
    food_id: Annotated[str, PlainText(max_length=80)]
    grams: Annotated[float, Quantity(gt=0, le=10_000)]


class OwnRecipe(BaseModel):
    """One of the athlete's saved (analysed) recipes, which their plans may use."""

    recipe_id: UUID
    name: Annotated[str, PlainText(max_length=120), Personal()]
    slots: list[SlotName] = Field(min_length=1, max_length=MAX_SLOTS)
    servings: Annotated[float, Quantity(gt=0, le=50)]
    ingredients: list[Ingredient] = Field(min_length=1, max_length=60)


class PlanDayRequest(BaseModel):
    date: Day
    kind: DayKindName
    reason: str = Field(default="", description="Why the day is of its kind.")
    targets: Targets


class PlanRequest(BaseModel):
    """What the planner is asked: the targets of each day and the athlete's preferences."""

    days: list[PlanDayRequest] = Field(min_length=DAYS, max_length=DAYS)
    slots: list[SlotName] = Field(min_length=2, max_length=MAX_SLOTS)
    diet: Diet
    allergies: list[PersonalText]
    dislikes: list[PersonalText]
    likes: list[PersonalText]
    cuisines: list[PersonalText]
    own_recipes: list[OwnRecipe] = Field(default_factory=list, max_length=200)
    seed: Annotated[int, Count()]


class PlannedMeal(BaseModel):
    slot: SlotName
    recipe_id: Annotated[str, PlainText(max_length=80)] = Field(
        description="A catalog recipe's id, or the UUID of one of the athlete's own recipes."
    )
    name: Annotated[str, PlainText(max_length=160), Personal()]  # an own recipe's is theirs
    servings: Annotated[float, Quantity(gt=0, le=20)]
    nutrition: Nutrients


class PlannedDay(BaseModel):
    date: Day
    kind: DayKindName
    targets: Targets
    meals: list[PlannedMeal] = Field(min_length=1, max_length=MAX_SLOTS)
    totals: Nutrients
    within_tolerance: bool


class ShoppingItem(BaseModel):
    food_id: Annotated[str, PlainText(max_length=80)]
    name: Annotated[str, PlainText(max_length=160)]
    grams: Grams
    amount: Annotated[str, PlainText(max_length=80)] = Field(
        description="In household units: '6 eggs', '2 1/2 cups', '450 g'."
    )
    aisle: Annotated[str, PlainText(max_length=40)]


class UnrecognisedWord(BaseModel):
    word: Annotated[str, PlainText(max_length=60), Personal()]
    reason: Annotated[Reason, Personal()]  # it quotes the word


class SwappedMeal(BaseModel):
    date: Day
    slot: SlotName
    recipe_id: Annotated[str, PlainText(max_length=80)]


class MealPlanWeek(BaseModel):
    """A week of meals as the planner made it."""

    days: list[PlannedDay] = Field(min_length=DAYS, max_length=DAYS)
    shopping_list: list[ShoppingItem] = Field(max_length=2000)
    unrecognised: list[UnrecognisedWord] = Field(
        default_factory=list, max_length=60, description="Preference words the planner ignored."
    )
    swapped_out: list[SwappedMeal] = Field(
        default_factory=list, max_length=1000, description="Never served again in this plan."
    )


class StartMealPlanning(Command[CommandAccepted]):
    """The planner worker took the request."""

    plan_id: UUID


class CompleteMealPlan(Command[CommandAccepted]):
    plan_id: UUID
    week: MealPlanWeek


class FailMealPlan(Command[CommandAccepted]):
    """The planner could not meet the request; `reason` says what to change."""

    plan_id: UUID
    reason: Reason


class MealSwapBody(BaseModel):
    """Body of `POST /nutrition/meal-plans/{plan_id}/swaps`."""

    model_config = ConfigDict(extra="forbid")

    date: Day
    slot: SlotName
    expected_version: Version


class SwapMeal(Command[CommandAccepted], MealSwapBody):
    """Replace one meal with another recipe and re-balance its day."""

    plan_id: UUID
    athlete_id: UUID
    swap_id: UUID


class CompleteMealSwap(Command[CommandAccepted]):
    plan_id: UUID
    swap_id: UUID
    week: MealPlanWeek


class FailMealSwap(Command[CommandAccepted]):
    plan_id: UUID
    swap_id: UUID
    reason: Reason


PlanStatus = Literal["requested", "planning", "ready", "failed"]
