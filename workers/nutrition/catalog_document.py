"""The shipped recipes as JSON documents, for a searchable catalog: what each recipe is, who
may eat it, what goes in it and what one serving gives."""

from __future__ import annotations

from typing import Any

from workers.nutrition.catalog import Catalog, Recipe

HIGH_PROTEIN_SHARE = 0.25
HIGH_FIBRE_G = 8.0
LOW_CARB_SHARE = 0.20
FREE_OF = ("gluten", "dairy", "nuts", "egg", "soy")
"""Allergens whose absence is worth a tag ("gluten-free"); all are in `allergens` anyway."""


def recipe_document(recipe: Recipe, catalog: Catalog) -> dict[str, Any]:
    n = recipe.nutrition
    return {
        "id": recipe.id,
        "name": recipe.name,
        "slots": sorted(recipe.meal_types),
        "cuisine": recipe.cuisine,
        "diet": recipe.diet.value,
        "allergens": sorted(recipe.allergens),
        "tags": tags(recipe),
        "ingredients": [
            {"food_id": food_id, "name": catalog.foods[food_id].name, "grams": grams}
            for food_id, grams in recipe.ingredients.items()
        ],
        "per_serving": {
            "kcal": round(n.kcal, 1),
            "protein": round(n.protein, 1),
            "carbohydrate": round(n.carbohydrate, 1),
            "fat": round(n.fat, 1),
            "fibre": round(n.fibre, 1),
        },
    }


def tags(recipe: Recipe) -> list[str]:
    """The diet, allergens it is free of, and what stands out in its nutrition."""
    n = recipe.nutrition
    found = [recipe.diet.value, recipe.cuisine.replace("_", " ")]
    found += [f"{allergen}-free" for allergen in FREE_OF if allergen not in recipe.allergens]
    if n.kcal and n.protein * 4 / n.kcal >= HIGH_PROTEIN_SHARE:
        found.append("high-protein")
    if n.fibre >= HIGH_FIBRE_G:
        found.append("high-fibre")
    if n.kcal and n.carbohydrate * 4 / n.kcal < LOW_CARB_SHARE:
        found.append("low-carb")
    return found
