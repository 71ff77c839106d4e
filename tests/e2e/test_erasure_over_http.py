"""Erasure over HTTP on the real services: an athlete with a profile, a run with notes, a post, a
comment on a friend's post, a coach chat message, a plan and a shoe erases the account; then
their e-mail, names and texts are searched for — byte for byte — in every event and outbox row,
every record of every Kafka topic, and every table the projections write. None is found; the
friend's read models no longer show anything of them; the e-mail is free again."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition
from sqlalchemy import text

from contracts.personal import SEALED_PREFIX
from infra.blobs import BlobStore
from infra.database import create_engine
from pacer import bootstrap
from tests.e2e.conftest import System
from tests.e2e.test_coaching_over_http import Member
from tests.e2e.test_profiles_over_http import png, upload_avatar
from tests.e2e.test_social_over_http import _until
from tests.helpers import PASSWORD, eventually
from workers.identity.erasure import folders

pytestmark = pytest.mark.e2e
YESTERDAY = (datetime.now(UTC) - timedelta(days=1)).replace(microsecond=0).isoformat()


async def _kafka_values(system: System) -> list[bytes]:
    """Every record's key, headers and value on every Pacer topic, from the beginning."""
    settings = system.settings
    topics = [settings.kafka_topic_prefix + t for t in bootstrap.contexts().event_types().topics()]
    consumer = AIOKafkaConsumer(
        *topics,
        bootstrap_servers=settings.kafka_bootstrap,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        metadata_max_age_ms=1000,
    )
    await consumer.start()
    found: list[bytes] = []
    try:
        async with asyncio.timeout(60):
            while not consumer.assignment():
                found.extend(_flat(await consumer.getmany(timeout_ms=200)))
            partitions = sorted(consumer.assignment())
            ends = await consumer.end_offsets(partitions)
            while [p for p in partitions if await consumer.position(p) < ends[p]]:
                found.extend(_flat(await consumer.getmany(timeout_ms=500, max_records=5000)))
    finally:
        await consumer.stop()
    return found


def _flat(polled: dict[TopicPartition, list[Any]]) -> list[bytes]:
    return [
        b"".join([record.key or b"", record.value or b"", *(v for _, v in record.headers)])
        for records in polled.values()
        for record in records
    ]


async def _objects(system: System, account: str) -> list[str]:
    """The keys of every object of the account's in both buckets."""
    settings = system.settings
    found: list[str] = []
    async with BlobStore(settings) as store:
        for bucket in (settings.s3_uploads_bucket, settings.s3_derived_bucket):
            for folder in folders(UUID(account)):
                found += await store.keys_under(bucket, folder)
    return found


async def _database_texts(system: System) -> dict[str, list[str]]:
    """Every row of the event store, the outbox, the credentials and every read model, as text."""
    tables = ["events", "outbox", "credentials"]
    for projection in bootstrap.contexts().projections().values():
        tables.extend(projection.tables)
    engine = create_engine(system.settings, pool_size=1)
    texts: dict[str, list[str]] = {}
    try:
        async with engine.connect() as sql:
            for table in tables:
                rows = await sql.execute(text(f"SELECT t::text FROM {table} t"))  # noqa: S608
                texts[table] = [row[0] for row in rows]
    finally:
        await engine.dispose()
    return texts


