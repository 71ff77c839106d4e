"""The planner's mixed-integer programme for some days of a week, shared by the planner (which
solves it) and the diagnosis (which relaxes it to prove and explain infeasibility).

For each (day, slot, recipe) there is a choice `y` (binary) and a portion `q` in quarter
servings (integer, 2-8 when chosen, 0 otherwise), so every plan is exactly what is served. A day
keeps energy and each macro inside the tolerance band (narrowed by `MARGIN`, so that targets
rounded to a tenth and the solver's tolerances never leave it) and each slot inside its share
of the day's energy (`slots.energy_shares`). Energy's distance from the target is one more
variable per day, for the objective."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from contracts.nutrition.targets import Targets
from workers.nutrition.catalog import Recipe
from workers.nutrition.limits import MAX_SERVINGS, MIN_SERVINGS, bounds_for
from workers.nutrition.slots import energy_shares

if TYPE_CHECKING:
    from scipy.optimize import Bounds, LinearConstraint

STEPS_PER_SERVING = 4
MIN_STEPS, MAX_STEPS = int(MIN_SERVINGS * 4), int(MAX_SERVINGS * 4)
MARGIN = 0.1
"""kcal or g kept inside each band's edges."""

Key = tuple[int, str, Recipe]


@dataclass
class Programme:
    keys: list[Key]
    days: Sequence[int]
    rows: list[tuple[dict[int, float], float, float]] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    """What each row is: "link", "slot", "kcal", "protein", ..., "share", "deviation",
    "variety"."""

    @property
    def size(self) -> int:
        return 2 * len(self.keys) + len(self.days)

    def add(self, coefficients: dict[int, float], low: float, high: float, name: str) -> None:
        self.rows.append((coefficients, low, high))
        self.names.append(name)

    def constraints(self, leave_out: frozenset[str] = frozenset()) -> LinearConstraint:
        # scipy where a programme is solved: a process that only loads the nutrition package
        # (the reactors, a job worker before its first plan) does not carry it.
        from scipy.optimize import LinearConstraint
        from scipy.sparse import coo_matrix

        kept = [row for row, name in zip(self.rows, self.names, strict=True)
                if name not in leave_out]  # fmt: skip
        data, row_index, columns = [], [], []
        for r, (coefficients, _, _) in enumerate(kept):
            for column, value in coefficients.items():
                row_index.append(r)
                columns.append(column)
                data.append(value)
        matrix = coo_matrix((data, (row_index, columns)), shape=(len(kept), self.size)).tocsr()
        return LinearConstraint(
            matrix, np.array([low for _, low, _ in kept]), np.array([high for _, _, high in kept])
        )

    def bounds(self) -> Bounds:
        from scipy.optimize import Bounds

        n = len(self.keys)
        upper = np.concatenate([np.ones(n), np.full(n, MAX_STEPS), np.full(len(self.days), 100)])
        return Bounds(np.zeros(self.size), upper)

    def integrality(self) -> np.ndarray:  # type: ignore[type-arg]
        marks = np.zeros(self.size)
        marks[: 2 * len(self.keys)] = 1
        return marks

    def nutrient(self, day: int, nutrient: str) -> dict[int, float]:
        """Coefficients of a day's total of `nutrient` (kcal, protein, ...) on the portions."""
        n = len(self.keys)
        return {
            n + i: getattr(recipe.nutrition, nutrient) / STEPS_PER_SERVING
            for i, (d, _, recipe) in enumerate(self.keys)
            if d == day
        }


def day_bands(targets: Targets) -> dict[str, tuple[float, float]]:
    """The tolerance bands the programme keeps, `MARGIN` inside `bounds_for`."""
    return {
        nutrient: (low + MARGIN, high - MARGIN)
        for nutrient, (low, high) in bounds_for(targets).items()
    }


def programme(
    keys: list[Key], days: Sequence[int], slots: Sequence[str], targets: Sequence[Targets]
) -> Programme:
    """Every row but variety's (`planner` adds those against the days already planned)."""
    model = Programme(keys, days)
    n = len(keys)
    for i in range(n):
        model.add({n + i: 1.0, i: -MAX_STEPS}, -np.inf, 0.0, "link")
        model.add({n + i: 1.0, i: -MIN_STEPS}, 0.0, np.inf, "link")
    shares = energy_shares(slots)
    for position, d in enumerate(days):
        for slot in slots:
            in_slot = [i for i, k in enumerate(keys) if k[0] == d and k[1] == slot]
            model.add(dict.fromkeys(in_slot, 1.0), 1.0, 1.0, "slot")
            low, high = shares[slot]
            kcal = {n + i: keys[i][2].nutrition.kcal / STEPS_PER_SERVING for i in in_slot}
            model.add(kcal, low * targets[d].kcal, high * targets[d].kcal, "share")
        for nutrient, (low, high) in day_bands(targets[d]).items():
            model.add(model.nutrient(d, nutrient), low, high, nutrient)
        # |kcal - target| / target * 100 <= deviation
        target = targets[d].kcal
        energy = {
            column: value * 100 / target for column, value in model.nutrient(d, "kcal").items()
        }
        deviation = 2 * n + position
        model.add({**energy, deviation: -1.0}, -np.inf, 100.0, "deviation")
        model.add({**energy, deviation: 1.0}, 100.0, np.inf, "deviation")
    return model
