"""Every number in a reply must come from what the coach was given: the user's facts, the
passages, or the question. A number counts as given when it is equal as a value (60 and 60.0,
2,900 and 2900) or as the same quantity in another unit (1.5 l and 1500 ml, 90 min and 1.5 h)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import zip_longest

_NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|\.\d+)(?:\s*([a-zA-Z%]+))?")
_RANGE = re.compile(r"\s*(to|or|-|\u2013)\s*")  # \u2013: an en dash
_LIST_MARKER = re.compile(r"^\s*\d+[.)]\s", re.MULTILINE)
# unit -> (dimension, size in that dimension's base unit)
_UNITS: dict[str, tuple[str, float]] = {
    "ml": ("volume", 1.0),
    "l": ("volume", 1000.0),
    "litre": ("volume", 1000.0),
    "litres": ("volume", 1000.0),
    "liter": ("volume", 1000.0),
    "liters": ("volume", 1000.0),
    "mg": ("mass", 0.001),
    "g": ("mass", 1.0),
    "kg": ("mass", 1000.0),
    "m": ("length", 1.0),
    "km": ("length", 1000.0),
    "s": ("time", 1.0),
    "sec": ("time", 1.0),
    "min": ("time", 60.0),
    "mins": ("time", 60.0),
    "minutes": ("time", 60.0),
    "h": ("time", 3600.0),
    "hr": ("time", 3600.0),
    "hour": ("time", 3600.0),
    "hours": ("time", 3600.0),
}


def numbers(text: str) -> list[tuple[str, float, str | None]]:
    """Each number in `text` as written, its value, and its unit: the one written right after
    it, or after the range it starts ("30 to 60 g")."""
    text = _LIST_MARKER.sub(" ", text)
    matches = list(_NUMBER.finditer(text))
    found: list[tuple[str, float, str | None]] = []
    for match, after in zip_longest(matches, matches[1:]):
        unit = (match.group(2) or "").lower()
        if unit not in _UNITS and after and _RANGE.fullmatch(text[match.end(1) : after.start()]):
            unit = (after.group(2) or "").lower()
        written = match.group(1)
        found.append((written, float(written.replace(",", "")), unit or None))
    return found


def _quantity(value: float, unit: str | None) -> tuple[str, float] | None:
    if unit not in _UNITS:
        return None
    dimension, size = _UNITS[unit]
    return dimension, round(value * size, 3)


def unsupported(reply: str, given: Iterable[str]) -> list[str]:
    """The numbers in `reply` that no text in `given` states, in the order written."""
    values: set[float] = set()
    quantities: set[tuple[str, float]] = set()
    for text in given:
        for _, value, unit in numbers(text):
            values.add(round(value, 3))
            if quantity := _quantity(value, unit):
                quantities.add(quantity)
    return [
        written
        for written, value, unit in numbers(reply)
        if round(value, 3) not in values and _quantity(value, unit) not in quantities
    ]
