"""The 7-day planner: a mixed-integer programme solved by HiGHS (scipy.optimize.milp).

For every day and meal slot it picks exactly one recipe (binary choice) and a portion between
0.5 and 2 servings in quarters (see `model`), so that every day's energy, as served, is within
±3 % of the target and every macro within ±5 % or ±5 g (whichever is larger), and each meal
carries a sensible share of the day's energy (`slots.energy_shares`). Diet, allergens and
excluded foods remove recipes before solving; variety is a constraint (a recipe at most twice a
week, never on consecutive days, once a day); preferences raise a recipe's score, which the
objective maximises after the distance from the energy target. A fixed seed breaks ties, so the
same request always gives the same plan. A request no plan can meet is refused with the
reason (`diagnosis`), proved on each day's linear relaxation before any search."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import partial

import numpy as np
from scipy.optimize import milp

from contracts.nutrition.diets import ALLERGENS, Diet
from contracts.nutrition.targets import Targets
from workers.nutrition.catalog import ADMITS, Catalog, Nutrition, Recipe, UnknownPreferenceError
from workers.nutrition.diagnosis import diagnose, obvious_reason, relaxed_reason
from workers.nutrition.errors import NutritionInputError
from workers.nutrition.limits import bounds_for
from workers.nutrition.model import STEPS_PER_SERVING, Key, Programme, programme
from workers.nutrition.own_recipes import OwnRecipe, with_own_recipes
from workers.nutrition.slots import UnknownSlotError, kind_of

DAYS = 7
MAX_PER_WEEK = 2
BEST_PLAN_S = 3.0  # the search for the best-scoring plan (a day's, or a week's)
BEST_PLAN_NODES = 300
"""The search stops after this many branch-and-bound nodes, not at a time, so that the same
request gives the same plan on a busy machine too."""
TIME_LIMIT_S = 10.0  # the search for any plan, when that one found none
DAY_BY_DAY_ATTEMPTS = 2
SHORTLIST, EXTREMES = 12, 2


class InfeasiblePlanError(NutritionInputError):
    """No plan meets the request; `reason` names the constraint that makes it impossible."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class UnknownMealError(NutritionInputError):
    """A swap names a day or a slot the plan does not have."""


@dataclass(frozen=True)
class Request:
    targets: Sequence[Targets]
    """One per day (training days may differ)."""
    slots: Sequence[str] = ("breakfast", "lunch", "dinner", "snack")
    diet: Diet = Diet.OMNIVORE
    allergens: frozenset[str] = frozenset()
    excluded_foods: frozenset[str] = frozenset()
    liked_foods: frozenset[str] = frozenset()
    cuisines: frozenset[str] = frozenset()
    seed: int = 0
    own_recipes: tuple[OwnRecipe, ...] = ()
    """The user's own recipes, planned beside the catalog's."""
    unrecognised: tuple[tuple[str, str], ...] = ()
    """(word, reason) for each preference word that named nothing: reported, not planned on."""
    time_limit_s: float = TIME_LIMIT_S
    """How long the solver may search for a programme's plan before giving up with a reason."""

    def __post_init__(self) -> None:
        # Tuples, whatever sequence was passed: two equal requests compare equal.
        object.__setattr__(self, "targets", tuple(self.targets))
        object.__setattr__(self, "slots", tuple(self.slots))
        object.__setattr__(self, "own_recipes", tuple(self.own_recipes))
        object.__setattr__(self, "unrecognised", tuple(self.unrecognised))


@dataclass(frozen=True)
class Meal:
    slot: str
    recipe: Recipe
    servings: float

    @property
    def nutrition(self) -> Nutrition:
        return self.recipe.nutrition.scaled(self.servings)


@dataclass(frozen=True)
class Day:
    meals: tuple[Meal, ...]
    targets: Targets

    @property
    def totals(self) -> Nutrition:
        total = Nutrition()
        for meal in self.meals:
            total = total + meal.nutrition
        return total


@dataclass(frozen=True)
class Plan:
    days: tuple[Day, ...]
    request: Request = field(repr=False)
    swapped_out: frozenset[tuple[int, str, str]] = frozenset()
    """(day, slot, recipe id) the user swapped away: a later swap will not bring them back."""


def allowed(catalog: Catalog, request: Request, slot: str) -> list[Recipe]:
    return [
        recipe
        for recipe in catalog.for_slot(kind_of(slot))
        if recipe.diet in ADMITS[request.diet]
        and not recipe.allergens & request.allergens
        and not recipe.foods & request.excluded_foods
    ]


