"""The shipped food table loads, and its numbers are internally consistent."""

from __future__ import annotations

from pathlib import Path

import pytest

from workers.nutrition.catalog import CatalogError, load_foods

TABLE = Path(__file__).resolve().parents[3] / "workers" / "nutrition" / "data" / "foods.csv"


def test_every_row_loads_with_a_unique_sr_legacy_fdc_id() -> None:
    foods = load_foods(TABLE)
    ids = [food.fdc_id for food in foods.values()]
    assert len(foods) >= 300
    assert len(set(ids)) == len(ids)
    assert all(fdc is not None and 167_512 <= fdc <= 175_304 for fdc in ids)


# Foods whose published energy is not 4/4/9 of their macros, and why.
ENERGY_FROM_ELSEWHERE = {
    "cocoa_powder": "USDA applies cocoa's own low factors (1.83/1.33/8.37)",
    "vanilla_extract": "34 g of alcohol per 100 g carries most of the energy",
    "red_wine_vinegar": "acetic acid and alcohol carry the energy",
}


def test_energy_agrees_with_the_macros() -> None:
    # SR Legacy uses food-specific factors, so the published kcal must be within 15 % (and a few
    # kcal) of either the general 4/4/9 estimate or the one that counts fibre at 2 kcal/g, as
    # spices and other high-fibre foods are counted.
    for food in load_foods(TABLE).values():
        n = food.per_100g
        general = 4 * n.protein + 4 * n.carbohydrate + 9 * n.fat
        fibre_aware = general - 2 * n.fibre
        assert n.fibre <= n.carbohydrate + 0.5, food.id
        if food.id in ENERGY_FROM_ELSEWHERE:
            continue
        assert min(abs(general - n.kcal), abs(fibre_aware - n.kcal)) <= 0.15 * n.kcal + 8, food.id


def test_the_listed_energy_exceptions_exist_and_really_disagree() -> None:
    foods = load_foods(TABLE)
    for food_id in ENERGY_FROM_ELSEWHERE:
        n = foods[food_id].per_100g
        assert abs(4 * n.protein + 4 * n.carbohydrate + 9 * n.fat - n.kcal) > 0.15 * n.kcal + 8


def test_common_recipe_names_find_their_food() -> None:
    foods = load_foods(TABLE)
    names = {
        name.lower(): food.id for food in foods.values() for name in (food.name, *food.aliases)
    }
    assert names["rolled oats"] == "oats"
    assert names["chickpeas"] == "chickpeas_cooked"
    assert names["flour"] == "flour"
    assert names["spaghetti"] == "pasta_dry"
    assert foods["tofu_firm"].diet == "vegan"
    assert "soy" in foods["tofu_firm"].allergens
    assert "shellfish" in foods["shrimp_cooked"].allergens


def test_animal_foods_carry_their_diet_and_allergens() -> None:
    foods = load_foods(TABLE)
    assert foods["egg"].diet == "vegetarian"
    assert "egg" in foods["egg"].allergens
    assert "dairy" in foods["feta"].allergens
    assert foods["mackerel"].diet == "pescatarian"
    assert "fish" in foods["mackerel"].allergens
    assert "nuts" in foods["almonds"].allergens
    assert foods["broccoli"].diet == "vegan"


def test_a_malformed_table_names_the_line(tmp_path: Path) -> None:
    broken = tmp_path / "foods.csv"
    lines = TABLE.read_text().splitlines()
    broken.write_text("\n".join([lines[0], lines[1].replace("vegetarian", "carnivore")]))
    with pytest.raises(CatalogError, match=":2:"):
        load_foods(broken)
