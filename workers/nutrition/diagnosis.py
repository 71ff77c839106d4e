"""Why a request cannot be planned, in words the user can act on, proved fast.

First the reasons that need no solver: an empty slot, too few recipes for variety, energy
beyond any portion. Then each day's linear relaxation (the programme with choices and portions
continuous; HiGHS proves it infeasible in milliseconds): when even that has no solution the day
is impossible, and the same relaxation, with one target left out at a time, tells which target
conflicts with which and by how much."""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

import numpy as np

from contracts.nutrition.diets import Diet
from contracts.nutrition.targets import Targets
from workers.nutrition.catalog import Recipe
from workers.nutrition.limits import MACROS, MAX_SERVINGS, MIN_SERVINGS, bounds_for
from workers.nutrition.model import Programme, day_bands, programme
from workers.nutrition.slots import energy_shares, kind_of

MIN_RECIPES_PER_SLOT = 4
"""A week without a recipe on consecutive days or more than twice needs four per slot."""
ADVICE = {
    ("protein", "high"): "lower protein_g_per_kg, or allow more protein-rich foods",
    ("protein", "low"): "raise protein_g_per_kg, or allow fewer high-protein foods to be left out",
    ("fat", "high"): "lower fat_share, or allow richer foods (nuts, dairy, oils)",
    ("fat", "low"): "raise fat_share",
    ("carbohydrate", "high"): "raise protein_g_per_kg or fat_share (carbohydrate takes the rest)",
    ("carbohydrate", "low"): "lower protein_g_per_kg or fat_share (carbohydrate takes the rest)",
}


