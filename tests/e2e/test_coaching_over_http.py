"""Coaching over HTTP on the real services: a coach invites an athlete, the athlete chooses the
scopes, the coach opens the athlete's data with an access ticket (the athlete lists each access)
and reads it through the same query routes; strangers, other coaches, other scopes and ended
grants read nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from tests.e2e.conftest import System
from tests.e2e.test_runs_over_http import PASSWORD
from tests.helpers import eventually

pytestmark = pytest.mark.e2e


class Member:
    def __init__(self, system: System, name: str, role: str = "athlete") -> None:
        self.system, self.name, self.role = system, name, role
        self.email = f"{name}-{datetime.now(UTC).timestamp()}@example.com"
        self.id = ""
        self.auth: dict[str, str] = {}

    async def join(self) -> Member:
        registered = await self.system.command.post("/auth/register", json={
            "email": self.email, "password": PASSWORD, "display_name": self.name,
            "role": self.role})  # fmt: skip
        assert registered.status_code == 201, registered.text
        self.id = registered.json()["aggregate_id"]
        return await self.join_again()

    async def join_again(self) -> Member:
        """Log in (again): a new access token, with the account's role as it is now."""
        login = await self.system.command.post(
            "/auth/token", data={"username": self.email, "password": PASSWORD}
        )
        assert login.status_code == 200, login.text
        self.auth = {"Authorization": f"Bearer {login.json()['access_token']}"}
        return self

    async def do(self, path: str, body: dict[str, Any] | None = None) -> httpx.Response:
        return await self.system.command.post(path, headers=self.auth, json=body or {})

    async def read(self, path: str, **headers: str) -> httpx.Response:
        return await self.system.query.get(path, headers={**self.auth, **headers})


async def _until_status(member: Member, path: str, status: int, **headers: str) -> None:
    async def reached() -> bool:
        return (await member.read(path, **headers)).status_code == status

    await eventually(reached, timeout_s=20)


async def test_a_coach_reads_an_athletes_training_only_under_a_live_grant(system: System) -> None:
    cora = await Member(system, "Cora", "coach").join()
    eve = await Member(system, "Eve", "coach").join()
    ada, bob = await Member(system, "Ada").join(), await Member(system, "Bob").join()
    run = await system.command.post("/runs", headers=ada.auth, json={
        "distance_km": 10, "duration_s": 3000, "started_at": "2026-11-30T07:00:00Z"})  # fmt: skip
    assert run.status_code == 201, run.text
    runs = f"/runs?athlete_id={ada.id}"

    assert (await cora.read(runs)).status_code == 404  # no grant: as if Ada did not exist
    refused = await bob.do("/coaching/athletes", {"athlete_id": ada.id})
    assert refused.status_code == 403
    assert refused.json()["type"].endswith("not-permitted")

    invited = await cora.do("/coaching/athletes", {"athlete_id": ada.id})
    assert invited.status_code == 201, invited.text
    grant = invited.json()["aggregate_id"]
    assert (await cora.do("/coaching/athletes", {"athlete_id": ada.id})).status_code == 409
    await _until_status(ada, f"/coaching/grants/{grant}", 200)
    listed = await ada.read("/coaching/grants?side=athlete")
    [pending] = listed.json()
    assert (pending["status"], pending["invited_by"]) == ("invited", "coach")
    assert pending["coach"] == {"account_id": cora.id, "display_name": "Cora"}
    assert (await bob.read(f"/coaching/grants/{grant}")).status_code == 404

    accepted = await ada.do(f"/coaching/grants/{grant}/accept", {"scopes": ["read_training"]})
    assert accepted.status_code == 200, accepted.text
    await _until_status(cora, runs, 403)  # live now, but no ticket yet
    no_ticket = await cora.read(runs)
    assert "POST /coaching/athletes/" in no_ticket.json()["detail"]

    other_scope = await cora.do(f"/coaching/athletes/{ada.id}/access", {"scope": "read_nutrition"})
    assert other_scope.status_code == 403
    opened = await cora.do(f"/coaching/athletes/{ada.id}/access", {"scope": "read_training"})
    assert opened.status_code == 201, opened.text
    ticket = {"X-Access-Ticket": opened.json()["ticket"]}
    assert (await eve.do(f"/coaching/athletes/{ada.id}/access",
                         {"scope": "read_training"})).status_code == 404  # fmt: skip

    seen = await cora.read(runs, **ticket)
    assert seen.status_code == 200, seen.text
    assert [item["distance_km"] for item in seen.json()["items"]] == [10]
    weekly = await cora.read(f"/runs/weekly?athlete_id={ada.id}", **ticket)
    assert weekly.status_code == 200
    assert weekly.json()[0]["count"] == 1
    # The ticket is Cora's, for Ada, for training: nobody and nothing else.
    assert (await eve.read(runs, **ticket)).status_code == 404
    assert (await cora.read(f"/runs?athlete_id={bob.id}", **ticket)).status_code == 404
    assert (await cora.read(f"/nutrition/meal-plans?athlete_id={ada.id}",
                            **ticket)).status_code == 404  # fmt: skip
    forged = await cora.read(runs, **{"X-Access-Ticket": ticket["X-Access-Ticket"][:-4] + "AAAA"})
    assert forged.status_code == 403
    assert (await cora.read("/runs", **ticket)).json()["items"] == []  # Cora's own: none

    await _until_status(ada, "/me/data-accesses", 200)

    async def access_listed() -> bool:
        return len((await ada.read("/me/data-accesses")).json()["items"]) == 1

    await eventually(access_listed, timeout_s=20)
    [access] = (await ada.read("/me/data-accesses")).json()["items"]
    assert (access["coach"]["display_name"], access["scope"]) == ("Cora", "read_training")
    assert (await cora.read("/me/data-accesses")).json()["items"] == []

    revoked = await ada.do(f"/coaching/grants/{grant}/revoke")
    assert revoked.status_code == 200, revoked.text
    await _until_status(cora, runs, 404, **ticket)  # the ticket died with the grant
    assert (await cora.do(f"/coaching/athletes/{ada.id}/access",
                          {"scope": "read_training"})).status_code == 404  # fmt: skip


