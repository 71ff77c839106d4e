"""The movement context end to end: a video uploaded straight to S3 with a presigned URL,
submitted, analysed by the Kafka-triggered Dramatiq job, its verdict, key frame and workout
served by the query API; bad uploads refused or failed with a reason; nobody else's."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from infra.blobs import BlobStore
from infra.database import create_engine
from infra.runtime.s3 import LocalS3
from infra.settings import Settings
from pacer.bootstrap import command_bus
from pacer.demo import DEMO_EMAIL, DEMO_HOPS, DEMO_PASSWORD, DEMO_VIDEO, seed_demo
from pacer.processes import app_processes
from tests.e2e.conftest import System
from tests.e2e.test_runs_over_http import athlete
from tests.helpers import eventually
from workers.pose import to_document
from workers.pose.testing import Script, astronaut_video, generate

pytestmark = pytest.mark.e2e
JUMPS = 3
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return astronaut_video(tmp_path_factory.mktemp("clip") / "hops.mp4", JUMPS).read_bytes()


async def upload(system: System, who: dict[str, str], data: bytes, kind: str = "video/mp4") -> str:
    """Reserve an upload, PUT the bytes where the ticket says; the upload's id."""
    ticket = await system.command.post(
        "/movement/uploads", headers=who, json={"content_type": kind, "size_bytes": len(data)}
    )
    assert ticket.status_code == 201, ticket.text
    body = ticket.json()
    assert body["method"] == "PUT"
    async with httpx.AsyncClient() as storage:
        put = await storage.put(body["url"], content=data, headers=body["headers"])
    assert put.status_code == 200, put.text
    upload_id: str = body["upload_id"]
    return upload_id


async def settled(system: System, who: dict[str, str], upload_id: str) -> dict[str, Any]:
    """The analysis once it has an outcome (the job runs MediaPipe: allow it time)."""
    seen: dict[str, Any] = {}

    async def done() -> bool:
        answer = await system.query.get(f"/movement/analyses/{upload_id}", headers=who)
        if answer.status_code == 200:
            seen.update(answer.json())
        else:
            seen["answer"] = f"{answer.status_code} {answer.text[:300]}"
        return seen.get("status") in ("completed", "failed")

    try:
        await eventually(done, timeout_s=180, interval_s=0.25)
    except TimeoutError:
        pytest.fail(f"no outcome: {seen}\n{process_logs(system.settings)}")
    return seen


def process_logs(
    settings: Settings, names: tuple[str, ...] = ("projectors", "reactors", "jobs")
) -> str:
    """The last lines the background processes logged, to tell why an outcome never came."""
    tails = []
    for name in names:
        log = settings.var_path / name / f"{name}.log"
        lines = log.read_text(errors="replace").splitlines()[-15:] if log.exists() else []
        tails.append(f"--- {name} ---\n" + "\n".join(lines))
    return "\n".join(tails)


async def test_a_video_goes_to_storage_is_analysed_and_becomes_a_verified_workout(
    system: System, clip: bytes
) -> None:
    ada = await athlete(system, "ada")
    upload_id = await upload(system, ada, clip)
    submitted = await system.command.post(
        f"/movement/uploads/{upload_id}/submit",
        headers=ada,
        json={"exercise": "jump_rope", "body_weight_kg": 60},
    )
    assert submitted.status_code == 202, submitted.text

    analysis = await settled(system, ada, upload_id)

    assert analysis["status"] == "completed", analysis.get("reason")
    assert analysis["result"]["exercise"] == "jump_rope"
    assert analysis["result"]["reps"] == JUMPS
    assert analysis["result"]["body_weight_kg"] == 60
    assert analysis["fraction"] == 1
    async with httpx.AsyncClient() as storage:
        picture = await storage.get(analysis["key_frame_url"])
    assert picture.status_code == 200
    assert picture.content.startswith(PNG)
    # The workout is recorded with the verdict, and projected by its own read model.
    workouts: list[dict[str, Any]] = []

    async def listed() -> bool:
        answer = await system.query.get("/movement/workouts", headers=ada)
        workouts[:] = answer.json()["items"]
        return bool(workouts)

    await eventually(listed)
    assert [(w["exercise"], w["reps"], w["source"], w["verified"], w["analysis_id"])
            for w in workouts] == [("jump_rope", JUMPS, "video", True, upload_id)]  # fmt: skip
    [stats] = (await system.query.get("/movement/statistics", headers=ada)).json()
    [week] = stats["periods"]
    assert (stats["verified_workouts"], stats["best_set"], week["reps"]) == (1, JUMPS, JUMPS)
    assert week["avg_rep_s"] == pytest.approx(
        sum(rep["down_s"] + rep["up_s"] for rep in analysis["result"]["rep_details"]) / JUMPS
    )


