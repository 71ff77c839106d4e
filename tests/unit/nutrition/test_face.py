"""The face the nutrition worker calls with data from events: a week plan from targets, slots,
words and own recipes; swaps that keep own recipes; the week's shopping list; a recipe analysis
an own recipe can be saved from; the catalog as documents."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.unit.nutrition.test_requests import PERSON
from workers.nutrition import (
    MealPlanInput,
    OwnRecipeError,
    PlanInputError,
    UnknownPreferenceError,
    analyse_recipe,
    catalog_recipes,
    plan_for,
    shopping_list,
    slots_for,
    swap_meal,
    targets_for,
)

TARGETS = targets_for(PERSON)
SMOOTHIE: dict[str, Any] = {
    "recipe_id": "u1-smoothie",
    "name": "My green smoothie",
    "slots": ["breakfast", "snack"],
    "servings": 2,
    "ingredients": [
        {"food_id": "banana", "grams": 240},
        {"food_id": "spinach", "grams": 60},
        {"food_id": "greek_yogurt_nonfat", "grams": 340},
        {"food_id": "oats", "grams": 80},
    ],
}


def request(**changes: Any) -> dict[str, Any]:
    return {"targets": TARGETS, "slots": slots_for(4), "seed": 1} | changes


@pytest.mark.parametrize(
    ("count", "slots"),
    [(2, ["lunch", "dinner"]), (3, ["breakfast", "lunch", "dinner"]),
     (4, ["breakfast", "lunch", "dinner", "snack"]),
     (6, ["breakfast", "lunch", "dinner", "snack", "snack_2", "snack_3"])],
)  # fmt: skip
def test_meals_per_day_map_to_slot_names(count: int, slots: list[str]) -> None:
    assert slots_for(count) == slots


def test_slots_for_refuses_a_count_outside_two_to_six() -> None:
    with pytest.raises(ValueError, match="2-6"):
        slots_for(7)


def test_plan_for_plans_a_week_and_lists_the_words_it_did_not_understand() -> None:
    document = plan_for(request(dislikes=["tofu", "xyzzy"], likes=["banana"], diet="Vegan"))
    assert json.loads(json.dumps(document)) == document
    assert all(day["within_tolerance"] for day in document["days"])
    assert document["request"]["diet"] == "vegan"
    assert "tofu" in document["request"]["excluded_foods"]
    assert [gone["word"] for gone in document["unrecognised"]] == ["xyzzy"]


def test_plan_for_takes_a_model_as_well_as_a_document() -> None:
    assert plan_for(MealPlanInput.model_validate(request())) == plan_for(request())


def test_five_meals_a_day_plan_two_different_snacks() -> None:
    document = plan_for(request(slots=slots_for(5)))
    for day in document["days"]:
        snacks = [meal["recipe"] for meal in day["meals"] if meal["slot"].startswith("snack")]
        assert len(snacks) == len(set(snacks)) == 2


def test_own_recipes_are_planned_and_survive_a_swap_elsewhere() -> None:
    document = plan_for(request(own_recipes=[SMOOTHIE]))
    planned = [(d, m["slot"]) for d, day in enumerate(document["days"]) for m in day["meals"]
               if m["recipe"] == "u1-smoothie"]  # fmt: skip
    assert planned, "an own recipe is preferred"
    day, slot = planned[0]
    other = "dinner"
    swapped = swap_meal(document, day, other, own_recipes=[SMOOTHIE])
    assert swapped["days"][day]["within_tolerance"]
    assert any(m["recipe"] == "u1-smoothie" for m in swapped["days"][day]["meals"])
    away = swap_meal(document, day, slot)
    meals = away["days"][day]["meals"]
    assert all(m["recipe"] != "u1-smoothie" or m["slot"] != slot for m in meals)


def test_an_own_recipe_with_an_unknown_food_is_refused() -> None:
    broken = SMOOTHIE | {"ingredients": [{"food_id": "dragon", "grams": 100}]}
    with pytest.raises(OwnRecipeError, match="dragon"):
        plan_for(request(own_recipes=[broken]))


@pytest.mark.parametrize(
    "changes",
    [{"slots": ["brunch"]}, {"targets": TARGETS[:3]}, {"dislikes": "pork"}, {"diet": "keto"}],
    ids=["unknown slot", "three days", "a string for a list", "unknown diet"],
)
def test_a_malformed_plan_request_is_refused_with_what_is_wrong(changes: dict[str, Any]) -> None:
    with pytest.raises(PlanInputError):
        plan_for(request(**changes))


def test_an_unknown_allergen_still_refuses_the_plan() -> None:
    with pytest.raises(UnknownPreferenceError, match="celery"):
        plan_for(request(allergens=["celery"]))


def test_the_shopping_list_adds_up_every_meal_by_aisle() -> None:
    document = plan_for(request(own_recipes=[SMOOTHIE]))
    groceries = shopping_list(document)
    items = {item["food_id"]: item for aisle in groceries["aisles"] for item in aisle["items"]}
    expected: dict[str, float] = {}
    recipes = {r["id"]: r for r in catalog_recipes()}
    own = {i["food_id"]: i["grams"] / 2 for i in SMOOTHIE["ingredients"]}
    for day in document["days"]:
        for meal in day["meals"]:
            grams = (
                own if meal["recipe"] == "u1-smoothie"
                else {i["food_id"]: i["grams"] for i in recipes[meal["recipe"]]["ingredients"]}
            )  # fmt: skip
            for food_id, amount in grams.items():
                expected[food_id] = expected.get(food_id, 0) + amount * meal["servings"]
    assert {food: item["grams"] for food, item in items.items()} == pytest.approx(expected, abs=0.1)
    assert all(item["aisle"] == aisle["aisle"] for aisle in groceries["aisles"]
               for item in aisle["items"])  # fmt: skip
    assert json.loads(json.dumps(groceries)) == groceries


def test_household_amounts_count_pieces_measure_liquids_and_weigh_the_rest() -> None:
    from workers.nutrition.service import shipped_catalog
    from workers.nutrition.shopping import household_amount

    foods = shipped_catalog().foods
    assert household_amount(foods["egg"], 300) == "6 pieces (about 300 g)"
    assert household_amount(foods["milk_whole"], 1031 * 0.4732) == "2 cups"
    assert household_amount(foods["olive_oil"], 27) == "2 tbsp"
    assert household_amount(foods["cumin"], 2) == "1 tsp"
    assert household_amount(foods["chicken_breast_raw"], 452) == "450 g"


def test_a_recipe_analysis_can_be_saved_as_an_own_recipe() -> None:
    document = analyse_recipe("2 cups rolled oats\n1 large egg\n1 cup whole milk", servings=2)
    assert document["ingredients"] == [
        {"food_id": line["food"], "grams": line["grams"]} for line in document["lines"]
    ]
    assert (document["diet"], document["allergens"]) == ("vegetarian", ["dairy", "egg", "gluten"])
    own = SMOOTHIE | {"ingredients": document["ingredients"]}
    assert plan_for(request(own_recipes=[own]))["request"]["own_recipes"][0]["recipe_id"]


def test_the_catalog_lists_every_recipe_with_nutrition_and_tags() -> None:
    recipes = catalog_recipes()
    assert len(recipes) == len({r["id"] for r in recipes}) > 200
    first = recipes[0]
    assert set(first) >= {"id", "name", "slots", "cuisine", "diet", "allergens", "tags",
                          "ingredients", "per_serving"}  # fmt: skip
    assert set(first["per_serving"]) == {"kcal", "protein", "carbohydrate", "fat", "fibre"}
    assert first["ingredients"][0].keys() == {"food_id", "name", "grams"}
    assert json.loads(json.dumps(recipes)) == recipes