def score(recipe: Recipe, request: Request, rng: np.random.Generator) -> float:
    liked = len(recipe.foods & request.liked_foods)
    preferred = (recipe.cuisine in request.cuisines) + recipe.own
    return liked + preferred + rng.uniform(0, 0.5)


def plan_week(catalog: Catalog, request: Request) -> Plan:
    catalog = with_own_recipes(catalog, request.own_recipes)
    check_request(catalog, request)
    choices = {slot: allowed(catalog, request, slot) for slot in request.slots}
    restrictions = request.allergens | request.excluded_foods
    if reason := obvious_reason(
        choices, request.targets, diet=request.diet, restrictions=restrictions
    ) or relaxed_reason(choices, request.targets, request.slots, range(DAYS)):
        raise InfeasiblePlanError(reason)
    # Day by day: each day is a small programme that respects the variety rules against the
    # days already planned. Far faster than one programme for the week. Greedy choices can paint
    # a late day into a corner, so a few differently-seeded passes are tried (still deterministic)
    # before the week is solved as one programme.
    for attempt in range(DAY_BY_DAY_ATTEMPTS):
        tie_breaks = replace(request, seed=request.seed + attempt * 7919)
        planned: dict[int, Day] = {}
        try:
            for d in range(DAYS):
                planned[d] = _solve_day(choices, tie_breaks, d, fixed=planned)
        except InfeasiblePlanError:
            continue
        return Plan(days=tuple(planned[d] for d in range(DAYS)), request=request)
    return Plan(days=_solve(choices, request, range(DAYS), fixed={}, banned={}), request=request)


def swap_meal(
    catalog: Catalog, plan: Plan, day: int, slot: str, *, only_portions_elsewhere: bool = False
) -> Plan:
    """Replace one meal with the best other recipe and re-balance the day. The day's other
    meals keep their recipes and only change portions; when that cannot meet the targets, they
    may change too, unless `only_portions_elsewhere` asks for an error instead."""
    request = plan.request
    catalog = with_own_recipes(catalog, request.own_recipes)
    if not 0 <= day < DAYS or slot not in request.slots:
        slots = ", ".join(request.slots)
        raise UnknownMealError(f"no {slot!r} meal on day {day}; days are 0-6, slots {slots}")
    choices = {s: allowed(catalog, request, s) for s in request.slots}
    fixed = {d: plan.days[d] for d in range(DAYS) if d != day}
    current = next(m.recipe.id for m in plan.days[day].meals if m.slot == slot)
    swapped_out = plan.swapped_out | {(day, slot, current)}
    banned = {(day, slot): {rid for d, s, rid in swapped_out if (d, s) == (day, slot)}}
    others = {(day, m.slot): m.recipe.id for m in plan.days[day].meals if m.slot != slot}
    try:
        new_day = _solve(choices, request, [day], fixed=fixed, banned=banned, pinned=others)[0]
    except InfeasiblePlanError:
        if only_portions_elsewhere:
            raise InfeasiblePlanError(
                f"no other {slot} recipe fits day {day + 1} by changing only the other meals' "
                "portions"
            ) from None
        new_day = _solve(choices, request, [day], fixed=fixed, banned=banned)[0]
    days = list(plan.days)
    days[day] = new_day
    return Plan(days=tuple(days), request=request, swapped_out=swapped_out)


def check_request(catalog: Catalog, request: Request) -> None:
    """Refuse a week that is not seven days, and preferences that name nothing: an ignored
    allergy would be silently dangerous. (`preferences` turns everyday words into these ids.)"""
    if len(request.targets) != DAYS:
        raise NutritionInputError(f"a plan needs {DAYS} daily targets, not {len(request.targets)}")
    if len(set(request.slots)) != len(request.slots):
        raise NutritionInputError(f"a slot is listed twice: {', '.join(request.slots)}")
    for slot in request.slots:
        try:
            kind_of(slot)
        except UnknownSlotError as error:
            raise NutritionInputError(str(error)) from None
    unknown = {
        "allergen": request.allergens - ALLERGENS,
        "food": (request.excluded_foods | request.liked_foods) - set(catalog.foods),
        "cuisine": request.cuisines - {recipe.cuisine for recipe in catalog.recipes},
    }
    for kind, names in unknown.items():
        if names:
            raise UnknownPreferenceError(f"unknown {kind}(s): {', '.join(sorted(names))}")


def _solve_day(
    choices: dict[str, list[Recipe]], request: Request, day: int, *, fixed: dict[int, Day]
) -> Day:
    """One day against the days already planned: first among a shortlist per slot (the best
    scoring recipes and those richest and poorest in each macro, which keep the day balanceable),
    which is several times faster, then among every recipe allowed."""
    rng = np.random.default_rng([request.seed, day, 1])
    shortlist = {slot: _shortlist(recipes, request, rng) for slot, recipes in choices.items()}
    try:
        return _solve(shortlist, request, [day], fixed=fixed, banned={})[0]
    except InfeasiblePlanError:
        return _solve(choices, request, [day], fixed=fixed, banned={})[0]


