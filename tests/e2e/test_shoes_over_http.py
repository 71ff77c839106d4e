"""Shoes over HTTP on the real services: the default shoe takes the runs that name none, its
distance adds up, a shoe past its limit raises an alert until it is retired, and nobody else
can see or use it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.e2e.conftest import System
from tests.e2e.test_runs_over_http import athlete

pytestmark = pytest.mark.e2e


def run(km: float, shoe_id: str | None = None) -> dict[str, Any]:
    started = datetime.now(UTC) - timedelta(hours=2)
    body: dict[str, Any] = {"distance_km": km, "duration_s": round(km * 330),
                            "started_at": started.isoformat()}  # fmt: skip
    return {**body, "shoe_id": shoe_id} if shoe_id else body


async def test_the_default_shoe_adds_up_its_runs_and_warns_past_its_limit(system: System) -> None:
    gil = await athlete(system, "gil")
    added = await system.command.post("/shoes", headers=gil, json={
        "nickname": "Daily trainers", "brand": "Acme", "limit_km": 50, "starting_km": 30,
        "default": True,
    })  # fmt: skip
    assert added.status_code == 201
    shoe_id = added.json()["aggregate_id"]
    await system.query.get("/shoes", headers={**gil, "X-Consistency-Token":
                                              added.json()["consistency_token"]})  # fmt: skip
    first = await system.command.post("/runs", headers=gil, json=run(12))
    second = await system.command.post("/runs", headers=gil, json=run(10))
    token = {**gil, "X-Consistency-Token": second.json()["consistency_token"]}
    assert first.status_code == second.status_code == 201

    shoes = (await system.query.get("/shoes", headers=token)).json()
    [shoe] = shoes["items"]
    assert (shoe["shoe_id"], shoe["distance_km"], shoe["runs"]) == (shoe_id, 52.0, 2)
    assert (shoe["default"], shoe["retirement_due"], shoe["remaining_km"]) == (True, True, -2.0)
    assert shoes["alerts"] == ["Daily trainers has run 52 km, past its 50 km: time to retire it."]

    retired = await system.command.post(f"/shoes/{shoe_id}/retire", headers=gil,
                                        json={"expected_version": 2})  # fmt: skip
    assert retired.status_code == 200
    after = await system.query.get(f"/shoes/{shoe_id}", headers={
        **gil, "X-Consistency-Token": retired.json()["consistency_token"]})  # fmt: skip
    assert (after.json()["retired"], after.json()["retirement_due"]) == (True, False)
    assert after.json()["default"] is False


async def test_nobody_else_can_see_or_run_in_your_shoes(system: System) -> None:
    hal, ivy = await athlete(system, "hal"), await athlete(system, "ivy")
    added = await system.command.post("/shoes", headers=hal, json={"nickname": "Racers"})
    shoe_id = added.json()["aggregate_id"]
    peek = await system.query.get(f"/shoes/{shoe_id}", headers=ivy)
    borrowed = await system.command.post("/runs", headers=ivy, json=run(5, shoe_id))
    rename = {"nickname": "Mine", "expected_version": 1}
    renamed = await system.command.put(f"/shoes/{shoe_id}/nickname", headers=ivy, json=rename)
    assert (peek.status_code, renamed.status_code) == (404, 404)
    assert borrowed.status_code == 422  # the run is refused: that shoe is not one of hers
    assert borrowed.json()["type"].endswith("rule-violated")
    assert (await system.query.get("/shoes", headers=ivy)).json()["items"] == []
