"""Everyday words for allergies, foods and cuisines become exactly what the planner filters on,
and a word that names nothing is refused."""

from __future__ import annotations

import pytest

from workers.nutrition.catalog import default_catalog
from workers.nutrition.preferences import (
    UnknownPreferenceError,
    allergens,
    cuisines,
    foods,
    resolve_foods,
)

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


def test_a_kind_of_food_is_every_food_of_that_kind() -> None:
    pork = foods(["pork"], CATALOG.foods)
    assert {"bacon_raw", "bacon_cooked", "ham", "ham_extra_lean", "salt_pork"} <= pork
    cheeses = {food.id for food in CATALOG.foods.values() if "cheese" in food.kinds}
    assert foods(["cheese"], CATALOG.foods) == cheeses
    assert len(cheeses) == 14
    assert {"shiitake", "portobello", "enoki"} <= foods(["mushrooms"], CATALOG.foods)
    assert "beef_sirloin_cooked" in foods(["red meat"], CATALOG.foods)
    assert "chicken_roasted" not in foods(["red meat"], CATALOG.foods)


def test_a_food_made_from_a_disliked_food_goes_too_but_not_an_extract() -> None:
    assert foods(["chickpeas"], CATALOG.foods) == {"chickpeas_cooked", "chickpeas_canned", "hummus"}
    assert foods(["olives"], CATALOG.foods) == {"black_olives", "green_olives"}
    assert "tahini" in foods(["sesame"], CATALOG.foods)


def test_a_modifier_that_is_a_kind_of_the_noun_does_not_block_it() -> None:
    assert foods(["feta cheese"], CATALOG.foods) == {"feta"}
    assert foods(["shiitake mushrooms"], CATALOG.foods) == {"shiitake"}


def test_common_words_resolve_and_unknown_ones_are_reported_not_refused() -> None:
    found, unknown = resolve_foods(["mayo", "seitan", "blue cheese", "liver"], CATALOG.foods)
    assert found == {"mayonnaise", "vital_wheat_gluten"}
    assert [word for word, _ in unknown] == ["blue cheese", "liver"]
    assert "no recipe contains it" in unknown[0][1]


def test_an_unknown_food_is_refused() -> None:
    with pytest.raises(UnknownPreferenceError, match="dragon fruit"):
        foods(["dragon fruit"], CATALOG.foods)


def test_cuisines_ignore_case_and_spacing() -> None:
    assert cuisines(["Italian", "Middle Eastern", "east-asian"], CATALOG) == {
        "italian", "middle_eastern", "east_asian",
    }  # fmt: skip
    with pytest.raises(UnknownPreferenceError, match="italian"):
        cuisines(["martian"], CATALOG)