async def test_an_athlete_invites_a_coach_and_narrows_the_scopes(system: System) -> None:
    cora = await Member(system, "Cora", "coach").join()
    ada, bob = await Member(system, "Ada").join(), await Member(system, "Bob").join()
    not_a_coach = await ada.do(
        "/coaching/coaches", {"coach_id": bob.id, "scopes": ["read_training"]}
    )
    assert not_a_coach.status_code == 404
    bad = await ada.do("/coaching/coaches", {"coach_id": cora.id, "scopes": []})
    assert bad.status_code == 422
    invited = await ada.do("/coaching/coaches", {
        "coach_id": cora.id, "scopes": ["read_movement", "read_nutrition"]})  # fmt: skip
    assert invited.status_code == 201, invited.text
    grant = invited.json()["aggregate_id"]
    assert (await ada.do(f"/coaching/grants/{grant}/accept", {})).status_code == 409
    accepted = await cora.do(f"/coaching/grants/{grant}/accept")
    assert accepted.status_code == 200, accepted.text
    narrowed = await system.command.put(f"/coaching/grants/{grant}/scopes", headers=ada.auth,
                                        json={"scopes": ["read_movement"]})  # fmt: skip
    assert narrowed.status_code == 200, narrowed.text
    mine = await ada.read(
        f"/coaching/grants/{grant}", **{"X-Consistency-Token": narrowed.json()["consistency_token"]}
    )
    assert mine.status_code == 200
    assert (mine.json()["status"], mine.json()["scopes"]) == ("active", ["read_movement"])
    refused = await cora.do(f"/coaching/athletes/{ada.id}/access", {"scope": "read_nutrition"})
    assert refused.status_code == 403
    opened = await cora.do(f"/coaching/athletes/{ada.id}/access", {"scope": "read_movement"})
    assert opened.status_code == 201, opened.text
    workouts = await cora.read(
        f"/movement/workouts?athlete_id={ada.id}", **{"X-Access-Ticket": opened.json()["ticket"]}
    )
    assert workouts.status_code == 200
    assert workouts.json()["items"] == []
    [coached] = (await cora.read("/coaching/grants?side=coach")).json()
    assert coached["athlete"]["account_id"] == ada.id


