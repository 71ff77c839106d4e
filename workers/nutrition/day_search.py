"""The best days for some candidate recipes, found exactly, with portions in whole quarters.

A meal is a (recipe, portion) option: 2-8 quarter servings, kept only when its energy is within
its slot's share of the day (`slots.energy_shares`). The slots are split in two halves; every
mix of options within a half is summed (dropping mixes that no other half could bring into the
day's bands), and the two halves are joined after sorting by energy, so that each part of one
half only meets the part of the other whose energy can complete a day. Every day within the
bands (`model.day_bands`) among the candidates is seen, and the best by preference score, less
the distance from the energy target, are returned. Numpy does the counting: a 4-slot day of
20 candidates a slot takes milliseconds, and no time limit makes the answer depend on the
machine."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from contracts.nutrition.targets import Targets
from workers.nutrition.catalog import Recipe
from workers.nutrition.model import MAX_STEPS, MIN_STEPS, STEPS_PER_SERVING, day_bands
from workers.nutrition.slots import energy_shares

NUTRIENTS = ("kcal", "protein", "carbohydrate", "fat")
PAIRS_PER_BLOCK = 1 << 18  # pairs of half-days compared at once (memory: 8 MB a nutrient)
KEPT = 4096  # the best pairs kept while joining, before different recipe mixes are picked
STEPS = np.arange(MIN_STEPS, MAX_STEPS + 1)

Array = NDArray[Any]
Options = tuple[Array, Array, Array, Array, Array]
"""(nutrients, score, recipe code, recipe index, quarter servings) of each option of a slot."""


@dataclass(frozen=True)
class DayOption:
    """A day within the bands: one (slot, recipe, quarter servings) per slot, in slot order."""

    meals: tuple[tuple[str, Recipe, int], ...]
    value: float
    """Preference score less the energy's distance from the target in percent."""


@dataclass
class _Half:
    totals: Array  # (mixes, 4) nutrients
    value: Array  # (mixes,) score
    picks: Array  # (mixes, slots in half) option index per slot
    slots: list[int]


def best_days(
    candidates: Mapping[str, Sequence[Recipe]],
    scores: Mapping[str, float],
    targets: Targets,
    count: int | None,
) -> list[DayOption]:
    """Up to `count` days (every one when None), best first, each a different mix of recipes;
    none when no day of these candidates is within the bands. `candidates` maps each slot, in
    order, to its recipes; `scores` gives each recipe's preference (higher is better)."""
    slots = list(candidates)
    bands = day_bands(targets)
    low = np.array([bands[n][0] for n in NUTRIENTS])
    high = np.array([bands[n][1] for n in NUTRIENTS])
    shares = energy_shares(slots)
    codes: dict[str, int] = {}
    for recipes in candidates.values():
        for recipe in recipes:
            codes.setdefault(recipe.id, len(codes))
    options = [_options(candidates[s], shares[s], targets.kcal, scores, codes) for s in slots]
    if any(len(o[0]) == 0 for o in options):
        return []
    minimum = np.array([o[0].min(axis=0) for o in options])
    maximum = np.array([o[0].max(axis=0) for o in options])
    first, second = _split([len(o[0]) for o in options])
    halves = [
        _half(part, options, low - maximum[rest].sum(axis=0), high - minimum[rest].sum(axis=0))
        for part, rest in ((first, second), (second, first))
    ]
    if any(len(h.value) == 0 for h in halves):
        return []
    kept = None if count is None else max(KEPT, 16 * count)
    value, a, b = _join(halves[0], halves[1], options, low, high, targets.kcal, kept)
    # The best portions of each different mix of recipes (the mix is what variety counts).
    mixes = np.sort(np.hstack([_codes(halves[0], options)[a], _codes(halves[1], options)[b]]))
    _, first = np.unique(mixes, axis=0, return_index=True)
    days = []
    for pair in np.sort(first)[:count]:
        picks = dict(zip(halves[0].slots, halves[0].picks[a[pair]], strict=True))
        picks |= dict(zip(halves[1].slots, halves[1].picks[b[pair]], strict=True))
        meals = []
        for position, slot in enumerate(slots):
            pick = int(picks[position])
            recipe = candidates[slot][int(options[position][3][pick])]
            meals.append((slot, recipe, int(options[position][4][pick])))
        days.append(DayOption(tuple(meals), float(value[pair])))
    return days


def _options(
    recipes: Sequence[Recipe],
    share: tuple[float, float],
    kcal: float,
    scores: Mapping[str, float],
    codes: Mapping[str, int],
) -> Options:
    """(nutrients, score, recipe code, recipe index, steps) of each (recipe, portion) whose
    energy is within the slot's share. Nutrients are computed as `Nutrition.scaled` does, so
    that the plan as served has exactly these totals."""
    if not recipes:
        empty = np.zeros(0)
        return np.zeros((0, 4)), empty, empty.astype(int), empty.astype(int), empty.astype(int)
    base = np.array([[getattr(r.nutrition, n) for n in NUTRIENTS] for r in recipes])
    values = base[:, None, :] * (STEPS / STEPS_PER_SERVING)[None, :, None]
    index, step = np.meshgrid(np.arange(len(recipes)), STEPS, indexing="ij")
    values, index, step = values.reshape(-1, 4), index.reshape(-1), step.reshape(-1)
    keep = (values[:, 0] >= share[0] * kcal) & (values[:, 0] <= share[1] * kcal)
    score = np.array([scores[r.id] for r in recipes])
    code = np.array([codes[r.id] for r in recipes])
    return values[keep], score[index[keep]], code[index[keep]], index[keep], step[keep]