async def test_an_erased_account_leaves_no_readable_trace(system: System) -> None:
    marker = uuid4().hex[:10]
    ada = Member(system, f"Adalind{marker}")
    ada.email = f"adalind.{marker}@example.org"
    await ada.join()
    bob = await Member(system, "Bob").join()
    command = system.command
    secrets = {
        "email": ada.email,
        "name": ada.name,
        "bio": f"bio-{marker} likes hills",
        "notes": f"knee-{marker} felt sore",
        "post": f"post-{marker} long run",
        "comment": f"comment-{marker} well done",
        "chat": f"chat-{marker} what to eat",
        "shoe": f"shoe-{marker}",
        "workout": f"workout-{marker} with the club",
    }

    assert (await command.patch("/me/profile", headers=ada.auth,
                                json={"bio": secrets["bio"]})).status_code == 200  # fmt: skip
    assert (await command.put("/me/privacy", headers=ada.auth,
                              json={"visibility": "public"})).status_code == 200  # fmt: skip
    await upload_avatar(system, ada.auth, png(400, 300))
    await _until(ada, "/me", lambda r: r.json()["avatar"]["status"] == "ready")
    assert await _objects(system, ada.id)  # the picture, in its sizes
    run = await command.post("/runs", headers=ada.auth, json={
        "distance_km": 10, "duration_s": 3000, "started_at": YESTERDAY,
        "notes": secrets["notes"]})  # fmt: skip
    assert run.status_code == 201, run.text
    shoe = await command.post("/shoes", headers=ada.auth, json={
        "nickname": secrets["shoe"], "brand": "Acme", "model": "Glide"})  # fmt: skip
    assert shoe.status_code == 201, shoe.text
    # A long run in a plan: its day becomes a long-run day for nutrition (never by its title).
    start = datetime.now(UTC).date()
    plan = await command.post("/plans", headers=ada.auth, json={
        "title": "Spring", "start_date": start.isoformat(),
        "end_date": (start + timedelta(days=13)).isoformat()})  # fmt: skip
    assert plan.status_code == 201, plan.text
    long_day = (start + timedelta(days=6)).isoformat()
    scheduled = await command.post(
        f"/plans/{plan.json()['aggregate_id']}/workouts", headers=ada.auth,
        json={"date": long_day, "expected_version": 1,
              "session": {"kind": "long", "title": secrets["workout"],
                          "steps": [{"kind": "steady", "distance_m": 24000}]}},
    )  # fmt: skip
    assert scheduled.status_code == 201, scheduled.text
    await _until(ada, f"/nutrition/days?from={start}&to={long_day}",
                 lambda r: r.status_code == 200
                 and [d["kind"] for d in r.json()] == ["long_run"])  # fmt: skip
    chat = await command.post("/nutrition/coach/messages", headers=ada.auth,
                              json={"text": secrets["chat"]})  # fmt: skip
    assert chat.status_code in (200, 201, 202), chat.text
    posted = await ada.do("/social/posts", {"text": secrets["post"]})
    assert posted.status_code == 201, posted.text
    post = posted.json()["aggregate_id"]
    assert (await bob.do("/social/follows", {"account_id": ada.id})).status_code == 200
    assert (await command.put("/me/privacy", headers=bob.auth,
                              json={"visibility": "public"})).status_code == 200  # fmt: skip
    assert (await ada.do("/social/follows", {"account_id": bob.id})).status_code == 200
    bobs = await bob.do("/social/posts", {"text": "Bob's tempo"})
    assert bobs.status_code == 201, bobs.text
    await _until(
        ada, f"/social/posts/{bobs.json()['aggregate_id']}", lambda r: r.status_code == 200
    )
    comment = await ada.do(
        f"/social/posts/{bobs.json()['aggregate_id']}/comments", {"text": secrets["comment"]}
    )
    assert comment.status_code == 201, comment.text
    assert (await command.put(f"/social/posts/{post}/like", headers=bob.auth)).status_code == 200
    await _until(bob, "/social/feed", lambda r: post in [p["post_id"] for p in r.json()["items"]])
    shown = await _until(
        bob, f"/social/posts/{bobs.json()['aggregate_id']}", lambda r: r.json()["comments"] == 1
    )
    assert shown.status_code == 200

    # Integrators never saw any of it in clear, before the erasure either.
    before = b"\n".join(await _kafka_values(system))
    assert SEALED_PREFIX.encode() in before
    for name, secret in secrets.items():
        assert secret.encode() not in before, f"{name} travels in clear on Kafka"

    refused = await command.post("/me/erasure", headers=ada.auth,
                                 json={"current_password": "not the password 123"})  # fmt: skip
    assert refused.status_code == 403
    erased = await command.post("/me/erasure", headers=ada.auth,
                                json={"current_password": PASSWORD})  # fmt: skip
    assert erased.status_code == 200, erased.text
    assert (await ada.read("/me")).status_code == 401  # every login ended at once
    login = await command.post("/auth/token", data={"username": ada.email, "password": PASSWORD})
    assert login.status_code in (400, 401)

    # Bob's read models drop Ada: her card, her post, her comment and like counts.
    await _until(bob, f"/social/accounts/{ada.id}", lambda r: r.status_code == 404)
    await _until(bob, f"/social/posts/{post}", lambda r: r.status_code == 404)
    after = await _until(
        bob, f"/social/posts/{bobs.json()['aggregate_id']}", lambda r: r.json()["comments"] == 0
    )
    assert after.json()["comments"] == 0
    assert post not in [p["post_id"] for p in (await bob.read("/social/feed")).json()["items"]]

    async def gone_everywhere() -> bool:
        texts = await _database_texts(system)
        return not any(
            secret in row for rows in texts.values() for row in rows for secret in secrets.values()
        )

    await eventually(gone_everywhere, timeout_s=30)
    texts = await _database_texts(system)
    assert any(ada.id in row for row in texts["events"])  # the history is kept, sealed
    assert any(SEALED_PREFIX + ada.id in row for row in texts["events"])
    engine = create_engine(system.settings, pool_size=1)
    try:
        async with engine.connect() as sql:
            key = (await sql.execute(text(
                "SELECT data_key, erased_at FROM subject_keys WHERE subject_id = :a"
            ), {"a": ada.id})).one()  # fmt: skip
    finally:
        await engine.dispose()
    assert key.data_key is None  # nothing anywhere opens what was sealed for her
    assert key.erased_at is not None
    on_kafka = b"\n".join(await _kafka_values(system))
    for name, secret in secrets.items():
        assert secret.encode() not in on_kafka, f"{name} is readable on Kafka"

    # Her stored files are deleted by the erasure job, which says so in an event.
    async def no_files() -> bool:
        return not await _objects(system, ada.id)

    await eventually(no_files, timeout_s=60)

    # The e-mail is free again: a new account, a new key, nothing of the old one.
    again = Member(system, "Adalind again")
    again.email = ada.email
    await again.join()
    assert again.id != ada.id
    card = await _until(again, "/me", lambda r: r.status_code == 200)
    assert card.json()["display_name"] == "Adalind again"
    assert card.json().get("bio", "") == ""
