"""Free-text recipe analysis: ingredient lines in, grams and nutrition out.

Each line is read by `lines.parse` ("2 cups rolled oats", "1 large egg", "1 (15 oz) can
chickpeas"), its food found by `matching.FoodIndex` and weighed here: units with pint, volumes
through the food's USDA density, pieces through its USDA piece weight or named size, cans and
packets through the size written beside them. Lines that cannot be read, matched or weighed are
returned with the reason, never guessed."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache

import pint

from workers.nutrition.catalog import Food, Nutrition
from workers.nutrition.lines import SIZES, ParsedLine, UnreadableLineError, parse
from workers.nutrition.matching import FoodIndex, NoMatch

DRAINED_SHARE = 0.6
"""Canned beans and vegetables keep about 60 % of the can's net weight once drained (a 15 oz,
425 g can of beans gives about 1.5 cups, 250-260 g): Pacer's own rounding, applied to
"1 can (400 g) chickpeas, drained" and to nothing else."""
CUP_FORMS = {
    "shredded": ("cup shredded", "cup grated"),
    "grated": ("cup grated", "cup shredded"),
}
"""Form words and the USDA cup measures (`sizes` column) they take, nearest first: grated and
shredded cheese pack alike, and looser than diced cheese."""


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


def analyse(
    text: str, foods: Mapping[str, Food], servings: float = 1.0, index: FoodIndex | None = None
) -> RecipeAnalysis:
    """`index` may be passed to reuse one FoodIndex over many recipes."""
    index = index or FoodIndex(foods)
    analysis = RecipeAnalysis(servings=servings)
    for raw in text.splitlines():
        if raw.strip():
            outcome = analyse_line(raw.strip(), index)
            if isinstance(outcome, Line):
                analysis.lines.append(outcome)
            else:
                analysis.unmatched.append(outcome)
    return analysis


def analyse_line(text: str, index: FoodIndex) -> Line | Unmatched:
    try:
        line = parse(text)
    except UnreadableLineError as error:
        return Unmatched(text, str(error))
    food = index.find(line.words, line.state, line.qualifiers)
    if isinstance(food, NoMatch):
        return Unmatched(text, food.reason)
    if line.container and line.written is None:
        example = f"1 {line.container} (400 g)"
        return Unmatched(text, f"a {line.container} of unknown size; write it, e.g. {example!r}")
    grams = _grams(line, food)
    if grams is None:
        return Unmatched(text, f"cannot weigh {food.name} by {line.unit or 'the piece'}")
    return Line(text, food.id, round(grams, 1), food.per_100g.scaled(grams / 100))


def _grams(line: ParsedLine, food: Food) -> float | None:
    amount, unit = line.amount, line.unit
    if unit is None and line.written is not None:
        # "1 can (400 g)", "2 fillets (300 g)": the written size is the whole line's;
        # "2 (15 oz) cans", "2 fillets (150 g each)": it is each piece's.
        amount = line.written.amount * (line.amount if line.written.each else 1)
        unit = line.written.unit
        if line.container and line.drained:
            amount *= DRAINED_SHARE
    if unit is None:
        return amount * piece if (piece := _piece_g(food, line.size)) else None
    quantity = _units().Quantity(amount, unit)
    if quantity.check("[mass]"):
        return float(quantity.to("gram").magnitude)
    if (cup_g := _cup_g(line, food)) is not None:
        return float(quantity.to("cup").magnitude) * cup_g
    if food.density_g_per_ml is None:
        return None
    return float(quantity.to("milliliter").magnitude) * food.density_g_per_ml


def _piece_g(food: Food, size: str | None) -> float | None:
    if size is not None and (exact := food.size_g(size)) is not None:
        return exact
    scale = SIZES.get(size or "medium")  # None for a size USDA must name, such as "baby"
    return food.piece_g * scale if food.piece_g and scale else None


def _cup_g(line: ParsedLine, food: Food) -> float | None:
    """USDA's weight of a cup of the food in the form the line names ("1 cup shredded
    cheddar" is 113 g, not a cup of cheese by its density)."""
    written = {*line.words, *line.qualifiers}
    for form, measures in CUP_FORMS.items():
        if form in written:
            return next(filter(None, (food.size_g(m) for m in measures)), None)
    return None