def _shortlist(recipes: list[Recipe], request: Request, rng: np.random.Generator) -> list[Recipe]:
    if len(recipes) <= SHORTLIST:
        return recipes
    ranked = sorted(recipes, key=lambda recipe: -score(recipe, request, rng))
    kept = {recipe.id: recipe for recipe in ranked[:SHORTLIST]}
    for share in (
        lambda r: r.nutrition.protein * 4 / max(r.nutrition.kcal, 1),
        lambda r: r.nutrition.carbohydrate * 4 / max(r.nutrition.kcal, 1),
        lambda r: r.nutrition.fat * 9 / max(r.nutrition.kcal, 1),
        lambda r: r.nutrition.kcal,
    ):
        by_share = sorted(recipes, key=share)
        kept.update((recipe.id, recipe) for recipe in by_share[:EXTREMES] + by_share[-EXTREMES:])
    return list(kept.values())


def _solve(
    choices: dict[str, list[Recipe]],
    request: Request,
    days: Sequence[int],
    *,
    fixed: dict[int, Day],
    banned: dict[tuple[int, str], set[str]],
    pinned: dict[tuple[int, str], str] | None = None,
) -> tuple[Day, ...]:
    rng = np.random.default_rng([request.seed, *days])
    keys = [
        (d, slot, recipe)
        for d in days
        for slot in request.slots
        for recipe in choices[slot]
        if recipe.id not in banned.get((d, slot), set())
        and (pinned or {}).get((d, slot), recipe.id) == recipe.id
    ]
    n = len(keys)
    model = programme(keys, days, request.slots, request.targets)
    _variety(keys, days, fixed, model)
    cost = np.zeros(model.size)
    cost[:n] = -np.array([score(recipe, request, rng) for _, _, recipe in keys])
    cost[2 * n :] = 1.0
    solve = partial(
        milp, constraints=model.constraints(), integrality=model.integrality(),
        bounds=model.bounds(),
    )  # fmt: skip
    started = time.monotonic()
    # Any plan within tolerance is correct; stop once the preference score is near the best.
    result = solve(
        cost,
        options={"time_limit": BEST_PLAN_S, "node_limit": BEST_PLAN_NODES, "disp": False,
                 "mip_rel_gap": 0.1},
    )  # fmt: skip
    if result.x is None and result.status != 2 and request.time_limit_s > BEST_PLAN_S:
        # No plan within the search for the best one: look for any plan in the time left
        # (without an objective the solver stops at the first one it finds).
        left = request.time_limit_s - (time.monotonic() - started)
        result = solve(np.zeros(model.size), options={"time_limit": max(left, 1.0), "disp": False})
    if result.x is None:
        raise InfeasiblePlanError(
            diagnose(choices, request.targets, request.slots, days, timed_out=result.status != 2)
        )
    chosen = np.round(result.x[: 2 * n]).astype(int)
    order = {slot: position for position, slot in enumerate(request.slots)}
    out = []
    for d in days:
        meals = tuple(
            Meal(slot=k[1], recipe=k[2], servings=chosen[n + i] / STEPS_PER_SERVING)
            for i, k in enumerate(keys)
            if k[0] == d and chosen[i] == 1
        )
        out.append(Day(tuple(sorted(meals, key=lambda m: order[m.slot])), request.targets[d]))
    return tuple(out)


def within_tolerance(day: Day) -> bool:
    """The day's totals, as served, are inside every range of `bounds_for`."""
    return all(
        low <= getattr(day.totals, nutrient) <= high
        for nutrient, (low, high) in bounds_for(day.targets).items()
    )


def _variety(keys: list[Key], days: Sequence[int], fixed: dict[int, Day], model: Programme) -> None:
    def add(coefficients: dict[int, float], low: float, high: float) -> None:
        model.add(coefficients, low, high, "variety")

    by_recipe: dict[str, list[int]] = {}
    for i, (_, _, recipe) in enumerate(keys):
        by_recipe.setdefault(recipe.id, []).append(i)
    used_fixed: dict[str, list[int]] = {}
    for d, day in fixed.items():
        for meal in day.meals:
            used_fixed.setdefault(meal.recipe.id, []).append(d)
    for recipe_id, indices in by_recipe.items():
        elsewhere = used_fixed.get(recipe_id, [])
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
