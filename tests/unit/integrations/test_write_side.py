"""The integrations context through the bus, on the fake unit of work: connecting (scopes,
tokens sealed, one Pacer account per athlete), webhook events recorded once, imports that
record, correct, skip and remove runs, disconnection removing every Strava run, and pushes."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from uuid import UUID, uuid4

import pytest

from commands.actors import Actor
from commands.errors import ConflictError, RuleViolationError
from commands.integrations.webhook import StravaWebhookEvent, as_command
from contracts.events import DomainEvent
from contracts.integrations.commands import (
    ConnectStrava,
    DisconnectStrava,
    ImportStravaActivity,
    ImportStravaPage,
    PushToStrava,
    RefuteStravaRevocation,
    RemoveStravaActivity,
    SetStravaPreferences,
)
from contracts.integrations.events import (
    StravaActivityImported,
    StravaBackfillProgressed,
    StravaConnected,
    StravaDisconnected,
    StravaPushRequested,
    StravaRevocationRefuted,
)
from contracts.integrations.strava import SkippedActivity, StravaRun, push_id
from contracts.movement.commands import RecordWorkout
from contracts.training.commands import CorrectRun, RecordRun
from contracts.training.events import RunCorrected, RunDeleted, RunRecorded
from infra.strava.client import (
    StravaRejectedError,
    StravaUnauthorizedError,
    StravaUnavailableError,
)
from infra.strava.vault import StravaNotConnectedError
from tests.fakes import FakeDatabase, FakeStrava, fake_bus
from workers.integrations import jobs as integration_jobs
from workers.integrations.jobs import CONFIRM_REVOCATION, ConfirmRevocation
from workers.jobs import MAX_REASON, Later, Tools, Work

ME = uuid4()
ACTOR = Actor.account(ME, "athlete")
SYSTEM = Actor.system("test")
ATHLETE = 134_815
FULL = "read,activity:read_all,activity:write"
MOMENTS = itertools.count(1_764_000_000)  # each event of a test at its own moment


def events(database: FakeDatabase, kind: type[DomainEvent]) -> list[Any]:
    return [r.event for r in database.outbox if isinstance(r.event, kind)]


def activity(activity_id: int, **changes: Any) -> StravaRun:
    fields: dict[str, Any] = {
        "activity_id": activity_id, "title": "Morning Run", "sport_type": "Run",
        "distance_km": 10.0, "duration_s": 3000,
        "started_at": datetime(2026, 11, 30, 7, tzinfo=UTC), "avg_heart_rate": 150,
    }  # fmt: skip
    return StravaRun(**{**fields, **changes})


async def connect(database: FakeDatabase, strava: FakeStrava | None = None,
                  scope: str = FULL, account: UUID = ME) -> UUID:  # fmt: skip
    bus = fake_bus(database, dependencies={"strava": strava or FakeStrava()})
    connection = uuid4()
    await bus.dispatch(ConnectStrava(account_id=account, connection_id=connection,
                                     code=f"{ATHLETE}:{scope}", scope=scope,
                                     backfill_since=datetime.now(UTC) - timedelta(days=30)),
                       Actor.account(account, "athlete"))  # fmt: skip
    return connection


async def receive(database: FakeDatabase, aspect: str, object_id: int, **extra: Any) -> UUID:
    event = StravaWebhookEvent.model_validate({
        "aspect_type": aspect, "event_time": next(MOMENTS), "object_id": object_id,
        "object_type": extra.pop("object_type", "activity"), "owner_id": ATHLETE,
        "subscription_id": "120475", "updates": extra.pop("updates", {}),
    })  # fmt: skip
    command = as_command(event)
    reply = await fake_bus(database).dispatch(command, SYSTEM)
    assert reply.value.recorded
    return command.delivery_id


async def test_connecting_records_the_scopes_and_keeps_only_sealed_tokens() -> None:
    database = FakeDatabase()
    connection = await connect(database)
    [connected] = events(database, StravaConnected)
    assert connected.connection_id == connection
    assert connected.strava_athlete_id == ATHLETE
    assert set(connected.scopes) == set(FULL.split(","))
    link = database.state.strava_links[ME]
    assert f"access-{ATHLETE}" not in link["sealed"]
    assert all(sealed.startswith("gAAAAA") for sealed in link["sealed"])


async def test_a_connection_without_the_activity_scope_is_refused_with_why() -> None:
    database = FakeDatabase()
    with pytest.raises(RuleViolationError, match="read your activities"):
        await connect(database, scope="read,activity:write")
    assert database.outbox == []


async def test_connecting_again_keeps_the_connection_and_takes_new_scopes() -> None:
    database = FakeDatabase()
    first = await connect(database, scope="read,activity:read_all")
    await connect(database, scope="read,activity:read_all")  # the same: nothing new
    assert len(events(database, StravaConnected)) == 1
    await connect(database, scope=FULL)
    [_, rescoped] = events(database, StravaConnected)
    assert (rescoped.connection_id, rescoped.backfill_since) == (first, None)
    assert "activity:write" in rescoped.scopes


async def test_one_strava_athlete_belongs_to_one_pacer_account() -> None:
    database = FakeDatabase()
    await connect(database)
    with pytest.raises(ConflictError, match="another Pacer account"):
        await connect(database, account=uuid4())


async def test_a_webhook_event_is_recorded_once_and_strangers_are_ignored() -> None:
    database = FakeDatabase()
    await connect(database)
    event = StravaWebhookEvent.model_validate(
        {
            "aspect_type": "create",
            "event_time": 1_764_000_000,
            "object_id": 12_000_000_001,
            "object_type": "activity",
            "owner_id": ATHLETE,
            "subscription_id": 1,
            "updates": {},
        }
    )
    bus = fake_bus(database)
    first = await bus.dispatch(as_command(event), SYSTEM)
    again = await bus.dispatch(as_command(event), SYSTEM)
    assert first.value.recorded
    assert (again.value.recorded, again.value.reason) == (False, "duplicate")
    stranger = event.model_copy(update={"owner_id": 42})
    ignored = await bus.dispatch(as_command(stranger), SYSTEM)
    assert (ignored.value.recorded, ignored.value.reason) == (False, "unknown athlete")


async def test_imports_record_correct_skip_and_remove_one_run_per_activity() -> None:
    database = FakeDatabase()
    await connect(database)
    bus = fake_bus(database)
    created = await receive(database, "create", 12_000_000_001)
    await bus.dispatch(ImportStravaActivity(delivery_id=created, run=activity(12_000_000_001)),
                       SYSTEM)  # fmt: skip
    twice = ImportStravaActivity(delivery_id=created, run=activity(12_000_000_001))
    await bus.dispatch(twice, SYSTEM)  # a job that ran twice
    [recorded] = events(database, RunRecorded)
    assert (recorded.source, recorded.strava_activity_id, recorded.shoe_id) == (
        "strava", 12_000_000_001, None)  # fmt: skip
    renamed = await receive(database, "update", 12_000_000_001, updates={"title": "Renamed"})
    await bus.dispatch(ImportStravaActivity(
        delivery_id=renamed, run=activity(12_000_000_001, title="Renamed")), SYSTEM)  # fmt: skip
    [corrected] = events(database, RunCorrected)
    assert corrected.title == "Renamed"
    same = await receive(database, "update", 12_000_000_001, updates={"title": "Renamed"})
    await bus.dispatch(ImportStravaActivity(
        delivery_id=same, run=activity(12_000_000_001, title="Renamed")), SYSTEM)  # fmt: skip
    assert len(events(database, RunCorrected)) == 1  # nothing changed: nothing recorded

    # The athlete may not correct a Strava run in Pacer.
    with pytest.raises(ConflictError, match="comes from Strava"):
        await bus.dispatch(
            CorrectRun(
                run_id=recorded.run_id,
                athlete_id=ME,
                expected_version=2,
                distance_km=1.0,
                duration_s=600,
                started_at=datetime.now(UTC) - timedelta(hours=1),
            ),
            ACTOR,
        )

    ride = await receive(database, "update", 12_000_000_001, updates={"type": "Ride"})
    await bus.dispatch(ImportStravaActivity(delivery_id=ride, skipped=SkippedActivity(
        activity_id=12_000_000_001, sport_type="Ride", reason="not a run")), SYSTEM)  # fmt: skip
    assert [e.run_id for e in events(database, RunDeleted)] == [recorded.run_id]

    other = await receive(database, "create", 12_000_000_002)
    await bus.dispatch(ImportStravaActivity(delivery_id=other, run=activity(12_000_000_002)),
                       SYSTEM)  # fmt: skip
    deleted = await receive(database, "delete", 12_000_000_002)
    await bus.dispatch(RemoveStravaActivity(delivery_id=deleted), SYSTEM)
    assert len(events(database, RunDeleted)) == 2
    assert len(events(database, StravaActivityImported)) == 4  # one outcome per delivery


async def test_backfill_pages_import_in_order_and_once() -> None:
    database = FakeDatabase()
    connection = await connect(database)
    bus = fake_bus(database)
    page = ImportStravaPage(
        account_id=ME,
        connection_id=connection,
        page=1,
        runs=[activity(n) for n in range(1, 21)],
        skipped=[],
        last=False,
    )
    await bus.dispatch(page, SYSTEM)
    await bus.dispatch(page, SYSTEM)  # the same page again: nothing new
    await bus.dispatch(page.model_copy(update={"page": 3}), SYSTEM)  # out of order: ignored
    assert len(events(database, RunRecorded)) == 20
    [progress] = events(database, StravaBackfillProgressed)
    assert (progress.page, progress.imported, progress.done) == (1, 20, False)


async def test_disconnecting_deletes_every_strava_run_and_the_tokens() -> None:
    database = FakeDatabase()
    strava = FakeStrava()
    connection = await connect(database, strava)
    bus = fake_bus(database, dependencies={"strava": strava})
    await bus.dispatch(ImportStravaPage(account_id=ME, connection_id=connection, page=1,
                                        runs=[activity(n) for n in range(1, 6)], skipped=[],
                                        last=True), SYSTEM)  # fmt: skip
    mine = await bus.dispatch(
        RecordRun(
            run_id=uuid4(),
            athlete_id=ME,
            distance_km=5.0,
            duration_s=1500,
            started_at=datetime.now(UTC) - timedelta(hours=2),
        ),
        ACTOR,
    )
    await bus.dispatch(DisconnectStrava(account_id=ME, reason="disconnected"), ACTOR)
    assert len(events(database, RunDeleted)) == 5
    assert mine.value.aggregate_id not in {str(e.run_id) for e in events(database, RunDeleted)}
    [ended] = events(database, StravaDisconnected)
    assert (ended.runs_removed, ended.reason) == (5, "disconnected")
    assert database.state.strava_links == {}
    assert database.state.strava_imports == {}
    assert strava.deauthorized == [f"access-{ATHLETE}"]
    # A revocation for the ended connection arriving later changes nothing.
    await bus.dispatch(DisconnectStrava(account_id=ME, reason="revoked_on_strava",
                                        connection_id=connection), SYSTEM)  # fmt: skip
    assert len(events(database, StravaDisconnected)) == 1


async def test_a_refuted_revocation_is_recorded_for_the_current_connection_and_ends_nothing() -> (
    None
):
    database = FakeDatabase()
    connection = await connect(database)
    bus = fake_bus(database)
    refuted = RefuteStravaRevocation(
        account_id=ME, connection_id=connection, reason="Strava still accepts the tokens"
    )
    await bus.dispatch(refuted, SYSTEM)
    [recorded] = events(database, StravaRevocationRefuted)
    assert (recorded.connection_id, recorded.reason) == (connection, refuted.reason)
    assert events(database, StravaDisconnected) == []
    assert ME in database.state.strava_links
    # One for a connection that is no longer the current one records nothing.
    stale = refuted.model_copy(update={"connection_id": uuid4()})
    await bus.dispatch(stale, SYSTEM)
    assert len(events(database, StravaRevocationRefuted)) == 1


@pytest.mark.parametrize(
    ("answer", "outcome"),
    [
        (StravaUnauthorizedError("refused"), DisconnectStrava),  # the token, then its refresh
        (StravaNotConnectedError("gone"), DisconnectStrava),  # nothing left to end
        ([], RefuteStravaRevocation),  # the tokens still work
        (StravaUnavailableError("down"), Later),  # asked again: the event comes once
        (StravaRejectedError(403, "forbidden"), StravaRejectedError),  # fails the job: refuted
    ],
)
def test_a_revocation_ends_the_connection_only_when_strava_refuses_the_tokens(
    monkeypatch: pytest.MonkeyPatch, answer: object, outcome: type
) -> None:
    def asked(*_: object) -> object:
        if isinstance(answer, Exception):
            raise answer
        return answer

    monkeypatch.setattr(integration_jobs, "_strava", asked)
    payload = ConfirmRevocation(account_id=ME, connection_id=uuid4())
    work = Work(lambda done, total: None, Tools(None))
    if issubclass(outcome, Exception):
        with pytest.raises(outcome):
            integration_jobs.confirm_revocation(payload, work)
        return
    decided = integration_jobs.confirm_revocation(payload, work)
    assert isinstance(decided, outcome)
    assert getattr(decided, "connection_id", None) == payload.connection_id


def test_a_revocation_strava_could_not_be_asked_about_is_refuted_within_the_reason_s_bound() -> (
    None
):
    payload = ConfirmRevocation(account_id=ME, connection_id=uuid4())
    failed = CONFIRM_REVOCATION.failed(payload, "x" * MAX_REASON)
    assert isinstance(failed, RefuteStravaRevocation)
    assert failed.reason.startswith("not confirmed: ")
    assert len(failed.reason) == MAX_REASON


async def test_a_push_happens_once_automatic_only_when_asked_and_never_for_strava_runs() -> None:
    database = FakeDatabase()
    connection = await connect(database)
    bus = fake_bus(database)
    run_id = uuid4()
    await bus.dispatch(
        RecordRun(
            run_id=run_id,
            athlete_id=ME,
            distance_km=8.0,
            duration_s=2400,
            started_at=datetime.now(UTC) - timedelta(hours=2),
        ),
        ACTOR,
    )
    automatic = PushToStrava(push_id=push_id(ME, run_id), account_id=ME, run_id=run_id,
                             automatic=True)  # fmt: skip
    await bus.dispatch(automatic, SYSTEM)
    assert events(database, StravaPushRequested) == []  # auto-push is off
    await bus.dispatch(SetStravaPreferences(account_id=ME, auto_push=True), ACTOR)
    await bus.dispatch(automatic, SYSTEM)
    await bus.dispatch(automatic.model_copy(update={"automatic": False}), ACTOR)
    [pushed] = events(database, StravaPushRequested)
    assert (pushed.sport_type, pushed.distance_m, pushed.elapsed_time_s) == ("Run", 8000.0, 2400)

    await bus.dispatch(
        ImportStravaPage(
            account_id=ME,
            connection_id=connection,
            page=1,
            runs=[activity(7)],
            skipped=[],
            last=True,
        ),
        SYSTEM,
    )
    imported = events(database, RunRecorded)[-1].run_id
    with pytest.raises(RuleViolationError, match="never pushed back"):
        await bus.dispatch(PushToStrava(push_id=push_id(ME, imported), account_id=ME,
                                        run_id=imported), ACTOR)  # fmt: skip


async def test_a_rep_workout_is_pushed_as_a_workout_with_its_reps() -> None:
    database = FakeDatabase()
    await connect(database)
    bus = fake_bus(database)
    workout_id = uuid4()
    performed = datetime(2026, 11, 30, 18, 30, tzinfo=timezone(timedelta(hours=2)))
    await bus.dispatch(
        RecordWorkout(
            workout_id=workout_id,
            athlete_id=ME,
            exercise="push_up",
            reps=40,
            duration_s=95.4,
            performed_at=performed,
        ),
        ACTOR,
    )
    await bus.dispatch(PushToStrava(push_id=push_id(ME, workout_id), account_id=ME,
                                    workout_id=workout_id), ACTOR)  # fmt: skip
    [pushed] = events(database, StravaPushRequested)
    assert (pushed.subject, pushed.sport_type, pushed.elapsed_time_s) == ("workout", "Workout", 95)
    assert pushed.title == "Push up: 40 reps"
    assert pushed.start_date_local == "2026-11-30T18:30:00"  # the athlete's wall clock
    assert pushed.distance_m is None
