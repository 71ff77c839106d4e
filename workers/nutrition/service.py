"""The engine's face for a worker: plain JSON documents in, JSON-able documents out.

Every function raises `NutritionInputError` (or a subclass) when the request cannot be met as
asked, with a message for the user; anything else is a bug or a transient failure. Without a
`catalog`, the shipped one is used, loaded once per process on first use."""

from __future__ import annotations

import math
from functools import cache
from typing import Any

from workers.nutrition import planner
from workers.nutrition.catalog import Catalog, default_catalog
from workers.nutrition.documents import analysis_document, plan_document, plan_from_document
from workers.nutrition.errors import Document, NutritionInputError
from workers.nutrition.ingredients import analyse
from workers.nutrition.matching import FoodIndex
from workers.nutrition.requests import ProfileDocument, request_for


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
    only_portions_elsewhere: bool = False,
    catalog: Catalog | None = None,
) -> dict[str, Any]:
    """The plan document with one meal (`day` 0-6, `slot`) replaced and its day re-balanced; a
    recipe swapped out of that meal before never comes back (see `planner.swap_meal`)."""
    catalog = _or_shipped(catalog)
    rebuilt = plan_from_document(plan, catalog)
    swapped = planner.swap_meal(
        catalog, rebuilt, day, slot, only_portions_elsewhere=only_portions_elsewhere
    )
    return plan_document(swapped)


def analyse_recipe(
    text: str, *, servings: float = 1.0, catalog: Catalog | None = None
) -> dict[str, Any]:
    """Grams and nutrition of free-text ingredient lines, in total and per serving, as an
    analysis document (`documents.AnalysisDocument`). Lines that cannot be read, matched or
    weighed are listed with the reason, never guessed."""
    if not (math.isfinite(servings) and servings > 0):
        raise NutritionInputError(f"servings must be a positive number, not {servings!r}")
    index = _shipped_index() if catalog is None else FoodIndex(catalog.foods)
    catalog = _or_shipped(catalog)
    return analysis_document(analyse(text, catalog.foods, servings, index), catalog)
