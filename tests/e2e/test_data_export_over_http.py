"""Your data, over HTTP on the real services: an export gathers the account's rows into a zip of
JSON files in S3 behind an expiring link; a coach's export holds none of their athlete's data,
and nobody else reads the export."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from tests.e2e.conftest import System
from tests.e2e.test_coaching_over_http import Member
from tests.helpers import eventually

pytestmark = pytest.mark.e2e
YESTERDAY = (datetime.now(UTC) - timedelta(days=1)).replace(microsecond=0).isoformat()


async def _export(member: Member) -> tuple[str, dict[str, Any]]:
    """The export's id and its files, once the job stored it."""
    asked = await member.do("/documents/data-exports")
    assert asked.status_code == 202, asked.text
    document = asked.json()["aggregate_id"]
    found: dict[str, Any] = {}

    async def ready() -> bool:
        found.clear()
        found.update((await member.read(f"/documents/{document}")).json())
        return found.get("status") in ("rendered", "failed")

    await eventually(ready, timeout_s=90)
    assert (found["status"], found["kind"]) == ("rendered", "data"), found.get("reason")
    async with httpx.AsyncClient() as client:
        archive = (await client.get(found["download_url"])).content
    assert len(archive) == found["size_bytes"]
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        files = {name: json.loads(opened.read(name)) for name in opened.namelist()}
    assert len(files) == found["files"]
    return document, files


async def test_an_export_holds_the_accounts_data_and_only_its_own(system: System) -> None:
    cora = await Member(system, "Cora", "coach").join()
    ada, bob = await Member(system, "Ada").join(), await Member(system, "Bob").join()
    invited = await cora.do("/coaching/athletes", {"athlete_id": ada.id})
    grant = invited.json()["aggregate_id"]
    accepted = await ada.do(f"/coaching/grants/{grant}/accept", {"scopes": ["read_training"]})
    assert accepted.status_code == 200, accepted.text
    run = await system.command.post("/runs", headers=ada.auth, json={
        "distance_km": 7.5, "duration_s": 2400, "started_at": YESTERDAY,
        "notes": "tempo in the rain"})  # fmt: skip
    assert run.status_code == 201, run.text
    posted = await ada.do("/social/posts", {"text": "Wet tempo, happy legs"})
    assert posted.status_code == 201, posted.text

    async def projected() -> bool:
        post = await ada.read(f"/social/posts/{posted.json()['aggregate_id']}")
        return post.status_code == 200 and (await ada.read("/runs")).json()["items"] != []

    await eventually(projected, timeout_s=30)
    document, files = await _export(ada)
    manifest = files["manifest.json"]
    assert manifest["account_id"] == ada.id
    assert manifest["files"]["runs.json"] == 1
    [profile] = files["profile.json"]
    assert (profile["email"], profile["display_name"]) == (ada.email.lower(), "Ada")
    [ran] = files["runs.json"]
    assert (ran["distance_km"], ran["notes"]) == (7.5, "tempo in the rain")
    assert [p["text"] for p in files["posts.json"]] == ["Wet tempo, happy legs"]
    assert [g["grant_id"] for g in files["coaching_grants.json"]] == [grant]

    _, coachs = await _export(cora)  # the coach may read Ada's runs, but they are not Cora's
    assert coachs["runs.json"] == []
    assert coachs["posts.json"] == []
    assert [g["grant_id"] for g in coachs["coaching_grants.json"]] == [grant]
    assert (await bob.read(f"/documents/{document}")).status_code == 404