async def test_an_upload_that_is_not_a_video_fails_with_a_reason(system: System) -> None:
    ada = await athlete(system, "ada")
    upload_id = await upload(system, ada, b"this is a shopping list, not a video\n" * 50)
    submitted = await system.command.post(
        f"/movement/uploads/{upload_id}/submit", headers=ada, json={}
    )
    assert submitted.status_code == 202

    analysis = await settled(system, ada, upload_id)

    assert analysis["status"] == "failed"
    assert "not a video" in analysis["reason"]
    assert analysis["result"] is None
    workouts = (await system.query.get("/movement/workouts", headers=ada)).json()["items"]
    assert workouts == []


async def test_the_signed_url_takes_only_the_declared_size_and_type(
    system: System, clip: bytes
) -> None:
    ada = await athlete(system, "ada")
    ticket = (
        await system.command.post(
            "/movement/uploads",
            headers=ada,
            json={"content_type": "video/mp4", "size_bytes": len(clip)},
        )
    ).json()
    tries = {
        "bigger": (clip + b"more", "video/mp4"),
        "smaller": (clip[:-4], "video/mp4"),
        "other type": (clip, "video/webm"),
    }
    answers: dict[str, int | str] = {}
    async with httpx.AsyncClient() as storage:
        for name, (content, kind) in tries.items():
            try:
                put = await storage.put(ticket["url"], content=content,
                                        headers={"Content-Type": kind})  # fmt: skip
                answers[name] = put.status_code
            except httpx.TransportError:
                # The store may refuse before reading a large body and close the connection.
                answers[name] = "connection closed"
    assert all(answer in (403, "connection closed") for answer in answers.values()), answers
    # Nothing arrived, so there is nothing to submit yet.
    early = await system.command.post(
        f"/movement/uploads/{ticket['upload_id']}/submit", headers=ada, json={}
    )
    assert early.status_code == 409
    assert "PUT the file first" in early.json()["detail"]


async def test_uploads_beyond_the_limit_or_of_other_types_are_refused(system: System) -> None:
    ada = await athlete(system, "ada")
    too_big = await system.command.post(
        "/movement/uploads",
        headers=ada,
        json={"content_type": "video/mp4", "size_bytes": 200 * 1024 * 1024 + 1},
    )
    not_video = await system.command.post(
        "/movement/uploads",
        headers=ada,
        json={"content_type": "application/pdf", "size_bytes": 1000},
    )
    assert too_big.status_code == 422
    assert not_video.status_code == 422
    assert too_big.headers["content-type"] == "application/problem+json"


async def test_nobody_else_can_submit_or_read_an_upload(system: System, clip: bytes) -> None:
    ada, bob = await athlete(system, "ada"), await athlete(system, "bob")
    upload_id = await upload(system, ada, clip)

    bob_submits = await system.command.post(
        f"/movement/uploads/{upload_id}/submit", headers=bob, json={}
    )
    bob_reads = await system.query.get(f"/movement/analyses/{upload_id}", headers=bob)

    assert bob_submits.status_code == 404
    assert bob_reads.status_code == 404
    submit = f"/movement/uploads/{upload_id}/submit"
    first = await system.command.post(submit, headers=ada, json={"exercise": "jump_rope"})
    again = await system.command.post(submit, headers=ada, json={"exercise": "jump_rope"})
    assert first.status_code == 202
    assert again.status_code == 409


