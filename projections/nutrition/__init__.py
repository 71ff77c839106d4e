"""Read models of the nutrition context."""

from projections.nutrition.coach import CoachMessagesProjection
from projections.nutrition.days import NutritionDaysProjection
from projections.nutrition.guides import CoachGuidesProjection
from projections.nutrition.meal_plans import MealPlansProjection
from projections.nutrition.profiles import NutritionProfilesProjection
from projections.nutrition.recipes import RecipesProjection

PROJECTIONS = (
    NutritionProfilesProjection(),
    NutritionDaysProjection(),
    MealPlansProjection(),
    RecipesProjection(),
    CoachMessagesProjection(),
    CoachGuidesProjection(),
)

__all__ = [
    "PROJECTIONS",
    "CoachGuidesProjection",
    "CoachMessagesProjection",
    "MealPlansProjection",
    "NutritionDaysProjection",
    "NutritionProfilesProjection",
    "RecipesProjection",
]
