"""The edges both APIs share, on real services: every bad input a 4xx problem, request bodies
bounded while they stream, browser access (CORS), protective headers, methods listed on 405,
health and readiness, the documentation pages working offline."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from infra.settings import Settings
from pacer.bootstrap import command_app, query_app
from tests.helpers import api_client, auth, register_and_log_in, run_body

pytestmark = pytest.mark.integration
PROBLEM = "application/problem+json"


@pytest.fixture
async def commands(
    pipeline_settings: Settings, engine: AsyncEngine
) -> AsyncIterator[httpx.AsyncClient]:
    async with api_client(command_app(pipeline_settings, engine)) as client:
        yield client


@pytest.fixture
async def queries(pipeline_settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    async with api_client(query_app(pipeline_settings)) as client:
        yield client


@pytest.mark.parametrize(
    ("path", "form"),
    [
        ("/auth/token", {"username": "a\x00b@example.com", "password": "whatever it is"}),
        ("/auth/token", {"username": "ada@example.com", "password": "nul\x00in the password"}),
    ],
)
async def test_a_nul_byte_in_a_form_field_is_a_422_problem(
    commands: httpx.AsyncClient, path: str, form: dict[str, str]
) -> None:
    response = await commands.post(path, data=form)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == PROBLEM


async def test_a_nul_byte_in_json_text_is_a_422_problem(commands: httpx.AsyncClient) -> None:
    athlete = await register_and_log_in(commands)
    registration = {"email": "n@example.com", "password": "a long enough password",
                    "display_name": "A\u0000da"}  # fmt: skip
    run = run_body(notes="easy\u0000run")
    for path, body, headers in (("/auth/register", registration, {}),
                                ("/runs", run, auth(athlete))):  # fmt: skip
        response = await commands.post(path, content=json.dumps(body), headers={
            **headers, "Content-Type": "application/json"})  # fmt: skip
        assert response.status_code == 422, response.text
        assert response.json()["errors"][0]["type"] == "text_control_character"


@pytest.mark.parametrize(
    "params",
    [
        {"from": "0001-01-01T00:00:00+14:00"},
        {"to": "9999-12-31T23:59:59-14:00"},
        {"from": "0001-01-01T00:00:00+14:00", "to": "9999-12-31T23:59:59-14:00"},
    ],
)
async def test_query_bounds_beyond_the_calendar_read_as_unbounded(
    commands: httpx.AsyncClient,
    queries: httpx.AsyncClient,
    params: dict[str, str],
    pipeline_settings: Settings,
) -> None:
    athlete = await register_and_log_in(commands)
    for path in ("/runs", "/runs/weekly"):
        response = await queries.get(path, params=params, headers=auth(athlete))
        assert response.status_code == 200, response.text


async def test_a_cursor_carrying_a_moment_beyond_the_calendar_is_a_4xx(
    commands: httpx.AsyncClient, queries: httpx.AsyncClient
) -> None:
    import base64

    athlete = await register_and_log_in(commands)
    for moment in ("0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00"):
        raw = json.dumps([moment, "00000000-0000-0000-0000-000000000001"]).encode()
        cursor = base64.urlsafe_b64encode(raw).decode().rstrip("=")
        response = await queries.get("/runs", params={"cursor": cursor}, headers=auth(athlete))
        assert response.status_code < 500, response.text


async def test_a_run_too_short_for_a_pace_is_refused(commands: httpx.AsyncClient) -> None:
    athlete = await register_and_log_in(commands)
    tiny = await commands.post("/runs", json=run_body(distance_km=1e-308), headers=auth(athlete))
    assert tiny.status_code == 422


async def test_a_body_over_the_limit_is_413_whether_declared_or_streamed(
    commands: httpx.AsyncClient, pipeline_settings: Settings
) -> None:
    limit = pipeline_settings.max_body_bytes
    too_big = b'{"email": "' + b"x" * limit + b'"}'
    declared = await commands.post(
        "/auth/register", content=too_big, headers={"Content-Type": "application/json"}
    )

    async def chunks() -> AsyncIterator[bytes]:
        for start in range(0, len(too_big), 4096):
            yield too_big[start : start + 4096]

    streamed = await commands.post(
        "/auth/register", content=chunks(), headers={"Content-Type": "application/json"}
    )
    for response in (declared, streamed):
        assert response.status_code == 413, response.text
        assert response.headers["content-type"] == PROBLEM


async def test_a_browser_on_another_origin_may_call_the_api(commands: httpx.AsyncClient) -> None:
    preflight = await commands.options(
        "/runs",
        headers={
            "Origin": "https://app.example.com",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type, idempotency-key",
        },
    )
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "*"
    assert "POST" in preflight.headers["access-control-allow-methods"]
    assert "idempotency-key" in preflight.headers["access-control-allow-headers"].lower()
    assert "access-control-allow-credentials" not in preflight.headers


async def test_answers_carry_protective_headers_and_tokens_are_never_cached(
    commands: httpx.AsyncClient,
) -> None:
    email = f"h{datetime.now(UTC).timestamp()}@example.com"
    await commands.post("/auth/register", json={"email": email, "display_name": "H",
                                               "password": "a long enough password"})  # fmt: skip
    login = await commands.post(
        "/auth/token", data={"username": email, "password": "a long enough password"}
    )
    assert login.status_code == 200
    assert login.headers["cache-control"] == "no-store"
    assert login.headers["pragma"] == "no-cache"
    for response in (login, await commands.get("/health")):
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]


async def test_a_wrong_method_is_405_naming_every_method_of_the_path(
    commands: httpx.AsyncClient,
) -> None:
    response = await commands.patch("/runs/00000000-0000-0000-0000-000000000001", json={})
    assert response.status_code == 405
    assert response.headers["content-type"] == PROBLEM
    assert set(response.headers["allow"].split(", ")) == {"PUT", "DELETE"}


async def test_health_and_readiness(
    commands: httpx.AsyncClient, queries: httpx.AsyncClient
) -> None:
    for client in (commands, queries):
        assert (await client.get("/health")).json() == {"status": "ok"}
        ready = await client.get("/ready")
        assert ready.status_code == 200, ready.text
        assert set(ready.json()["checks"]) == {"postgres", "redis"}


async def test_readiness_says_which_dependency_is_down(
    pipeline_settings: Settings, engine: AsyncEngine
) -> None:
    unreachable = pipeline_settings.model_copy(update={"redis_url": "redis://127.0.0.1:1/0"})
    async with api_client(command_app(unreachable, engine)) as client:
        assert (await client.get("/health")).status_code == 200
        ready = await client.get("/ready")
    assert ready.status_code == 503
    assert ready.headers["content-type"] == PROBLEM
    assert "redis" in ready.json()["detail"]


async def test_the_documentation_pages_need_no_network(commands: httpx.AsyncClient) -> None:
    for page in ("/docs", "/redoc"):
        html = (await commands.get(page)).text
        assert "cdn." not in html
        assert "https://" not in html.replace("https://pacer", "")
    bundle = await commands.get("/docs/assets/swagger-ui-bundle.js")
    assert bundle.status_code == 200
    assert len(bundle.content) > 100_000


async def test_a_retry_that_re_serialises_the_same_json_gets_the_stored_answer(
    commands: httpx.AsyncClient,
) -> None:
    athlete = await register_and_log_in(commands)
    body = run_body(notes="tempo")
    headers = {**auth(athlete), "Idempotency-Key": "reserialised-1",
               "Content-Type": "application/json"}  # fmt: skip
    first = await commands.post("/runs", content=json.dumps(body), headers=headers)
    shuffled = json.dumps(dict(reversed(list(body.items()))), indent=4)
    again = await commands.post("/runs", content=shuffled, headers=headers)
    assert first.status_code == 201
    assert again.status_code == 201, again.text
    assert again.headers["idempotent-replayed"] == "true"
    assert again.json()["aggregate_id"] == first.json()["aggregate_id"]
