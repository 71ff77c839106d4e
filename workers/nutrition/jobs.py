"""The nutrition context's heavy work, as Dramatiq jobs that report by command: plan a week of
meals, swap a meal, analyse a recipe. The engine's input errors (`NutritionInputError`) are the
request's fault and come back as the failure's reason, in words the athlete can act on."""

from __future__ import annotations

from typing import Any

from contracts.commands import Command
from contracts.nutrition.events import MealPlanRequested, MealSwapRequested, RecipeSubmitted
from contracts.nutrition.plans import (
    CompleteMealPlan,
    CompleteMealSwap,
    FailMealPlan,
    FailMealSwap,
    StartMealPlanning,
)
from contracts.nutrition.recipes import (
    AnalysedIngredient,
    CompleteRecipeAnalysis,
    FailRecipeAnalysis,
    RecipeAnalysis,
    UnreadLine,
)
from workers.jobs import Job, Work
from workers.nutrition import service
from workers.nutrition.errors import NutritionInputError
from workers.nutrition.week import engine_input, nutrients, to_document, to_week


def plan(request: MealPlanRequested, work: Work) -> Command[Any]:
    work.progress(1, 10)
    document = service.plan_for(engine_input(request.request))
    return CompleteMealPlan(plan_id=request.plan_id, week=to_week(document, request.request))


PLAN_WEEK: Job[MealPlanRequested] = Job(
    name="nutrition.plan_week",
    payload=MealPlanRequested,
    run=plan,
    failed=lambda request, reason: FailMealPlan(plan_id=request.plan_id, reason=reason),
    progress=lambda request, _: StartMealPlanning(plan_id=request.plan_id),
    bad_input=(NutritionInputError,),
    time_limit_s=120.0,
)


def swap(request: MealSwapRequested, work: Work) -> Command[Any]:
    day = next(n for n, asked in enumerate(request.request.days) if asked.date == request.date)
    document = service.swap_meal(to_document(request.request, request.week), day, request.slot)
    return CompleteMealSwap(plan_id=request.plan_id, swap_id=request.swap_id,
                            week=to_week(document, request.request))  # fmt: skip


SWAP_MEAL: Job[MealSwapRequested] = Job(
    name="nutrition.swap_meal",
    payload=MealSwapRequested,
    run=swap,
    failed=lambda request, reason: FailMealSwap(
        plan_id=request.plan_id, swap_id=request.swap_id, reason=reason
    ),
    bad_input=(NutritionInputError,),
    time_limit_s=60.0,
)


def analyse(request: RecipeSubmitted, work: Work) -> Command[Any]:
    found = service.analyse_recipe(request.text, servings=request.servings)
    if not found["lines"]:  # the lines are the athlete's text: counted, never quoted
        unread = len(found["unmatched"])
        raise NutritionInputError(
            f"no ingredient line could be weighed ({unread} line{'s' * (unread != 1)} read; "
            "write each as a quantity, a unit and a food, e.g. 200 g rice)"
        )
    analysis = RecipeAnalysis(
        ingredients=[
            AnalysedIngredient(line=line["text"], food_id=line["food"],
                               food_name=line["food_name"], grams=line["grams"],
                               nutrition=nutrients(line["nutrition"]))
            for line in found["lines"]
        ],
        unread=[UnreadLine(line=line["text"], reason=line["reason"])
                for line in found["unmatched"]],
        total=nutrients(found["total"]), per_serving=nutrients(found["per_serving"]),
        diet=found["diet"], allergens=found["allergens"],
    )  # fmt: skip
    return CompleteRecipeAnalysis(recipe_id=request.recipe_id, analysis=analysis)


ANALYSE_RECIPE: Job[RecipeSubmitted] = Job(
    name="nutrition.analyse_recipe",
    payload=RecipeSubmitted,
    run=analyse,
    failed=lambda request, reason: FailRecipeAnalysis(recipe_id=request.recipe_id, reason=reason),
    bad_input=(NutritionInputError,),
    time_limit_s=60.0,
)