def _split(sizes: list[int]) -> tuple[list[int], list[int]]:
    """Two halves of the slots with about as many option mixes each."""
    halves: tuple[list[int], list[int]] = ([], [])
    weight = [0.0, 0.0]
    for position in sorted(range(len(sizes)), key=lambda p: -sizes[p]):
        lighter = 0 if weight[0] <= weight[1] else 1
        halves[lighter].append(position)
        weight[lighter] += math.log(sizes[position])
    return sorted(halves[0]), sorted(halves[1])


def _half(part: list[int], options: list[Options], low: Array, high: Array) -> _Half:
    """Every mix of options over the slots of `part` whose totals lie within [low, high] (the
    bands less what the other half can add), without a recipe twice."""
    totals, value = np.zeros((1, 4)), np.zeros(1)
    picks = np.zeros((1, 0), dtype=int)
    codes = np.zeros((1, 0), dtype=int)
    for position in part:
        nutrients, score, code = options[position][0], options[position][1], options[position][2]
        m, k = len(value), len(score)
        totals = (totals[:, None, :] + nutrients[None, :, :]).reshape(-1, 4)
        value = (value[:, None] + score[None, :]).reshape(-1)
        picks = np.hstack([np.repeat(picks, k, axis=0), np.tile(np.arange(k), m)[:, None]])
        codes = np.hstack([np.repeat(codes, k, axis=0), np.tile(code, m)[:, None]])
        keep = (codes[:, :-1] != codes[:, -1:]).all(axis=1)
        totals, value, picks, codes = totals[keep], value[keep], picks[keep], codes[keep]
    # Only whole halves are pruned: a partial one could still be brought down or up.
    keep = ((totals >= low) & (totals <= high)).all(axis=1)
    return _Half(totals[keep], value[keep], picks[keep], part)


def _join(
    a: _Half,
    b: _Half,
    options: list[Options],
    low: Array,
    high: Array,
    kcal: float,
    kept: int | None,
) -> tuple[Array, Array, Array]:
    """The best `kept` (all when None) (value, mix of a, mix of b) whose sums are within
    [low, high], best first."""
    order_b = np.argsort(b.totals[:, 0], kind="stable")
    b_kcal = b.totals[order_b, 0]
    order_a = np.argsort(a.totals[:, 0], kind="stable")
    codes_a = _codes(a, options)
    codes_b = _codes(b, options)
    shared = np.intersect1d(codes_a, codes_b).size > 0
    middle, half = (low + high) / 2, (high - low) / 2
    centred = a.totals - middle
    kept_value, kept_a, kept_b = np.zeros(0), np.zeros(0, dtype=int), np.zeros(0, dtype=int)
    start = 0
    while start < len(order_a):
        block = order_a[start : start + 64]
        lo = np.searchsorted(b_kcal, low[0] - a.totals[block, 0].max(), side="left")
        hi = np.searchsorted(b_kcal, high[0] - a.totals[block, 0].min(), side="right")
        size = max(1, min(len(order_a) - start, PAIRS_PER_BLOCK // max(hi - lo, 1)))
        block = order_a[start : start + size]
        start += size
        lo = np.searchsorted(b_kcal, low[0] - a.totals[block, 0].max(), side="left")
        hi = np.searchsorted(b_kcal, high[0] - a.totals[block, 0].min(), side="right")
        window = order_b[lo:hi]
        if not len(window):
            continue
        # Per nutrient, the pairs' distance from the band's middle: 2-d arrays, no reductions.
        off_energy = np.abs(np.add.outer(centred[block, 0], b.totals[window, 0]))
        fits = off_energy <= half[0]
        for k in range(1, len(NUTRIENTS)):
            off = np.abs(np.add.outer(centred[block, k], b.totals[window, k]))
            fits &= off <= half[k]
        if shared:
            same = codes_a[block][:, None, :, None] == codes_b[window][None, :, None, :]
            fits &= ~same.any(axis=(2, 3))
        ia, ib = np.nonzero(fits)
        if not len(ia):
            continue
        # The energy band's middle is the target.
        value = a.value[block][ia] + b.value[window][ib] - off_energy[ia, ib] / kcal * 100
        kept_value = np.concatenate([kept_value, value])
        kept_a = np.concatenate([kept_a, block[ia]])
        kept_b = np.concatenate([kept_b, window[ib]])
        if kept is not None and len(kept_value) > 2 * kept:
            top = np.argsort(-kept_value, kind="stable")[:kept]
            kept_value, kept_a, kept_b = kept_value[top], kept_a[top], kept_b[top]
    top = np.argsort(-kept_value, kind="stable")[:kept]
    return kept_value[top], kept_a[top], kept_b[top]


def _codes(half: _Half, options: list[Options]) -> Array:
    """The recipe code of each slot's pick, per mix: (mixes, slots in half)."""
    columns = [options[p][2][half.picks[:, c]] for c, p in enumerate(half.slots)]
    return np.stack(columns, axis=1) if columns else np.zeros((len(half.value), 0), dtype=int)
