"""The planner meets every day's targets within tolerance, never breaks a hard constraint, is
deterministic, explains what cannot be done, and swaps a meal without leaving tolerance."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contracts.nutrition.diets import Diet
from contracts.nutrition.targets import DayKind, Profile, daily_targets
from tests.unit.nutrition.fixture_catalog import catalog
from workers.nutrition.catalog import ADMITS
from workers.nutrition.day_search import DayOption, best_days
from workers.nutrition.limits import bounds_for
from workers.nutrition.planner import (
    Day,
    InfeasiblePlanError,
    Meal,
    Plan,
    Request,
    UnknownMealError,
    plan_week,
    swap_meal,
    within_tolerance,
)
from workers.nutrition.preferences import UnknownPreferenceError
from workers.nutrition.variety import MAX_PER_WEEK, Assignment, assign_days

CATALOG = catalog()
ROUNDING = 0.01  # HiGHS meets constraints to 1e-7 per serving: a hundredth of a kcal or gram


def week(profile: Profile, long_run_day: int | None = None) -> list:  # type: ignore[type-arg]
    return [
        daily_targets(profile, DayKind.LONG_RUN if day == long_run_day else DayKind.NORMAL)
        for day in range(7)
    ]


def assert_valid(plan: Plan) -> None:
    request = plan.request
    seen: dict[str, list[int]] = {}
    for index, day in enumerate(plan.days):
        totals = day.totals
        for nutrient, (low, high) in bounds_for(day.targets).items():
            value = getattr(totals, nutrient)
            assert low - ROUNDING <= value <= high + ROUNDING, (index, nutrient, value, low, high)
        assert [meal.slot for meal in day.meals] == list(request.slots)
        for meal in day.meals:
            assert 0.5 <= meal.servings <= 2.0
            assert meal.recipe.diet in ADMITS[request.diet]
            assert not meal.recipe.allergens & request.allergens
            assert not meal.recipe.foods & request.excluded_foods
            seen.setdefault(meal.recipe.id, []).append(index)
    for days in seen.values():
        assert len(days) <= MAX_PER_WEEK
        assert all(b - a > 1 for a, b in itertools.pairwise(days))


profiles = st.builds(
    Profile,
    sex=st.sampled_from(["male", "female"]),
    age=st.integers(min_value=20, max_value=65),
    height_cm=st.floats(min_value=155, max_value=195),
    weight_kg=st.floats(min_value=55, max_value=95),
    activity=st.sampled_from(["sedentary", "light", "moderate"]),
)


@pytest.mark.slow
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profile=profiles, seed=st.integers(min_value=0, max_value=1000))
def test_every_day_of_a_planned_week_is_within_tolerance_and_constraint_clean(
    profile: Profile, seed: int
) -> None:
    assert_valid(plan_week(CATALOG, Request(targets=week(profile), seed=seed)))


PERSON = Profile(sex="female", age=34, height_cm=168, weight_kg=62, activity="moderate")


# Plans are immutable: the tests that only read a week share it.
@pytest.fixture(scope="module")
def plain_week() -> Plan:
    return plan_week(CATALOG, Request(targets=week(PERSON)))


@pytest.fixture(scope="module")
def seeded_week() -> Plan:
    return plan_week(CATALOG, Request(targets=week(PERSON), seed=3))


def test_long_run_days_get_their_extra_carbohydrate() -> None:
    plan = plan_week(CATALOG, Request(targets=week(PERSON, long_run_day=5)))
    assert_valid(plan)
    assert plan.days[5].totals.carbohydrate > plan.days[4].totals.carbohydrate + 100


def test_diet_and_allergen_restrictions_are_never_violated() -> None:
    vegetarian = Request(targets=week(PERSON), diet=Diet.VEGETARIAN, allergens=frozenset({"nuts"}))
    assert_valid(plan_week(CATALOG, vegetarian))
    no_salmon = Request(targets=week(PERSON), excluded_foods=frozenset({"salmon"}))
    assert_valid(plan_week(CATALOG, no_salmon))


def test_the_same_request_gives_the_same_plan() -> None:
    request = Request(targets=week(PERSON), seed=7)
    first, again = plan_week(CATALOG, request), plan_week(CATALOG, request)
    assert [[(m.recipe.id, m.servings) for m in d.meals] for d in first.days] == [
        [(m.recipe.id, m.servings) for m in d.meals] for d in again.days
    ]


def test_preferences_raise_a_recipes_chance(plain_week: Plan) -> None:
    liked = plan_week(CATALOG, Request(targets=week(PERSON), liked_foods=frozenset({"salmon"})))
    salmon = sum("salmon" in m.recipe.foods for d in liked.days for m in d.meals)
    assert salmon > sum("salmon" in m.recipe.foods for d in plain_week.days for m in d.meals)


def test_a_liked_cuisine_is_planned_more_often(plain_week: Plan) -> None:
    def nordic(plan: Plan) -> int:
        return sum(m.recipe.cuisine == "nordic" for d in plan.days for m in d.meals)

    liked = plan_week(CATALOG, Request(targets=week(PERSON), cuisines=frozenset({"nordic"})))
    assert nordic(liked) > nordic(plain_week)


@pytest.mark.parametrize(
    "change",
    [
        {"allergens": frozenset({"tree nuts"})},
        {"excluded_foods": frozenset({"unicorn"})},
        {"liked_foods": frozenset({"dragon_fruit"})},
        {"cuisines": frozenset({"Italian"})},
    ],
)
def test_a_preference_that_names_nothing_is_refused_not_ignored(change: dict[str, object]) -> None:
    with pytest.raises(UnknownPreferenceError, match="unknown"):
        plan_week(CATALOG, Request(targets=week(PERSON), **change))  # type: ignore[arg-type]


def test_swapping_a_meal_replaces_it_and_rebalances_the_day(seeded_week: Plan) -> None:
    plan = seeded_week
    before = plan.days[2].meals[1].recipe.id
    swapped = swap_meal(CATALOG, plan, day=2, slot="lunch", only_portions_elsewhere=True)
    assert swapped.days[2].meals[1].recipe.id != before
    others = [m.recipe.id for m in plan.days[2].meals if m.slot != "lunch"]
    assert [m.recipe.id for m in swapped.days[2].meals if m.slot != "lunch"] == others
    assert swapped.days[:2] == plan.days[:2]
    assert swapped.days[3:] == plan.days[3:]
    assert_valid(swapped)


def test_swapping_again_never_brings_back_a_swapped_out_recipe(seeded_week: Plan) -> None:
    plan = seeded_week
    seen = [plan.days[4].meals[2].recipe.id]
    for _ in range(3):
        plan = swap_meal(CATALOG, plan, day=4, slot="dinner")
        assert plan.days[4].meals[2].recipe.id not in seen
        seen.append(plan.days[4].meals[2].recipe.id)
        assert_valid(plan)


@pytest.mark.parametrize(("day", "slot"), [(7, "dinner"), (-1, "lunch"), (2, "brunch")])
def test_swapping_a_meal_that_does_not_exist_says_so(
    seeded_week: Plan, day: int, slot: str
) -> None:
    with pytest.raises(UnknownMealError, match="days are 0-6"):
        swap_meal(CATALOG, seeded_week, day=day, slot=slot)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"diet": Diet.VEGAN, "allergens": frozenset({"soy", "gluten"})}, "breakfast"),
        ({"excluded_foods": frozenset({"oats", "egg", "yogurt", "bread"})}, "breakfast"),
    ],
)
def test_impossible_restrictions_are_explained(change: dict[str, object], reason: str) -> None:
    with pytest.raises(InfeasiblePlanError, match=reason):
        plan_week(CATALOG, Request(targets=week(PERSON), **change))  # type: ignore[arg-type]


def test_an_unreachable_macro_target_is_named() -> None:
    protein_heavy = daily_targets(PERSON).model_copy(update={"protein_g": 260})
    with pytest.raises(InfeasiblePlanError, match="the protein target"):
        plan_week(CATALOG, Request(targets=[protein_heavy] * 7))


def test_an_energy_target_beyond_any_portion_is_explained() -> None:
    huge = daily_targets(PERSON).model_copy(update={"kcal": 9000, "carbohydrate_g": 1700})
    with pytest.raises(InfeasiblePlanError, match="above the largest possible day"):
        plan_week(CATALOG, Request(targets=[huge] * 7))


def test_portions_are_whole_quarters_and_meals_share_the_day_sensibly(plain_week: Plan) -> None:
    from workers.nutrition.slots import energy_shares

    shares = energy_shares(plain_week.request.slots)
    for day in plain_week.days:
        assert within_tolerance(day)  # as served, with no slack
        for meal in day.meals:
            assert (meal.servings * 4).is_integer()
            low, high = shares[meal.slot]
            assert low * day.targets.kcal <= meal.nutrition.kcal <= high * day.targets.kcal


def test_an_impossible_protein_target_is_proved_fast_and_named() -> None:
    import time

    from contracts.nutrition.targets import Targets

    day = Targets(bmr_kcal=1400, tdee_kcal=1700, kcal=1600, protein_g=200, carbohydrate_g=80,
                  fat_g=44, floor_applied=False)  # fmt: skip
    began = time.perf_counter()
    with pytest.raises(InfeasiblePlanError, match=r"protein \(200 g\).* conflict"):
        plan_week(CATALOG, Request(targets=[day] * 7, diet=Diet.VEGAN))
    assert time.perf_counter() - began < 1.0


def test_every_day_found_is_within_tolerance_as_served_and_a_different_mix() -> None:
    targets = daily_targets(PERSON)
    slots = ("breakfast", "lunch", "dinner", "snack")
    candidates = {slot: CATALOG.for_slot(slot) for slot in slots}
    scores = {r.id: 0.0 for recipes in candidates.values() for r in recipes}
    days = best_days(candidates, scores, targets, count=5)
    assert len(days) == 5
    assert [d.value for d in days] == sorted((d.value for d in days), reverse=True)
    assert len({frozenset(r.id for _, r, _ in d.meals) for d in days}) == 5
    for option in days:
        day = Day(tuple(Meal(s, r, steps / 4) for s, r, steps in option.meals), targets)
        assert within_tolerance(day)


def test_a_week_with_three_recipes_for_a_slot_is_proved_impossible() -> None:
    # Each recipe at most twice and never on consecutive days: three recipes cover six days.
    recipes = CATALOG.for_slot("breakfast")
    possible = [[DayOption((("breakfast", r, 4),), 0.0) for r in recipes[:3]]] * 7
    assert assign_days(possible) == Assignment(None, finished=True)
    week = assign_days([[DayOption((("breakfast", r, 4),), 0.0) for r in recipes[:4]]] * 7).week
    assert week is not None
    days = [option.meals[0][1].id for option in week]
    assert all(days.count(recipe) <= MAX_PER_WEEK for recipe in days)
    assert all(a != b for a, b in itertools.pairwise(days))
