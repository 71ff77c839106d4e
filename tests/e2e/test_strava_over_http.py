"""Strava end to end, over HTTP, against the local Strava (a real HTTP server speaking Strava's
API v3 with its rate limits scaled down to a six-second window) and Pacer's processes on the
real services: connecting, the webhook subscription and its events (duplicated, out of order),
the backfill across rate windows, token refresh, pushing, deauthorisation and isolation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from sqlalchemy import text

from contracts.integrations.events import StravaRevocationRefuted
from infra.database import create_engine
from pacer.demo_strava import webhook_url
from tests.e2e.conftest import System
from tests.e2e.test_runs_over_http import athlete
from tests.helpers import eventually
from tests.support.local_strava import LocalStrava

pytestmark = pytest.mark.e2e
FULL = "read,activity:read_all,activity:write"


@pytest.fixture
async def subscribed(system: System, local_strava: LocalStrava) -> LocalStrava:
    """The application's one webhook subscription, made as Strava makes it: its creation calls
    Pacer's webhook to validate it."""
    if local_strava.subscription is None:
        callback = webhook_url(system.settings)
        async with httpx.AsyncClient() as client:
            made = await client.post(f"{local_strava.api_url}/push_subscriptions", data={
                "client_id": local_strava.client_id, "client_secret": local_strava.client_secret,
                "callback_url": callback,
                "verify_token": system.settings.strava_verify_token.get_secret_value(),
            })  # fmt: skip
        assert made.status_code == 201, made.text
    return local_strava


async def connect(system: System, headers: dict[str, str], strava_athlete: int) -> httpx.Response:
    """The athlete's browser: Pacer's authorisation URL, Strava's consent, back to Pacer."""
    authorization = await system.command.get("/integrations/strava/authorize", headers=headers)
    assert authorization.status_code == 200, authorization.text
    url = authorization.json()["authorize_url"] + f"&athlete_id={strava_athlete}"
    async with httpx.AsyncClient() as browser:
        consent = await browser.get(url)
    assert consent.status_code in (302, 303, 307), consent.text
    return await system.command.get(consent.headers["location"])


async def status(system: System, headers: dict[str, str]) -> dict[str, Any]:
    answer = await system.query.get("/integrations/strava", headers=headers)
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


async def strava_runs(system: System, headers: dict[str, str]) -> list[dict[str, Any]]:
    runs: list[dict[str, Any]] = []
    cursor: str | None = None
    while True:
        params: dict[str, Any] = {"source": "strava", "limit": 200}
        if cursor:
            params["cursor"] = cursor
        page = (await system.query.get("/runs", headers=headers, params=params)).json()
        runs.extend(page["items"])
        cursor = page["next_cursor"]
        if not cursor:
            return runs


async def connected(system: System, strava: LocalStrava, name: str, history: int = 0
                    ) -> tuple[dict[str, str], int]:  # fmt: skip
    headers = await athlete(system, name)
    strava_athlete = strava.add_athlete(name.capitalize(), "Runner")
    if history:
        strava.add_activities(strava_athlete, history)
    answer = await connect(system, headers, strava_athlete)
    assert answer.status_code == 200, answer.text

    async def backfilled() -> bool:
        return bool((await status(system, headers))["backfill"]["status"] == "done")

    await eventually(backfilled, timeout_s=60, interval_s=0.2)
    return headers, strava_athlete


async def test_connecting_needs_a_signed_unused_state_and_the_activities_scope(
    system: System, local_strava: LocalStrava
) -> None:
    ann = await athlete(system, "ann")
    forged_state = {"state": "forged", "code": "x", "scope": FULL}
    forged = await system.command.get("/integrations/strava/callback", params=forged_state)
    assert forged.status_code == 403
    assert forged.headers["content-type"] == "application/problem+json"

    unticked = local_strava.add_athlete("Una", "Ticked", scopes_allowed="read,activity:write")
    refused = await connect(system, ann, unticked)
    assert refused.status_code == 422, refused.text
    assert "read your activities" in refused.json()["detail"]
    assert (await status(system, ann))["status"] == "never"

    declined = local_strava.add_athlete("Dee", "Clined", scopes_allowed="")
    assert (await connect(system, ann, declined)).status_code == 403

    ada = local_strava.add_athlete("Ada", "Lovelace")
    authorization = await system.command.get("/integrations/strava/authorize", headers=ann)
    async with httpx.AsyncClient() as browser:
        consent = await browser.get(authorization.json()["authorize_url"] + f"&athlete_id={ada}")
    back = consent.headers["location"]
    assert parse_qs(urlsplit(back).query)["scope"] == [FULL]
    first = await system.command.get(back)
    assert first.status_code == 200, first.text
    replayed = await system.command.get(back)
    assert replayed.status_code == 403
    assert "already used" in replayed.json()["detail"]
    now = await system.query.get("/integrations/strava", headers={
        **ann, "X-Consistency-Token": first.json()["consistency_token"]})  # fmt: skip
    assert now.json()["status"] == "connected"
    assert now.json()["strava_athlete_id"] == ada
    assert set(now.json()["scopes"]) == set(FULL.split(","))

    # Another Pacer account cannot take the same Strava athlete.
    bo = await athlete(system, "bo")
    assert (await connect(system, bo, ada)).status_code == 409
    # The tokens are kept encrypted: neither appears in the database in clear.
    engine = create_engine(system.settings, pool_size=1)
    try:
        async with engine.connect() as sql:
            row = (await sql.execute(text(
                "SELECT access_token, refresh_token FROM strava_connections "
                "WHERE strava_athlete_id = :a"), {"a": ada})).one()  # fmt: skip
    finally:
        await engine.dispose()
    grant = local_strava.tokens.grant_of(ada)
    assert grant is not None
    issued = {grant.access.value, grant.refresh}
    assert not issued & {row.access_token, row.refresh_token}
    assert all(value.startswith("gAAAAA") for value in row)  # Fernet tokens


