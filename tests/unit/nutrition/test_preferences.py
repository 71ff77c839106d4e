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


def test_an_unknown_food_is_refused() -> None:
    with pytest.raises(UnknownPreferenceError, match="dragon fruit"):
        foods(["dragon fruit"], CATALOG.foods)


def test_cuisines_ignore_case_and_spacing() -> None:
    assert cuisines(["Italian", "Middle Eastern", "east-asian"], CATALOG) == {
        "italian", "middle_eastern", "east_asian",
    }  # fmt: skip
    with pytest.raises(UnknownPreferenceError, match="italian"):
        cuisines(["martian"], CATALOG)