async def test_manual_workouts_are_corrected_deleted_and_counted_in_statistics(
    system: System,
) -> None:
    ada, bob = await athlete(system, "ada"), await athlete(system, "bob")
    yesterday = datetime.now(UTC) - timedelta(days=1)
    sets = []
    for day, reps in ((yesterday - timedelta(days=1), 20), (yesterday, 25)):
        recorded = await system.command.post(
            "/movement/workouts",
            headers=ada,
            json={"exercise": "push_up", "reps": reps, "duration_s": 120,
                  "performed_at": day.isoformat(), "body_weight_kg": 80},
        )  # fmt: skip
        assert recorded.status_code == 201, recorded.text
        sets.append(recorded.json())
    corrected = await system.command.put(
        f"/movement/workouts/{sets[1]['aggregate_id']}",
        headers=ada,
        json={"exercise": "push_up", "reps": 30, "duration_s": 150,
              "performed_at": yesterday.isoformat(), "expected_version": 1},
    )  # fmt: skip
    stale = await system.command.put(
        f"/movement/workouts/{sets[1]['aggregate_id']}",
        headers=ada,
        json={"exercise": "push_up", "reps": 31, "duration_s": 150,
              "performed_at": yesterday.isoformat(), "expected_version": 1},
    )  # fmt: skip
    assert corrected.status_code == 200
    assert stale.status_code == 409
    consistent = {**ada, "X-Consistency-Token": corrected.json()["consistency_token"]}

    [stats] = (await system.query.get("/movement/statistics?period=day", headers=consistent)).json()
    first = (await system.query.get(f"/movement/workouts/{sets[0]['aggregate_id']}",
                                    headers=consistent)).json()  # fmt: skip

    # 8 MET x 80 kg x 2 minutes
    assert first["calories_kcal"] == pytest.approx(21.33, abs=0.01)
    assert (stats["exercise"], stats["workouts"], stats["reps"], stats["best_set"]) == (
        "push_up", 2, 50, 30,
    )  # fmt: skip
    assert stats["verified_workouts"] == 0
    assert stats["current_streak_days"] == 2
    assert [period["reps"] for period in stats["periods"]] == [20, 30]
    bobs = await system.query.get(f"/movement/workouts/{sets[0]['aggregate_id']}", headers=bob)
    bob_deletes = await system.command.delete(
        f"/movement/workouts/{sets[0]['aggregate_id']}", headers=bob
    )
    assert bobs.status_code == 404
    assert bob_deletes.status_code == 404
    deleted = await system.command.delete(
        f"/movement/workouts/{sets[0]['aggregate_id']}", headers=ada
    )
    assert deleted.status_code == 200
    gone = {**ada, "X-Consistency-Token": deleted.json()["consistency_token"]}
    left = (await system.query.get("/movement/workouts", headers=gone)).json()["items"]
    assert [w["reps"] for w in left] == [30]


async def test_a_job_worker_killed_mid_analysis_is_replaced_and_the_workout_is_recorded_once(
    system: System, tmp_path: Path
) -> None:
    hops = 24
    clip = astronaut_video(tmp_path / "long.mp4", hops).read_bytes()
    ada = await athlete(system, "ada")
    upload_id = await upload(system, ada, clip)
    submitted = await system.command.post(
        f"/movement/uploads/{upload_id}/submit", headers=ada, json={"exercise": "jump_rope"}
    )
    assert submitted.status_code == 202
    [jobs] = [process for process in app_processes(system.settings) if process.name == "jobs"]

    async def under_way() -> bool:
        answer = await system.query.get(f"/movement/analyses/{upload_id}", headers=ada)
        return answer.status_code == 200 and 0 < answer.json()["fraction"] < 1

    await eventually(under_way, timeout_s=120, interval_s=0.1)
    victim = jobs.proc.process()
    assert victim is not None
    victim.kill()
    victim.wait(10)
    await asyncio.to_thread(jobs.up)  # the supervisor would do this; here the test does

    analysis = await settled(system, ada, upload_id)

    assert analysis["status"] == "completed", analysis.get("reason")
    assert analysis["result"]["reps"] == hops
    workouts: list[dict[str, Any]] = []

    async def listed() -> bool:
        workouts[:] = (await system.query.get("/movement/workouts", headers=ada)).json()["items"]
        return bool(workouts)

    await eventually(listed)
    await asyncio.sleep(1)  # a second outcome, were there one, would be projected by now
    workouts[:] = (await system.query.get("/movement/workouts", headers=ada)).json()["items"]
    assert [(w["analysis_id"], w["reps"]) for w in workouts] == [(upload_id, hops)]


