"""The command API on a real PostgreSQL: validation, idempotency, optimistic concurrency and
login sessions, every error an RFC 9457 problem."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import httpx
import jwt
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from infra.settings import Settings
from infra.tokens import Principal, issue_access_token
from pacer.bootstrap import command_app
from tests.helpers import api_client, auth, register_and_log_in, run_body

pytestmark = pytest.mark.integration
PROBLEM = "application/problem+json"


@pytest.fixture
async def client(
    pipeline_settings: Settings, engine: AsyncEngine
) -> AsyncIterator[httpx.AsyncClient]:
    async with api_client(command_app(pipeline_settings, engine)) as client:
        yield client


async def event_count(engine: AsyncEngine) -> int:
    async with engine.connect() as conn:
        return int(await conn.scalar(text("SELECT count(*) FROM events")) or 0)


async def test_invalid_input_is_a_problem_and_loses_nothing_accepted(
    client: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    athlete = await register_and_log_in(client)
    accepted = await client.post("/runs", json=run_body(), headers=auth(athlete))
    assert accepted.status_code == 201
    before = await event_count(engine)

    bad = await client.post("/runs", json=run_body(distance_km=-3), headers=auth(athlete))

    assert bad.status_code == 422
    assert bad.headers["content-type"] == PROBLEM
    problem = bad.json()
    assert problem["status"] == 422
    assert problem["errors"][0]["loc"] == ["body", "distance_km"]
    assert await event_count(engine) == before


async def test_same_idempotency_key_and_body_replays_without_a_second_effect(
    client: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    athlete = await register_and_log_in(client)
    body, headers = run_body(), {**auth(athlete), "Idempotency-Key": "run-2026-11-22"}
    before = await event_count(engine)

    first, again = await asyncio.gather(
        client.post("/runs", json=body, headers=headers),
        client.post("/runs", json=body, headers=headers),
    )
    later = await client.post("/runs", json=body, headers=headers)

    assert first.status_code == again.status_code == later.status_code == 201
    assert first.json() == again.json() == later.json()
    assert later.headers["idempotent-replayed"] == "true"
    assert await event_count(engine) == before + 1


async def test_same_idempotency_key_with_another_body_is_refused(
    client: httpx.AsyncClient,
) -> None:
    athlete = await register_and_log_in(client)
    headers = {**auth(athlete), "Idempotency-Key": "k-1"}
    assert (await client.post("/runs", json=run_body(), headers=headers)).status_code == 201

    other = await client.post("/runs", json=run_body(distance_km=5), headers=headers)

    assert other.status_code == 422
    assert other.json()["type"].endswith("/idempotency-key-reused")


async def test_concurrent_retries_with_one_key_give_one_effect_and_one_answer(
    client: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    athlete = await register_and_log_in(client)
    run_id = (await client.post("/runs", json=run_body(), headers=auth(athlete))).json()[
        "aggregate_id"
    ]
    before = await event_count(engine)
    headers = {**auth(athlete), "Idempotency-Key": "fix-distance"}
    body = {**run_body(distance_km=11.0), "expected_version": 1}

    answers = await asyncio.gather(
        *(client.put(f"/runs/{run_id}", json=body, headers=headers) for _ in range(3))
    )

    assert [a.status_code for a in answers] == [200, 200, 200]
    assert answers[0].json() == answers[1].json() == answers[2].json()
    assert await event_count(engine) == before + 1


async def test_the_query_string_is_part_of_an_idempotent_request(
    client: httpx.AsyncClient,
) -> None:
    athlete = await register_and_log_in(client)
    run_id = (await client.post("/runs", json=run_body(), headers=auth(athlete))).json()[
        "aggregate_id"
    ]
    headers = {**auth(athlete), "Idempotency-Key": "delete-once"}
    first = await client.delete(f"/runs/{run_id}?expected_version=1", headers=headers)
    other = await client.delete(f"/runs/{run_id}?expected_version=2", headers=headers)
    assert first.status_code == 200
    assert other.status_code == 422


async def test_an_account_id_is_not_a_run(client: httpx.AsyncClient) -> None:
    athlete = await register_and_log_in(client)
    me = (await client.post("/runs", json=run_body(), headers=auth(athlete))).json()
    token = athlete["Authorization"].split()[1]
    account_id = jwt.decode(token, options={"verify_signature": False})["sub"]
    response = await client.put(
        f"/runs/{account_id}",
        json={**run_body(), "expected_version": 1},
        headers=auth(athlete),
    )
    assert me["version"] == 1
    assert response.status_code == 404
    assert response.headers["content-type"] == PROBLEM


async def test_concurrent_corrections_of_one_run_give_one_success_and_one_conflict(
    client: httpx.AsyncClient,
) -> None:
    athlete = await register_and_log_in(client)
    run_id = (await client.post("/runs", json=run_body(), headers=auth(athlete))).json()[
        "aggregate_id"
    ]
    corrections = [
        client.put(
            f"/runs/{run_id}",
            json={**run_body(distance_km=d), "expected_version": 1},
            headers=auth(athlete),
        )
        for d in (11.0, 12.0)
    ]
    statuses = sorted(r.status_code for r in await asyncio.gather(*corrections))
    assert statuses == [200, 409]


async def test_one_athlete_cannot_change_anothers_run(client: httpx.AsyncClient) -> None:
    owner, other = await register_and_log_in(client), await register_and_log_in(client)
    run_id = (await client.post("/runs", json=run_body(), headers=auth(owner))).json()[
        "aggregate_id"
    ]
    attempt = await client.delete(f"/runs/{run_id}", headers=auth(other))
    assert attempt.status_code == 404
    assert attempt.headers["content-type"] == PROBLEM


async def test_an_e_mail_registers_once(client: httpx.AsyncClient) -> None:
    body = {"email": "Twice@Example.com", "password": "a long enough password",
            "display_name": "Twice"}  # fmt: skip
    assert (await client.post("/auth/register", json=body)).status_code == 201
    again = await client.post("/auth/register", json={**body, "email": "twice@example.com"})
    assert again.status_code == 409


async def test_refresh_tokens_rotate_and_reuse_elsewhere_revokes_the_whole_login(
    client: httpx.AsyncClient,
) -> None:
    athlete = await register_and_log_in(client)
    first = athlete["refresh"]
    rotated = await client.post("/auth/refresh", json={"refresh_token": first})
    assert rotated.status_code == 200
    second = rotated.json()["refresh_token"]
    assert second != first

    stolen = {"User-Agent": "someone else's client"}
    reuse = await client.post("/auth/refresh", json={"refresh_token": first}, headers=stolen)
    assert reuse.status_code == 401
    after_reuse = await client.post("/auth/refresh", json={"refresh_token": second})
    assert after_reuse.status_code == 401
    # The access tokens of the login stop working at once, not at their expiry.
    refused = await client.post("/runs", json=run_body(), headers=auth(athlete))
    assert refused.status_code == 401


async def test_two_tabs_refreshing_at_once_both_stay_signed_in(client: httpx.AsyncClient) -> None:
    athlete = await register_and_log_in(client)
    first, second = await asyncio.gather(
        client.post("/auth/refresh", json={"refresh_token": athlete["refresh"]}),
        client.post("/auth/refresh", json={"refresh_token": athlete["refresh"]}),
    )
    assert (first.status_code, second.status_code) == (200, 200)
    for pair in (first.json(), second.json()):
        recorded = await client.post(
            "/runs", json=run_body(), headers={"Authorization": f"Bearer {pair['access_token']}"}
        )
        assert recorded.status_code == 201
        assert (
            await client.post("/auth/refresh", json={"refresh_token": pair["refresh_token"]})
        ).status_code == 200


async def test_logout_ends_the_login_and_its_access_tokens(client: httpx.AsyncClient) -> None:
    athlete = await register_and_log_in(client)
    assert (await client.post("/runs", json=run_body(), headers=auth(athlete))).status_code == 201
    assert (
        await client.post("/auth/logout", json={"refresh_token": athlete["refresh"]})
    ).status_code == 204
    refused = await client.post("/auth/refresh", json={"refresh_token": athlete["refresh"]})
    assert refused.status_code == 401
    after_logout = await client.post("/runs", json=run_body(), headers=auth(athlete))
    assert after_logout.status_code == 401
    assert "ended" in after_logout.json()["detail"]


async def test_a_validly_signed_token_without_a_login_cannot_act(
    client: httpx.AsyncClient, pipeline_settings: Settings
) -> None:
    """A token of an account that never logged in here (deleted, or a database restored from
    before it existed) is refused: it names no live session."""
    forged = issue_access_token(
        Principal(uuid.uuid4(), "athlete", uuid.uuid4()), pipeline_settings.signing_key
    )
    refused = await client.post(
        "/runs", json=run_body(), headers={"Authorization": f"Bearer {forged}"}
    )
    assert refused.status_code == 401


async def test_wrong_password_and_bad_tokens_are_401_problems(client: httpx.AsyncClient) -> None:
    wrong = await client.post("/auth/token", data={"username": "nobody@example.com",
                                                   "password": "whatever it is"})  # fmt: skip
    assert wrong.status_code == 401
    for token in ["", "garbage", "a.b.c"]:
        response = await client.post(
            "/runs", json=run_body(), headers={"Authorization": f"Bearer {token}"}
        )
        assert response.status_code == 401
        assert response.headers["content-type"] == PROBLEM
        assert response.headers["www-authenticate"] == "Bearer"