async def test_the_webhook_validates_its_subscription_and_ignores_strangers(
    system: System, subscribed: LocalStrava
) -> None:
    token = system.settings.strava_verify_token.get_secret_value()
    check = {"hub.mode": "subscribe", "hub.challenge": "15f7d1a9", "hub.verify_token": token}
    ok = await system.command.get("/integrations/strava/webhook", params=check)
    assert ok.status_code == 200
    assert ok.json() == {"hub.challenge": "15f7d1a9"}
    guessed = {**check, "hub.verify_token": "guess"}
    wrong = await system.command.get("/integrations/strava/webhook", params=guessed)
    assert wrong.status_code == 403
    stranger = {"aspect_type": "create", "event_time": 1516126040, "object_id": 77,
                "object_type": "activity", "owner_id": 999_999_999, "subscription_id": 1,
                "updates": {}}  # fmt: skip
    answer = await system.command.post("/integrations/strava/webhook", json=stranger)
    assert answer.status_code == 200
    assert answer.json() == {"recorded": False, "reason": "unknown athlete"}
    metrics = (await system.command.get("/metrics")).text
    assert 'pacer_strava_webhook_events_total{outcome="unknown_athlete"}' in metrics


async def test_webhook_events_import_correct_and_delete_a_run_once_each(
    system: System, subscribed: LocalStrava
) -> None:
    strava = subscribed
    cy, athlete_id = await connected(system, strava, "cy")

    made = strava.add_activity(athlete_id, name="Morning Run", distance=12_345.0,
                               moving_time=3600)  # fmt: skip

    async def runs_are(count: int) -> bool:
        return len(await strava_runs(system, cy)) == count

    await eventually(lambda: runs_are(1), timeout_s=30, interval_s=0.2)
    run = (await strava_runs(system, cy))[0]
    assert run["source"] == "strava"
    assert run["strava_activity_id"] == made["id"]
    assert run["title"] == "Morning Run"
    assert run["distance_km"] == pytest.approx(12.345)

    # Strava sends an event up to three times; a repeat has no second effect.
    event = next(
        d.event for d in strava.deliveries
        if d.event["object_id"] == made["id"] and d.event["aspect_type"] == "create"
    )  # fmt: skip
    answers = strava.send_event(event, times=3)
    assert answers == [200, 200, 200]

    strava.update_activity(made["id"], name="Renamed on Strava")

    async def renamed() -> bool:
        runs = await strava_runs(system, cy)
        return len(runs) == 1 and runs[0]["title"] == "Renamed on Strava"

    await eventually(renamed, timeout_s=30, interval_s=0.2)

    # Out of order: an update arrives before the create of a new activity; then the create.
    late = strava.add_activity(athlete_id, notify=False, name="Late Run")
    base = {**event, "object_id": late["id"], "event_time": event["event_time"] + 5}
    strava.send_event({**base, "aspect_type": "update", "updates": {"title": "Late Run"}})
    strava.send_event({**base, "aspect_type": "create", "event_time": base["event_time"] - 1})
    await eventually(lambda: runs_are(2), timeout_s=30, interval_s=0.2)
    # The titles Strava sent (in webhook updates and in the activities) are sealed in every
    # recorded event, as every athlete's text is.
    engine = create_engine(system.settings, pool_size=1)
    try:
        async with engine.connect() as sql:
            clear = await sql.scalar(text(
                "SELECT count(*) FROM events WHERE data::text LIKE '%Late Run%'"
                " OR data::text LIKE '%Renamed on Strava%'"))  # fmt: skip
    finally:
        await engine.dispose()
    assert clear == 0

    # A run that becomes a ride is no longer a run; a deleted activity's run goes.
    strava.update_activity(late["id"], sport_type="Ride", type="Ride")
    strava.delete_activity(made["id"])
    await eventually(lambda: runs_are(0), timeout_s=30, interval_s=0.2)
    hooks = (await status(system, cy))["webhooks"]
    assert hooks["activities_skipped"] >= 1
    assert hooks["activities_removed"] >= 1
    assert hooks["imports_failed"] == 0
    # Recorded once each (the repeats not counted): the create and the rename of `made`, the
    # update and create of `late` sent by hand, its change of type, the deletion of `made`.
    assert hooks["events_received"] == 6, hooks

    # Nobody else sees the athlete's Strava runs or status.
    di = await athlete(system, "di")
    assert await strava_runs(system, di) == []
    assert (await status(system, di))["status"] == "never"


