"""The shipped catalog: it loads, covers every diet in every slot, and the planner meets
targets on it for many random profiles."""

from __future__ import annotations

import random
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contracts.nutrition.diets import ALLERGENS, Diet
from contracts.nutrition.targets import DayKind, InfeasibleTargetError, Profile, daily_targets
from tests.unit.nutrition.test_planner import assert_valid
from workers.nutrition.catalog import ADMITS, CatalogError, build_recipe, default_catalog
from workers.nutrition.planner import InfeasiblePlanError, Plan, Request, plan_week, swap_meal
from workers.nutrition.preferences import foods

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
# days that ask for more than 4,200 kcal (heavy, active, gaining, on a long run) are left out;
# so are days that ask for more than 36 % of their energy as protein (heavy people losing weight
# fast at 1.6 g/kg on the 1,200-1,500 kcal floor): the catalog's meals, whatever the diet, hold
# about 40 % at most while keeping the fat share. Both are covered by the test that every
# request gets a valid plan or a reason.
MAX_PROTEIN_SHARE = 0.36
# What is asserted is that a plan exists and is right, not how fast it is found: should the
# shortlists find no week, the whole-week programme, the last resort, takes seconds on an idle
# core and longer on a busy test machine.
UNHURRIED_S = 120.0
goals = st.sampled_from(["maintain", "lose", "gain"])
profiles = st.builds(
    lambda goal, rate, **body: Profile(
        goal=goal, rate_kg_per_week=0.0 if goal == "maintain" else rate, **body
    ),
    goal=goals,
    rate=st.sampled_from([0.25, 0.5, 0.75]),
    sex=st.sampled_from(["male", "female"]),
    age=st.integers(min_value=18, max_value=70),
    height_cm=st.floats(min_value=150, max_value=198),
    weight_kg=st.floats(min_value=48, max_value=95),
    activity=st.sampled_from(["sedentary", "light", "moderate", "active"]),
)
DISLIKES = ["banana", "salmon", "tofu", "egg", "peanut butter", "mushrooms", "avocado", "oats"]


@pytest.mark.slow
def test_random_profiles_nearly_all_get_weeks_within_tolerance_as_served() -> None:
    """120 random people (any diet, up to two allergens and two dislikes, a long run a week):
    every plan made is within tolerance as served and fills every slot, and nearly every
    request gets one (portions in quarter servings and slot shares make a few impossible;
    those are refused with a reason, never planned badly)."""
    rng = random.Random(20261202)
    planned, refused = 0, list[str]()
    while planned + len(refused) < 120:
        goal = rng.choice(["maintain", "lose", "gain"])
        profile = Profile(
            sex=rng.choice(["male", "female"]), age=rng.randint(18, 70),
            height_cm=rng.uniform(150, 198), weight_kg=rng.uniform(48, 95),
            activity=rng.choice(["sedentary", "light", "moderate", "active"]), goal=goal,
            rate_kg_per_week=0.0 if goal == "maintain" else rng.choice([0.25, 0.5, 0.75]),
        )  # fmt: skip
        long_run_day = rng.randrange(7)
        try:
            targets = [daily_targets(profile, DayKind.LONG_RUN if day == long_run_day
                                     else DayKind.NORMAL) for day in range(7)]  # fmt: skip
        except InfeasibleTargetError:  # an unsafe loss, refused before planning (test_targets)
            continue
        if max(day.kcal for day in targets) > 4200:
            continue
        request = Request(
            targets=targets, diet=rng.choice(list(Diet)),
            allergens=frozenset(rng.sample(sorted(ALLERGENS), rng.randint(0, 2))),
            excluded_foods=foods(rng.sample(DISLIKES, rng.randint(0, 2)), CATALOG.foods),
            seed=rng.randrange(10_000), time_limit_s=UNHURRIED_S,
        )  # fmt: skip
        try:
            assert_valid(plan_week(CATALOG, request))
            planned += 1
        except InfeasiblePlanError as reason:
            refused.append(str(reason))
    assert all(refused)  # each refusal says why
    assert planned >= 0.9 * 120, refused


@pytest.mark.slow
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    profile=profiles,
    heavy=st.floats(min_value=48, max_value=140),
    activity=st.sampled_from(["sedentary", "light", "moderate", "active", "very_active"]),
    diet=st.sampled_from(list(Diet)),
    allergens=st.sets(st.sampled_from(sorted(ALLERGENS)), max_size=4),
    long_run_day=st.integers(min_value=0, max_value=6),
)
def test_any_request_gets_a_valid_plan_or_a_reason_never_a_bad_plan(
    profile: Profile, heavy: float, activity: str, diet: Diet, allergens: set[str],
    long_run_day: int,
) -> None:  # fmt: skip
    profile = Profile.model_validate(
        profile.model_dump() | {"weight_kg": heavy, "activity": activity}
    )
    outcome = _plan_or_reason(profile, diet, frozenset(allergens), long_run_day)
    if isinstance(outcome, str):
        reasons = ("recipe", "kcal", "target", "variety", "BMI", "deficit")
        assert any(word in outcome for word in reasons), outcome
    else:
        assert_valid(outcome)


def _plan_or_reason(
    profile: Profile, diet: Diet, allergens: frozenset[str], long_run_day: int
) -> Plan | str:
    try:
        targets = [
            daily_targets(profile, DayKind.LONG_RUN if day == long_run_day else DayKind.NORMAL)
            for day in range(7)
        ]
        return plan_week(CATALOG, Request(targets=targets, diet=diet, allergens=allergens))
    except (InfeasibleTargetError, InfeasiblePlanError) as error:
        return str(error)


def test_a_swap_on_the_shipped_catalog_stays_within_tolerance() -> None:
    person = Profile(sex="male", age=41, height_cm=178, weight_kg=74, activity="active")
    plan = plan_week(CATALOG, Request(targets=[daily_targets(person)] * 7, seed=5))
    kept = 0
    for day in range(7):
        others = [(m.slot, m.recipe.id) for m in plan.days[day].meals if m.slot != "dinner"]
        try:
            swapped = swap_meal(CATALOG, plan, day=day, slot="dinner", only_portions_elsewhere=True)
        except InfeasiblePlanError:
            swapped = swap_meal(CATALOG, plan, day=day, slot="dinner")  # may change the others
        else:
            kept += 1
            assert [
                (m.slot, m.recipe.id) for m in swapped.days[day].meals if m.slot != "dinner"
            ] == (others)
        assert swapped.days[day].meals[2].recipe.id != plan.days[day].meals[2].recipe.id
        assert_valid(swapped)
    assert kept >= 5
