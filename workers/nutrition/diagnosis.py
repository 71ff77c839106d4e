"""Why a request cannot be planned, in words the user can act on: the reasons that need no
solver (an empty slot, too few recipes for variety, energy beyond any portion), and the target
that makes a week impossible once the solver has proved it is."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

from contracts.nutrition.diets import Diet
from contracts.nutrition.targets import Targets
from workers.nutrition.catalog import Recipe
from workers.nutrition.limits import MACROS, MAX_SERVINGS, MIN_SERVINGS, bounds_for


def obvious_reason(
    choices: dict[str, list[Recipe]],
    targets: Sequence[Targets],
    *,
    diet: Diet,
    restrictions: frozenset[str],
) -> str | None:
    """A reason that needs no solver: an empty slot, too little variety, unreachable energy.
    `choices` are the recipes each slot allows, `restrictions` the allergens and foods left out."""
    for slot, recipes in choices.items():
        if not recipes:
            return (
                f"no {slot} recipe fits the {diet.value} diet without "
                f"{', '.join(sorted(restrictions)) or 'restrictions'}"
            )
        if len(recipes) < 4:
            return (
                f"only {len(recipes)} {slot} recipe(s) fit the request; a week without repeating "
                "a recipe on consecutive days or more than twice needs at least 4"
            )
    for index, day in enumerate(targets):
        low = sum(min(r.nutrition.kcal for r in rs) for rs in choices.values()) * MIN_SERVINGS
        high = sum(max(r.nutrition.kcal for r in rs) for rs in choices.values()) * MAX_SERVINGS
        lower, upper = bounds_for(day)["kcal"]
        if low > upper:
            return (
                f"day {index + 1}: {day.kcal:.0f} kcal is below the smallest possible day "
                f"({low:.0f} kcal at half portions); add a lighter slot option or fewer slots"
            )
        if high < lower:
            return (
                f"day {index + 1}: {day.kcal:.0f} kcal is above the largest possible day "
                f"({high:.0f} kcal at double portions); add a slot or more energy-dense recipes"
            )
    return None


def diagnose(
    choices: dict[str, list[Recipe]],
    targets: Sequence[Targets],
    slots: Sequence[str],
    days: Sequence[int],
) -> str:
    """What makes a week the solver proved impossible: on the first day whose targets no
    combination of allowed recipes meets, the requirement whose removal makes that day possible;
    when every day is possible on its own, the variety rules."""
    for d in days:
        ranges = bounds_for(targets[d])
        if _day_feasible(choices, slots, ranges):
            continue
        # Macros first: when dropping one of them makes the day possible, it is the culprit,
        # even if more food (dropping the energy limit) would also do.
        for nutrient in (*MACROS, "kcal"):
            low, high = ranges[nutrient]
            others = {k: v for k, v in ranges.items() if k != nutrient}
            if _day_feasible(choices, slots, others):
                unit = "kcal" if nutrient == "kcal" else f"g of {nutrient}"
                return (
                    f"day {d + 1}: the {nutrient} target ({low:.0f}-{high:.0f} {unit}) cannot "
                    "be met together with the other targets by the recipes this request allows"
                )
        return (
            f"day {d + 1}: the energy and macro targets conflict with each other for the "
            "recipes this request allows"
        )
    return (
        "the variety rules (a recipe at most twice a week, never on consecutive days) cannot be "
        "met with the recipes the request allows; allow more recipes or relax exclusions"
    )


def _day_feasible(
    choices: dict[str, list[Recipe]], slots: Sequence[str], ranges: dict[str, tuple[float, float]]
) -> bool:
    recipes = [(slot, r) for slot in slots for r in choices[slot]]
    n = len(recipes)
    rows, lower, upper = [], [], []
    for slot in slots:
        rows.append([1.0 if s == slot else 0.0 for s, _ in recipes] + [0.0] * n)
        lower.append(1.0)
        upper.append(1.0)
    for nutrient, (low, high) in ranges.items():
        rows.append([0.0] * n + [getattr(r.nutrition, nutrient) for _, r in recipes])
        lower.append(low)
        upper.append(high)
    for i in range(n):
        link = [0.0] * (2 * n)
        link[n + i], link[i] = 1.0, -MAX_SERVINGS
        rows.append(link)
        lower.append(-np.inf)
        upper.append(0.0)
        link = [0.0] * (2 * n)
        link[n + i], link[i] = 1.0, -MIN_SERVINGS
        rows.append(link)
        lower.append(0.0)
        upper.append(np.inf)
    result = milp(
        np.zeros(2 * n),
        constraints=LinearConstraint(np.array(rows), lower, upper),
        integrality=np.concatenate([np.ones(n), np.zeros(n)]),
        bounds=Bounds(np.zeros(2 * n), np.concatenate([np.ones(n), np.full(n, MAX_SERVINGS)])),
        options={"time_limit": 5.0},
    )
    return result.x is not None
