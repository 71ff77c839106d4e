"""Every nutrition event, as the API, the reactors and the workers cause them, through the real
bus: a profile set, two weeks of falling weight (an adaptive proposal, accepted), days marked
and set by hand, a meal plan made and swapped (and one that failed, and a swap that failed), a
recipe analysed and deleted (and one whose analysis failed), a catalog recipe, a coach reply and
a reply that failed."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from commands.actors import Actor
from commands.bus import CommandBus
from commands.nutrition.streams import athlete_stream
from contracts.commands import Command
from contracts.nutrition.coach import (
    AnswerCoachMessage,
    CoachAnswer,
    CoachGuide,
    FailCoachReply,
    PublishCoachGuide,
    SendCoachMessage,
)
from contracts.nutrition.days import MarkTrainingDay, SetDayKind, UnmarkTrainingDay
from contracts.nutrition.plans import (
    CompleteMealPlan,
    CompleteMealSwap,
    FailMealPlan,
    FailMealSwap,
    MealPlanWeek,
    RequestMealPlan,
    StartMealPlanning,
    SwapMeal,
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
from contracts.nutrition.targets import Targets

NUTRITION_EVENTS = (2 + 15 + 2 + 2) + 3 + 9 + 1 + 5 + 4 + 1
"""Profile (set, weighed, proposed twice as the trend firms up, accepted), days, plans and
swaps, catalog, recipes, coach, a guide of its knowledge base."""
MONDAY = date(2026, 11, 30)
FAKE_TARGETS = Targets(bmr_kcal=1400, tdee_kcal=2200, kcal=2200, protein_g=110,
                       carbohydrate_g=280, fat_g=70, floor_applied=False)  # fmt: skip


def week(recipe: str) -> MealPlanWeek:
    meal = {"slot": "lunch", "recipe_id": recipe, "name": recipe, "servings": 1.0,
            "nutrition": {"kcal": 600, "protein_g": 30, "carbohydrate_g": 70, "fat_g": 20,
                          "fibre_g": 8}}  # fmt: skip
    return MealPlanWeek.model_validate({
        "days": [{"date": (MONDAY + timedelta(days=n)).isoformat(), "kind": "normal",
                  "targets": FAKE_TARGETS.model_dump(), "meals": [meal],
                  "totals": meal["nutrition"], "within_tolerance": False} for n in range(7)],
        "shopping_list": [{"food_id": "oats", "name": "Oats", "grams": 500,
                           "amount": "500 g", "aisle": "grains & pasta"}],
    })  # fmt: skip


def catalog_recipe() -> dict[str, Any]:
    return {"recipe_id": "test_porridge", "name": "Test porridge", "meal_types": ["breakfast"],
            "cuisine": "nordic", "diet": "vegan", "allergens": ["gluten"], "tags": ["quick"],
            "ingredients": [{"food_id": "oats", "name": "Oats", "grams": 70}],
            "per_serving": {"kcal": 300, "protein_g": 10, "carbohydrate_g": 50, "fat_g": 6,
                            "fibre_g": 7}}  # fmt: skip


async def nutrition(bus: CommandBus, engine: AsyncEngine, athlete: uuid.UUID, today: date) -> None:
    me, system = Actor.account(athlete, "athlete"), Actor.system("test")
    ids = {"athlete_id": athlete}
    first_plan, failed_plan, recipe, bad_recipe = (uuid.uuid4() for _ in range(4))
    swap, bad_swap, message, bad_message = (uuid.uuid4() for _ in range(4))
    run = uuid.uuid4()
    profile = SetNutritionProfile(**ids, sex="female", birth_date=date(1990, 5, 1), height_cm=168,
                                  weight_kg=66.0, goal="maintain")  # fmt: skip
    steps: list[tuple[Command[Any], Actor]] = [(profile, me)]
    first_day = today - timedelta(days=14)
    for n in range(15):  # a fast fall: the estimate says far more is spent than planned
        weighed = LogWeight(**ids, day=first_day + timedelta(days=n), weight_kg=66.0 - 0.15 * n)
        steps.append((weighed, me))
    steps += [
        (MarkTrainingDay(**ids, source_id=run, day=MONDAY, kind="long_run", reason="24 km"),
         system),
        (UnmarkTrainingDay(**ids, source_id=run), system),
        (SetDayKind(**ids, day=MONDAY, kind="rest"), me),
        (RequestMealPlan(**ids, plan_id=first_plan, week_start=MONDAY), me),
        (StartMealPlanning(plan_id=first_plan), system),
        (CompleteMealPlan(plan_id=first_plan, week=week("pasta")), system),
        (SwapMeal(**ids, plan_id=first_plan, swap_id=swap, date=MONDAY, slot="lunch",
                  expected_version=3), me),
        (CompleteMealSwap(plan_id=first_plan, swap_id=swap, week=week("soup")), system),
        (SwapMeal(**ids, plan_id=first_plan, swap_id=bad_swap, date=MONDAY, slot="lunch",
                  expected_version=5), me),
        (FailMealSwap(plan_id=first_plan, swap_id=bad_swap, reason="nothing else fits"), system),
        (RequestMealPlan(**ids, plan_id=failed_plan, week_start=MONDAY), me),
        (FailMealPlan(plan_id=failed_plan, reason="only 2 breakfast recipes fit"), system),
        (PublishCatalogRecipe(recipe=catalog_recipe()), system),
        (PublishCoachGuide(guide=CoachGuide(
            guide_id="test-fuelling", title="Fuelling a long run", topics=["long run"],
            text="Eat carbohydrate before a long run.", source="A named public guidance",
        )), system),
        (SaveRecipe(**ids, recipe_id=recipe, name="Oats", text="70 g oats", servings=1,
                    meal_types=["breakfast"]), me),
        (CompleteRecipeAnalysis(recipe_id=recipe, analysis={
            "ingredients": [{"line": "70 g oats", "food_id": "oats", "food_name": "Oats",
                             "grams": 70, "nutrition": catalog_recipe()["per_serving"]}],
            "unread": [], "total": catalog_recipe()["per_serving"],
            "per_serving": catalog_recipe()["per_serving"], "diet": "vegan",
            "allergens": ["gluten"]}), system),
        (DeleteRecipe(**ids, recipe_id=recipe), me),
        (AnalyseRecipe(**ids, recipe_id=bad_recipe, text="a pinch of stardust"), me),
        (FailRecipeAnalysis(recipe_id=bad_recipe, reason="no line could be weighed"), system),
        (SendCoachMessage(**ids, message_id=message, text="What before my long run?"), me),
        (AnswerCoachMessage(**ids, message_id=message, answer=CoachAnswer(
            text="Eat 300 g of carbohydrate.", sources=[], model="offline")), system),
        (SendCoachMessage(**ids, message_id=bad_message, text="And after?"), me),
        (FailCoachReply(**ids, message_id=bad_message, reason="the model timed out"), system),
    ]  # fmt: skip
    for command, actor in steps:
        await bus.dispatch(command, actor)
    proposal, version = await proposal_of(engine, athlete)
    await bus.dispatch(AcceptTargetUpdate(**ids, proposal_id=proposal, expected_version=version),
                       me)  # fmt: skip


async def proposal_of(engine: AsyncEngine, athlete: uuid.UUID) -> tuple[uuid.UUID, int]:
    """The open proposal's id and the profile's version, as its stream holds them."""
    async with engine.connect() as conn:
        found = (
            await conn.execute(PROPOSAL, {"stream": athlete_stream(athlete, "profile")})
        ).first()
    assert found is not None, "two weeks of a fast fall propose new targets"
    return uuid.UUID(found.data["proposal_id"]), found.latest


PROPOSAL = text(
    "SELECT data, (SELECT max(version) FROM events WHERE stream_id = :stream) AS latest "
    "FROM events WHERE stream_id = :stream AND event_type LIKE '%TargetUpdateProposed%' "
    "ORDER BY version DESC LIMIT 1"
)
