"""The engine's plans as JSON documents, both ways.

A plan document carries everything a later swap needs in another process: the request (targets,
slots, diet, allergens, excluded and liked foods, cuisines, seed), each meal's recipe id and
servings, and the swap memory (recipes swapped out, which must not come back). Recipe names,
nutrition, day totals and `within_tolerance` are there for readers; rebuilding takes them from
the catalog again (and from the user's own recipes the document carries), which is the source of
truth."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from contracts.nutrition.diets import Diet
from contracts.nutrition.targets import Targets
from workers.nutrition.catalog import Catalog, Nutrition, Recipe
from workers.nutrition.errors import Document, PlanDocumentError, validated
from workers.nutrition.limits import MAX_SERVINGS, MIN_SERVINGS
from workers.nutrition.own_recipes import OwnRecipe, with_own_recipes
from workers.nutrition.planner import (
    DAYS,
    Day,
    Meal,
    Plan,
    Request,
    check_request,
    within_tolerance,
)
from workers.nutrition.slots import kind_of


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class NutritionDocument(_Strict):
    kcal: float
    protein: float
    carbohydrate: float
    fat: float
    fibre: float


class MealDocument(_Strict):
    slot: str
    recipe: str = Field(description="The recipe's id in the catalog.")
    name: str
    servings: float = Field(ge=MIN_SERVINGS, le=MAX_SERVINGS)
    nutrition: NutritionDocument


class DayDocument(_Strict):
    meals: list[MealDocument]
    totals: NutritionDocument
    within_tolerance: bool


class RequestDocument(_Strict):
    targets: list[Targets] = Field(min_length=DAYS, max_length=DAYS)
    slots: list[str] = Field(min_length=1)
    diet: Diet
    allergens: list[str]
    excluded_foods: list[str] = Field(description="Food ids.")
    liked_foods: list[str] = Field(description="Food ids.")
    cuisines: list[str]
    seed: int
    own_recipes: list[OwnRecipe] = Field(
        default=[], description="The user's recipes the plan could use, as they were given."
    )

    @field_validator("slots")
    @classmethod
    def _each_slot_once(cls, slots: list[str]) -> list[str]:
        if len(set(slots)) != len(slots):
            raise ValueError(f"a slot is listed twice: {', '.join(slots)}")
        return slots


class UnrecognisedWord(_Strict):
    word: str
    reason: str = Field(description="Why the word was left out of the plan.")


class SwappedOut(_Strict):
    day: int = Field(ge=0, lt=DAYS)
    slot: str
    recipe: str


class PlanDocument(_Strict):
    version: Literal[1] = 1
    request: RequestDocument
    days: list[DayDocument] = Field(min_length=DAYS, max_length=DAYS)
    swapped_out: list[SwappedOut] = Field(
        description="Meals swapped away: a later swap of that day and slot will not bring them "
        "back."
    )
    unrecognised: list[UnrecognisedWord] = Field(
        default=[], description="Preference words that named nothing Pacer knows: not planned on."
    )

    @model_validator(mode="after")
    def _meals_fill_the_slots(self) -> PlanDocument:
        slots = self.request.slots
        for index, day in enumerate(self.days):
            if [meal.slot for meal in day.meals] != slots:
                raise ValueError(f"day {index}: one meal per slot, in order: {', '.join(slots)}")
        for gone in self.swapped_out:
            if gone.slot not in slots:
                raise ValueError(f"swapped_out: no slot {gone.slot!r} in the request")
        return self


def plan_document(plan: Plan) -> dict[str, Any]:
    """The plan as a JSON-able document (`PlanDocument`)."""
    request = plan.request
    return PlanDocument(
        request=RequestDocument(
            targets=list(request.targets),
            slots=list(request.slots),
            diet=request.diet,
            allergens=sorted(request.allergens),
            excluded_foods=sorted(request.excluded_foods),
            liked_foods=sorted(request.liked_foods),
            cuisines=sorted(request.cuisines),
            seed=request.seed,
            own_recipes=list(request.own_recipes),
        ),
        days=[_day_document(day) for day in plan.days],
        swapped_out=[
            SwappedOut(day=day, slot=slot, recipe=recipe)
            for day, slot, recipe in sorted(plan.swapped_out)
        ],
        unrecognised=[
            UnrecognisedWord(word=word, reason=reason) for word, reason in request.unrecognised
        ],
    ).model_dump(mode="json")


def _day_document(day: Day) -> DayDocument:
    meals = [
        MealDocument(
            slot=meal.slot,
            recipe=meal.recipe.id,
            name=meal.recipe.name,
            servings=meal.servings,
            nutrition=nutrition_document(meal.nutrition),
        )
        for meal in day.meals
    ]
    return DayDocument(
        meals=meals, totals=nutrition_document(day.totals), within_tolerance=within_tolerance(day)
    )


def nutrition_document(nutrition: Nutrition) -> NutritionDocument:
    return NutritionDocument(**asdict(nutrition))


def plan_from_document(
    document: Document, catalog: Catalog, own_recipes: Sequence[OwnRecipe] | None = None
) -> Plan:
    """Rebuild a plan from `plan_document`'s output (or its JSON text) with the catalog it was
    planned on. `own_recipes`, when given, replace the user's recipes the document carries
    (those its meals use stay, so that it can be rebuilt). Raises `PlanDocumentError` for a
    malformed document or one that names recipes the catalog does not have, and
    `UnknownPreferenceError` for preference ids it does not know."""
    parsed = validated(PlanDocument, document, PlanDocumentError)
    wanted = parsed.request
    if own_recipes is not None:
        used = {meal.recipe for day in parsed.days for meal in day.meals}
        given = {own.recipe_id for own in own_recipes}
        kept = [own for own in wanted.own_recipes if own.recipe_id in used - given]
        wanted.own_recipes = [*own_recipes, *kept]
    request = Request(
        targets=wanted.targets,
        slots=wanted.slots,
        diet=wanted.diet,
        allergens=frozenset(wanted.allergens),
        excluded_foods=frozenset(wanted.excluded_foods),
        liked_foods=frozenset(wanted.liked_foods),
        cuisines=frozenset(wanted.cuisines),
        seed=wanted.seed,
        own_recipes=tuple(wanted.own_recipes),
        unrecognised=tuple((gone.word, gone.reason) for gone in parsed.unrecognised),
    )
    catalog = with_own_recipes(catalog, request.own_recipes)
    check_request(catalog, request)
    recipes = {recipe.id: recipe for recipe in catalog.recipes}
    days = []
    for index, day in enumerate(parsed.days):
        meals = tuple(_meal(meal, recipes, index) for meal in day.meals)
        days.append(Day(meals=meals, targets=request.targets[index]))
    swapped_out = frozenset((gone.day, gone.slot, gone.recipe) for gone in parsed.swapped_out)
    return Plan(days=tuple(days), request=request, swapped_out=swapped_out)


def _meal(meal: MealDocument, recipes: Mapping[str, Recipe], day: int) -> Meal:
    recipe = recipes.get(meal.recipe)
    if recipe is None or not recipe.serves(kind_of(meal.slot)):
        raise PlanDocumentError(f"day {day}: the catalog has no {meal.slot} recipe {meal.recipe!r}")
    return Meal(slot=meal.slot, recipe=recipe, servings=meal.servings)
