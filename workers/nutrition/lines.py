"""Reading one ingredient line: quantity, unit, piece size, written weights and the food's words.

"1 1/2 cups rolled oats", "2-3 large eggs, beaten", "1 (15 oz) can chickpeas, drained",
"2 salmon fillets (150 g each)", "½ cup lentils, cooked". No food knowledge here: the words
that name the food are returned for the matcher, with any state ("cooked", "dried") written
after the comma as a hint. "Juice of 1 lime" and "1 lime, juiced" name the lime's juice."""

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
    "a": "1", "an": "1", "half": "1/2", "one": "1", "two": "2", "three": "3", "four": "4",
    "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9", "ten": "10",
    "eleven": "11", "twelve": "12",
}  # fmt: skip
SIZES = {"extra small": 0.6, "extra large": 1.4, "small": 0.75, "medium": 1.0, "large": 1.25,
         "jumbo": 1.5}  # fmt: skip
"""Named sizes, and how they scale the typical piece when USDA gives no weight for that size."""
NAMED_ONLY = {"baby"}
"""Sizes that weigh a piece only when USDA names them: "3 baby potatoes" is not scaled from a
medium potato."""
PIECES = {
    "piece", "pieces", "clove", "cloves", "slice", "slices", "fillet", "fillets",
    "stalk", "stalks", "sprig", "sprigs", "leaf", "leaves", "scoop", "scoops", "ear", "ears",
}  # fmt: skip
CONTAINERS = {
    "can", "cans", "tin", "tins", "jar", "jars", "package", "packages", "packet", "packets",
    "pack", "packs", "carton", "cartons", "bag", "bags", "bottle", "bottles",
}  # fmt: skip
COOKED, UNCOOKED = "cooked", "uncooked"
STATES = {
    "cooked": COOKED, "boiled": COOKED, "steamed": COOKED, "baked": COOKED, "roasted": COOKED,
    "roast": COOKED, "grilled": COOKED, "braised": COOKED, "broiled": COOKED, "fried": COOKED,
    "canned": COOKED, "uncooked": UNCOOKED, "dry": UNCOOKED, "dried": UNCOOKED, "raw": UNCOOKED,
}  # fmt: skip
"""State words, by whether the food is cooked (canned foods are) or not."""
VAGUE = {"handful", "handfuls", "bunch", "bunches", "head", "heads", "stick", "sticks", "knob",
         "splash", "drizzle", "glug"}  # fmt: skip
"""Counts that are not measures: the line is refused and asks for grams or cups."""
NEGLIGIBLE = re.compile(r"\bto taste\b|\b(?:a )?(?:pinch|dash|sprinkle)(?:es)?\b|\bto serve\b")
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
RANGE = r"(?:\s*(?:-|\u2013)\s*|\s+to\s+)"
LINE = re.compile(rf"^\s*(?P<qty>{NUMBER}(?:{RANGE}{NUMBER})?)?\s*(?P<rest>.*)$")
WRITTEN = re.compile(rf"(?P<qty>{NUMBER})\s*-?\s*(?P<unit>fl\.? oz|[a-z]+)")
ATTACHED_UNIT = re.compile(r"(\d)(g|kg|mg|ml|cl|dl|l|oz|lb|lbs|tbsp|tsp)\b")
SECOND_MEASURE = re.compile(
    rf"(?<=[a-z.])\s*/\s*{NUMBER}\s*(?:fl\.? oz|oz|lb|lbs|g|kg|ml|l|cups?)\b"
)
JUICE_OF = re.compile(
    rf"^\s*(?:the )?juice of (?P<qty>{NUMBER}|an?|one|half an?) (?P<fruit>[a-z]+)\b"
)
TIMES = re.compile(rf"^\s*(?P<a>{NUMBER})\s*[x\u00d7]\s*(?P<b>{NUMBER})")
BRACKETS = re.compile(r"\(([^)]*)\)")
JUICED = "juiced"


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
    """A state written after the comma ("1 cup lentils, cooked") or implied by a can."""
    qualifiers: tuple[str, ...] = ()
    """Other words after the comma ("2 cups milk, skimmed"), tried as part of the name."""
    drained: bool = False


class UnreadableLineError(ValueError):
    """The line has no quantity this parser can read, or too little to count."""


