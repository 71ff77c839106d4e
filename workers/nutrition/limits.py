"""The rules a planned day keeps: energy within ±3 % of the target, each macro within ±5 % or
±5 g (whichever is larger), every meal between half a serving and two servings."""

from __future__ import annotations

from contracts.nutrition.targets import Targets

MIN_SERVINGS, MAX_SERVINGS = 0.5, 2.0
KCAL_TOLERANCE = 0.03
MACRO_TOLERANCE, MACRO_MIN_GRAMS = 0.05, 5.0
MACROS = ("protein", "carbohydrate", "fat")


def bounds_for(targets: Targets) -> dict[str, tuple[float, float]]:
    """Allowed daily range of energy and of each macro."""
    ranges = {"kcal": (targets.kcal * (1 - KCAL_TOLERANCE), targets.kcal * (1 + KCAL_TOLERANCE))}
    for macro in MACROS:
        goal = getattr(targets, f"{macro}_g")
        slack = max(goal * MACRO_TOLERANCE, MACRO_MIN_GRAMS)
        ranges[macro] = (goal - slack, goal + slack)
    return ranges
