"""The goal-race plan generator's invariants, over many random runners: the weekly distance
ramps by at most about 10 % with regular cutbacks, the long run keeps within its share of the
week, the taper falls, no two hard days touch, every run lies inside the plan on one of the
runner's days, and the race is the last workout, on race day."""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from commands.training.planning.generator import (
    GeneratedPlan,
    Planned,
    PlanTooShortError,
    generate,
    race_distance_km,
)
from commands.training.planning.volume import CUTBACK_EVERY, profile
from contracts.training.plans import MAX_KM_PER_DAY, PlanGenerate, RecentRace
from contracts.training.running import vdot
from contracts.training.sessions import HARD_KINDS, totals

RAMP_SLACK_KM = 1.0
"""Runs are rounded to half kilometres (sessions to 100 m): a week may land this far over."""


@st.composite
def runners(draw: st.DrawFn) -> PlanGenerate:
    race = draw(st.sampled_from(["5k", "10k", "half", "marathon", "custom"]))
    custom = draw(st.floats(3, 100)) if race == "custom" else None
    start = date(2027, 1, 1) + timedelta(days=draw(st.integers(0, 365)))
    distance = custom if custom is not None else {"5k": 5, "10k": 10, "half": 21.1}.get(race, 42.2)
    minimum = profile(distance).min_weeks
    weeks = draw(st.integers(minimum, 30))
    race_day = start + timedelta(days=7 * (weeks - 1) + draw(st.integers(0, 6)))
    weekly = draw(st.floats(0, MAX_KM_PER_DAY * 7))  # every weekly distance the API accepts
    recent = draw(
        st.none()
        | st.builds(RecentRace, distance_km=st.floats(3, 42.2), time_s=st.integers(900, 6 * 3600))
    )
    if recent is not None and not 15 <= vdot(recent.distance_km, recent.time_s) <= 90:
        recent = None
    return PlanGenerate(
        race=race, custom_distance_km=custom, race_date=race_day, start_date=start,
        weekly_km=weekly, longest_run_km=draw(st.floats(0, min(weekly, 40))),
        days_per_week=draw(st.integers(max(3, math.ceil(weekly / MAX_KM_PER_DAY)), 7)),
        long_run_day=draw(st.integers(0, 6)),
        recent_race=recent,
    )  # fmt: skip


def distance(item: Planned) -> float:
    return totals(item.session.steps).distance_km


def weekly(request: PlanGenerate, plan: GeneratedPlan) -> list[float]:
    by_week: dict[int, float] = defaultdict(float)
    for item in plan.workouts:
        if item.session.kind != "race":
            by_week[(item.day - request.start_date).days // 7] += distance(item)
    return [by_week[week.index] for week in plan.weeks]


@given(runners())
def test_weekly_distance_ramps_gently_with_cutbacks(request: PlanGenerate) -> None:
    plan = generate(request)
    volumes = weekly(request, plan)
    loads = [i for i, week in enumerate(plan.weeks) if week.phase != "taper" and not week.cutback]
    for before, after in itertools.pairwise(loads):
        assert volumes[after] <= volumes[before] * 1.10 + RAMP_SLACK_KM, (before, volumes)
    streak = 0
    for week in plan.weeks:
        if week.phase == "taper":
            break
        streak = 0 if week.cutback else streak + 1
        assert streak <= CUTBACK_EVERY, "a cutback at least every fourth week"


@given(runners())
def test_the_taper_falls_below_the_peak(request: PlanGenerate) -> None:
    plan = generate(request)
    volumes = weekly(request, plan)
    taper = [i for i, week in enumerate(plan.weeks) if week.phase == "taper"]
    assert len(taper) == min(profile(plan.distance_km).taper_weeks, len(plan.weeks) - 1)
    peak = max(volumes[: taper[0]]) if taper and taper[0] else max(volumes)
    for before, after in itertools.pairwise(taper):
        assert volumes[after] <= volumes[before] + RAMP_SLACK_KM
    assert all(volumes[i] <= peak + RAMP_SLACK_KM for i in taper)


@given(runners())
def test_the_long_run_keeps_to_its_share_of_the_week(request: PlanGenerate) -> None:
    plan = generate(request)
    race = profile(plan.distance_km)
    volumes = weekly(request, plan)
    for item in plan.workouts:
        if item.session.kind == "long":
            week = (item.day - request.start_date).days // 7
            capped = min(race.long_run_cap_km, race.long_run_share * volumes[week])
            average = volumes[week] / request.days_per_week  # no run is longer than the long run
            assert distance(item) <= max(capped, average) + 0.6, item


@given(runners())
def test_no_two_hard_days_in_a_row_and_the_race_is_last_on_race_day(
    request: PlanGenerate,
) -> None:
    plan = generate(request)
    days = [item.day for item in plan.workouts]
    assert days == sorted(set(days)), "one workout a day, in order"
    hard = [item.day for item in plan.workouts if item.session.kind in HARD_KINDS]
    assert all((b - a).days > 1 for a, b in itertools.pairwise(hard))
    last = plan.workouts[-1]
    assert (last.day, last.session.kind) == (request.race_date, "race")
    assert [i.session.kind for i in plan.workouts].count("race") == 1
    assert totals(last.session.steps).distance_km == pytest.approx(race_distance_km(request), 1e-3)


@given(runners())
def test_runs_fall_inside_the_plan_on_the_runners_days(request: PlanGenerate) -> None:
    plan = generate(request)
    per_week: dict[int, int] = defaultdict(int)
    for item in plan.workouts:
        assert request.start_date <= item.day <= request.race_date
        per_week[(item.day - request.start_date).days // 7] += 1
    assert max(per_week.values()) <= request.days_per_week


@given(runners())
def test_the_same_request_gives_the_same_plan(request: PlanGenerate) -> None:
    assert generate(request) == generate(request)


def test_a_race_too_soon_is_refused_with_the_reason() -> None:
    soon = PlanGenerate(
        race="marathon", race_date=date(2027, 3, 1), start_date=date(2027, 2, 1),
        weekly_km=30, longest_run_km=12, days_per_week=4,
    )  # fmt: skip
    with pytest.raises(PlanTooShortError, match="at least 10 weeks"):
        generate(soon)


def test_a_marathon_plan_builds_a_long_run_near_30_km_and_paces_from_the_race_given() -> None:
    request = PlanGenerate(
        race="marathon", race_date=date(2027, 5, 2), start_date=date(2026, 12, 7),
        weekly_km=45, longest_run_km=18, days_per_week=5, long_run_day=6,
        recent_race=RecentRace(distance_km=10, time_s=50 * 60),
    )  # fmt: skip
    plan = generate(request)
    longest = max(distance(item) for item in plan.workouts if item.session.kind == "long")
    assert 28 <= longest <= 32
    assert plan.paces.vdot == pytest.approx(40.0, abs=0.1)  # Daniels' table: 10K in 50:00
    kinds = {item.session.kind for item in plan.workouts}
    assert {"easy", "long", "tempo", "intervals", "hills", "race"} <= kinds


def test_more_weekly_distance_than_the_days_can_hold_is_refused() -> None:
    start = date(2027, 1, 4)
    asked = {"race": "half", "race_date": start + timedelta(weeks=20), "start_date": start,
             "longest_run_km": 70, "days_per_week": 3}  # fmt: skip
    with pytest.raises(ValidationError, match="more than 3 days of running can hold"):
        PlanGenerate.model_validate({**asked, "weekly_km": 165})
    assert generate(PlanGenerate.model_validate({**asked, "weekly_km": 90})).workouts