def parse(text: str) -> ParsedLine:
    cleaned = _normalise(text)
    if NEGLIGIBLE.search(cleaned):
        raise UnreadableLineError("too little to count (a pinch, a dash or 'to taste')")
    notes = BRACKETS.findall(cleaned)
    bracket_first = re.match(rf"^\s*{NUMBER}\s*\(", cleaned) is not None
    head, _, tail = BRACKETS.sub(" ", cleaned).partition(",")
    match = LINE.match(head)
    if match is None or not match.group("qty"):
        raise UnreadableLineError("no quantity")
    try:
        amount = _quantity(match.group("qty"))
    except (ArithmeticError, ValueError):
        raise UnreadableLineError(f"unreadable quantity {match.group('qty')!r}") from None
    unit, words = _unit(match.group("rest").split())
    if unit is None and words and words[0] in VAGUE:
        raise UnreadableLineError(f"a {words[0]} is not a measure; give grams, cups or spoons")
    size = container = None
    if words and words[0] in CONTAINERS:  # "1 can beans", or "400 g tin tomatoes"
        container, words = (words[0] if unit is None else None), words[1:]
    elif unit is None and (found := _size(words)) is not None:
        size, words = found
    if unit is None and words and words[0] in PIECES:
        words = words[1:]
    while words and words[0] in {"of", "a", "an"}:
        words = words[1:]
    after = tail.split()
    if JUICED in words or JUICED in after:  # "1 lime, juiced" is one lime's juice
        words = [word for word in words if word != JUICED] + ["juice"]
        after = [word for word in after if word != JUICED]
    state = next((word for word in after if word in STATES), None)
    if state is None and container in {"can", "cans", "tin", "tins"}:
        state = "canned"
    return ParsedLine(
        amount=amount,
        unit=unit,
        words=tuple(words),
        size=size,
        container=container,
        written=_written(notes, each=bracket_first or container is not None),
        state=state,
        qualifiers=tuple(word for word in after if word not in STATES),
        drained="drained" in cleaned,
    )


def _normalise(text: str) -> str:
    cleaned = text.lower().replace("\u2044", "/")
    for symbol, fraction in VULGAR.items():
        cleaned = cleaned.replace(symbol, f" {fraction}")
    if juice := JUICE_OF.match(cleaned):  # "juice of 1 lemon" is one lemon's juice
        fruit = juice.group("fruit").removesuffix("s")
        cleaned = f"{juice.group('qty')} {fruit} juice{cleaned[juice.end() :]}"
    cleaned = re.sub(r"\btinned\b", "canned", cleaned)  # British for canned
    cleaned = re.sub(r"(\d),(\d)", r"\1.\2", cleaned)  # 1,5 kg
    cleaned = re.sub(r"(?<![\d.])\.(\d)", r"0.\1", cleaned)  # .5 cup
    first, _, rest = cleaned.strip().partition(" ")
    if first in NUMBER_WORDS:
        cleaned = f"{NUMBER_WORDS[first]} {rest}"
    cleaned = ATTACHED_UNIT.sub(r"\1 \2", cleaned)  # 400g
    cleaned = SECOND_MEASURE.sub("", cleaned)  # 75 g/3 oz
    if times := TIMES.match(cleaned):  # 2 x 15 ml, 1 x 400 g tin
        product = _quantity(times.group("a")) * _quantity(times.group("b"))
        cleaned = f"{product:g}{cleaned[times.end() :]}"
    return cleaned


def _quantity(text: str) -> float:
    sides = [side for side in re.split(RANGE, text) if side.strip()]
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
    for size in sorted({*SIZES, *NAMED_ONLY}, key=len, reverse=True):
        length = len(size.split())
        if " ".join(words[:length]) == size:
            return size, words[length:]
    return None


def _written(notes: list[str], each: bool) -> Written | None:
    """A size in brackets is each container's ("2 cans (400 g)", "2 (15-oz) cans"), each
    piece's when it says so or comes first ("2 fillets (150 g each)", "2 (150 g) fillets"), and
    otherwise the whole line's ("2 salmon fillets (300 g)")."""
    for note in notes:
        for found in WRITTEN.finditer(note):
            unit = found.group("unit").replace(".", "")
            if unit in UNITS:
                return Written(_quantity(found.group("qty")), UNITS[unit], each or "each" in note)
    return None
