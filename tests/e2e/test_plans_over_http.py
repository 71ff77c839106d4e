"""Training plans over HTTP on the real services: a generated plan read back with its weeks, a
plan built by hand and edited, concurrent edits (one wins, one is told 409), bad dates refused
with a problem and nothing recorded, someone else's plan missing, and a recorded run completing
the day's workout (and a deleted one opening it again) through the completion reactor."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from tests.e2e.conftest import System
from tests.e2e.test_runs_over_http import athlete
from tests.helpers import eventually

pytestmark = pytest.mark.e2e
EASY = {"kind": "easy", "title": "Easy 6 km",
        "steps": [{"kind": "steady", "distance_m": 6000,
                   "pace": {"fast_s_per_km": 330, "slow_s_per_km": 360}}]}  # fmt: skip


def consistent(who: dict[str, str], accepted: dict[str, Any]) -> dict[str, str]:
    return {**who, "X-Consistency-Token": accepted["consistency_token"]}


async def test_a_generated_marathon_plan_reads_back_with_its_weeks_and_race(system: System) -> None:
    ada = await athlete(system, "ada")
    start = date.today() + timedelta(days=7)
    race_day = start + timedelta(weeks=18, days=-1)
    body = {"race": "marathon", "race_name": "City Marathon", "race_date": race_day.isoformat(),
            "start_date": start.isoformat(), "weekly_km": 40, "longest_run_km": 16,
            "days_per_week": 5, "long_run_day": 6,
            "recent_race": {"distance_km": 21.0975, "time_s": 105 * 60}}  # fmt: skip
    made = await system.command.post("/plans/generate", headers=ada, json=body)
    assert made.status_code == 201, made.text
    accepted = made.json()

    plan = await system.query.get(f"/plans/{accepted['aggregate_id']}",
                                  headers=consistent(ada, accepted))  # fmt: skip
    assert plan.status_code == 200
    detail = plan.json()
    assert (detail["title"], detail["generated"], detail["version"]) == (
        "City Marathon", True, accepted["version"])  # fmt: skip
    assert detail["goal"]["distance_km"] == pytest.approx(42.195)
    assert len(detail["weeks"]) == 18
    assert detail["workouts"][-1]["kind"] == "race"
    assert detail["workouts"][-1]["date"] == race_day.isoformat()
    assert max(w["planned_km"] for w in detail["weeks"]) > detail["weeks"][0]["planned_km"]
    zones = {zone["zone"]: zone for zone in detail["paces"]["zones"]}
    assert zones["easy"]["slow_s_per_km"] > zones["threshold"]["slow_s_per_km"]
    listed = await system.query.get("/plans", headers=consistent(ada, accepted))
    assert [p["plan_id"] for p in listed.json()["items"]] == [accepted["aggregate_id"]]
    intervals = next(w for w in detail["workouts"] if w["kind"] == "intervals")
    export = f"/plans/{accepted['aggregate_id']}/workouts/{intervals['workout_id']}/export"
    fit = await system.query.get(export, headers=ada)
    zwo = await system.query.get(export, headers=ada, params={"format": "zwo"})
    assert (fit.status_code, fit.headers["content-type"]) == (200, "application/vnd.ant.fit")
    assert fit.content[8:12] == b".FIT"
    assert zwo.headers["content-type"].startswith("application/xml")
    assert b"<IntervalsT" in zwo.content
    bob = await athlete(system, "bob")
    assert (await system.query.get(export, headers=bob)).status_code == 404


async def test_a_plan_built_by_hand_is_edited_and_concurrent_edits_give_one_409(
    system: System,
) -> None:
    bob = await athlete(system, "bob")
    start = date.today()
    created = await system.command.post("/plans", headers=bob, json={
        "title": "Base block", "start_date": start.isoformat(),
        "end_date": (start + timedelta(weeks=6)).isoformat(),
    })  # fmt: skip
    assert created.status_code == 201
    plan_id = created.json()["aggregate_id"]
    scheduled = await system.command.post(f"/plans/{plan_id}/workouts", headers=bob, json={
        "date": (start + timedelta(days=2)).isoformat(), "session": EASY, "expected_version": 1,
    })  # fmt: skip
    assert scheduled.status_code == 201
    workout_id = scheduled.json()["workout_id"]

    renames = [
        system.command.put(
            f"/plans/{plan_id}/title", headers=bob, json={"title": title, "expected_version": 2}
        )
        for title in ("Base block A", "Base block B")
    ]
    answers = sorted(r.status_code for r in await asyncio.gather(*renames))
    assert answers == [200, 409]

    moved = await system.command.put(
        f"/plans/{plan_id}/workouts/{workout_id}/date", headers=bob,
        json={"date": (start + timedelta(days=3)).isoformat(), "expected_version": 3},
    )  # fmt: skip
    assert moved.status_code == 200
    plan = await system.query.get(f"/plans/{plan_id}", headers=consistent(bob, moved.json()))
    detail = plan.json()
    assert detail["title"] in {"Base block A", "Base block B"}
    [workout] = detail["workouts"]
    assert workout["date"] == (start + timedelta(days=3)).isoformat()
    assert workout["distance_km"] == 6.0
    assert workout["duration_s"] == 6 * 345
    assert detail["weeks"][0]["planned_km"] == 6.0


async def test_bad_dates_are_refused_with_a_problem_and_nothing_is_recorded(system: System) -> None:
    cy = await athlete(system, "cy")
    start = date.today()
    backwards = await system.command.post("/plans", headers=cy, json={
        "title": "Backwards", "start_date": start.isoformat(),
        "end_date": (start - timedelta(days=1)).isoformat(),
    })  # fmt: skip
    assert backwards.status_code == 422
    assert backwards.headers["content-type"] == "application/problem+json"
    too_soon = await system.command.post("/plans/generate", headers=cy, json={
        "race": "marathon", "race_date": (start + timedelta(weeks=3)).isoformat(),
        "start_date": start.isoformat(), "weekly_km": 30, "longest_run_km": 10,
        "days_per_week": 4,
    })  # fmt: skip
    assert too_soon.status_code == 422
    assert "at least 10 weeks" in too_soon.json()["detail"]
    created = await system.command.post("/plans", headers=cy, json={
        "title": "Short", "start_date": start.isoformat(),
        "end_date": (start + timedelta(days=6)).isoformat(),
    })  # fmt: skip
    plan_id = created.json()["aggregate_id"]
    outside = await system.command.post(f"/plans/{plan_id}/workouts", headers=cy, json={
        "date": (start + timedelta(days=9)).isoformat(), "session": EASY, "expected_version": 1,
    })  # fmt: skip
    assert outside.status_code == 422
    assert outside.json()["type"].endswith("rule-violated")
    plan = await system.query.get(f"/plans/{plan_id}", headers=consistent(cy, created.json()))
    assert (plan.json()["version"], plan.json()["workouts"]) == (1, [])


async def test_someone_else_s_plan_is_not_found_for_reading_or_changing(system: System) -> None:
    dee, eve = await athlete(system, "dee"), await athlete(system, "eve")
    start = datetime.now(UTC).date()
    created = await system.command.post("/plans", headers=dee, json={
        "title": "Mine", "start_date": start.isoformat(),
        "end_date": (start + timedelta(days=30)).isoformat(),
    })  # fmt: skip
    plan_id = created.json()["aggregate_id"]
    await system.query.get(f"/plans/{plan_id}", headers=consistent(dee, created.json()))
    peek = await system.query.get(f"/plans/{plan_id}", headers=eve)
    change = await system.command.put(f"/plans/{plan_id}/title", headers=eve,
                                      json={"title": "Yours", "expected_version": 1})  # fmt: skip
    listing = await system.query.get("/plans", headers=eve)
    assert (peek.status_code, change.status_code) == (404, 404)
    assert listing.json()["items"] == []


async def test_a_recorded_run_completes_the_day_s_workout_and_its_deletion_reopens_it(
    system: System,
) -> None:
    fay = await athlete(system, "fay")
    today = datetime.now(UTC).date()
    created = await system.command.post("/plans", headers=fay, json={
        "title": "This week", "start_date": (today - timedelta(days=3)).isoformat(),
        "end_date": (today + timedelta(days=3)).isoformat(),
    })  # fmt: skip
    plan_id = created.json()["aggregate_id"]
    for version, day in ((1, today), (2, today - timedelta(days=1))):
        scheduled = await system.command.post(f"/plans/{plan_id}/workouts", headers=fay, json={
            "date": day.isoformat(), "session": EASY, "expected_version": version,
        })  # fmt: skip
        assert scheduled.status_code == 201
    ran = await system.command.post("/runs", headers=fay, json={
        "distance_km": 6.3, "duration_s": 2100,
        "started_at": datetime.combine(today, datetime.min.time(), UTC).isoformat(),
    })  # fmt: skip
    run_id = ran.json()["aggregate_id"]

    async def week() -> dict[str, Any]:
        plan = await system.query.get(f"/plans/{plan_id}", headers=fay)
        detail: dict[str, Any] = plan.json()
        return detail

    async def completed() -> bool:
        return any(w["completed"] for w in (await week()).get("workouts", []))

    await eventually(completed)
    detail = await week()
    done = [w for w in detail["workouts"] if w["completed"]]
    assert [(w["date"], w["completed"]["run_id"]) for w in done] == [(today.isoformat(), run_id)]
    assert detail["weeks"][0]["runs_planned"] == 2
    assert detail["weeks"][0]["runs_done"] == 1
    assert detail["weeks"][0]["compliance"] == 0.5
    assert detail["weeks"][0]["done_km"] == 6.3

    deleted = await system.command.delete(f"/runs/{run_id}", headers=fay)
    assert deleted.status_code == 200

    async def reopened() -> bool:
        detail = await week()
        return "workouts" in detail and not any(w["completed"] for w in detail["workouts"])

    await eventually(reopened)
