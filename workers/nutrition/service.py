"""The engine's face for a worker: plain JSON documents in, JSON-able documents out.

Every function raises `NutritionInputError` (or a subclass) when the request cannot be met as
asked, with a message for the user; anything else is a bug or a transient failure. Without a
`catalog`, the shipped one is used, loaded once per process on first use."""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import cache
from typing import Any

from workers.nutrition import planner
from workers.nutrition.analysis_document import analysis_document
from workers.nutrition.catalog import Catalog, default_catalog
from workers.nutrition.catalog_document import recipe_document
from workers.nutrition.documents import plan_document, plan_from_document
from workers.nutrition.errors import Document, NutritionInputError, validated
from workers.nutrition.ingredients import analyse
from workers.nutrition.matching import FoodIndex
from workers.nutrition.own_recipes import OwnRecipe, OwnRecipeError
from workers.nutrition.plan_input import MealPlanInput, request_from
from workers.nutrition.requests import ProfileDocument, request_for
from workers.nutrition.shopping import shopping_document
from workers.nutrition.slots import slots_for

__all__ = [
    "analyse_recipe",
    "catalog_recipes",
    "plan_for",
    "plan_week",
    "shipped_catalog",
    "shopping_list",
    "slots_for",
    "swap_meal",
    "targets_for",
]


@cache
def shipped_catalog() -> Catalog:
    """The shipped catalog, shared by every call in the process: read it, never change it."""
    return default_catalog()


@cache
def _shipped_index() -> FoodIndex:
    return FoodIndex(shipped_catalog().foods)


def _or_shipped(catalog: Catalog | None) -> Catalog:
    return shipped_catalog() if catalog is None else catalog


def targets_for(profile: Document) -> list[dict[str, Any]]:
    """Seven days of energy and macro targets (`Targets`), Monday first, for a profile document
    (see `requests`); hard-session and long-run days carry more carbohydrate."""
    return [day.model_dump(mode="json") for day in ProfileDocument.read(profile).week_targets()]


def plan_for(
    request: Document | MealPlanInput, *, catalog: Catalog | None = None
) -> dict[str, Any]:
    """A week plan document (`documents.PlanDocument`) for a `MealPlanInput` or its JSON: seven
    days of `targets`, `slots` (see `slots_for`), `diet`, `allergens`, `dislikes` and `likes`
    (free words), `cuisines`, `own_recipes` and `seed`. Words that name nothing are listed in the
    document's `unrecognised`; the same input gives the same plan."""
    catalog = _or_shipped(catalog)
    wanted = MealPlanInput.read(request)
    return plan_document(planner.plan_week(catalog, request_from(wanted, catalog)))


def plan_week(
    profile: Document, *, seed: int = 0, catalog: Catalog | None = None
) -> dict[str, Any]:
    """A week of meals for a profile document, as a plan document (`documents.PlanDocument`).
    The same document and seed give the same plan."""
    catalog = _or_shipped(catalog)
    request = request_for(ProfileDocument.read(profile), catalog, seed=seed)
    return plan_document(planner.plan_week(catalog, request))


def swap_meal(
    plan: Document,
    day: int,
    slot: str,
    *,
    own_recipes: Sequence[OwnRecipe | Document] | None = None,
    only_portions_elsewhere: bool = False,
    catalog: Catalog | None = None,
) -> dict[str, Any]:
    """The plan document with one meal (`day` 0-6, `slot`) replaced and its day re-balanced; a
    recipe swapped out of that meal before never comes back (see `planner.swap_meal`).
    `own_recipes`, when given, are the user's recipes now (else those the plan was made with)."""
    catalog = _or_shipped(catalog)
    rebuilt = plan_from_document(plan, catalog, _own(own_recipes))
    swapped = planner.swap_meal(
        catalog, rebuilt, day, slot, only_portions_elsewhere=only_portions_elsewhere
    )
    return plan_document(swapped)


def _own(recipes: Sequence[OwnRecipe | Document] | None) -> list[OwnRecipe] | None:
    if recipes is None:
        return None
    return [
        own if isinstance(own, OwnRecipe) else validated(OwnRecipe, own, OwnRecipeError)
        for own in recipes
    ]


def shopping_list(plan: Document, *, catalog: Catalog | None = None) -> dict[str, Any]:
    """The week's groceries for a plan document: each food's grams summed over every meal, a
    household amount ("3 pieces", "1 ½ cups", "450 g") and its aisle, grouped by aisle
    (`{"aisles": [{"aisle": ..., "items": [{"food_id", "name", "grams", "amount",
    "aisle"}]}]}`)."""
    catalog = _or_shipped(catalog)
    return shopping_document(plan_from_document(plan, catalog), catalog.foods)


def analyse_recipe(
    text: str, *, servings: float = 1.0, catalog: Catalog | None = None
) -> dict[str, Any]:
    """Grams and nutrition of free-text ingredient lines, in total and per serving, as an
    analysis document (`analysis_document.AnalysisDocument`): each weighed line's food id and
    grams, the lines left out with the reason (never guessed), and the food ids, grams, diet
    and allergens an own recipe saved from it takes."""
    if not (math.isfinite(servings) and servings > 0):
        raise NutritionInputError(f"servings must be a positive number, not {servings!r}")
    index = _shipped_index() if catalog is None else FoodIndex(catalog.foods)
    catalog = _or_shipped(catalog)
    return analysis_document(analyse(text, catalog.foods, servings, index), catalog)


def catalog_recipes(*, catalog: Catalog | None = None) -> list[dict[str, Any]]:
    """Every catalog recipe as a JSON-able document: id, name, slots, cuisine, diet, allergens,
    tags, ingredients (food id, name, grams per serving) and per-serving nutrition."""
    catalog = _or_shipped(catalog)
    return [recipe_document(recipe, catalog) for recipe in catalog.recipes]
