"""The whole system over HTTP: both APIs, the relay and the projectors as real processes on the
real services, driven like a client would."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from contracts.consistency import ConsistencyTokens, StreamPosition
from infra.settings import Settings
from infra.tokens import read_access_token
from tests.e2e.conftest import System

pytestmark = pytest.mark.e2e
PASSWORD = "a long enough password"


async def athlete(system: System, name: str) -> dict[str, str]:
    email = f"{name}-{datetime.now(UTC).timestamp()}@example.com"
    registered = await system.command.post(
        "/auth/register", json={"email": email, "password": PASSWORD, "display_name": name}
    )
    assert registered.status_code == 201
    login = await system.command.post("/auth/token", data={"username": email, "password": PASSWORD})
    assert login.status_code == 200
    return {"Authorization": f"Bearer {login.json()['access_token']}"}


async def test_register_log_in_record_and_read_your_own_run(system: System) -> None:
    ada = await athlete(system, "ada")
    started = datetime.now(UTC) - timedelta(days=1)
    recorded = await system.command.post(
        "/runs",
        headers=ada,
        json={"distance_km": 12.5, "duration_s": 3750, "started_at": started.isoformat()},
    )
    assert recorded.status_code == 201
    accepted = recorded.json()
    consistent = {**ada, "X-Consistency-Token": accepted["consistency_token"]}

    run = await system.query.get(f"/runs/{accepted['aggregate_id']}", headers=consistent)
    weekly = await system.query.get("/runs/weekly", headers=consistent)
    listed = await system.query.get("/runs", headers=consistent)

    assert run.status_code == 200
    assert run.json()["distance_km"] == 12.5
    assert run.json()["pace_s_per_km"] == 300.0
    week_start = (started - timedelta(days=started.weekday())).date().isoformat()
    assert weekly.json() == [
        {"week_start": week_start, "distance_km": 12.5, "duration_s": 3750, "count": 1,
         "avg_pace_s_per_km": 300.0}
    ]  # fmt: skip
    assert [item["run_id"] for item in listed.json()["items"]] == [accepted["aggregate_id"]]


async def test_another_athletes_run_is_not_found(system: System) -> None:
    ada, bob = await athlete(system, "ada"), await athlete(system, "bob")
    recorded = await system.command.post(
        "/runs",
        headers=ada,
        json={"distance_km": 5, "duration_s": 1500, "started_at": datetime.now(UTC).isoformat()},
    )
    token = recorded.json()["consistency_token"]
    run_id = recorded.json()["aggregate_id"]
    mine = await system.query.get(f"/runs/{run_id}", headers={**ada, "X-Consistency-Token": token})
    assert mine.status_code == 200

    peek = await system.query.get(f"/runs/{run_id}", headers=bob)
    listing = await system.query.get("/runs", headers=bob)
    # Ada's consistency token is Ada's: Bob cannot wait on it, or learn from it.
    borrowed = await system.query.get("/runs", headers={**bob, "X-Consistency-Token": token})
    assert borrowed.status_code == 400

    assert peek.status_code == 404
    assert peek.headers["content-type"] == "application/problem+json"
    assert listing.json()["items"] == []


async def test_a_token_the_projection_cannot_reach_times_out_with_503(
    system: System, running: Settings
) -> None:
    ada = await athlete(system, "ada")
    ada_id = read_access_token(ada["Authorization"].split()[1], running.signing_key).account_id
    unreachable = ConsistencyTokens(running.signing_key).seal(
        StreamPosition("no-such-stream", 1).encode(), str(ada_id)
    )
    began = asyncio.get_running_loop().time()
    response = await system.query.get(
        "/runs", headers={**ada, "X-Consistency-Token": unreachable}, timeout=30
    )
    waited = asyncio.get_running_loop().time() - began
    assert response.status_code == 503
    assert response.headers["retry-after"] == "1"
    assert response.json()["type"].endswith("/not-yet-consistent")
    assert 4.5 <= waited < 15


async def test_the_served_apis_name_no_server_software(system: System) -> None:
    for client in (system.command, system.query):
        response = await client.get("/health")
        assert response.status_code == 200
        assert "server" not in response.headers
