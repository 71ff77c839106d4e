"""One handler per nutrition command: the profile and its targets, the weight log, training-aware
days, meal plans and swaps. A clock is a dependency (today's age, when a plan was asked for)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from uuid import UUID

from commands.nutrition.conversation import Conversation
from commands.nutrition.days import TrainingDays
from commands.nutrition.intake import PlannedIntake
from commands.nutrition.meal_plan import MealPlan
from commands.nutrition.profile import NutritionProfile
from commands.nutrition.recipes import (
    CatalogEntry,
    GuideEntry,
    OwnRecipes,
    Recipe,
    catalog_stream,
    guide_stream,
)
from commands.nutrition.streams import athlete_stream
from commands.unit_of_work import UnitOfWork, load_or_start
from contracts.commands import CommandAccepted
from contracts.nutrition.coach import (
    AnswerCoachMessage,
    FailCoachReply,
    PublishCoachGuide,
    SendCoachMessage,
)
from contracts.nutrition.days import (
    MarkTrainingDay,
    SetDayKind,
    UnmarkPlanDays,
    UnmarkTrainingDay,
)
from contracts.nutrition.energy import MAX_DAYS
from contracts.nutrition.plans import (
    DAYS,
    CompleteMealPlan,
    CompleteMealSwap,
    FailMealPlan,
    FailMealSwap,
    PlanDayRequest,
    PlanRequest,
    RequestMealPlan,
    StartMealPlanning,
    SwapMeal,
    slots_for,
)
from contracts.nutrition.profile import AcceptTargetUpdate, LogWeight, SetNutritionProfile
from contracts.nutrition.recipes import (
    AnalyseRecipe,
    CompleteRecipeAnalysis,
    DeleteRecipe,
    FailRecipeAnalysis,
    PublishCatalogRecipe,
    SaveRecipe,
)

Clock = Callable[[], datetime]


async def _profile(uow: UnitOfWork, athlete: UUID) -> NutritionProfile:
    return await load_or_start(uow, NutritionProfile, athlete_stream(athlete, "profile"))


async def set_nutrition_profile(
    cmd: SetNutritionProfile, uow: UnitOfWork, clock: Clock
) -> CommandAccepted:
    profile = await _profile(uow, cmd.athlete_id)
    profile.set_profile(cmd, clock().date())
    return await uow.save(profile)


async def log_weight(cmd: LogWeight, uow: UnitOfWork) -> CommandAccepted:
    profile = await _profile(uow, cmd.athlete_id)
    first = cmd.day - timedelta(days=MAX_DAYS)
    intake = await uow.store(PlannedIntake).daily_kcal(cmd.athlete_id, first, cmd.day)
    profile.log_weight(cmd, intake)
    return await uow.save(profile)


async def accept_target_update(
    cmd: AcceptTargetUpdate, uow: UnitOfWork, clock: Clock
) -> CommandAccepted:
    profile = await _profile(uow, cmd.athlete_id)
    profile.accept_update(cmd, clock().date())
    return await uow.save(profile)


async def _days(uow: UnitOfWork, athlete: UUID) -> TrainingDays:
    return await load_or_start(uow, TrainingDays, athlete_stream(athlete, "days"))


async def mark_training_day(cmd: MarkTrainingDay, uow: UnitOfWork) -> CommandAccepted:
    days = await _days(uow, cmd.athlete_id)
    days.mark(cmd)
    return await uow.save(days)


async def unmark_training_day(cmd: UnmarkTrainingDay, uow: UnitOfWork) -> CommandAccepted:
    days = await _days(uow, cmd.athlete_id)
    days.unmark(cmd)
    return await uow.save(days)


async def unmark_plan_days(cmd: UnmarkPlanDays, uow: UnitOfWork) -> CommandAccepted:
    days = await _days(uow, cmd.athlete_id)
    days.unmark_plan(cmd)
    return await uow.save(days)


async def set_day_kind(cmd: SetDayKind, uow: UnitOfWork) -> CommandAccepted:
    days = await _days(uow, cmd.athlete_id)
    days.set_kind(cmd)
    return await uow.save(days)


async def request_meal_plan(cmd: RequestMealPlan, uow: UnitOfWork, clock: Clock) -> CommandAccepted:
    profile, targets = (await _profile(uow, cmd.athlete_id)).require_profile()
    days = await _days(uow, cmd.athlete_id)
    plan_days = []
    for offset in range(DAYS):
        day = cmd.week_start + timedelta(days=offset)
        kind, reason = days.kind_of(day)
        plan_days.append(PlanDayRequest(date=day, kind=kind, reason=reason,
                                        targets=getattr(targets, kind)))  # fmt: skip
    own = await uow.store(OwnRecipes).usable_by(cmd.athlete_id)
    request = PlanRequest(
        days=plan_days, slots=slots_for(profile.meal_slots), diet=profile.diet,
        allergies=profile.allergies, dislikes=profile.dislikes, likes=profile.likes,
        cuisines=profile.cuisines, own_recipes=own, seed=cmd.plan_id.int % 2**31,
    )  # fmt: skip
    return await uow.save(MealPlan.requested(cmd, request, clock()))


async def start_meal_planning(cmd: StartMealPlanning, uow: UnitOfWork) -> CommandAccepted:
    plan = await uow.load(MealPlan, str(cmd.plan_id))
    plan.start()
    return await uow.save(plan)


async def complete_meal_plan(cmd: CompleteMealPlan, uow: UnitOfWork) -> CommandAccepted:
    plan = await uow.load(MealPlan, str(cmd.plan_id))
    plan.complete(cmd)
    return await uow.save(plan)


async def fail_meal_plan(cmd: FailMealPlan, uow: UnitOfWork) -> CommandAccepted:
    plan = await uow.load(MealPlan, str(cmd.plan_id))
    plan.fail(cmd)
    return await uow.save(plan)


async def swap_meal(cmd: SwapMeal, uow: UnitOfWork) -> CommandAccepted:
    plan = await uow.load(MealPlan, str(cmd.plan_id))
    plan.request_swap(cmd)
    return await uow.save(plan)


async def complete_meal_swap(cmd: CompleteMealSwap, uow: UnitOfWork) -> CommandAccepted:
    plan = await uow.load(MealPlan, str(cmd.plan_id))
    plan.complete_swap(cmd)
    return await uow.save(plan)


async def fail_meal_swap(cmd: FailMealSwap, uow: UnitOfWork) -> CommandAccepted:
    plan = await uow.load(MealPlan, str(cmd.plan_id))
    plan.fail_swap(cmd)
    return await uow.save(plan)


async def analyse_recipe(cmd: AnalyseRecipe, uow: UnitOfWork) -> CommandAccepted:
    return await uow.save(Recipe.submitted(cmd))


async def save_recipe(cmd: SaveRecipe, uow: UnitOfWork) -> CommandAccepted:
    return await uow.save(Recipe.submitted(cmd))


async def complete_recipe_analysis(cmd: CompleteRecipeAnalysis, uow: UnitOfWork) -> CommandAccepted:
    recipe = await uow.load(Recipe, str(cmd.recipe_id))
    recipe.analysed(cmd)
    return await uow.save(recipe)


async def fail_recipe_analysis(cmd: FailRecipeAnalysis, uow: UnitOfWork) -> CommandAccepted:
    recipe = await uow.load(Recipe, str(cmd.recipe_id))
    recipe.failed(cmd)
    return await uow.save(recipe)


async def delete_recipe(cmd: DeleteRecipe, uow: UnitOfWork) -> CommandAccepted:
    recipe = await uow.load(Recipe, str(cmd.recipe_id))
    recipe.delete(cmd.athlete_id)
    return await uow.save(recipe)


async def publish_catalog_recipe(cmd: PublishCatalogRecipe, uow: UnitOfWork) -> CommandAccepted:
    entry = await load_or_start(uow, CatalogEntry, catalog_stream(cmd.recipe.recipe_id))
    entry.publish(cmd.recipe)
    return await uow.save(entry)


async def publish_coach_guide(cmd: PublishCoachGuide, uow: UnitOfWork) -> CommandAccepted:
    entry = await load_or_start(uow, GuideEntry, guide_stream(cmd.guide.guide_id))
    entry.publish(cmd.guide)
    return await uow.save(entry)


async def _conversation(uow: UnitOfWork, athlete: UUID) -> Conversation:
    return await load_or_start(uow, Conversation, athlete_stream(athlete, "coach"))


async def send_coach_message(cmd: SendCoachMessage, uow: UnitOfWork) -> CommandAccepted:
    conversation = await _conversation(uow, cmd.athlete_id)
    conversation.send(cmd)
    return await uow.save(conversation)


async def answer_coach_message(cmd: AnswerCoachMessage, uow: UnitOfWork) -> CommandAccepted:
    conversation = await _conversation(uow, cmd.athlete_id)
    conversation.answer(cmd)
    return await uow.save(conversation)


async def fail_coach_reply(cmd: FailCoachReply, uow: UnitOfWork) -> CommandAccepted:
    conversation = await _conversation(uow, cmd.athlete_id)
    conversation.fail(cmd)
    return await uow.save(conversation)
