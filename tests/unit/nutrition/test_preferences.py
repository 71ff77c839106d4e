"""Everyday words for allergies, foods and cuisines become exactly what the planner filters on,
and a word that names nothing is refused."""

from __future__ import annotations

import pytest

from workers.nutrition.catalog import default_catalog
from workers.nutrition.preferences import UnknownPreferenceError, allergens, cuisines, foods

CATALOG = default_catalog()


def test_allergy_words_people_use_map_to_the_nine_allergens() -> None:
    assert allergens(["Milk", "tree nuts", "wheat", "eggs", "soya", "crustaceans"]) == {
        "dairy", "nuts", "gluten", "egg", "soy", "shellfish",
    }  # fmt: skip
    assert allergens(["sesame", "peanuts", "fish"]) == {"sesame", "peanuts", "fish"}
    assert allergens(["seafood"]) == {"fish", "shellfish"}
    assert allergens(["coeliac", "prawns", "walnuts", "whey"]) == {
        "gluten", "shellfish", "nuts", "dairy",
    }  # fmt: skip


def test_an_unknown_allergen_is_refused_with_the_accepted_ones() -> None:
    with pytest.raises(UnknownPreferenceError, match="use one of dairy, egg, fish, gluten"):
        allergens(["celery"])


def test_a_food_word_picks_every_food_it_names() -> None:
    salmon = foods(["salmon"], CATALOG.foods)
    assert {"salmon_raw", "salmon_farmed_cooked", "salmon_wild_cooked"} <= salmon
    assert "sockeye_salmon_raw" in salmon
    assert foods(["peanut butter"], CATALOG.foods) == {"peanut_butter", "peanut_butter_chunky"}
    assert "butter" not in foods(["peanut butter"], CATALOG.foods)
    assert foods(["aubergine"], CATALOG.foods) == {"eggplant"}
    chicken = foods(["chicken"], CATALOG.foods)
    assert {"chicken_breast_raw", "chicken_thigh_raw", "chicken_wing_roasted"} <= chicken


def test_a_food_named_after_another_food_is_not_a_kind_of_it() -> None:
    assert foods(["butter"], CATALOG.foods) == {"butter", "butter_unsalted"}
    milk = foods(["milk"], CATALOG.foods)
    assert {"milk_whole", "milk_skim", "milk_2_percent"} <= milk
    assert "almond_milk" not in milk
    assert "eggplant" not in foods(["egg"], CATALOG.foods)


def test_group_words_pick_by_tag() -> None:
    nuts = foods(["nuts"], CATALOG.foods)
    assert {"walnuts", "almonds", "pecans", "cashews", "almond_milk"} <= nuts
    assert all("nuts" in CATALOG.foods[i].allergens for i in nuts)
    meat = foods(["meat"], CATALOG.foods)
    assert "bacon_raw" in meat
    assert "coconut_meat" not in meat
    assert "shrimp_cooked" in foods(["seafood"], CATALOG.foods)


def test_an_unknown_food_is_refused() -> None:
    with pytest.raises(UnknownPreferenceError, match="dragon fruit"):
        foods(["dragon fruit"], CATALOG.foods)


def test_cuisines_ignore_case_and_spacing() -> None:
    assert cuisines(["Italian", "Middle Eastern", "east-asian"], CATALOG) == {
        "italian", "middle_eastern", "east_asian",
    }  # fmt: skip
    with pytest.raises(UnknownPreferenceError, match="italian"):
        cuisines(["martian"], CATALOG)
