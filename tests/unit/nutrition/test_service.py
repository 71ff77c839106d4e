"""The face a worker calls: JSON documents in, JSON-able documents out, and every refusal of a
request under one error class, apart from bugs."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from tests.unit.nutrition.fixture_catalog import catalog
from tests.unit.nutrition.test_requests import PERSON, readme_example
from workers.nutrition import (
    CatalogError,
    InfeasiblePlanError,
    InfeasibleTargetError,
    NutritionInputError,
    PlanDocumentError,
    ProfileDocumentError,
    UnknownMealError,
    UnknownPreferenceError,
    analyse_recipe,
    plan_week,
    swap_meal,
    targets_for,
)

CATALOG = catalog()


def test_targets_for_gives_seven_json_days_monday_first() -> None:
    days = targets_for(json.dumps(PERSON | {"long_run_days": ["sun"]}))
    assert len(days) == 7
    assert json.loads(json.dumps(days)) == days
    assert days[6]["carbohydrate_g"] > days[0]["carbohydrate_g"]


def test_the_readme_example_plans_a_week_on_the_shipped_catalog() -> None:
    document = plan_week(json.loads(readme_example()))
    assert len(document["days"]) == 7
    assert all(day["within_tolerance"] for day in document["days"])
    assert json.loads(json.dumps(document)) == document


def test_a_plan_and_a_swap_travel_as_json_text() -> None:
    profile = PERSON | {"diet": "vegetarian", "long_run_days": [5]}
    planned = json.dumps(plan_week(profile, seed=2, catalog=CATALOG))
    assert json.loads(planned) == plan_week(json.dumps(profile), seed=2, catalog=CATALOG)

    swapped = swap_meal(planned, 3, "dinner", catalog=CATALOG)

    before, after = (json.loads(planned)["days"][3], swapped["days"][3])
    assert after["meals"][2]["recipe"] != before["meals"][2]["recipe"]
    assert after["within_tolerance"]
    assert swapped["swapped_out"] == [
        {"day": 3, "slot": "dinner", "recipe": before["meals"][2]["recipe"]}
    ]


def test_analyse_recipe_weighs_lines_and_lists_the_rest_with_a_reason() -> None:
    document = analyse_recipe("2 cups rolled oats\n1 large egg\nsalt to taste", servings=2)
    assert [line["food"] for line in document["lines"]] == ["oats", "egg"]
    assert document["unmatched"] == [
        {"text": "salt to taste", "reason": "too little to count (a pinch, a dash or 'to taste')"}
    ]
    assert document["per_serving"]["kcal"] == pytest.approx(document["total"]["kcal"] / 2)


def plan_then_swap_day_7() -> None:
    swap_meal(plan_week(PERSON, catalog=CATALOG), 7, "dinner", catalog=CATALOG)


UNSAFE = {"weight_kg": 48, "goal": "lose", "rate_kg_per_week": 0.5}


@pytest.mark.parametrize(
    ("request_it", "error"),
    [
        (lambda: plan_week(PERSON | {"age": 12}, catalog=CATALOG), ProfileDocumentError),
        (lambda: targets_for(PERSON | UNSAFE), InfeasibleTargetError),
        (lambda: plan_week(PERSON | {"allergens": ["celery"]}, catalog=CATALOG),
         UnknownPreferenceError),
        (lambda: plan_week(PERSON | {"diet": "vegan", "allergens": ["soy", "gluten"]},
                           catalog=CATALOG), InfeasiblePlanError),
        (plan_then_swap_day_7, UnknownMealError),
        (lambda: swap_meal({"days": []}, 0, "dinner", catalog=CATALOG), PlanDocumentError),
        (lambda: analyse_recipe("1 egg", servings=0), NutritionInputError),
    ],
    ids=["malformed profile", "unsafe weight loss", "unknown allergen", "no plan possible",
         "no such meal", "malformed plan", "no servings"],
)  # fmt: skip
def test_every_refusal_of_a_request_is_a_nutrition_input_error(
    request_it: Callable[[], object], error: type[Exception]
) -> None:
    with pytest.raises(error) as refused:
        request_it()
    assert isinstance(refused.value, NutritionInputError)


def test_a_broken_catalog_is_a_fault_of_the_data_not_of_the_request() -> None:
    assert not issubclass(CatalogError, NutritionInputError)
