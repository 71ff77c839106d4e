"""Between the nutrition context's contracts and the engine's documents: a plan request as the
engine's input, the engine's plan document (with its shopping list) as a `MealPlanWeek`, and a
week back into the plan document a swap starts from."""

from __future__ import annotations

from typing import Any

from contracts.nutrition.plans import (
    MealPlanWeek,
    Nutrients,
    PlannedDay,
    PlannedMeal,
    PlanRequest,
    ShoppingItem,
    SwappedMeal,
    UnrecognisedWord,
)
from workers.nutrition.plan_input import MealPlanInput, request_from
from workers.nutrition.service import shipped_catalog, shopping_list


def engine_input(request: PlanRequest) -> MealPlanInput:
    return MealPlanInput.model_validate({
        "targets": [day.targets.model_dump() for day in request.days],
        "slots": request.slots, "diet": request.diet, "allergens": request.allergies,
        "dislikes": request.dislikes, "likes": request.likes, "cuisines": request.cuisines,
        "own_recipes": [{**own.model_dump(mode="json"), "recipe_id": str(own.recipe_id)}
                        for own in request.own_recipes],
        "seed": request.seed,
    })  # fmt: skip


def nutrients(document: dict[str, float]) -> Nutrients:
    return Nutrients(kcal=document["kcal"], protein_g=document["protein"],
                     carbohydrate_g=document["carbohydrate"], fat_g=document["fat"],
                     fibre_g=document["fibre"])  # fmt: skip


def _engine_nutrients(amounts: Nutrients) -> dict[str, float]:
    return {"kcal": amounts.kcal, "protein": amounts.protein_g,
            "carbohydrate": amounts.carbohydrate_g, "fat": amounts.fat_g,
            "fibre": amounts.fibre_g}  # fmt: skip


def to_week(document: dict[str, Any], request: PlanRequest) -> MealPlanWeek:
    """The engine's plan document as the week the events carry, with its shopping list."""
    days = [
        PlannedDay(
            date=asked.date, kind=asked.kind, targets=asked.targets,
            meals=[PlannedMeal(slot=meal["slot"], recipe_id=meal["recipe"], name=meal["name"],
                               servings=meal["servings"], nutrition=nutrients(meal["nutrition"]))
                   for meal in day["meals"]],
            totals=nutrients(day["totals"]), within_tolerance=day["within_tolerance"],
        )
        for asked, day in zip(request.days, document["days"], strict=True)
    ]  # fmt: skip
    groceries = shopping_list(document)
    return MealPlanWeek(
        days=days,
        shopping_list=[ShoppingItem(**item) for aisle in groceries["aisles"]
                       for item in aisle["items"]],
        unrecognised=[UnrecognisedWord(**word) for word in document.get("unrecognised", [])],
        swapped_out=[SwappedMeal(date=request.days[gone["day"]].date, slot=gone["slot"],
                                 recipe_id=gone["recipe"])
                     for gone in document["swapped_out"]],
    )  # fmt: skip


def to_document(request: PlanRequest, week: MealPlanWeek) -> dict[str, Any]:
    """The engine's plan document for a week as it stands (what a swap starts from)."""
    asked = request_from(engine_input(request), shipped_catalog())
    index = {day.date: number for number, day in enumerate(request.days)}
    return {
        "version": 1,
        "request": {
            "targets": [targets.model_dump() for targets in asked.targets],
            "slots": list(asked.slots), "diet": asked.diet.value,
            "allergens": sorted(asked.allergens), "excluded_foods": sorted(asked.excluded_foods),
            "liked_foods": sorted(asked.liked_foods), "cuisines": sorted(asked.cuisines),
            "seed": asked.seed,
            "own_recipes": [own.model_dump(mode="json") for own in asked.own_recipes],
        },
        "days": [
            {"meals": [{"slot": meal.slot, "recipe": meal.recipe_id, "name": meal.name,
                        "servings": meal.servings, "nutrition": _engine_nutrients(meal.nutrition)}
                       for meal in day.meals],
             "totals": _engine_nutrients(day.totals), "within_tolerance": day.within_tolerance}
            for day in week.days
        ],
        "swapped_out": [{"day": index[gone.date], "slot": gone.slot, "recipe": gone.recipe_id}
                        for gone in week.swapped_out],
        "unrecognised": [word.model_dump() for word in week.unrecognised],
    }  # fmt: skip
