"""Reading one ingredient line: quantity, unit, piece size, written weights and the food's words.

"1 1/2 cups rolled oats", "2-3 large eggs, beaten", "1 (15 oz) can chickpeas, drained",
"2 salmon fillets (150 g each)", "½ cup lentils, cooked". No food knowledge here: the words
that name the food are returned for the matcher, with any state ("cooked", "dried") written
after the comma as a hint."""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

VULGAR = {
    "½": "1/2", "⅓": "1/3", "⅔": "2/3", "¼": "1/4", "¾": "3/4", "⅕": "1/5", "⅖": "2/5",
    "⅗": "3/5", "⅘": "4/5", "⅙": "1/6", "⅚": "5/6", "⅛": "1/8", "⅜": "3/8", "⅝": "5/8",
    "⅞": "7/8",
}  # fmt: skip
NUMBER_WORDS = {
    "half": "1/2", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
    "seven": "7", "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12",
}  # fmt: skip
SIZES = ("extra small", "extra large", "small", "medium", "large", "jumbo")
PIECES = {
    "piece", "pieces", "whole", "clove", "cloves", "slice", "slices", "fillet", "fillets",
    "stalk", "stalks", "sprig", "sprigs", "leaf", "leaves", "scoop", "scoops", "ear", "ears",
}  # fmt: skip
CONTAINERS = {
    "can", "cans", "tin", "tins", "jar", "jars", "package", "packages", "packet", "packets",
    "pack", "packs", "carton", "cartons", "bag", "bags", "bottle", "bottles",
}  # fmt: skip
STATES = {"cooked", "boiled", "uncooked", "dry", "dried", "raw", "canned"}
UNITS = {
    "g": "gram", "gram": "gram", "grams": "gram", "kg": "kilogram", "mg": "milligram",
    "oz": "ounce", "ounce": "ounce", "ounces": "ounce", "lb": "pound", "lbs": "pound",
    "pound": "pound", "pounds": "pound",
    "ml": "milliliter", "millilitre": "milliliter", "milliliter": "milliliter",
    "millilitres": "milliliter", "milliliters": "milliliter", "l": "liter", "litre": "liter",
    "liter": "liter", "litres": "liter", "liters": "liter", "dl": "deciliter",
    "cl": "centiliter", "cup": "cup", "cups": "cup", "pint": "pint", "pints": "pint",
    "quart": "quart", "quarts": "quart", "qt": "quart",
    "tbsp": "tablespoon", "tbs": "tablespoon", "tablespoon": "tablespoon",
    "tablespoons": "tablespoon", "tsp": "teaspoon", "teaspoon": "teaspoon",
    "teaspoons": "teaspoon", "fl oz": "fluid_ounce",
}  # fmt: skip
NUMBER = r"(?:\d+\s+\d+/\d+|\d+/\d+|\d+(?:\.\d+)?)"
LINE = re.compile(rf"^\s*(?P<qty>{NUMBER}(?:\s*(?:-|\u2013|to)\s*{NUMBER})?)?\s*(?P<rest>.*)$")
WRITTEN = re.compile(rf"(?P<qty>{NUMBER})\s*(?P<unit>fl\.? oz|[a-z]+)")
BRACKETS = re.compile(r"\(([^)]*)\)")


@dataclass(frozen=True)
class Written:
    """A weight or volume written in brackets, for the whole line or for each piece."""

    amount: float
    unit: str
    each: bool


@dataclass(frozen=True)
class ParsedLine:
    amount: float
    unit: str | None
    """A pint unit name, or None when the line counts pieces or containers."""
    words: tuple[str, ...]
    """The words that name the food, preparation words included."""
    size: str | None = None
    container: str | None = None
    written: Written | None = None
    state: str | None = None
    """A state written after the comma: "1 cup lentils, cooked"."""


class UnreadableLineError(ValueError):
    """The line has no quantity this parser can read."""


def parse(text: str) -> ParsedLine:
    cleaned = _normalise(text)
    notes = BRACKETS.findall(cleaned)
    per_item_bracket = re.match(rf"^\s*{NUMBER}\s*\(", cleaned) is not None
    head, _, tail = BRACKETS.sub(" ", cleaned).partition(",")
    match = LINE.match(head)
    if match is None or not match.group("qty"):
        raise UnreadableLineError("no quantity")
    amount = _quantity(match.group("qty"))
    unit, words = _unit(match.group("rest").split())
    size = container = None
    if unit is None and words and words[0] in CONTAINERS:
        container, words = words[0], words[1:]
    elif unit is None and (found := _size(words)) is not None:
        size, words = found
    elif unit is None and words and words[0] in PIECES:
        words = words[1:]
    if words and words[0] == "of":
        words = words[1:]
    state = next((word for word in tail.split() if word in STATES), None)
    return ParsedLine(
        amount=amount,
        unit=unit,
        words=tuple(words),
        size=size,
        container=container,
        written=_written(notes, per_item_bracket),
        state=state,
    )


def _normalise(text: str) -> str:
    cleaned = text.lower().replace("\u2044", "/")
    for symbol, fraction in VULGAR.items():
        cleaned = cleaned.replace(symbol, f" {fraction}")
    cleaned = re.sub(r"(\d),(\d)", r"\1.\2", cleaned)  # 1,5 kg
    cleaned = re.sub(r"(?<![\d.])\.(\d)", r"0.\1", cleaned)  # .5 cup
    first, _, rest = cleaned.strip().partition(" ")
    if first in NUMBER_WORDS:
        cleaned = f"{NUMBER_WORDS[first]} {rest}"
    return cleaned


def _quantity(text: str) -> float:
    sides = [side for side in re.split(r"\s*(?:-|\u2013|\bto\b)\s*", text) if side.strip()]
    values = [float(sum(Fraction(part) for part in side.split())) for side in sides]
    return sum(values) / len(values)


def _unit(words: list[str]) -> tuple[str | None, list[str]]:
    """The unit the words start with, and the words after it."""
    if len(words) > 1 and f"{words[0]} {words[1]}".replace(".", "") in UNITS:
        return UNITS[f"{words[0]} {words[1]}".replace(".", "")], words[2:]
    if words and words[0].rstrip(".") in UNITS:
        return UNITS[words[0].rstrip(".")], words[1:]
    return None, words


def _size(words: list[str]) -> tuple[str, list[str]] | None:
    for size in SIZES:
        length = len(size.split())
        if " ".join(words[:length]) == size:
            return size, words[length:]
    return None


def _written(notes: list[str], per_item_bracket: bool) -> Written | None:
    for note in notes:
        for found in WRITTEN.finditer(note):
            unit = found.group("unit").replace(".", "")
            if unit in UNITS:
                each = per_item_bracket or "each" in note
                return Written(_quantity(found.group("qty")), UNITS[unit], each)
    return None