async def test_a_backfill_of_500_activities_keeps_within_every_rate_window(
    system: System, subscribed: LocalStrava
) -> None:
    strava = subscribed
    ed = await athlete(system, "ed")
    athlete_id = strava.add_athlete("Ed", "Backfill")
    strava.add_activities(athlete_id, 500, sport_types=("Run",) * 9 + ("Ride",),
                          spacing=timedelta(hours=7))  # fmt: skip
    start = len(strava.requests)
    refused_before = strava.too_many()
    assert (await connect(system, ed, athlete_id)).status_code == 200

    async def pages(count: int) -> bool:
        return bool((await status(system, ed))["backfill"]["pages"] >= count)

    await eventually(lambda: pages(3), timeout_s=60, interval_s=0.2)
    strava.expire_tokens(athlete_id)  # Strava refuses the token early: refreshed, once
    live = strava.add_activity(athlete_id, name="During the backfill")

    async def done() -> bool:
        return bool((await status(system, ed))["backfill"]["status"] == "done")

    await eventually(done, timeout_s=180, interval_s=0.5)
    backfill = (await status(system, ed))["backfill"]
    assert backfill["imported"] + backfill["skipped"] >= 500
    assert backfill["skipped"] >= 50

    async def all_runs() -> bool:
        return len(await strava_runs(system, ed)) == 451

    await eventually(all_runs, timeout_s=60, interval_s=0.5)
    assert any(run["strava_activity_id"] == live["id"] for run in await strava_runs(system, ed))
    assert strava.too_many() == refused_before  # not one request over a limit
    mine = [r for r in strava.requests[start:] if r.athlete_id == athlete_id]
    assert len({r.window_start for r in mine}) >= 3  # it took several windows
    assert strava.refreshes.get(athlete_id, 0) == 1


async def test_pushing_creates_the_activity_once_and_never_pushes_strava_back(
    system: System, subscribed: LocalStrava
) -> None:
    strava = subscribed
    fay, athlete_id = await connected(system, strava, "fay", history=1)
    started = (datetime.now(UTC) - timedelta(hours=3)).isoformat()
    run = await system.command.post("/runs", headers=fay, json={
        "distance_km": 8.5, "duration_s": 2700, "started_at": started})  # fmt: skip
    run_id = run.json()["aggregate_id"]
    first = await system.command.post("/integrations/strava/pushes", headers=fay,
                                      json={"run_id": run_id})  # fmt: skip
    again = await system.command.post("/integrations/strava/pushes", headers=fay,
                                      json={"run_id": run_id})  # fmt: skip
    assert first.status_code == 202, first.text
    assert again.json()["aggregate_id"] == first.json()["aggregate_id"]
    push_id = first.json()["aggregate_id"]

    async def pushed() -> bool:
        answer = await system.query.get(f"/integrations/strava/pushes/{push_id}", headers=fay)
        return answer.status_code == 200 and answer.json()["status"] != "requested"

    await eventually(pushed, timeout_s=60, interval_s=0.2)
    push = (await system.query.get(f"/integrations/strava/pushes/{push_id}", headers=fay)).json()
    assert push["status"] == "completed", push
    mine = [a for a in strava.created_by_app if a["athlete"]["id"] == athlete_id]
    assert len(mine) == 1
    assert mine[0]["distance"] == pytest.approx(8500)
    assert mine[0]["id"] == push["strava_activity_id"]

    imported = next(r for r in await strava_runs(system, fay))
    back = await system.command.post("/integrations/strava/pushes", headers=fay,
                                     json={"run_id": imported["run_id"]})  # fmt: skip
    assert back.status_code == 422
    assert "never pushed back" in back.json()["detail"]
    gus = await athlete(system, "gus")
    theirs = await system.command.post("/integrations/strava/pushes", headers=gus,
                                       json={"run_id": run_id})  # fmt: skip
    assert theirs.status_code == 422  # gus has no connection: nothing to push to
    assert (await system.query.get(f"/integrations/strava/pushes/{push_id}",
                                   headers=gus)).status_code == 404  # fmt: skip

    on = await system.command.put("/integrations/strava/preferences", headers=fay,
                                  json={"auto_push": True})  # fmt: skip
    assert on.status_code == 200, on.text
    await system.command.post("/runs", headers=fay, json={
        "distance_km": 5.0, "duration_s": 1500, "started_at": started})  # fmt: skip

    async def auto_pushed() -> bool:
        return len([a for a in strava.created_by_app if a["athlete"]["id"] == athlete_id]) == 2

    await eventually(auto_pushed, timeout_s=60, interval_s=0.2)