def obvious_reason(
    choices: dict[str, list[Recipe]],
    targets: Sequence[Targets],
    *,
    diet: Diet,
    restrictions: frozenset[str],
) -> str | None:
    """A reason that needs no solver: an empty slot, too little variety, unreachable energy.
    `choices` are the recipes each slot allows, `restrictions` the allergens and foods left out."""
    kinds: dict[str, int] = {}
    for slot in choices:
        kinds[kind_of(slot)] = kinds.get(kind_of(slot), 0) + 1
    for slot, recipes in choices.items():
        if not recipes:
            # The restrictions are the athlete's allergies and dislikes: counted, not listed.
            left_out = len(restrictions)
            return (
                f"no {slot} recipe fits the {diet.value} diet with {left_out} foods and "
                "allergens left out"
            )
        needed = MIN_RECIPES_PER_SLOT * kinds[kind_of(slot)]
        if len(recipes) < needed:
            return (
                f"only {len(recipes)} {kind_of(slot)} recipe(s) fit the request; a week without "
                f"repeating a recipe on consecutive days or more than twice needs at least "
                f"{needed}: allow more foods, or fewer meals a day"
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


def relaxed_reason(
    choices: dict[str, list[Recipe]],
    targets: Sequence[Targets],
    slots: Sequence[str],
    days: Sequence[int],
) -> str | None:
    """The first day whose targets no mix of the allowed recipes meets, even with fractional
    choices and portions, and which target conflicts with which; None when every day passes."""
    tried: list[Targets] = []
    for d in days:
        if targets[d] in tried:
            continue
        tried.append(targets[d])
        keys = [(d, slot, recipe) for slot in slots for recipe in choices[slot]]
        model = programme(keys, [d], slots, targets)
        if not _feasible(model, frozenset({"deviation"})):
            return f"day {d + 1}: {_conflict(model, d, targets[d], slots)}"
    return None


def diagnose(
    choices: dict[str, list[Recipe]],
    targets: Sequence[Targets],
    slots: Sequence[str],
    days: Sequence[int],
    *,
    timed_out: bool,
) -> str:
    """Why the solver found no plan: a day's conflicting targets when one is proved, else the
    variety rules with too few recipes (`timed_out` when the solver gave up rather than proved
    it)."""
    if reason := relaxed_reason(choices, targets, slots, days):
        return reason
    fewest = min(len(recipes) for recipes in choices.values())
    proof = "no plan was found in time" if timed_out else "no plan exists"
    return (
        f"each day's targets can be met on its own, but {proof} with whole quarter portions "
        "and the variety rules (a recipe at most twice a week, never on consecutive days) "
        f"among the recipes allowed (as few as {fewest} for a slot): allow more foods or "
        "cuisines, or fewer meals a day"
    )


def unservable_reason(d: int, day: Targets) -> str:
    """Day `d` passes the relaxation, yet no day of the recipes allowed meets it as served."""
    return (
        f"day {d + 1}: the targets ({day.kcal:.0f} kcal, {day.protein_g:.0f} g protein, "
        f"{day.carbohydrate_g:.0f} g carbohydrate, {day.fat_g:.0f} g fat) are met by the recipes "
        "allowed only in fractional portions, not whole quarter servings: allow more foods, or "
        "fewer meals a day"
    )


def _conflict(model: Programme, d: int, day: Targets, slots: Sequence[str]) -> str:
    bands = day_bands(day)
    kcal = f"{day.kcal:.0f} kcal"
    for macro in MACROS:
        if _feasible(model, frozenset({"deviation", macro})):
            low, high = _extent(model, d, macro, frozenset({"deviation", macro}))
            goal = getattr(day, f"{macro}_g")
            side = "high" if bands[macro][0] > high else "low"
            return (
                f"the {macro} target ({goal:.0f} g) conflicts with the energy target ({kcal}): "
                f"at that energy the recipes allowed give {low:.0f}-{high:.0f} g of {macro}; "
                f"{ADVICE[macro, side]}"
            )
    if _feasible(model, frozenset({"deviation", "kcal"})):
        low, high = _extent(model, d, "kcal", frozenset({"deviation", "kcal"}))
        return (
            f"the energy target ({kcal}) conflicts with the macro targets, which the recipes "
            f"allowed meet only at {low:.0f}-{high:.0f} kcal; change the goal or its rate"
        )
    if _feasible(model, frozenset({"deviation", "share"})):
        shares = energy_shares(slots)
        split = ", ".join(f"{s} {lo:.0%}-{hi:.0%}" for s, (lo, hi) in shares.items())
        return (
            f"the meals cannot share the day's energy sensibly ({split}) at these targets with "
            "the recipes allowed; allow more foods"
        )
    for first, second in itertools.combinations(MACROS, 2):
        if _feasible(model, frozenset({"deviation", first, second})):
            return (
                f"the {first} ({getattr(day, f'{first}_g'):.0f} g) and {second} "
                f"({getattr(day, f'{second}_g'):.0f} g) targets conflict with each other at "
                f"{kcal} for the recipes allowed; {ADVICE[first, 'high']}"
            )
    return (
        f"the energy and macro targets ({kcal}, {day.protein_g:.0f} g protein, "
        f"{day.carbohydrate_g:.0f} g carbohydrate, {day.fat_g:.0f} g fat) conflict with each "
        "other for the recipes allowed; allow more foods"
    )


def _feasible(model: Programme, leave_out: frozenset[str]) -> bool:
    from scipy.optimize import milp  # when solving (see `Programme.constraints`)

    result = milp(
        np.zeros(model.size), constraints=model.constraints(leave_out), bounds=model.bounds()
    )
    return bool(result.status == 0)


def _extent(
    model: Programme, d: int, nutrient: str, leave_out: frozenset[str]
) -> tuple[float, float]:
    """The least and most of `nutrient` the relaxation allows for day `d`."""
    from scipy.optimize import milp  # when solving (see `Programme.constraints`)

    values = []
    for sign in (1.0, -1.0):
        cost = np.zeros(model.size)
        for column, value in model.nutrient(d, nutrient).items():
            cost[column] = sign * value
        result = milp(cost, constraints=model.constraints(leave_out), bounds=model.bounds())
        values.append(sign * result.fun if result.status == 0 else math.nan)
    return values[0], values[1]
