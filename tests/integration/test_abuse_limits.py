"""Abuse limits, counted in the real Redis: log-in attempts per account and per address (429 with
`Retry-After`, and no password hashed while throttled), registrations per address, and commands
per account."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from commands.identity.passwords import Passwords
from infra.settings import Settings
from pacer.bootstrap import command_app
from tests.fakes import fast_passwords
from tests.helpers import PASSWORD, api_client, auth, register_and_log_in, run_body

pytestmark = pytest.mark.integration
LimitedClient = Callable[..., Any]


class CountingPasswords(Passwords):
    """The real hasher (at its cheapest cost), counting the verifications it is asked for."""

    def __init__(self) -> None:
        cheap = fast_passwords()
        super().__init__(cheap._hasher)
        self.verified = 0

    async def verify(self, stored_hash: str | None, password: str) -> bool:
        self.verified += 1
        return await super().verify(stored_hash, password)


@pytest.fixture
def passwords() -> CountingPasswords:
    return CountingPasswords()


@pytest.fixture
def limited(
    pipeline_settings: Settings, engine: AsyncEngine, passwords: CountingPasswords
) -> LimitedClient:
    @asynccontextmanager
    async def client(**limits: str) -> AsyncIterator[httpx.AsyncClient]:
        settings = pipeline_settings.model_copy(update=limits)
        app = command_app(settings, engine, overrides={"passwords": passwords})
        async with api_client(app) as client:
            yield client

    return client


async def registered(client: httpx.AsyncClient) -> str:
    email = f"limited-{uuid.uuid4().hex[:10]}@example.com"
    response = await client.post(
        "/auth/register", json={"email": email, "password": PASSWORD, "display_name": "L"}
    )
    assert response.status_code == 201, response.text
    return email


def log_in(client: httpx.AsyncClient, email: str, password: str) -> Any:
    return client.post("/auth/token", data={"username": email, "password": password})


async def test_wrong_passwords_lock_the_account_without_hashing_while_locked(
    limited: LimitedClient, passwords: CountingPasswords
) -> None:
    async with limited(limit_login_failures_per_account="3/minute;10/hour") as client:
        email = await registered(client)
        for _ in range(3):
            assert (await log_in(client, email, "not the password!")).status_code == 401
        hashed = passwords.verified

        locked = await log_in(client, email, "not the password!")
        right_password_too = await log_in(client, email, PASSWORD)

        for response in (locked, right_password_too):
            assert response.status_code == 429
            assert response.headers["content-type"] == "application/problem+json"
            assert 1 <= int(response.headers["retry-after"]) <= 60
        assert passwords.verified == hashed  # no Argon2 work was done for either
        # Another account is not locked by this one's failures.
        other = await registered(client)
        assert (await log_in(client, other, PASSWORD)).status_code == 200


async def test_a_successful_log_in_clears_the_failures(limited: LimitedClient) -> None:
    async with limited(limit_login_failures_per_account="3/minute") as client:
        email = await registered(client)
        for _ in range(2):
            assert (await log_in(client, email, "not the password!")).status_code == 401
        assert (await log_in(client, email, PASSWORD)).status_code == 200
        for _ in range(2):
            assert (await log_in(client, email, "not the password!")).status_code == 401
        assert (await log_in(client, email, PASSWORD)).status_code == 200


async def test_one_address_may_only_try_so_many_log_ins(
    limited: LimitedClient, passwords: CountingPasswords
) -> None:
    async with limited(limit_login_attempts_per_address="4/minute") as client:
        emails = [f"nobody-{n}@example.com" for n in range(5)]
        answers = [(await log_in(client, email, "guess guess guess")).status_code
                   for email in emails]  # fmt: skip
        assert answers == [401, 401, 401, 401, 429]
        assert passwords.verified == 4


async def test_one_address_may_only_register_so_many_accounts(limited: LimitedClient) -> None:
    async with limited(limit_registrations_per_address="2/minute") as client:
        await registered(client)
        await registered(client)
        third = await client.post(
            "/auth/register",
            json={"email": "third@example.com", "password": PASSWORD, "display_name": "T"},
        )
        assert third.status_code == 429
        assert "Retry-After" in third.headers


async def test_an_account_may_only_send_so_many_commands(limited: LimitedClient) -> None:
    async with limited(limit_writes_per_account="3/minute") as client:
        ada, bob = await register_and_log_in(client), await register_and_log_in(client)
        answers = [(await client.post("/runs", json=run_body(), headers=auth(ada))).status_code
                   for _ in range(4)]  # fmt: skip
        assert answers == [201, 201, 201, 429]
        assert (await client.post("/runs", json=run_body(), headers=auth(bob))).status_code == 201


async def test_an_account_may_only_queue_so_much_ai_work(limited: LimitedClient) -> None:
    """Meal plans, swaps, recipe analyses and coach messages are heavy work for the workers:
    each has its own per-account limit on top of the general one, answered with a 429 problem
    and `Retry-After`; another account is not held back."""
    limits = {"limit_meal_plans_per_account": "2/minute",
              "limit_coach_messages_per_account": "1/minute",
              "limit_recipe_analyses_per_account": "1/minute"}  # fmt: skip
    async with limited(**limits) as client:
        ada, bob = await register_and_log_in(client), await register_and_log_in(client)
        body = {"sex": "female", "birth_date": "1990-01-01", "height_cm": 165, "weight_kg": 60}
        for who in (ada, bob):
            put = await client.put("/nutrition/profile", headers=auth(who), json=body)
            assert put.status_code == 200, put.text
        week = {"week_start": "2026-12-07"}
        plans = [(await client.post("/nutrition/meal-plans", json=week, headers=auth(ada)))
                 for _ in range(3)]  # fmt: skip
        assert [plan.status_code for plan in plans] == [202, 202, 429]
        assert plans[-1].headers["content-type"] == "application/problem+json"
        assert int(plans[-1].headers["Retry-After"]) >= 1
        bobs = await client.post("/nutrition/meal-plans", json=week, headers=auth(bob))
        assert bobs.status_code == 202
        said = [(await client.post("/nutrition/coach/messages", json={"text": "hi"},
                                   headers=auth(ada))).status_code for _ in range(2)]  # fmt: skip
        assert said == [202, 429]
        egg = {"text": "1 egg"}
        path = "/nutrition/recipe-analyses"
        analysed = [(await client.post(path, json=egg, headers=auth(ada))).status_code
                    for _ in range(2)]  # fmt: skip
        assert analysed == [202, 429]


async def test_an_account_may_only_post_and_follow_so_much(limited: LimitedClient) -> None:
    """Posts and comments share a per-account limit, follow requests have their own: spam is
    refused with a 429 problem before anything is recorded."""
    limits = {"limit_posts_per_account": "2/minute", "limit_follows_per_account": "1/minute"}
    async with limited(**limits) as client:
        ada, bob = await register_and_log_in(client), await register_and_log_in(client)
        first = await client.post("/social/posts", json={"text": "Hello"}, headers=auth(ada))
        assert first.status_code == 201, first.text
        post = first.json()["aggregate_id"]
        path = f"/social/posts/{post}/comments"
        comments = [(await client.post(path, json={"text": "me"}, headers=auth(ada))).status_code
                    for _ in range(2)]  # fmt: skip
        assert comments == [201, 429]
        someone = str(uuid.uuid4())
        follow, path = {"account_id": someone}, "/social/follows"
        follows = [(await client.post(path, json=follow, headers=auth(bob))).status_code
                   for _ in range(2)]  # fmt: skip
        assert follows == [404, 429]  # the first is counted though nobody has that id