async def test_a_forged_deauthorization_ends_nothing(
    system: System, subscribed: LocalStrava
) -> None:
    """Strava's webhook is unsigned: a deauthorization event anyone can send is believed only
    once Strava refuses the athlete's tokens. Here they still work: the connection and its runs
    stay, and the refuted claim is recorded."""
    strava = subscribed
    headers, athlete_id = await connected(system, strava, "forged", history=3)

    async def imported() -> bool:
        return len(await strava_runs(system, headers)) == 3

    await eventually(imported, timeout_s=30, interval_s=0.2)
    assert strava.subscription is not None
    forged = {"object_type": "athlete", "object_id": athlete_id, "aspect_type": "update",
              "owner_id": athlete_id, "subscription_id": strava.subscription.id,
              "event_time": int(datetime.now(UTC).timestamp()),
              "updates": {"authorized": "false"}}  # fmt: skip
    async with httpx.AsyncClient() as attacker:
        sent = await attacker.post(webhook_url(system.settings), json=forged)
    assert sent.status_code == 200, sent.text
    engine = create_engine(system.settings, pool_size=1)
    try:

        async def refuted() -> bool:
            async with engine.connect() as sql:
                found = (await sql.execute(text(
                    "SELECT count(*) FROM events e JOIN strava_connections c "
                    "ON e.data->>'connection_id' = c.connection_id::text "
                    "WHERE c.strava_athlete_id = :a AND e.event_type = :t"),
                    {"a": athlete_id,
                     "t": StravaRevocationRefuted.event_type()})).scalar()  # fmt: skip
            return bool(found == 1)

        await eventually(refuted, timeout_s=30, interval_s=0.2)
    finally:
        await engine.dispose()
    now = await status(system, headers)
    assert now["status"] == "connected"
    assert len(await strava_runs(system, headers)) == 3


@pytest.mark.parametrize("how", ["revoked_on_strava", "disconnected"])
async def test_deauthorisation_removes_every_strava_trace(
    system: System, subscribed: LocalStrava, how: str
) -> None:
    strava = subscribed
    headers, athlete_id = await connected(system, strava, f"gil-{how[:5]}", history=5)

    async def imported(count: int) -> bool:
        return len(await strava_runs(system, headers)) == count

    await eventually(lambda: imported(5), timeout_s=30, interval_s=0.2)
    manual = await system.command.post("/runs", headers=headers, json={
        "distance_km": 3.0, "duration_s": 900,
        "started_at": (datetime.now(UTC) - timedelta(hours=1)).isoformat()})  # fmt: skip
    assert manual.status_code == 201
    if how == "revoked_on_strava":
        strava.revoke(athlete_id)
    else:
        assert (
            await system.command.delete("/integrations/strava", headers=headers)
        ).status_code == 200
        assert strava.deauthorized(athlete_id)

    async def ended() -> bool:
        return bool((await status(system, headers))["status"] == "disconnected")

    await eventually(ended, timeout_s=30, interval_s=0.2)
    await eventually(lambda: imported(0), timeout_s=30, interval_s=0.2)
    now = await status(system, headers)
    assert now["disconnect_reason"] == how
    assert now["runs_removed"] == 5
    assert now["strava_athlete_id"] is None
    everything = (await system.query.get("/runs", headers=headers)).json()["items"]
    assert [run["run_id"] for run in everything] == [manual.json()["aggregate_id"]]
    engine = create_engine(system.settings, pool_size=1)
    try:
        async with engine.connect() as sql:
            left = (await sql.execute(text(
                "SELECT (SELECT count(*) FROM strava_connections WHERE strava_athlete_id = :a) + "
                "(SELECT count(*) FROM runs_view WHERE source = 'strava' AND athlete_id IN "
                " (SELECT account_id FROM strava_view WHERE account_id = athlete_id AND "
                "  disconnect_reason = :how))"),
                {"a": athlete_id, "how": how})).scalar()  # fmt: skip
    finally:
        await engine.dispose()
    assert left == 0
