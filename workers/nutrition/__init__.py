"""Nutrition engine (nutrition context): energy and macro targets, the 7-day meal planner and
recipe analysis. No Kafka or database here; the nutrition worker wires it to commands.

A worker calls the face below with plain JSON documents and gets JSON-able documents back.
`NutritionInputError` (and every error under it) means the request cannot be met as asked, and
its message says why; anything else is a bug or a transient failure."""

from contracts.nutrition.targets import Targets
from workers.nutrition.analysis_document import AnalysisDocument
from workers.nutrition.catalog import Catalog, CatalogError, UnknownPreferenceError
from workers.nutrition.documents import PlanDocument, plan_document, plan_from_document
from workers.nutrition.errors import (
    InfeasibleTargetError,
    NutritionInputError,
    PlanDocumentError,
    ProfileDocumentError,
)
from workers.nutrition.own_recipes import OwnIngredient, OwnRecipe, OwnRecipeError
from workers.nutrition.plan_input import MealPlanInput, PlanInputError
from workers.nutrition.planner import InfeasiblePlanError, Plan, Request, UnknownMealError
from workers.nutrition.requests import ProfileDocument, request_for
from workers.nutrition.service import (
    analyse_recipe,
    catalog_recipes,
    plan_for,
    plan_week,
    shipped_catalog,
    shopping_list,
    slots_for,
    swap_meal,
    targets_for,
)

__all__ = [
    "AnalysisDocument",
    "Catalog",
    "CatalogError",
    "InfeasiblePlanError",
    "InfeasibleTargetError",
    "MealPlanInput",
    "NutritionInputError",
    "OwnIngredient",
    "OwnRecipe",
    "OwnRecipeError",
    "Plan",
    "PlanDocument",
    "PlanDocumentError",
    "PlanInputError",
    "ProfileDocument",
    "ProfileDocumentError",
    "Request",
    "Targets",
    "UnknownMealError",
    "UnknownPreferenceError",
    "analyse_recipe",
    "catalog_recipes",
    "plan_document",
    "plan_for",
    "plan_from_document",
    "plan_week",
    "request_for",
    "shipped_catalog",
    "shopping_list",
    "slots_for",
    "swap_meal",
    "targets_for",
]

# The nutrition context's workers (see `pacer.contexts`): its reactors and jobs.
from workers.nutrition.coaching import COACH_REPLY
from workers.nutrition.jobs import ANALYSE_RECIPE, PLAN_WEEK, SWAP_MEAL
from workers.nutrition.reactors import training_days, work

REACTORS = (work, training_days)
JOBS = (PLAN_WEEK, SWAP_MEAL, ANALYSE_RECIPE, COACH_REPLY)
