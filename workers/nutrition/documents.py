"""The engine's results as JSON documents: a plan both ways, a recipe analysis one way.

A plan document carries everything a later swap needs in another process: the request (targets,
slots, diet, allergens, excluded and liked foods, cuisines, seed), each meal's recipe id and
servings, and the swap memory (recipes swapped out, which must not come back). Recipe names,
nutrition, day totals and `within_tolerance` are there for readers; rebuilding takes them from
the catalog again, which is the source of truth."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from contracts.nutrition.diets import Diet
from contracts.nutrition.targets import Targets
from workers.nutrition.catalog import Catalog, Nutrition, Recipe
from workers.nutrition.errors import Document, PlanDocumentError, validated
from workers.nutrition.ingredients import RecipeAnalysis
from workers.nutrition.limits import MAX_SERVINGS, MIN_SERVINGS
from workers.nutrition.planner import (
    DAYS,
    Day,
    Meal,
    Plan,
    Request,
    check_request,
    within_tolerance,
)


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

    @field_validator("slots")
    @classmethod
    def _each_slot_once(cls, slots: list[str]) -> list[str]:
        if len(set(slots)) != len(slots):
            raise ValueError(f"a slot is listed twice: {', '.join(slots)}")
        return slots


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
        ),
        days=[_day_document(day) for day in plan.days],
        swapped_out=[
            SwappedOut(day=day, slot=slot, recipe=recipe)
            for day, slot, recipe in sorted(plan.swapped_out)
        ],
    ).model_dump(mode="json")


def _day_document(day: Day) -> DayDocument:
    meals = [
        MealDocument(
            slot=meal.slot,
            recipe=meal.recipe.id,
            name=meal.recipe.name,
            servings=meal.servings,
            nutrition=_nutrition(meal.nutrition),
        )
        for meal in day.meals
    ]
    return DayDocument(
        meals=meals, totals=_nutrition(day.totals), within_tolerance=within_tolerance(day)
    )


def _nutrition(nutrition: Nutrition) -> NutritionDocument:
    return NutritionDocument(**asdict(nutrition))


def plan_from_document(document: Document, catalog: Catalog) -> Plan:
    """Rebuild a plan from `plan_document`'s output (or its JSON text) with the catalog it was
    planned on. Raises `PlanDocumentError` for a malformed document or one that names recipes
    the catalog does not have, and `UnknownPreferenceError` for preference ids it does not
    know."""
    parsed = validated(PlanDocument, document, PlanDocumentError)
    wanted = parsed.request
    request = Request(
        targets=wanted.targets,
        slots=wanted.slots,
        diet=wanted.diet,
        allergens=frozenset(wanted.allergens),
        excluded_foods=frozenset(wanted.excluded_foods),
        liked_foods=frozenset(wanted.liked_foods),
        cuisines=frozenset(wanted.cuisines),
        seed=wanted.seed,
    )
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
    if recipe is None or recipe.slot != meal.slot:
        raise PlanDocumentError(f"day {day}: the catalog has no {meal.slot} recipe {meal.recipe!r}")
    return Meal(slot=meal.slot, recipe=recipe, servings=meal.servings)


class LineDocument(_Strict):
    text: str
    food: str = Field(description="The food's id in the catalog.")
    food_name: str
    grams: float
    nutrition: NutritionDocument


class UnmatchedDocument(_Strict):
    text: str
    reason: str = Field(description="Why the line was not weighed: never a guess.")


class AnalysisDocument(_Strict):
    servings: float
    lines: list[LineDocument]
    unmatched: list[UnmatchedDocument]
    total: NutritionDocument
    per_serving: NutritionDocument


def analysis_document(analysis: RecipeAnalysis, catalog: Catalog) -> dict[str, Any]:
    """A recipe analysis as a JSON-able document (`AnalysisDocument`)."""
    return AnalysisDocument(
        servings=analysis.servings,
        lines=[
            LineDocument(
                text=line.text,
                food=line.food_id,
                food_name=catalog.foods[line.food_id].name,
                grams=line.grams,
                nutrition=_nutrition(line.nutrition),
            )
            for line in analysis.lines
        ],
        unmatched=[UnmatchedDocument(text=u.text, reason=u.reason) for u in analysis.unmatched],
        total=_nutrition(analysis.total),
        per_serving=_nutrition(analysis.per_serving),
    ).model_dump(mode="json")
