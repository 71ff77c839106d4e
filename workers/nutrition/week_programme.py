"""The last resort: some days as one mixed-integer programme (`model`) solved by HiGHS, with the
variety rules as constraints against the days already planned. Slower than `day_search` but it
searches every recipe allowed at once; the planner uses it only when the search among
shortlisted recipes finds no week."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

import numpy as np

from contracts.nutrition.targets import Targets
from workers.nutrition.catalog import Recipe
from workers.nutrition.model import Key, Programme, programme

if TYPE_CHECKING:
    from scipy.optimize import OptimizeResult
from workers.nutrition.variety import MAX_PER_WEEK

BEST_PLAN_S = 3.0  # the search for the best-scoring plan, before any plan will do
BEST_PLAN_NODES = 300
"""The search stops after this many branch-and-bound nodes, not at a time, so that the same
request gives the same plan on a busy machine too."""

Meals = list[tuple[int, str, Recipe, int]]
"""(day, slot, recipe, quarter servings) of each meal planned."""


def solve_days(
    choices: Mapping[str, Sequence[Recipe]],
    scores: Mapping[int, Mapping[str, float]],
    targets: Sequence[Targets],
    days: Sequence[int],
    *,
    used: Mapping[str, Sequence[int]],
    time_limit_s: float,
) -> Meals | bool:
    """The best-scoring meals (`scores`: day → recipe id → score) for `days` that keep the
    variety rules against `used` (recipe id → days already planned with it); when there are
    none, whether that was proved (True) or the search ran out of time (False)."""
    slots = list(choices)
    keys = [(d, slot, recipe) for d in days for slot in slots for recipe in choices[slot]]
    n = len(keys)
    model = programme(keys, days, slots, targets)
    _variety(keys, days, used, model)
    cost = np.zeros(model.size)
    cost[:n] = -np.array([scores[d][recipe.id] for d, _, recipe in keys])
    cost[2 * n :] = 1.0
    started = time.monotonic()
    best = {"time_limit": min(BEST_PLAN_S, time_limit_s), "node_limit": BEST_PLAN_NODES,
            "mip_rel_gap": 0.1}  # fmt: skip
    result = _milp(model, cost, best)
    left = time_limit_s - (time.monotonic() - started)
    if result.x is None and result.status != 2 and left > 0:
        # Without an objective the solver stops at the first plan it finds.
        result = _milp(model, np.zeros(model.size), {"time_limit": left})
    if result.x is None:
        return bool(result.status == 2)
    chosen = np.round(result.x[: 2 * n]).astype(int)
    return [(d, slot, recipe, int(chosen[n + i]))
            for i, (d, slot, recipe) in enumerate(keys) if chosen[i] == 1]  # fmt: skip


def _milp(model: Programme, cost: np.ndarray, options: dict[str, float]) -> OptimizeResult:  # type: ignore[type-arg]
    from scipy.optimize import milp  # when solving (see `Programme.constraints`)

    with _quiet():
        return milp(
            cost, constraints=model.constraints(), integrality=model.integrality(),
            bounds=model.bounds(), options={**options, "disp": False},
        )  # fmt: skip


@contextmanager
def _quiet() -> Iterator[None]:
    """HiGHS prints some MIP progress from C even with `disp` off: send it to /dev/null."""
    sys.stdout.flush()
    try:
        saved = os.dup(1)
    except OSError:  # no file descriptor 1 (an embedded interpreter): nothing to silence
        yield
        return
    with open(os.devnull, "w") as sink:
        os.dup2(sink.fileno(), 1)
        try:
            yield
        finally:
            os.dup2(saved, 1)
            os.close(saved)


def _variety(
    keys: list[Key], days: Sequence[int], used: Mapping[str, Sequence[int]], model: Programme
) -> None:
    def add(coefficients: dict[int, float], low: float, high: float) -> None:
        model.add(coefficients, low, high, "variety")

    by_recipe: dict[str, list[int]] = {}
    for i, (_, _, recipe) in enumerate(keys):
        by_recipe.setdefault(recipe.id, []).append(i)
    for recipe_id, indices in by_recipe.items():
        elsewhere = used.get(recipe_id, [])
        add(dict.fromkeys(indices, 1.0), 0.0, MAX_PER_WEEK - len(elsewhere))
        for d in days:
            today = [i for i in indices if keys[i][0] == d]
            if not today:
                continue
            add(dict.fromkeys(today, 1.0), 0.0, 1.0)
            neighbours = [i for i in indices if keys[i][0] == d + 1]
            if neighbours:
                add(dict.fromkeys(today + neighbours, 1.0), 0.0, 1.0)
            if d - 1 in elsewhere or d + 1 in elsewhere:
                add(dict.fromkeys(today, 1.0), 0.0, 0.0)
