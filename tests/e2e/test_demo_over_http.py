"""The demo a newcomer sees: a public profile with a resized avatar, a generated plan with
completed workouts, a shoe near retirement and a rendered PDF of the plan, all reached through
the APIs after the seed."""

from __future__ import annotations

from typing import Any

import pytest

from infra.blobs import BlobStore
from infra.database import create_engine
from pacer.bootstrap import command_bus
from pacer.demo import (
    DEMO_ACCOUNT,
    DEMO_COACH_EMAIL,
    DEMO_DOCUMENT,
    DEMO_EMAIL,
    DEMO_PASSWORD,
    DEMO_PLAN,
    seed_demo,
)
from tests.e2e.conftest import System
from tests.helpers import eventually

pytestmark = pytest.mark.e2e


async def test_the_demo_shows_a_plan_with_runs_done_shoes_and_a_printable_copy(
    system: System,
) -> None:
    engine = create_engine(system.settings, pool_size=2)
    try:
        async with BlobStore(system.settings) as store:
            await seed_demo(command_bus(system.settings, engine), store=store)  # or seeded already
    finally:
        await engine.dispose()
    login = await system.command.post(
        "/auth/token", data={"username": DEMO_EMAIL, "password": DEMO_PASSWORD}
    )
    who = {"Authorization": f"Bearer {login.json()['access_token']}"}

    async def get(path: str) -> dict[str, Any]:
        answer: dict[str, Any] = (await system.query.get(path, headers=who)).json()
        return answer

    async def plan_has_runs_done() -> bool:
        plan = await get(f"/plans/{DEMO_PLAN}")
        return any(week.get("runs_done", 0) > 0 for week in plan.get("weeks", []))

    async def pdf_rendered() -> bool:
        return (await get(f"/documents/{DEMO_DOCUMENT}")).get("status") == "rendered"

    async def avatar_ready() -> bool:
        avatar: dict[str, Any] = (await get("/me")).get("avatar", {})
        return avatar.get("status") == "ready"

    await eventually(plan_has_runs_done, timeout_s=60)
    await eventually(pdf_rendered, timeout_s=90)
    await eventually(avatar_ready, timeout_s=60)
    me = await get("/me")
    assert (me["visibility"], me["training_preferences"]["long_run_day"]) == ("public", "sunday")
    assert set(me["avatar"]["urls"]) == {"512", "128"}
    plan = await get(f"/plans/{DEMO_PLAN}")
    assert plan["generated"]
    assert plan["workouts"][-1]["kind"] == "race"
    shoes = {shoe["nickname"]: shoe for shoe in (await get("/shoes"))["items"]}
    assert shoes["Daily trainers"]["default"]
    assert shoes["Daily trainers"]["distance_km"] > 520
    assert (await get(f"/documents/{DEMO_DOCUMENT}"))["download_url"]

    # The demo coach coaches the demo athlete and a second one; the athlete sees her access.
    coach_login = await system.command.post(
        "/auth/token", data={"username": DEMO_COACH_EMAIL, "password": DEMO_PASSWORD}
    )
    as_coach = {"Authorization": f"Bearer {coach_login.json()['access_token']}"}
    grants = (await system.query.get("/coaching/grants?side=coach", headers=as_coach)).json()
    assert sorted(grant["status"] for grant in grants) == ["active", "active"]
    # (the README's try-it block, run on the same demo, opens it again)
    assert {access["coach"]["display_name"] for access in
            (await get("/me/data-accesses"))["items"]} == {"Coach Cora"}  # fmt: skip
    opened = await system.command.post(
        f"/coaching/athletes/{DEMO_ACCOUNT}/access", headers=as_coach,
        json={"scope": "read_training"},
    )  # fmt: skip
    coached = await system.query.get(
        f"/plans/{DEMO_PLAN}?athlete_id={DEMO_ACCOUNT}",
        headers={**as_coach, "X-Access-Ticket": opened.json()["ticket"]},
    )
    assert coached.json()["workouts"] == plan["workouts"]

    # The social layer: the athlete's feed holds its own post, Sam's shared run and the club's.
    async def feed_filled() -> bool:
        return len((await get("/social/feed"))["items"]) == 3

    await eventually(feed_filled, timeout_s=30)
    texts = {post["author"]["display_name"]: post for post in (await get("/social/feed"))["items"]}
    assert texts["Sam Stride"]["attachment"]["distance_km"] == 8.0
    assert texts["Coach Cora"]["group"]["name"] == "Sunday Long Run Club"
    assert (texts["Demo Runner"]["likes"], texts["Demo Runner"]["comments"]) == (1, 1)
