"""The shipped food table loads, and its numbers are internally consistent."""

from __future__ import annotations

from pathlib import Path

import pytest

from workers.nutrition.catalog import CatalogError, load_foods

TABLE = Path(__file__).resolve().parents[3] / "workers" / "nutrition" / "data" / "foods.csv"


def test_every_row_loads_with_a_unique_sr_legacy_fdc_id() -> None:
    foods = load_foods(TABLE)
    ids = [food.fdc_id for food in foods.values()]
    assert len(foods) >= 240
    assert len(set(ids)) == len(ids)
    assert all(fdc is not None and 167_512 <= fdc <= 175_304 for fdc in ids)


def test_energy_agrees_with_the_macros() -> None:
    # Atwater general factors (4/4/9) against the published kcal: SR Legacy uses food-specific
    # factors, so allow 15 % and a few kcal.
    for food in load_foods(TABLE).values():
        n = food.per_100g
        estimate = 4 * n.protein + 4 * n.carbohydrate + 9 * n.fat
        assert abs(estimate - n.kcal) <= 0.15 * n.kcal + 8, food.id
        assert n.fibre <= n.carbohydrate + 0.5, food.id


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
