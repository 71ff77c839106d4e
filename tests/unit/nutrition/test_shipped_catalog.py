"""The shipped catalog: it loads, covers every diet in every slot, and the planner meets
targets on it for many random profiles."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.unit.nutrition.test_planner import assert_valid
from workers.nutrition.catalog import ADMITS, CatalogError, Diet, build_recipe, default_catalog
from workers.nutrition.planner import Request, plan_week, swap_meal
from workers.nutrition.targets import DayKind, Profile, daily_targets

CATALOG = default_catalog()
SLOTS = ("breakfast", "lunch", "dinner", "snack")


def test_recipes_cover_every_slot_for_every_diet_and_several_cuisines() -> None:
    assert len(CATALOG.recipes) >= 150
    for slot in SLOTS:
        for diet in Diet:
            fitting = [r for r in CATALOG.for_slot(slot) if r.diet in ADMITS[diet]]
            assert len(fitting) >= 8, (slot, diet)
    assert len(Counter(r.cuisine for r in CATALOG.recipes)) >= 6


def test_a_recipe_with_an_unknown_food_is_refused() -> None:
    with pytest.raises(CatalogError, match="unknown food"):
        build_recipe(CATALOG.foods, id="x", name="x", slot="lunch", cuisine="x",
                     ingredients={"unicorn_steak": 100})  # fmt: skip


# Feasible by construction: four meals a day at up to two servings reach about 4,400 kcal, so
# the heaviest, most active profiles (whose long-run days ask for more) are left to the
# infeasibility tests, which check they are explained.
profiles = st.builds(
    Profile,
    sex=st.sampled_from(["male", "female"]),
    age=st.integers(min_value=18, max_value=70),
    height_cm=st.floats(min_value=150, max_value=198),
    weight_kg=st.floats(min_value=48, max_value=95),
    activity=st.sampled_from(["sedentary", "light", "moderate", "active"]),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    profile=profiles,
    diet=st.sampled_from(list(Diet)),
    allergens=st.sets(st.sampled_from(["nuts", "peanuts", "sesame", "soy", "egg"]), max_size=2),
    long_run_day=st.integers(min_value=0, max_value=6),
    seed=st.integers(min_value=0, max_value=10_000),
)
def test_two_hundred_random_profiles_get_weeks_within_tolerance(
    profile: Profile, diet: Diet, allergens: set[str], long_run_day: int, seed: int
) -> None:
    targets = [
        daily_targets(profile, DayKind.LONG_RUN if day == long_run_day else DayKind.NORMAL)
        for day in range(7)
    ]
    request = Request(targets=targets, diet=diet, allergens=frozenset(allergens), seed=seed)
    assert_valid(plan_week(CATALOG, request))


def test_a_swap_on_the_shipped_catalog_stays_within_tolerance() -> None:
    person = Profile(sex="male", age=41, height_cm=178, weight_kg=74, activity="active")
    plan = plan_week(CATALOG, Request(targets=[daily_targets(person)] * 7, seed=5))
    for day in range(7):
        swapped = swap_meal(CATALOG, plan, day=day, slot="dinner")
        assert swapped.days[day].meals[2].recipe.id != plan.days[day].meals[2].recipe.id
        assert_valid(swapped)
