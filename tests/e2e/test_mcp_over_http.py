"""The MCP server with the MCP Python client over streamable HTTP, on the running system: an
assistant signed in as a person reads that person's runs, plans and statistics and records a run
for them; another person's assistant sees none of it; no token, a bad token or an ended login
gets nothing; bad arguments come back as tool errors the assistant can read."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import httpx2
import pytest
from mcp.client.client import Client
from mcp.client.streamable_http import streamable_http_client

from tests.e2e.conftest import System
from tests.e2e.test_profiles_over_http import Person
from tests.helpers import eventually

pytestmark = pytest.mark.e2e
READ_TOOLS = {
    "my_profile", "recent_runs", "weekly_totals", "training_plans", "training_plan",
    "fitness_and_form", "nutrition_targets", "meal_plans", "strength_workouts",
}  # fmt: skip


def mcp_url(system: System) -> str:
    return f"http://127.0.0.1:{system.settings.mcp_port}/mcp"


@asynccontextmanager
async def assistant(system: System, who: dict[str, str]) -> AsyncIterator[Client]:
    http = httpx2.AsyncClient(headers=who, timeout=30)
    async with http, Client(streamable_http_client(mcp_url(system), http_client=http)) as client:
        yield client


async def call(client: Client, tool: str, **arguments: Any) -> dict[str, Any]:
    result = await client.call_tool(tool, arguments)
    assert not result.is_error, result.content
    found: dict[str, Any] = result.structured_content
    return found


async def test_an_assistant_reads_and_records_only_for_the_person_signed_in(
    system: System,
) -> None:
    ada, bob = Person(system, "Ada"), Person(system, "Bob")
    as_ada, as_bob = await ada.register(), await bob.register()
    started = (datetime.now(UTC) - timedelta(days=1)).isoformat()
    told = await system.command.post("/runs", headers=as_ada, json={
        "distance_km": 10, "duration_s": 3000, "started_at": started})  # fmt: skip
    await system.query.get(f"/runs/{told.json()['aggregate_id']}", headers={
        **as_ada, "X-Consistency-Token": told.json()["consistency_token"]})  # fmt: skip

    async with assistant(system, as_ada) as client:
        tools = {tool.name: tool for tool in (await client.list_tools()).tools}
        assert READ_TOOLS | {"record_run", "log_weight"} <= set(tools)
        assert all(tools[name].annotations.read_only_hint for name in READ_TOOLS)  # type: ignore[union-attr]

        runs = (await call(client, "recent_runs", limit=5))["runs"]
        assert [run["distance_km"] for run in runs] == [10]
        assert (await call(client, "my_profile"))["display_name"] == "Ada"
        assert sum(week["count"] for week in (await call(client, "weekly_totals"))["weeks"]) == 1

        recorded = await call(client, "record_run", distance_km=5.5, duration_s=1800,
                              started_at=started, notes="easy", request_id="morning-1")  # fmt: skip
        again = await call(client, "record_run", distance_km=5.5, duration_s=1800,
                           started_at=started, notes="easy", request_id="morning-1")  # fmt: skip
        assert again["run_id"] == recorded["run_id"]  # the same request id records it once

        async def both_runs() -> bool:
            return len((await call(client, "recent_runs"))["runs"]) == 2

        await eventually(both_runs, timeout_s=30)
        weighed = await call(client, "log_weight", weight_kg=61.5)
        assert weighed["weight_kg"] == 61.5
        stats = await call(client, "strength_workouts")
        assert stats["workouts"] == []

        refused = await client.call_tool("record_run", {
            "distance_km": -3, "duration_s": 1800, "started_at": started})  # fmt: skip
        assert refused.is_error
        wrong_day = await client.call_tool("record_run", {
            "distance_km": 3, "duration_s": 1800, "started_at": "yesterday"})  # fmt: skip
        assert wrong_day.is_error
        assert "started_at" in str(wrong_day.content)
        no_plan = await client.call_tool("training_plan", {"plan_id": told.json()["aggregate_id"]})
        assert no_plan.is_error
        assert "404" in str(no_plan.content)

    async with assistant(system, as_bob) as client:
        assert (await call(client, "recent_runs"))["runs"] == []
        assert (await call(client, "my_profile"))["display_name"] == "Bob"


async def test_no_token_a_forged_one_or_an_ended_login_gets_nothing(system: System) -> None:
    kim = Person(system, "Kim")
    as_kim = await kim.register()
    request = {"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": {}}
    headers = {"Accept": "application/json, text/event-stream"}
    async with httpx.AsyncClient() as http:
        bare = await http.post(mcp_url(system), json=request, headers=headers)
        assert bare.status_code == 401
        forged = {**headers, "Authorization": "Bearer " + as_kim["Authorization"][7:-4] + "abcd"}
        assert (await http.post(mcp_url(system), json=request, headers=forged)).status_code == 401

        login = await system.command.post(
            "/auth/token", data={"username": kim.email, "password": "a long enough password"}
        )
        tokens = login.json()
        signed_in = {**headers, "Authorization": f"Bearer {tokens['access_token']}"}
        async with assistant(system, {"Authorization": signed_in["Authorization"]}) as client:
            assert (await call(client, "recent_runs"))["runs"] == []
        await system.command.post("/auth/logout", json={"refresh_token": tokens["refresh_token"]})
        ended = await http.post(mcp_url(system), json=request, headers=signed_in)
        assert ended.status_code == 401
