"""A plan survives the trip to JSON and back, swap memory included, so a swap can run in another
process; a document that does not fit the catalog is refused."""

from __future__ import annotations

import json
from typing import Any

import pytest

from contracts.nutrition.diets import Diet
from tests.unit.nutrition.fixture_catalog import catalog
from tests.unit.nutrition.test_planner import PERSON, week
from workers.nutrition import (
    PlanDocumentError,
    UnknownPreferenceError,
    plan_document,
    plan_from_document,
)
from workers.nutrition.analysis_document import analysis_document
from workers.nutrition.ingredients import analyse
from workers.nutrition.planner import Plan, Request, plan_week, swap_meal

CATALOG = catalog()
REQUEST = Request(
    targets=week(PERSON, long_run_day=5),
    diet=Diet.VEGETARIAN,
    allergens=frozenset({"nuts"}),
    excluded_foods=frozenset({"potato"}),
    liked_foods=frozenset({"banana"}),
    cuisines=frozenset({"nordic"}),
    seed=11,
)


@pytest.fixture(scope="module")
def plan() -> Plan:
    return plan_week(CATALOG, REQUEST)


def through_json(plan: Plan) -> Plan:
    """What another process rebuilds from the plan's JSON text."""
    return plan_from_document(json.dumps(plan_document(plan)), CATALOG)


def test_a_plan_rebuilt_from_its_json_text_equals_the_original(plan: Plan) -> None:
    rebuilt = through_json(plan)
    assert rebuilt == plan
    assert rebuilt.request == REQUEST


def test_a_swap_on_the_rebuilt_plan_gives_the_same_result_as_on_the_original(plan: Plan) -> None:
    here = swap_meal(CATALOG, plan, day=2, slot="lunch")
    there = swap_meal(CATALOG, through_json(plan), day=2, slot="lunch")
    assert there == here
    assert through_json(there) == here


def test_swapping_through_json_never_brings_back_a_swapped_out_recipe(plan: Plan) -> None:
    seen = [plan.days[4].meals[2].recipe.id]
    for _ in range(3):
        plan = swap_meal(CATALOG, through_json(plan), day=4, slot="dinner")
        assert plan.days[4].meals[2].recipe.id not in seen
        seen.append(plan.days[4].meals[2].recipe.id)
    assert {(4, "dinner", recipe) for recipe in seen[:-1]} == plan.swapped_out


def test_the_document_names_each_meal_and_totals_each_day_for_readers(plan: Plan) -> None:
    document = plan_document(plan)
    first = document["days"][0]
    assert [meal["slot"] for meal in first["meals"]] == list(REQUEST.slots)
    meal = plan.days[0].meals[0]
    assert first["meals"][0]["name"] == meal.recipe.name
    assert first["meals"][0]["nutrition"]["kcal"] == meal.nutrition.kcal
    assert first["totals"]["protein"] == plan.days[0].totals.protein
    assert all(day["within_tolerance"] for day in document["days"])
    assert document["request"]["targets"][5]["carbohydrate_g"] == REQUEST.targets[5].carbohydrate_g


def broken(plan: Plan, change: str) -> dict[str, Any]:
    document = plan_document(plan)
    if change == "unknown recipe":
        document["days"][3]["meals"][1]["recipe"] = "dragon-stew"
    elif change == "recipe in another slot":
        document["days"][3]["meals"][1]["recipe"] = "breakfast-0"
    elif change == "meals out of order":
        document["days"][3]["meals"].reverse()
    elif change == "six days":
        document["days"].pop()
    elif change == "too many servings":
        document["days"][0]["meals"][0]["servings"] = 3.0
    elif change == "later version":
        document["version"] = 2
    elif change == "unknown field":
        document["owner"] = "someone"
    elif change == "swap memory of another slot":
        document["swapped_out"] = [{"day": 1, "slot": "brunch", "recipe": "lunch-1"}]
    return document


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("unknown recipe", "day 3: the catalog has no lunch recipe 'dragon-stew'"),
        ("recipe in another slot", "day 3: the catalog has no lunch recipe 'breakfast-0'"),
        ("meals out of order", "day 3: one meal per slot, in order: breakfast, lunch"),
        ("six days", "days: List should have at least 7 items"),
        ("too many servings", "days.0.meals.0.servings: Input should be less than or equal"),
        ("later version", "version: Input should be 1"),
        ("unknown field", "owner: Extra inputs are not permitted"),
        ("swap memory of another slot", "swapped_out: no slot 'brunch'"),
    ],
)
def test_a_plan_document_that_does_not_fit_is_refused_with_the_reason(
    plan: Plan, change: str, message: str
) -> None:
    with pytest.raises(PlanDocumentError, match=message):
        plan_from_document(broken(plan, change), CATALOG)


def test_a_plan_document_with_a_food_the_catalog_does_not_know_is_refused(plan: Plan) -> None:
    document = plan_document(plan)
    document["request"]["excluded_foods"] = ["unicorn"]
    with pytest.raises(UnknownPreferenceError, match="unicorn"):
        plan_from_document(document, CATALOG)


def test_a_recipe_analysis_is_a_json_document() -> None:
    analysis = analyse("2 cups rolled oats\n3 dragon fruits", CATALOG.foods, servings=2)
    document = json.loads(json.dumps(analysis_document(analysis, CATALOG)))
    [line] = document["lines"]
    assert (line["food"], line["food_name"]) == ("oats", "oats")
    assert line["grams"] == analysis.lines[0].grams
    assert document["unmatched"][0]["text"] == "3 dragon fruits"
    assert document["per_serving"]["kcal"] == pytest.approx(document["total"]["kcal"] / 2)
