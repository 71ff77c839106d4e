"""A printable plan over HTTP on the real services: a generated marathon plan is exported, the
PDF job renders it into S3, and the PDF behind the expiring link holds the plan's weeks, race
day and paces; nobody else can export the plan or read the document."""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from pypdf import PdfReader

from tests.e2e.conftest import System
from tests.e2e.test_runs_over_http import athlete
from tests.helpers import eventually

pytestmark = pytest.mark.e2e


async def test_a_generated_plan_becomes_a_pdf_behind_an_expiring_link(system: System) -> None:
    kim = await athlete(system, "kim")
    start = date.today() + timedelta(days=3)
    race_day = start + timedelta(weeks=16, days=-1)
    made = await system.command.post("/plans/generate", headers=kim, json={
        "race": "marathon", "race_name": "Harbour Marathon", "race_date": race_day.isoformat(),
        "start_date": start.isoformat(), "weekly_km": 50, "longest_run_km": 20,
        "days_per_week": 5, "recent_race": {"distance_km": 21.0975, "time_s": 100 * 60},
    })  # fmt: skip
    plan_id = made.json()["aggregate_id"]
    plan = await system.query.get(f"/plans/{plan_id}", headers={
        **kim, "X-Consistency-Token": made.json()["consistency_token"]})  # fmt: skip
    threshold = next(z for z in plan.json()["paces"]["zones"] if z["zone"] == "threshold")

    asked = await system.command.post("/documents/plan-exports", headers=kim,
                                      json={"plan_id": plan_id})  # fmt: skip
    assert asked.status_code == 202
    document_id = asked.json()["aggregate_id"]

    async def document() -> dict[str, Any]:
        answer = await system.query.get(f"/documents/{document_id}", headers=kim)
        body: dict[str, Any] = answer.json()
        return body

    async def rendered() -> bool:
        return (await document()).get("status") in ("rendered", "failed")

    await eventually(rendered, timeout_s=90)
    done = await document()
    assert done["status"] == "rendered", done
    async with httpx.AsyncClient() as client:
        pdf = (await client.get(done["download_url"])).content
    assert len(pdf) == done["size_bytes"]
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Harbour Marathon" in text
    assert "16 weeks" in text
    assert race_day.strftime("%A %d %B %Y") in text
    fast = threshold["fast_s_per_km"]
    assert f"{fast // 60}:{fast % 60:02d}" in text

    lee = await athlete(system, "lee")
    theirs = await system.command.post("/documents/plan-exports", headers=lee,
                                       json={"plan_id": plan_id})  # fmt: skip
    assert theirs.status_code == 404
    assert (await system.query.get(f"/documents/{document_id}", headers=lee)).status_code == 404
