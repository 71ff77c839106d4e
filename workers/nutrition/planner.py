"""The 7-day planner.

For every day and meal slot it picks one recipe and a portion between 0.5 and 2 servings in
whole quarters, so that every day's energy, as served, is within ±3 % of the target and every
macro within ±5 % or ±5 g (whichever is larger), and each meal carries a sensible share of the
day's energy (`slots.energy_shares`). Diet, allergens and excluded foods remove recipes before
planning; variety is kept across the week (a recipe at most twice, never on consecutive days,
once a day); preferences raise a recipe's score, which the plan maximises after the distance
from the energy target. A fixed seed breaks ties, so the same request always gives the same plan.

Days are planned one after another, each the best of its shortlisted recipes (`day_search`,
exact among them) that keeps the variety rules against the days before, going back to an
earlier day's next best when a day has none. With few recipes every possible day is listed and
the week searched among them (`variety`), which also proves an impossible week; the whole week
as one mixed-integer programme (`week_programme`) is the last resort. A request no plan can
meet is refused with the reason (`diagnosis`), proved on each day's linear relaxation first."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from contracts.nutrition.diets import ALLERGENS, Diet
from contracts.nutrition.targets import Targets
from workers.nutrition.catalog import ADMITS, Catalog, Nutrition, Recipe, UnknownPreferenceError
from workers.nutrition.day_search import DayOption, best_days
from workers.nutrition.diagnosis import (
    diagnose,
    obvious_reason,
    relaxed_reason,
    unservable_reason,
)
from workers.nutrition.errors import NutritionInputError
from workers.nutrition.limits import bounds_for
from workers.nutrition.model import STEPS_PER_SERVING
from workers.nutrition.own_recipes import OwnRecipe, with_own_recipes
from workers.nutrition.slots import UnknownSlotError, kind_of
from workers.nutrition.variety import assign_days
from workers.nutrition.week_programme import Meals, solve_days
from workers.nutrition.week_search import best_shortlisted, may_use, search_week, uses

DAYS = 7
EVERY_DAY_UP_TO = 16  # recipes a slot may offer for every possible day to be listed
TIME_LIMIT_S = 10.0  # the programme's search, when the shortlists found no week


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
    scores = {d: _scores(choices, request, d) for d in range(DAYS)}
    week = search_week(choices, request.targets, scores)
    if week is None and max(len(recipes) for recipes in choices.values()) <= EVERY_DAY_UP_TO:
        # Few recipes: every possible day of each day is found, and the variety rules are
        # searched among them, which finds the week or proves there is none in a second.
        possible = _every_day(choices, scores, request.targets)
        if empty := [d for d in range(DAYS) if not possible[d]]:
            raise InfeasiblePlanError(unservable_reason(empty[0], request.targets[empty[0]]))
        assignment = assign_days(possible)
        if assignment.week is None and assignment.finished:
            raise InfeasiblePlanError(
                diagnose(choices, request.targets, request.slots, range(DAYS), timed_out=False)
            )
        week = assignment.week
    if week is not None:
        days = tuple(_day(option.meals, request.targets[d]) for d, option in enumerate(week))
        return Plan(days=days, request=request)
    # The shortlists found no week: the whole week as one programme, every recipe allowed.
    meals = solve_days(choices, scores, request.targets, range(DAYS), used={},
                       time_limit_s=request.time_limit_s)  # fmt: skip
    if isinstance(meals, bool):
        raise InfeasiblePlanError(
            diagnose(choices, request.targets, request.slots, range(DAYS), timed_out=not meals)
        )
    return Plan(days=_days(meals, request, range(DAYS)), request=request)


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
    current = next(m.recipe.id for m in plan.days[day].meals if m.slot == slot)
    swapped_out = plan.swapped_out | {(day, slot, current)}
    banned = {rid for d, s, rid in swapped_out if (d, s) == (day, slot)}
    used = uses((d, [m.recipe for m in plan.days[d].meals]) for d in range(DAYS) if d != day)
    candidates = {
        s: [r for r in recipes if may_use(r.id, day, used) and (s != slot or r.id not in banned)]
        for s, recipes in choices.items()
    }
    kept = {m.slot: [m.recipe] for m in plan.days[day].meals if m.slot != slot}
    scores = {day: _scores(choices, request, day)}
    pinned = {s: kept.get(s, recipes) for s, recipes in candidates.items()}
    found = best_shortlisted(pinned, scores[day], request.targets[day], count=1, every=True)
    if not found and only_portions_elsewhere:
        raise InfeasiblePlanError(
            f"no other {slot} recipe fits day {day + 1} by changing only the other meals' portions"
        )
    found = found or best_shortlisted(candidates, scores[day], request.targets[day], count=1)
    if found:
        new_day = _day(found[0].meals, request.targets[day])
    else:
        meals = solve_days(candidates, scores, request.targets, [day], used=used,
                           time_limit_s=request.time_limit_s)  # fmt: skip
        if isinstance(meals, bool):
            raise InfeasiblePlanError(
                diagnose(candidates, request.targets, request.slots, [day], timed_out=not meals)
            )
        new_day = _days(meals, request, [day])[0]
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


def _every_day(
    choices: dict[str, list[Recipe]],
    scores: dict[int, dict[str, float]],
    targets: Sequence[Targets],
) -> list[list[DayOption]]:
    """Every possible day of each day, listed once for the days that share their targets."""
    listed: list[tuple[Targets, list[DayOption]]] = []
    for d, day in enumerate(targets):
        if not any(known == day for known, _ in listed):
            listed.append((day, best_days(choices, scores[d], day, None)))
    return [next(found for known, found in listed if known == day) for day in targets]


def _scores(choices: dict[str, list[Recipe]], request: Request, day: int) -> dict[str, float]:
    rng = np.random.default_rng([request.seed, day])
    scores: dict[str, float] = {}
    for recipes in choices.values():
        for recipe in recipes:
            if recipe.id not in scores:
                scores[recipe.id] = score(recipe, request, rng)
    return scores


def _day(meals: Sequence[tuple[str, Recipe, int]], targets: Targets) -> Day:
    served = (Meal(slot, recipe, steps / STEPS_PER_SERVING) for slot, recipe, steps in meals)
    return Day(tuple(served), targets)


def _days(meals: Meals, request: Request, days: Sequence[int]) -> tuple[Day, ...]:
    order = {slot: position for position, slot in enumerate(request.slots)}
    return tuple(
        _day(
            sorted(((s, r, q) for on, s, r, q in meals if on == d), key=lambda m: order[m[0]]),
            request.targets[d],
        )
        for d in days
    )


def within_tolerance(day: Day) -> bool:
    """The day's totals, as served, are inside every range of `bounds_for`."""
    return all(
        low <= getattr(day.totals, nutrient) <= high
        for nutrient, (low, high) in bounds_for(day.targets).items()
    )
