"""A week's groceries from a plan: grams of each food summed over every meal (servings times the
recipe's grams per serving), in household amounts and grouped by aisle.

Amounts are what a shopper counts: whole pieces for eggs, fruit, vegetables and bread sold by
the piece; cups or spoons for what is measured by volume (grains, milk, oils, flour, spices);
grams otherwise, rounded to 5 g (10 g above 100 g, 50 g above a kilo)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from workers.nutrition.catalog import AISLES, Food
from workers.nutrition.planner import Plan

PIECE_AISLES = {"produce", "dairy & eggs", "bakery"}
MIN_PIECE_G = 30.0
"""Smaller pieces (a clove, a berry, an olive) are bought by weight, not counted."""
VOLUME_AISLES = {"grains & pasta", "oils & condiments", "spices", "baking", "dairy & eggs"}
ML_PER_CUP, ML_PER_TBSP, ML_PER_TSP = 236.6, 14.79, 4.93
GLYPHS = {Fraction(1, 4): "¼", Fraction(1, 2): "½", Fraction(3, 4): "¾"}


def week_grams(plan: Plan) -> dict[str, float]:
    """Grams of each food id the plan's meals use, in the order they first appear."""
    grams: dict[str, float] = {}
    for day in plan.days:
        for meal in day.meals:
            for food_id, per_serving in meal.recipe.ingredients.items():
                grams[food_id] = grams.get(food_id, 0.0) + per_serving * meal.servings
    return grams


def shopping_document(plan: Plan, foods: Mapping[str, Food]) -> dict[str, Any]:
    """`{"aisles": [{"aisle", "items": [{"food_id", "name", "grams", "amount", "aisle"}]}]}`,
    aisles in shop order, items by name."""
    by_aisle: dict[str, list[dict[str, Any]]] = {}
    for food_id, grams in week_grams(plan).items():
        food = foods[food_id]
        by_aisle.setdefault(food.aisle, []).append(
            {
                "food_id": food_id,
                "name": food.name,
                "grams": round(grams, 1),
                "amount": household_amount(food, grams),
                "aisle": food.aisle,
            }
        )
    return {
        "aisles": [
            {"aisle": aisle, "items": sorted(by_aisle[aisle], key=lambda item: str(item["name"]))}
            for aisle in AISLES
            if aisle in by_aisle
        ]
    }


def household_amount(food: Food, grams: float) -> str:
    """As "3 pieces", "1 ¾ cups", "2 tbsp", "½ tsp" or "450 g" (see the module's docstring)."""
    if food.piece_g and food.piece_g >= MIN_PIECE_G and food.aisle in PIECE_AISLES:
        count = max(1, math.ceil(grams / food.piece_g - 0.1))
        return f"{count} piece{'s' * (count > 1)} (about {_grams(grams)})"
    if food.density_g_per_ml and food.aisle in VOLUME_AISLES:
        ml = grams / food.density_g_per_ml
        if ml >= ML_PER_CUP / 4:
            cups = _quarters(ml / ML_PER_CUP)
            return f"{cups} cup{'s' * (cups != '1')}"
        if ml >= ML_PER_TBSP:
            return f"{_quarters(ml / ML_PER_TBSP, step=2)} tbsp"
        return f"{_quarters(max(ml / ML_PER_TSP, 0.25))} tsp"
    return _grams(grams)


def _grams(grams: float) -> str:
    if grams >= 1000:
        return f"{round(grams / 50) * 50 / 1000:g} kg"
    step = 10 if grams >= 100 else 5
    return f"{max(step, round(grams / step) * step):g} g"


def _quarters(amount: float, step: int = 4) -> str:
    """`amount` to the nearest 1/step (at least one step), as "1 ¾" or "½"."""
    rounded = Fraction(max(1, round(amount * step)), step)
    whole, part = divmod(rounded, 1)
    text = GLYPHS.get(part, "")
    return f"{whole} {text}".strip() if whole else text