async def test_a_coach_plans_for_an_athlete_with_the_write_scope(system: System) -> None:
    cora = await Member(system, "Cora", "coach").join()
    ada = await Member(system, "Ada").join()
    plan = {"title": "Spring", "start_date": "2027-03-01", "end_date": "2027-04-30"}
    refused = await system.command.post(f"/plans?athlete_id={ada.id}", headers=cora.auth,
                                        json=plan)  # fmt: skip
    assert refused.status_code == 404  # no grant
    invited = await cora.do("/coaching/athletes", {"athlete_id": ada.id})
    grant = invited.json()["aggregate_id"]
    await ada.do(f"/coaching/grants/{grant}/accept", {"scopes": ["read_training"]})
    without_scope = await system.command.post(f"/plans?athlete_id={ada.id}", headers=cora.auth,
                                              json=plan)  # fmt: skip
    assert without_scope.status_code == 404
    scopes = {"scopes": ["read_training", "write_training_plans"]}
    await system.command.put(f"/coaching/grants/{grant}/scopes", headers=ada.auth, json=scopes)
    created = await system.command.post(f"/plans?athlete_id={ada.id}", headers=cora.auth,
                                        json=plan)  # fmt: skip
    assert created.status_code == 201, created.text
    plan_id = created.json()["aggregate_id"]
    renamed = await system.command.put(
        f"/plans/{plan_id}/title?athlete_id={ada.id}", headers=cora.auth,
        json={"title": "Spring 10K", "expected_version": 1},
    )  # fmt: skip
    assert renamed.status_code == 200, renamed.text

    # The plan is Ada's: she reads it as her own; Cora's own plans do not hold it.
    async def renamed_for_ada() -> bool:  # Cora's consistency token is hers alone
        mine = await ada.read(f"/plans/{plan_id}")
        return mine.status_code == 200 and mine.json()["title"] == "Spring 10K"

    await eventually(renamed_for_ada, timeout_s=20)
    assert (await cora.read(f"/plans/{plan_id}")).status_code == 404
    # Renaming without naming the athlete is acting on Cora's own data: not found.
    own = await system.command.put(f"/plans/{plan_id}/title", headers=cora.auth,
                                   json={"title": "X", "expected_version": 2})  # fmt: skip
    assert own.status_code == 404

    async def two_plan_accesses() -> bool:
        items = (await ada.read("/me/data-accesses")).json()["items"]
        return [item["scope"] for item in items] == ["write_training_plans"] * 2

    await eventually(two_plan_accesses, timeout_s=20)


async def test_the_roster_shows_each_athletes_week_to_their_coach(system: System) -> None:
    cora = await Member(system, "Cora", "coach").join()
    ada, bob = await Member(system, "Ada").join(), await Member(system, "Bob").join()
    today = datetime.now(UTC).date()
    monday = today - timedelta(days=today.weekday())
    dates = {"start_date": str(monday), "end_date": str(monday + timedelta(days=60))}
    plan = await system.command.post("/plans", headers=ada.auth, json={"title": "Base", **dates})
    plan_id = plan.json()["aggregate_id"]
    long_run = {"kind": "long", "title": "Long run",
                "steps": [{"kind": "steady", "distance_m": 16000}]}  # fmt: skip
    scheduled = await system.command.post(f"/plans/{plan_id}/workouts", headers=ada.auth, json={
        "date": str(monday), "session": long_run, "expected_version": 1})  # fmt: skip
    assert scheduled.status_code == 201, scheduled.text
    shoe = await system.command.post("/shoes", headers=ada.auth, json={
        "nickname": "Old racers", "limit_km": 100, "starting_km": 90})  # fmt: skip
    assert shoe.status_code == 201, shoe.text
    now = datetime.now(UTC).isoformat()
    run = await system.command.post("/runs", headers=ada.auth, json={
        "distance_km": 6, "duration_s": 1800, "started_at": now})  # fmt: skip
    assert run.status_code == 201, run.text
    for athlete, scopes in ((ada, ["read_training"]), (bob, ["read_nutrition"])):
        grant = (await cora.do("/coaching/athletes", {"athlete_id": athlete.id})).json()
        await athlete.do(f"/coaching/grants/{grant['aggregate_id']}/accept", {"scopes": scopes})

    # Bob did not grant read_training: the roster's access refuses him, and needs Ada alone.
    both = await cora.do("/coaching/access", {"scope": "read_training",
                                               "athlete_ids": [ada.id, bob.id]})  # fmt: skip
    assert both.status_code == 403
    opened = await cora.do("/coaching/access", {"scope": "read_training", "athlete_ids": [ada.id]})
    assert opened.status_code == 201, opened.text
    ticket = {"X-Access-Ticket": opened.json()["ticket"]}
    no_ticket = await cora.read("/coaching/roster")
    assert no_ticket.status_code == 403
    assert "POST /coaching/access" in no_ticket.json()["detail"]

    expected = sorted(["shoe_near_retirement"] + (["missed_key_session"] if today > monday else []))

    async def ada_shown() -> bool:
        # The roster reads several read models (runs, plans, shoes): each flag shows once the
        # read model it comes from has the run.
        answer = await cora.read("/coaching/roster", **ticket)
        athletes = answer.json().get("athletes", [])
        return (bool(athletes) and athletes[0]["done_km"] == 6
                and sorted(flag["kind"] for flag in athletes[0]["flags"]) == expected)  # fmt: skip

    await eventually(ada_shown, timeout_s=20)
    roster = (await cora.read("/coaching/roster", **ticket)).json()
    assert roster["week_start"] == str(monday)
    [week] = roster["athletes"]
    assert (week["display_name"], week["planned_km"], week["planned_sessions"]) == ("Ada", 16, 1)
    assert sorted(flag["kind"] for flag in week["flags"]) == expected
    assert week["fitness_ctl"] is not None
    # Another coach's request with Cora's ticket is refused; Ada herself has no roster.
    assert (await ada.read("/coaching/roster", **ticket)).status_code == 403
