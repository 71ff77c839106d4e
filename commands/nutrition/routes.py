"""Nutrition commands over HTTP: the profile (targets are computed and recorded with it), the
weight log and adaptive target proposals, a day's kind, meal plans and swaps, recipes and recipe
analyses, and messages to the AI coach. Heavy work (planning, analysing, answering) is accepted
at once and done by workers; the query API shows its status and result."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Response

from commands.http import AccountSender, IdempotencyKey, account_limit, answer, build, new_id
from contracts.commands import CommandAccepted
from contracts.nutrition.coach import CoachMessageBody, SendCoachMessage
from contracts.nutrition.days import DayKindBody, SetDayKind
from contracts.nutrition.plans import MealPlanBody, MealSwapBody, RequestMealPlan, SwapMeal
from contracts.nutrition.profile import (
    AcceptTargetUpdate,
    LogWeight,
    NutritionProfileBody,
    SetNutritionProfile,
    TargetUpdateDecision,
    WeightEntry,
)
from contracts.nutrition.recipes import (
    AnalyseRecipe,
    AnalysisBody,
    DeleteRecipe,
    RecipeBody,
    SaveRecipe,
)
from contracts.types import Day
from infra.problems import problems

router = APIRouter(prefix="/nutrition", tags=["nutrition"])
PLANS = account_limit("meal-plans", "limit_meal_plans_per_account", "meal plans")
SWAPS = account_limit("meal-swaps", "limit_meal_swaps_per_account", "meal swaps")
COACH = account_limit("coach", "limit_coach_messages_per_account", "messages to the coach")
RECIPES = account_limit("recipes", "limit_recipe_analyses_per_account", "recipe analyses")


@router.put("/profile", response_model=CommandAccepted, responses=problems(409))
async def set_profile(
    body: NutritionProfileBody, sender: AccountSender, response: Response,
    key: IdempotencyKey = None,
) -> CommandAccepted:  # fmt: skip
    """Set or change your nutrition profile. Energy and macro targets for each kind of day
    (normal, rest, long run, hard session) are computed from it and recorded; a goal that is
    unsafe (losing weight below a healthy BMI, intake under the minimum without
    `allow_large_deficit`) or impossible is a 422 that says what to change."""
    command = build(SetNutritionProfile, athlete_id=sender.account_id, **body.model_dump())
    return answer(await sender.send(command, key), response)


@router.post("/weights", response_model=CommandAccepted)
async def log_weight(
    body: WeightEntry, sender: AccountSender, response: Response, key: IdempotencyKey = None
) -> CommandAccepted:
    """Log a weigh-in (one per day; the latest counts). From two weeks of weigh-ins and your
    planned intake, Pacer estimates your real expenditure and may propose new targets."""
    command = build(LogWeight, athlete_id=sender.account_id, **body.model_dump())
    return answer(await sender.send(command, key), response)


@router.post("/target-proposals/{proposal_id}/accept", response_model=CommandAccepted,
             responses=problems(409))  # fmt: skip
async def accept_target_update(
    proposal_id: UUID, body: TargetUpdateDecision, sender: AccountSender, response: Response,
    key: IdempotencyKey = None,
) -> CommandAccepted:  # fmt: skip
    """Take the energy target the adaptive estimate proposed (see `GET /nutrition/profile`)."""
    command = build(AcceptTargetUpdate, athlete_id=sender.account_id, proposal_id=proposal_id,
                    **body.model_dump())  # fmt: skip
    return answer(await sender.send(command, key), response)


@router.put("/days/{day}", response_model=CommandAccepted)
async def set_day_kind(
    day: Day, body: DayKindBody, sender: AccountSender, response: Response,
    key: IdempotencyKey = None,
) -> CommandAccepted:  # fmt: skip
    """Say what kind of day a day is for meal planning (a long run, a hard session, a rest
    day), over what your training says; `null` goes back to your training."""
    command = build(SetDayKind, athlete_id=sender.account_id, day=day, **body.model_dump())
    return answer(await sender.send(command, key), response)


@router.post("/meal-plans", status_code=202, response_model=CommandAccepted, dependencies=[PLANS],
             responses=problems(409))  # fmt: skip
async def request_meal_plan(
    body: MealPlanBody, sender: AccountSender, response: Response, key: IdempotencyKey = None
) -> CommandAccepted:
    """Plan seven days of meals from `week_start` for your targets, preferences and training
    days. Accepted at once; `GET /nutrition/meal-plans/{aggregate_id}` shows its status
    (requested, planning, ready or failed with the reason) and, once ready, the plan and its
    shopping list."""
    command = build(RequestMealPlan, plan_id=new_id(sender, key), athlete_id=sender.account_id,
                    **body.model_dump())  # fmt: skip
    return answer(await sender.send(command, key), response)


@router.post("/meal-plans/{plan_id}/swaps", status_code=202, response_model=CommandAccepted,
             dependencies=[SWAPS], responses=problems(404, 409))  # fmt: skip
async def swap_meal(
    plan_id: UUID, body: MealSwapBody, sender: AccountSender, response: Response,
    key: IdempotencyKey = None,
) -> CommandAccepted:  # fmt: skip
    """Swap one meal for another recipe; its day is re-balanced to stay on target, and a
    recipe swapped out never comes back in this plan. One swap at a time."""
    command = build(SwapMeal, plan_id=plan_id, athlete_id=sender.account_id,
                    swap_id=new_id(sender, key), **body.model_dump())  # fmt: skip
    return answer(await sender.send(command, key), response)


@router.post("/recipes", status_code=202, response_model=CommandAccepted, dependencies=[RECIPES])
async def save_recipe(
    body: RecipeBody, sender: AccountSender, response: Response, key: IdempotencyKey = None
) -> CommandAccepted:
    """Save one of your recipes from its ingredient lines: it is analysed (grams, nutrition,
    diet and allergens), then searchable by you and usable by your meal plans."""
    command = build(SaveRecipe, recipe_id=new_id(sender, key), athlete_id=sender.account_id,
                    **body.model_dump())  # fmt: skip
    return answer(await sender.send(command, key), response)


@router.delete("/recipes/{recipe_id}", response_model=CommandAccepted, responses=problems(404))
async def delete_recipe(
    recipe_id: UUID, sender: AccountSender, response: Response, key: IdempotencyKey = None
) -> CommandAccepted:
    command = build(DeleteRecipe, recipe_id=recipe_id, athlete_id=sender.account_id)
    return answer(await sender.send(command, key), response)


@router.post("/recipe-analyses", status_code=202, response_model=CommandAccepted,
             dependencies=[RECIPES])  # fmt: skip
async def analyse_recipe(
    body: AnalysisBody, sender: AccountSender, response: Response, key: IdempotencyKey = None
) -> CommandAccepted:
    """Weigh free-text ingredient lines: grams per ingredient, totals, per serving, and each
    line that could not be read with the reason (`GET /nutrition/recipe-analyses/{id}`)."""
    command = build(AnalyseRecipe, recipe_id=new_id(sender, key), athlete_id=sender.account_id,
                    **body.model_dump())  # fmt: skip
    return answer(await sender.send(command, key), response)


@router.post("/coach/messages", status_code=202, response_model=CommandAccepted,
             dependencies=[COACH], responses=problems(409))  # fmt: skip
async def send_coach_message(
    body: CoachMessageBody, sender: AccountSender, response: Response, key: IdempotencyKey = None
) -> CommandAccepted:
    """Ask the AI coach. It answers from your own targets, meal plan, training plan and recent
    runs and workouts, and from coaching guides, listing its sources; `GET
    /nutrition/coach/messages` shows the conversation and a reply still being written. One
    message waits for its reply at a time (409 otherwise)."""
    command = build(SendCoachMessage, message_id=new_id(sender, key),
                    athlete_id=sender.account_id, **body.model_dump())  # fmt: skip
    return answer(await sender.send(command, key), response)
