"""Nutrition engine (nutrition context): energy and macro targets, the 7-day meal planner and
recipe analysis. No Kafka or database here; the nutrition worker wires it to commands.

A worker calls the face below with plain JSON documents and gets JSON-able documents back.
`NutritionInputError` (and every error under it) means the request cannot be met as asked, and
its message says why; anything else is a bug or a transient failure."""

from contracts.nutrition.targets import Targets
from workers.nutrition.catalog import Catalog, CatalogError, UnknownPreferenceError
from workers.nutrition.documents import (
    AnalysisDocument,
    PlanDocument,
    plan_document,
    plan_from_document,
)
from workers.nutrition.errors import (
    InfeasibleTargetError,
    NutritionInputError,
    PlanDocumentError,
    ProfileDocumentError,
)
from workers.nutrition.planner import InfeasiblePlanError, Plan, Request, UnknownMealError
from workers.nutrition.requests import ProfileDocument, request_for
from workers.nutrition.service import (
    analyse_recipe,
    plan_week,
    shipped_catalog,
    swap_meal,
    targets_for,
)

__all__ = [
    "AnalysisDocument",
    "Catalog",
    "CatalogError",
    "InfeasiblePlanError",
    "InfeasibleTargetError",
    "NutritionInputError",
    "Plan",
    "PlanDocument",
    "PlanDocumentError",
    "ProfileDocument",
    "ProfileDocumentError",
    "Request",
    "Targets",
    "UnknownMealError",
    "UnknownPreferenceError",
    "analyse_recipe",
    "plan_document",
    "plan_from_document",
    "plan_week",
    "request_for",
    "shipped_catalog",
    "swap_meal",
    "targets_for",
]
