"""The week's days one after another, each the best among shortlisted recipes (`day_search`)
that keeps the variety rules against the days before it, going back to an earlier day's next
best when a later day has none."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from contracts.nutrition.targets import Targets
from workers.nutrition.catalog import Recipe
from workers.nutrition.day_search import DayOption, best_days
from workers.nutrition.variety import MAX_PER_WEEK

SHORTLISTS = ((6, 1), (12, 2))
"""(best scoring, richest and poorest in each macro) recipes a slot offers a day's search,
then again with more when none fits."""
BRANCH = 3  # other days tried for a day when the days after it cannot be planned
SEARCH_DAYS = 40  # days searched in all before the week is left to the programme


def search_week(
    choices: dict[str, list[Recipe]],
    targets: Sequence[Targets],
    scores: dict[int, dict[str, float]],
) -> list[DayOption] | None:
    """Day by day, each the best day that keeps the variety rules against the days before it;
    when a day has none, the next best choices for the days before are tried (depth first,
    at most `SEARCH_DAYS` days in all), so a greedy early day cannot paint the week into a
    corner; None when that finds no week. Nothing depends on time: the same request gives the
    same week."""
    planned: list[DayOption] = []
    budget = SEARCH_DAYS

    def visit(d: int) -> bool:
        nonlocal budget
        if d == len(targets):
            return True
        used = uses((d, [r for _, r, _ in option.meals]) for d, option in enumerate(planned))
        candidates = {
            slot: [r for r in recipes if may_use(r.id, d, used)]
            for slot, recipes in choices.items()
        }
        for option in best_shortlisted(candidates, scores[d], targets[d], count=BRANCH):
            if budget == 0:
                return False
            budget -= 1
            planned.append(option)
            if visit(d + 1):
                return True
            planned.pop()
        return False

    return planned if visit(0) else None


def best_shortlisted(
    candidates: dict[str, list[Recipe]],
    scores: dict[str, float],
    targets: Targets,
    *,
    count: int,
    every: bool = False,
) -> list[DayOption]:
    """The best days among a shortlist per slot (the best scoring recipes and those richest and
    poorest in each macro, which keep the day balanceable), then among a longer one, then (when
    `every`, for a day with few choices left) among every candidate."""
    for best, extremes in SHORTLISTS:
        shortlist = {
            slot: _shortlist(recipes, scores, best, extremes)
            for slot, recipes in candidates.items()
        }
        if found := best_days(shortlist, scores, targets, count):
            return found
    return best_days(candidates, scores, targets, count) if every else []


def _shortlist(
    recipes: list[Recipe],
    scores: dict[str, float],
    best: int,
    extremes: int,
) -> list[Recipe]:
    if len(recipes) <= best + 4 * extremes:
        return recipes
    ranked = sorted(recipes, key=lambda recipe: -scores[recipe.id])
    kept = {recipe.id: recipe for recipe in ranked[:best]}
    for share in (
        lambda r: r.nutrition.protein * 4 / max(r.nutrition.kcal, 1),
        lambda r: r.nutrition.carbohydrate * 4 / max(r.nutrition.kcal, 1),
        lambda r: r.nutrition.fat * 9 / max(r.nutrition.kcal, 1),
        lambda r: r.nutrition.kcal,
    ):
        by_share = sorted(recipes, key=share)
        kept.update((recipe.id, recipe) for recipe in by_share[:extremes] + by_share[-extremes:])
    return list(kept.values())


def uses(planned: Iterable[tuple[int, Iterable[Recipe]]]) -> dict[str, list[int]]:
    """Recipe id → the days it is planned on, from (day, its recipes)."""
    used: dict[str, list[int]] = {}
    for d, recipes in planned:
        for recipe in recipes:
            used.setdefault(recipe.id, []).append(d)
    return used


def may_use(recipe_id: str, day: int, used: dict[str, list[int]]) -> bool:
    days = used.get(recipe_id, [])
    return len(days) < MAX_PER_WEEK and not {day - 1, day, day + 1} & set(days)
