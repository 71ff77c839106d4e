"""The nutrition context's write side on the fake unit of work: targets recorded with the profile
and refused when unsafe, training-aware days (marks, moves, hand-set kinds), a plan request that
carries each day's targets and the athlete's saved recipes, swaps one at a time, the adaptive
estimate, and the coach's one-message-at-a-time bound."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest
from pydantic import ValidationError

from commands.actors import Actor
from commands.errors import ConflictError, RuleViolationError
from contracts.nutrition import energy
from contracts.nutrition.coach import SendCoachMessage
from contracts.nutrition.days import (
    MarkTrainingDay,
    SetDayKind,
    UnmarkPlanDays,
    UnmarkTrainingDay,
)
from contracts.nutrition.events import (
    MealPlanRequested,
    NutritionTargetsSet,
    TargetUpdateProposed,
    TrainingDayMarked,
)
from contracts.nutrition.plans import MealPlanBody, RequestMealPlan
from contracts.nutrition.profile import LogWeight, SetNutritionProfile
from contracts.nutrition.recipes import CompleteRecipeAnalysis, SaveRecipe
from tests.fakes import FakeDatabase, fake_bus

MONDAY = date(2026, 12, 7)
SYSTEM = Actor.system("test")
PROFILE: dict[str, Any] = {"sex": "female", "birth_date": date(1990, 3, 1), "height_cm": 168,
                           "weight_kg": 62.0, "activity": "active", "goal": "maintain"}  # fmt: skip


def events_of(database: FakeDatabase, kind: type[Any]) -> list[Any]:
    return [r.event for r in database.outbox if isinstance(r.event, kind)]


async def with_profile(database: FakeDatabase, **changes: Any) -> tuple[Any, UUID, Actor]:
    bus, athlete = fake_bus(database), uuid4()
    me = Actor.account(athlete, "athlete")
    await bus.dispatch(SetNutritionProfile(athlete_id=athlete, **{**PROFILE, **changes}), me)
    return bus, athlete, me


async def test_targets_are_recorded_with_the_profile_for_every_kind_of_day() -> None:
    database = FakeDatabase()
    await with_profile(database)
    [targets] = events_of(database, NutritionTargetsSet)
    assert targets.reason == "profile"
    assert targets.days.long_run.carbohydrate_g > targets.days.hard_session.carbohydrate_g
    assert targets.days.hard_session.carbohydrate_g > targets.days.normal.carbohydrate_g
    assert targets.days.normal.kcal == pytest.approx(targets.days.normal.tdee_kcal, rel=0.01)


async def test_losing_weight_at_a_low_bmi_is_refused_and_records_nothing() -> None:
    database = FakeDatabase()
    with pytest.raises(RuleViolationError, match="BMI"):
        await with_profile(database, weight_kg=50.0, goal="lose", rate_kg_per_week=1.0)
    assert database.outbox == []


async def test_a_child_gets_no_targets() -> None:
    database = FakeDatabase()
    young = date.today() - timedelta(days=365 * 15)
    with pytest.raises(RuleViolationError, match="adults"):
        await with_profile(database, birth_date=young)


async def test_a_plan_asks_for_each_day_s_targets_by_training_and_by_hand() -> None:
    database = FakeDatabase()
    bus, athlete, me = await with_profile(database)
    long_run, intervals = uuid4(), uuid4()
    sunday, tuesday = MONDAY + timedelta(days=6), MONDAY + timedelta(days=1)
    await bus.dispatch(
        MarkTrainingDay(
            athlete_id=athlete,
            source_id=long_run,
            day=MONDAY,
            kind="long_run",
            reason="Ada's birthday long run scheduled",  # a workout's title, as once given
        ),
        SYSTEM,
    )
    await bus.dispatch(
        MarkTrainingDay(athlete_id=athlete, source_id=long_run, day=sunday), SYSTEM
    )  # moved: the kind stays
    await bus.dispatch(
        MarkTrainingDay(
            athlete_id=athlete,
            source_id=intervals,
            day=tuesday,
            kind="hard_session",
            reason="Intervals",
        ),
        SYSTEM,
    )
    await bus.dispatch(SetDayKind(athlete_id=athlete, day=tuesday, kind="rest"), me)
    await bus.dispatch(UnmarkTrainingDay(athlete_id=athlete, source_id=uuid4()), SYSTEM)
    await bus.dispatch(RequestMealPlan(athlete_id=athlete, plan_id=uuid4(), week_start=MONDAY), me)

    [asked] = events_of(database, MealPlanRequested)
    kinds = [day.kind for day in asked.request.days]
    assert kinds == ["normal", "rest", "normal", "normal", "normal", "normal", "long_run"]
    [targets] = events_of(database, NutritionTargetsSet)
    assert asked.request.days[6].targets == targets.days.long_run
    # The title is carried neither into the moved mark nor into the meal plan's request.
    assert asked.request.days[6].reason == "long run planned"
    moved = events_of(database, TrainingDayMarked)[1]
    assert moved.reason == "long run planned"
    assert asked.request.slots == ["breakfast", "lunch", "dinner", "snack"]
    assert len(events_of(database, TrainingDayMarked)) == 3  # the unknown unmark did nothing


async def test_the_last_week_a_plan_may_start_ends_on_the_last_day_and_a_later_one_is_refused() -> (
    None
):
    database = FakeDatabase()
    bus, athlete, me = await with_profile(database)
    last = date(2199, 12, 25)
    await bus.dispatch(RequestMealPlan(athlete_id=athlete, plan_id=uuid4(), week_start=last), me)
    [asked] = events_of(database, MealPlanRequested)
    assert asked.request.days[-1].date == date(2199, 12, 31)
    with pytest.raises(ValidationError, match="week_start"):  # refused when accepted: a 422
        MealPlanBody(week_start=last + timedelta(days=1))


async def test_a_deleted_training_plan_unmarks_its_days_and_no_others() -> None:
    database = FakeDatabase()
    bus, athlete, me = await with_profile(database)
    plan, other_plan, run = uuid4(), uuid4(), uuid4()
    marks = [(uuid4(), plan, MONDAY), (uuid4(), other_plan, MONDAY + timedelta(days=2)),
             (run, None, MONDAY + timedelta(days=3))]  # fmt: skip
    for source, plan_id, day in marks:
        mark = MarkTrainingDay(athlete_id=athlete, source_id=source, plan_id=plan_id, day=day,
                               kind="long_run", reason="long")  # fmt: skip
        await bus.dispatch(mark, SYSTEM)
    await bus.dispatch(UnmarkPlanDays(athlete_id=athlete, plan_id=plan), SYSTEM)
    await bus.dispatch(RequestMealPlan(athlete_id=athlete, plan_id=uuid4(), week_start=MONDAY), me)
    [asked] = events_of(database, MealPlanRequested)
    assert [day.kind for day in asked.request.days][:4] == ["normal", "normal", "long_run",
                                                             "long_run"]  # fmt: skip


async def test_a_plan_offers_the_athlete_s_analysed_recipes_and_nobody_else_s() -> None:
    database = FakeDatabase()
    bus, athlete, me = await with_profile(database)
    other = uuid4()
    others = Actor.account(other, "athlete")
    mine, theirs = uuid4(), uuid4()
    analysis = {"ingredients": [{"line": "70 g oats", "food_id": "oats", "food_name": "Oats",
                                 "grams": 70, "nutrition": NUTRIENTS}],
                "unread": [], "total": NUTRIENTS, "per_serving": NUTRIENTS, "diet": "vegan",
                "allergens": ["gluten"]}  # fmt: skip
    for recipe, owner, actor in ((mine, athlete, me), (theirs, other, others)):
        await bus.dispatch(
            SaveRecipe(
                athlete_id=owner,
                recipe_id=recipe,
                name="Oats",
                text="70 g oats",
                meal_types=["breakfast"],
            ),
            actor,
        )
        await bus.dispatch(CompleteRecipeAnalysis(recipe_id=recipe, analysis=analysis), SYSTEM)
    await bus.dispatch(RequestMealPlan(athlete_id=athlete, plan_id=uuid4(), week_start=MONDAY), me)
    [asked] = events_of(database, MealPlanRequested)
    assert [own.recipe_id for own in asked.request.own_recipes] == [mine]


NUTRIENTS = {"kcal": 270, "protein_g": 9, "carbohydrate_g": 46, "fat_g": 5, "fibre_g": 7}


async def test_a_plan_needs_a_profile() -> None:
    bus, athlete = fake_bus(FakeDatabase()), uuid4()
    with pytest.raises(RuleViolationError, match="profile first"):
        await bus.dispatch(
            RequestMealPlan(athlete_id=athlete, plan_id=uuid4(), week_start=MONDAY),
            Actor.account(athlete, "athlete"),
        )


async def test_weeks_of_falling_weight_on_planned_intake_propose_more_energy() -> None:
    database = FakeDatabase()
    bus, athlete, me = await with_profile(database)
    first = date.today() - timedelta(days=20)
    for day in range(21):
        await bus.dispatch(
            LogWeight(
                athlete_id=athlete, day=first + timedelta(days=day), weight_kg=62.0 - 0.05 * day
            ),
            me,
        )
    proposals = events_of(database, TargetUpdateProposed)
    assert proposals, "a kilogram in three weeks on maintenance intake means more is spent"
    latest = proposals[-1]
    assert latest.energy_adjustment_kcal > 0
    assert latest.estimate.estimated_tdee_kcal > latest.estimate.formula_tdee_kcal
    assert 0.5 <= latest.estimate.confidence <= 1


def test_the_estimate_needs_two_weeks_of_weigh_ins() -> None:
    today = date(2026, 12, 2)
    weights = {today - timedelta(days=n): 70.0 for n in range(10)}
    assert energy.estimate(weights, dict.fromkeys(weights, 2500.0), 2500, today) is None


def test_a_steady_weight_on_planned_intake_confirms_the_equations() -> None:
    today = date(2026, 12, 2)
    weights = {today - timedelta(days=n): 70.0 + (0.3 if n % 2 else -0.3) for n in range(28)}
    found = energy.estimate(weights, dict.fromkeys(weights, 2500.0), 2500.0, today)
    assert found is not None
    assert found.estimated_tdee_kcal == pytest.approx(2500, abs=120)
    assert energy.proposed_adjustment(found, 0.0) is None


async def test_the_coach_answers_one_message_at_a_time() -> None:
    bus, athlete = fake_bus(FakeDatabase()), uuid4()
    me = Actor.account(athlete, "athlete")
    await bus.dispatch(SendCoachMessage(athlete_id=athlete, message_id=uuid4(), text="Hi"), me)
    with pytest.raises(ConflictError, match="still answering"):
        await bus.dispatch(
            SendCoachMessage(athlete_id=athlete, message_id=uuid4(), text="Hello?"), me
        )
