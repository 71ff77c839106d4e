"""Free-text recipe analysis: ingredient lines in, grams and nutrition out.

A line is `[quantity] [unit] food [, preparation]`, e.g. "2 cups rolled oats", "1 large banana",
"200 ml milk", "1 1/2 tbsp olive oil", "½ cup rice". Units are converted with pint; volumes
become grams through the food's density, pieces through its piece weight. Food names are matched
to the table with rapidfuzz. Lines that cannot be read or matched are returned, not guessed."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cache

import pint
from rapidfuzz import fuzz, process

from workers.nutrition.catalog import Food, Nutrition

MATCH_CUTOFF = 80.0
VULGAR = {"½": "1/2", "⅓": "1/3", "⅔": "2/3", "¼": "1/4", "¾": "3/4", "⅛": "1/8"}
SIZES = {"small": 0.75, "medium": 1.0, "large": 1.25}
PIECES = {"piece", "pieces", "whole", "clove", "cloves", "slice", "slices", "fillet", "fillets"}
UNITS = {
    "g": "gram", "gram": "gram", "grams": "gram", "kg": "kilogram", "mg": "milligram",
    "oz": "ounce", "ounce": "ounce", "ounces": "ounce", "lb": "pound", "lbs": "pound",
    "pound": "pound", "pounds": "pound",
    "ml": "milliliter", "millilitre": "milliliter", "milliliter": "milliliter",
    "millilitres": "milliliter", "milliliters": "milliliter", "l": "liter", "litre": "liter",
    "liter": "liter", "dl": "deciliter", "cup": "cup", "cups": "cup",
    "tbsp": "tablespoon", "tablespoon": "tablespoon", "tablespoons": "tablespoon",
    "tsp": "teaspoon", "teaspoon": "teaspoon", "teaspoons": "teaspoon",
}  # fmt: skip
NUMBER = r"(?:\d+\s+\d+/\d+|\d+/\d+|\d+(?:\.\d+)?)"
LINE = re.compile(rf"^\s*(?P<qty>{NUMBER}(?:\s*-\s*{NUMBER})?)?\s*(?P<rest>.*)$")


@cache
def _units() -> pint.UnitRegistry:  # type: ignore[type-arg]
    return pint.UnitRegistry()


@dataclass(frozen=True)
class Line:
    text: str
    food_id: str
    grams: float
    nutrition: Nutrition


@dataclass(frozen=True)
class Unmatched:
    text: str
    reason: str


@dataclass
class RecipeAnalysis:
    servings: float
    lines: list[Line] = field(default_factory=list)
    unmatched: list[Unmatched] = field(default_factory=list)

    @property
    def total(self) -> Nutrition:
        total = Nutrition()
        for line in self.lines:
            total = total + line.nutrition
        return total

    @property
    def per_serving(self) -> Nutrition:
        return self.total.scaled(1 / self.servings)


def _quantity(text: str) -> float:
    low, _, high = text.partition("-")
    values = [float(sum(Fraction(part) for part in side.split())) for side in (low, high) if side]
    return sum(values) / len(values)


def _names(foods: Mapping[str, Food]) -> dict[str, str]:
    return {food.name.lower(): food.id for food in foods.values()} | {
        food.id.replace("_", " "): food.id for food in foods.values()
    }


def analyse(text: str, foods: Mapping[str, Food], servings: float = 1.0) -> RecipeAnalysis:
    names = _names(foods)
    analysis = RecipeAnalysis(servings=servings)
    for raw in text.splitlines():
        if raw.strip():
            outcome = parse_line(raw.strip(), foods, names)
            if isinstance(outcome, Line):
                analysis.lines.append(outcome)
            else:
                analysis.unmatched.append(outcome)
    return analysis


def parse_line(text: str, foods: Mapping[str, Food], names: Mapping[str, str]) -> Line | Unmatched:
    cleaned = text
    for symbol, fraction in VULGAR.items():
        cleaned = cleaned.replace(symbol, f" {fraction}")
    cleaned = re.sub(r"\([^)]*\)", " ", cleaned).split(",")[0].lower()
    match = LINE.match(cleaned)
    if match is None or not match.group("qty"):
        return Unmatched(text, "no quantity")
    amount = _quantity(match.group("qty"))
    words = match.group("rest").split()
    unit = UNITS.get(words[0].rstrip(".")) if words else None
    size = 1.0
    if unit:
        words = words[1:]
    elif words and words[0] in SIZES:
        size = SIZES[words.pop(0)]
    elif words and words[0] in PIECES:
        words = words[1:]
    if words and words[0] == "of":
        words = words[1:]
    name = " ".join(words)
    found = process.extractOne(name, names.keys(), scorer=fuzz.WRatio, score_cutoff=MATCH_CUTOFF)
    if found is None:
        return Unmatched(text, f"no food like {name!r} in the table")
    food = foods[names[found[0]]]
    grams = _grams(amount, unit, size, food)
    if grams is None:
        return Unmatched(text, f"cannot weigh {food.name} by {unit or 'the piece'}")
    return Line(text, food.id, round(grams, 1), food.per_100g.scaled(grams / 100))


def _grams(amount: float, unit: str | None, size: float, food: Food) -> float | None:
    if unit is None:
        return amount * size * food.piece_g if food.piece_g else None
    quantity = _units().Quantity(amount, unit)
    if quantity.check("[mass]"):
        return float(quantity.to("gram").magnitude)
    if food.density_g_per_ml is None:
        return None
    return float(quantity.to("milliliter").magnitude) * food.density_g_per_ml