async def test_browser_landmarks_are_counted_by_the_server_beside_the_client_count(
    system: System,
) -> None:
    ada = await athlete(system, "ada")
    document = json.dumps(to_document(generate(Script("squat", reps=6, seed=11)))).encode()
    outcomes = {}
    for client_reps in (6, 9):
        upload_id = await upload(system, ada, document, kind="application/json")
        as_video = await system.command.post(
            f"/movement/uploads/{upload_id}/submit", headers=ada, json={}
        )
        assert as_video.status_code == 409
        submitted = await system.command.post(
            f"/movement/uploads/{upload_id}/submit-landmarks",
            headers=ada,
            json={"exercise": "squat", "client_reps": client_reps},
        )
        assert submitted.status_code == 202, submitted.text
        analysis = await settled(system, ada, upload_id)
        assert analysis["status"] == "completed", analysis.get("reason")
        assert analysis["client_reps"] == client_reps
        assert analysis["key_frame_url"] is None  # no picture without a video
        outcomes[upload_id] = client_reps
    workouts: list[dict[str, Any]] = []

    async def both() -> bool:
        workouts[:] = (await system.query.get("/movement/workouts", headers=ada)).json()["items"]
        return len(workouts) == 2

    await eventually(both)
    found = {w["analysis_id"]: (w["reps"], w["client_reps"], w["verified"], w["source"])
             for w in workouts}  # fmt: skip
    assert found == {
        upload_id: (6, client, client == 6, "landmarks") for upload_id, client in outcomes.items()
    }


async def test_storage_down_refuses_a_submit_with_503_and_nothing_recorded_then_it_works(
    system: System, settings: Settings, clip: bytes
) -> None:
    if settings.s3_url is not None:
        pytest.skip("the store is external: this session cannot stop it")
    ada = await athlete(system, "ada")
    upload_id = await upload(system, ada, clip)
    store = LocalS3(settings)
    submit = f"/movement/uploads/{upload_id}/submit"
    await asyncio.to_thread(store.down)
    try:
        # The API's storage client retries before it gives up: its answer, not its speed, is
        # what this checks (a loaded machine once took longer than httpx's 5 s default).
        refused = await system.command.post(submit, headers=ada, json={"exercise": "jump_rope"},
                                            timeout=60)  # fmt: skip
    finally:
        await asyncio.to_thread(store.up)

    assert refused.status_code == 503
    assert refused.headers["retry-after"] == "5"
    assert refused.json()["type"].endswith("/storage-unavailable")
    accepted = await system.command.post(submit, headers=ada, json={"exercise": "jump_rope"})
    assert accepted.status_code == 202, accepted.text  # nothing was recorded the first time
    analysis = await settled(system, ada, upload_id)
    assert (analysis["status"], analysis["result"]["reps"]) == ("completed", JUMPS)


async def test_the_demo_seed_shows_workouts_and_a_video_the_worker_analyses(
    system: System,
) -> None:
    engine = create_engine(system.settings, pool_size=2)
    try:
        async with BlobStore(system.settings) as store:
            demo = await seed_demo(command_bus(system.settings, engine), store=store)
    finally:
        await engine.dispose()
    login = await system.command.post(
        "/auth/token", data={"username": DEMO_EMAIL, "password": DEMO_PASSWORD}
    )
    who = {"Authorization": f"Bearer {login.json()['access_token']}"}

    analysis = await settled(system, who, str(DEMO_VIDEO))

    assert demo.email == DEMO_EMAIL  # seeded here or by an earlier test: the same demo
    assert (analysis["status"], analysis["result"]["exercise"]) == ("completed", "jump_rope")
    assert (analysis["result"]["detected"], analysis["result"]["reps"]) == (True, DEMO_HOPS)
    workouts = await system.query.get("/movement/workouts", headers=who)
    sources = {workout["source"] for workout in workouts.json()["items"]}
    assert {"manual", "video"} <= sources  # the seeded push-ups and squats, and the video's
