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
SIZES = {"extra small": 0.6, "small": 0.75, "medium": 1.0, "large": 1.25, "extra large": 1.4,
         "jumbo": 1.5}  # fmt: skip
"""A size word scales the typical piece when USDA gives no weight for that size."""
PIECES = {
    "piece", "pieces", "whole", "clove", "cloves", "slice", "slices", "fillet", "fillets",
    "stalk", "stalks", "sprig", "sprigs", "leaf", "leaves", "scoop", "scoops", "ear", "ears",
}  # fmt: skip
CONTAINERS = {
    "can", "cans", "tin", "tins", "jar", "jars", "package", "packages", "packet", "packets",
    "pack", "packs", "carton", "cartons", "bag", "bags", "bottle", "bottles",
}  # fmt: skip
PREPARATION = {
    "chopped", "diced", "minced", "sliced", "grated", "shredded", "crushed", "cubed", "mashed",
    "halved", "quartered", "peeled", "pitted", "rinsed", "drained", "melted", "softened",
    "beaten", "finely", "roughly", "coarsely", "thinly", "freshly", "packed", "heaped",
    "heaping", "level", "ripe", "boneless", "skinless",
}  # fmt: skip
UNITS = {
    "g": "gram", "gram": "gram", "grams": "gram", "kg": "kilogram", "mg": "milligram",
    "oz": "ounce", "ounce": "ounce", "ounces": "ounce", "lb": "pound", "lbs": "pound",
    "pound": "pound", "pounds": "pound",
    "ml": "milliliter", "millilitre": "milliliter", "milliliter": "milliliter",
    "millilitres": "milliliter", "milliliters": "milliliter", "l": "liter", "litre": "liter",
    "liter": "liter", "litres": "liter", "liters": "liter", "dl": "deciliter",
    "cl": "centiliter", "cup": "cup", "cups": "cup", "pint": "pint", "pints": "pint",
    "tbsp": "tablespoon", "tbs": "tablespoon", "tablespoon": "tablespoon",
    "tablespoons": "tablespoon", "tsp": "teaspoon", "teaspoon": "teaspoon",
    "teaspoons": "teaspoon", "fl oz": "fluid_ounce",
}  # fmt: skip
NUMBER = r"(?:\d+\s+\d+/\d+|\d+/\d+|\d+(?:\.\d+)?)"
LINE = re.compile(rf"^\s*(?P<qty>{NUMBER}(?:\s*-\s*{NUMBER})?)?\s*(?P<rest>.*)$")
SIZE_NOTE = re.compile(rf"(?P<qty>{NUMBER})\s*(?P<unit>fl oz|[a-z]+)")


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


def _unit(words: list[str]) -> tuple[str | None, list[str]]:
    """The unit the words start with, and the words after it."""
    if len(words) > 1 and f"{words[0]} {words[1]}".rstrip(".") in UNITS:
        return UNITS[f"{words[0]} {words[1]}".rstrip(".")], words[2:]
    if words and words[0].rstrip(".") in UNITS:
        return UNITS[words[0].rstrip(".")], words[1:]
    return None, words


def _written_size(notes: list[str]) -> tuple[float, str] | None:
    """A size written in brackets: "1 can (400 g)", "1 (15 oz) can", "2 fillets (300 g)"."""
    for note in notes:
        for found in SIZE_NOTE.finditer(note):
            if found.group("unit") in UNITS:
                return _quantity(found.group("qty")), UNITS[found.group("unit")]
    return None


def _names(foods: Mapping[str, Food]) -> dict[str, str]:
    names: dict[str, str] = {}
    for food in foods.values():
        for name in (food.id.replace("_", " "), food.name, *food.aliases):
            names[name.lower()] = food.id
    return names


def _match(
    name: str, foods: Mapping[str, Food], names: Mapping[str, str], exact_only: bool = False
) -> Food | None:
    for candidate in (name, name.removesuffix("s"), name.removesuffix("es")):
        if candidate in names:
            return foods[names[candidate]]
    if exact_only:
        return None
    found = process.extractOne(name, names.keys(), scorer=fuzz.WRatio, score_cutoff=MATCH_CUTOFF)
    return foods[names[found[0]]] if found else None


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
    cleaned = text.lower()
    for symbol, fraction in VULGAR.items():
        cleaned = cleaned.replace(symbol, f" {fraction}")
    notes = re.findall(r"\(([^)]*)\)", cleaned)
    cleaned = re.sub(r"\([^)]*\)", " ", cleaned).split(",")[0]
    match = LINE.match(cleaned)
    if match is None or not match.group("qty"):
        return Unmatched(text, "no quantity")
    amount = _quantity(match.group("qty"))
    unit, words = _unit(match.group("rest").split())
    size: str | None = None
    written = _written_size(notes)
    if unit is None and words and words[0] in CONTAINERS:
        container, words = words[0], words[1:]
        if written is None:
            example = f"1 {container} (400 g)"
            return Unmatched(text, f"a {container} of unknown size; write it, e.g. {example!r}")
        amount, unit = amount * written[0], written[1]
    elif unit is None and len(words) > 1 and f"{words[0]} {words[1]}" in SIZES:
        size, words = f"{words[0]} {words[1]}", words[2:]
    elif unit is None and words and words[0] in SIZES:
        size = words.pop(0)
    elif unit is None and words and words[0] in PIECES:
        words = words[1:]
    if words and words[0] == "of":
        words = words[1:]
    name = " ".join(word for word in words if word not in PREPARATION)
    food = _match(" ".join(words), foods, names, exact_only=True) or _match(name, foods, names)
    if food is None:
        return Unmatched(text, f"no food like {name!r} in the table")
    if unit is None and written is not None and _units().Quantity(1, written[1]).check("[mass]"):
        # "2 salmon fillets (300 g)" weighs 300 g; "(150 g each)" weighs 150 g a piece.
        each = any("each" in note for note in notes)
        amount, unit = written[0] * (amount if each else 1), written[1]
    grams = _grams(amount, unit, size, food)
    if grams is None:
        return Unmatched(text, f"cannot weigh {food.name} by {unit or 'the piece'}")
    return Line(text, food.id, round(grams, 1), food.per_100g.scaled(grams / 100))


def _grams(amount: float, unit: str | None, size: str | None, food: Food) -> float | None:
    if unit is None:
        return amount * piece if (piece := _piece_g(food, size)) else None
    quantity = _units().Quantity(amount, unit)
    if quantity.check("[mass]"):
        return float(quantity.to("gram").magnitude)
    if food.density_g_per_ml is None:
        return None
    return float(quantity.to("milliliter").magnitude) * food.density_g_per_ml


def _piece_g(food: Food, size: str | None) -> float | None:
    if size is not None and (exact := food.size_g(size)) is not None:
        return exact
    return food.piece_g * SIZES[size or "medium"] if food.piece_g else None
