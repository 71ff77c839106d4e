"""Analytics over HTTP on the real services: records and streaks, fitness and predictions from
the best recent effort, monthly totals, and one training-load chart with runs and strength."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from contracts.training.running import vdot
from tests.e2e.conftest import System
from tests.e2e.test_runs_over_http import athlete

pytestmark = pytest.mark.e2e


async def test_records_fitness_totals_and_one_load_chart_for_runs_and_strength(
    system: System,
) -> None:
    jo = await athlete(system, "jo")
    now = datetime.now(UTC)
    runs = [(1, 10.0, 50 * 60), (2, 5.0, 24 * 60), (3, 21.1, 2 * 3600)]  # days ago, km, seconds
    for days_ago, km, seconds in runs:
        started = (now - timedelta(days=days_ago)).replace(hour=7, minute=0)
        ran = await system.command.post("/runs", headers=jo, json={
            "distance_km": km, "duration_s": seconds, "started_at": started.isoformat(),
        })  # fmt: skip
        assert ran.status_code == 201
    performed = now - timedelta(minutes=1)
    lifted = await system.command.post("/movement/workouts", headers=jo, json={
        "exercise": "squat", "reps": 60, "duration_s": 1800, "performed_at": performed.isoformat(),
    })  # fmt: skip
    assert lifted.status_code == 201
    token = {**jo, "X-Consistency-Token": lifted.json()["consistency_token"]}
    await system.query.get("/movement/workouts", headers=token)
    await system.query.get("/runs", headers={**jo, "X-Consistency-Token": ran.json()[
        "consistency_token"]})  # fmt: skip

    records = (await system.query.get("/analytics/records", headers=jo)).json()
    by_distance = {r["distance"]: r for r in records["records"]}
    assert set(by_distance) == {"5k", "10k", "half"}
    assert by_distance["5k"]["time_s"] == 24 * 60  # the 5 km run: 4:48 per km
    assert by_distance["10k"]["run_distance_km"] == 10.0
    assert records["longest_run_km"] == 21.1
    assert records["current_streak_days"] == 3

    fitness = (await system.query.get("/analytics/fitness", headers=jo)).json()
    assert fitness["paces"]["vdot"] == pytest.approx(vdot(5, 24 * 60), abs=0.05)  # the best
    predictions = {p["distance"]: p for p in fitness["predictions"]}
    assert predictions["5k"]["vdot_time_s"] == pytest.approx(24 * 60, abs=10)
    assert predictions["marathon"]["riegel_time_s"] > predictions["marathon"]["vdot_time_s"] * 0.9

    load = (await system.query.get("/analytics/load", headers=jo)).json()
    days = {d["day"]: d for d in load["days"]}
    today = days[performed.date().isoformat()]
    assert today["tss"] == pytest.approx(3.8 * 0.5 * 100 / 11.5, abs=0.2)  # 30 min of squats
    assert days[(now - timedelta(days=1)).date().isoformat()]["tss"] > 50  # 10 km in 50:00
    assert today["ctl"] > 0
    assert today["atl"] > today["ctl"]  # a new runner: fatigue before fitness

    months = (await system.query.get("/analytics/totals", headers=jo,
                                      params={"period": "month"})).json()  # fmt: skip
    assert sum(item["runs"] for item in months["items"]) == 3
    bad = await system.query.get("/analytics/load", headers=jo,
                                 params={"from": "2027-01-10", "to": "2027-01-01"})  # fmt: skip
    assert bad.status_code == 400
