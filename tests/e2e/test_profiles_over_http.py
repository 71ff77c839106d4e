"""Profiles over HTTP on the real services: settings a person changes and reads back, a card
others see only as the privacy setting allows, e-mail and password changes that need the current
password (the password change ends the other logins at once), and an avatar uploaded straight to
storage, checked and resized by the avatar job."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from PIL import Image

from tests.e2e.conftest import System
from tests.e2e.test_runs_over_http import PASSWORD
from tests.helpers import eventually

pytestmark = pytest.mark.e2e
NEW_PASSWORD = "staple lantern orbit meadow"


class Person:
    def __init__(self, system: System, name: str) -> None:
        self.system = system
        self.email = f"{name}-{datetime.now(UTC).timestamp()}@example.com"
        self.name = name
        self.id = ""

    async def register(self) -> dict[str, str]:
        answer = await self.system.command.post("/auth/register", json={
            "email": self.email, "password": PASSWORD, "display_name": self.name})  # fmt: skip
        assert answer.status_code == 201
        self.id = answer.json()["aggregate_id"]
        return await self.log_in()

    async def log_in(self, password: str = PASSWORD) -> dict[str, str]:
        login = await self.system.command.post(
            "/auth/token", data={"username": self.email, "password": password}
        )
        assert login.status_code == 200, login.text
        return {"Authorization": f"Bearer {login.json()['access_token']}"}


async def read(system: System, path: str, who: dict[str, str], token: str = "") -> httpx.Response:
    headers = {**who, "X-Consistency-Token": token} if token else who
    return await system.query.get(path, headers=headers)


async def test_a_profile_is_set_read_back_and_shown_to_others_as_privacy_allows(
    system: System,
) -> None:
    ada, bob = Person(system, "Ada"), Person(system, "Bob")
    as_ada, as_bob = await ada.register(), await bob.register()

    changed = await system.command.patch("/me/profile", headers=as_ada, json={
        "bio": "Trail runner.\nHills on Sundays.", "units": "imperial",
        "time_zone": "Europe/Paris"})  # fmt: skip
    assert changed.status_code == 200, changed.text
    await system.command.put("/me/training-preferences", headers=as_ada, json={
        "days_available": ["sunday", "tuesday", "thursday"], "long_run_day": "sunday",
        "goals": ["marathon"], "weekly_distance_km": 45})  # fmt: skip
    public = await system.command.put("/me/privacy", headers=as_ada, json={"visibility": "public"})

    mine = await read(system, "/me", as_ada, public.json()["consistency_token"])
    assert mine.status_code == 200, mine.text
    me = mine.json()
    assert (me["display_name"], me["email"], me["units"], me["time_zone"]) == (
        "Ada", ada.email.lower(), "imperial", "Europe/Paris")  # fmt: skip
    assert me["bio"] == "Trail runner.\nHills on Sundays."
    assert me["training_preferences"]["days_available"] == ["tuesday", "thursday", "sunday"]
    assert me["training_preferences"]["long_run_day"] == "sunday"
    assert me["visibility"] == "public"
    assert me["avatar"]["status"] == "none"

    card = await read(system, f"/profiles/{ada.id}", as_bob)
    assert card.status_code == 200
    assert set(card.json()) == {"account_id", "display_name", "role", "bio", "avatar"}
    for visibility in ("followers", "private"):
        hidden = await system.command.put(
            "/me/privacy", headers=as_ada, json={"visibility": visibility}
        )
        token = hidden.json()["consistency_token"]
        assert (await read(system, f"/profiles/{ada.id}", as_ada, token)).status_code == 200
        refused = await read(system, f"/profiles/{ada.id}", as_bob)
        assert refused.status_code == 404
        assert refused.headers["content-type"] == "application/problem+json"
    missing = await read(system, "/profiles/00000000-0000-0000-0000-000000000000", as_bob)
    assert missing.status_code == 404


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/me/profile", {}),
        ("/me/profile", {"time_zone": "Mars/Olympus"}),
        ("/me/profile", {"display_name": None}),
        ("/me/profile", {"bio": "x" * 501}),
        ("/me/profile", {"role": "admin"}),
        ("/me/training-preferences", {"days_available": ["monday"], "long_run_day": "sunday"}),
        ("/me/training-preferences", {"days_available": ["funday"]}),
        ("/me/training-preferences", {"weekly_distance_km": 10_000}),
        ("/me/privacy", {"visibility": "everyone"}),
        ("/me/avatar/uploads", {"content_type": "image/gif", "size_bytes": 100}),
        ("/me/avatar/uploads", {"content_type": "image/png", "size_bytes": 11 * 1024 * 1024}),
    ],
)
async def test_bad_settings_are_refused_as_problems(
    system: System, path: str, body: dict[str, Any]
) -> None:
    who = await Person(system, "Eve").register()
    method = "PATCH" if path == "/me/profile" else "POST" if "avatar" in path else "PUT"
    answer = await system.command.request(method, path, headers=who, json=body)
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"] == "application/problem+json"


async def test_a_password_change_needs_the_current_one_and_ends_the_other_logins(
    system: System,
) -> None:
    kim = Person(system, "Kim")
    laptop = await kim.register()
    phone = await kim.log_in()

    wrong = await system.command.put("/me/password", headers=laptop, json={
        "current_password": "not my password", "new_password": NEW_PASSWORD})  # fmt: skip
    assert wrong.status_code == 403
    weak = await system.command.put("/me/password", headers=laptop, json={
        "current_password": PASSWORD, "new_password": "password1234"})  # fmt: skip
    assert weak.status_code == 422
    assert (await read(system, "/me", phone)).status_code in (200, 404)  # still signed in

    changed = await system.command.put("/me/password", headers=laptop, json={
        "current_password": PASSWORD, "new_password": NEW_PASSWORD})  # fmt: skip
    assert changed.status_code == 200, changed.text

    assert (await read(system, "/me", phone)).status_code == 401
    assert (
        await system.command.patch("/me/profile", headers=phone, json={"bio": "x"})
    ).status_code == 401
    assert (
        await read(system, "/me", laptop, changed.json()["consistency_token"])
    ).status_code == 200
    old = await system.command.post(
        "/auth/token", data={"username": kim.email, "password": PASSWORD}
    )
    assert old.status_code == 401
    assert await kim.log_in(NEW_PASSWORD)


async def test_the_e_mail_changes_with_the_current_password_to_a_free_address(
    system: System,
) -> None:
    lee, taken = Person(system, "Lee"), Person(system, "Taken")
    as_lee = await lee.register()
    await taken.register()

    wrong = await system.command.put("/me/email", headers=as_lee, json={
        "email": "lee@new.example", "current_password": "not my password"})  # fmt: skip
    assert wrong.status_code == 403
    clash = await system.command.put("/me/email", headers=as_lee, json={
        "email": taken.email.upper(), "current_password": PASSWORD})  # fmt: skip
    assert clash.status_code == 409
    new_email = f"lee-{datetime.now(UTC).timestamp()}@new.example"
    moved = await system.command.put("/me/email", headers=as_lee, json={
        "email": new_email, "current_password": PASSWORD})  # fmt: skip
    assert moved.status_code == 200, moved.text

    me = await read(system, "/me", as_lee, moved.json()["consistency_token"])
    assert me.json()["email"] == new_email
    lee.email = new_email
    assert await lee.log_in()


def png(width: int, height: int) -> bytes:
    image = Image.new("RGB", (width, height), (30, 120, 200))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


async def upload_avatar(system: System, who: dict[str, str], data: bytes) -> str:
    body = {"content_type": "image/png", "size_bytes": len(data)}
    ticket = await system.command.post("/me/avatar/uploads", headers=who, json=body)
    assert ticket.status_code == 201, ticket.text
    upload_id: str = ticket.json()["upload_id"]
    early = await system.command.post(f"/me/avatar/uploads/{upload_id}/submit", headers=who)
    assert early.status_code == 409
    async with httpx.AsyncClient() as storage:
        put = await storage.put(
            ticket.json()["url"], content=data, headers=ticket.json()["headers"]
        )
    assert put.status_code == 200
    submitted = await system.command.post(f"/me/avatar/uploads/{upload_id}/submit", headers=who)
    assert submitted.status_code == 202, submitted.text
    # Seen submitted: what is read next is this upload's outcome, not the last one's.
    seen = await read(system, "/me", who, submitted.json()["consistency_token"])
    assert seen.json()["avatar"]["status"] in ("processing", "ready", "rejected")
    return upload_id


async def test_an_avatar_is_uploaded_checked_resized_and_removed(system: System) -> None:
    sam, viewer = Person(system, "Sam"), Person(system, "Viewer")
    as_sam, as_viewer = await sam.register(), await viewer.register()
    await system.command.put("/me/privacy", headers=as_sam, json={"visibility": "public"})

    async def avatar() -> dict[str, Any]:
        found: dict[str, Any] = (await read(system, "/me", as_sam)).json().get("avatar", {})
        return found

    async def settled() -> bool:
        return (await avatar()).get("status") in ("ready", "rejected")

    await upload_avatar(system, as_sam, png(900, 600))
    await eventually(settled, timeout_s=60)
    ready = await avatar()
    assert ready["status"] == "ready", ready
    assert set(ready["urls"]) == {"512", "128"}
    async with httpx.AsyncClient() as storage:
        for size, url in ready["urls"].items():
            picture = Image.open(io.BytesIO((await storage.get(url)).content))
            assert (picture.format, picture.size) == ("WEBP", (int(size), int(size)))
    card = (await read(system, f"/profiles/{sam.id}", as_viewer)).json()
    assert set(card["avatar"]["urls"]) == {"512", "128"}

    await upload_avatar(system, as_sam, b"this is not a picture, whatever it says it is")
    await eventually(settled, timeout_s=60)
    refused = await avatar()
    assert refused["status"] == "rejected"
    assert "JPEG, PNG or WebP" in refused["reason"]
    assert set(refused["urls"]) == {"512", "128"}  # the accepted one stays in use

    removed = await system.command.delete("/me/avatar", headers=as_sam)
    assert removed.status_code == 200
    gone = await read(system, "/me", as_sam, removed.json()["consistency_token"])
    assert gone.json()["avatar"] == {"status": "none", "reason": None, "urls": {}}
    assert (await system.command.delete("/me/avatar", headers=as_sam)).status_code == 409
