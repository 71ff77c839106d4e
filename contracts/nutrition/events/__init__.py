"""Events of the nutrition context, a module per topic: profile, days, plans, recipes, coach."""

from contracts.nutrition.events.coach import (
    CoachGuidePublished,
    CoachMessageSent,
    CoachReplied,
    CoachReplyFailed,
)
from contracts.nutrition.events.days import DayKindSet, TrainingDayMarked, TrainingDayUnmarked
from contracts.nutrition.events.plans import (
    MealPlanFailed,
    MealPlanGenerated,
    MealPlanningStarted,
    MealPlanRequested,
    MealSwapFailed,
    MealSwapped,
    MealSwapRequested,
)
from contracts.nutrition.events.profile import (
    NutritionProfileSet,
    NutritionTargetsSet,
    TargetUpdateAccepted,
    TargetUpdateProposed,
    WeightLogged,
)
from contracts.nutrition.events.recipes import (
    CatalogRecipePublished,
    RecipeAnalysed,
    RecipeAnalysisFailed,
    RecipeDeleted,
    RecipeSubmitted,
)

__all__ = [
    "CatalogRecipePublished",
    "CoachGuidePublished",
    "CoachMessageSent",
    "CoachReplied",
    "CoachReplyFailed",
    "DayKindSet",
    "MealPlanFailed",
    "MealPlanGenerated",
    "MealPlanRequested",
    "MealPlanningStarted",
    "MealSwapFailed",
    "MealSwapRequested",
    "MealSwapped",
    "NutritionProfileSet",
    "NutritionTargetsSet",
    "RecipeAnalysed",
    "RecipeAnalysisFailed",
    "RecipeDeleted",
    "RecipeSubmitted",
    "TargetUpdateAccepted",
    "TargetUpdateProposed",
    "TrainingDayMarked",
    "TrainingDayUnmarked",
    "WeightLogged",
]
