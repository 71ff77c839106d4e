"""What an integrator gets: real records, read with the official CloudEvents SDK, match the
published AsyncAPI document (the headers it lists and no others, the key, the payload of the
message their `ce_type` names), and a dead letter says why without quoting the event."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Any

import jsonschema_rs
import pytest
from cloudevents.core.base import BaseCloudEvent
from cloudevents.core.bindings.kafka import KafkaMessage, from_binary_event
from opentelemetry.sdk.trace import TracerProvider
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from commands.actors import Actor
from commands.bus import CommandBus
from contracts.commands import Command
from contracts.documents.commands import (
    CompleteDataExport,
    CompleteDocument,
    FailDocument,
    RequestDataExport,
    RequestPlanExport,
)
from contracts.documents.events import DocumentRendered
from contracts.events import DEAD_LETTER_TOPIC
from contracts.identity.admin import AppointAdmin, DisableAccount, EnableAccount
from contracts.identity.avatars import avatar_upload_key
from contracts.identity.coaching import (
    AcceptGrant,
    ChangeGrantScopes,
    DeclineGrant,
    InviteAthlete,
    OpenAthleteAccess,
    RevokeGrant,
    grant_id,
)
from contracts.identity.commands import (
    AcceptAvatar,
    ChangeEmail,
    ChangePassword,
    EraseAccount,
    RegisterAccount,
    RejectAvatar,
    RemoveAvatar,
    ReportFileErasure,
    RequestAvatarUpload,
    SetPrivacy,
    SetTrainingPreferences,
    SubmitAvatar,
    UpdateProfile,
)
from contracts.identity.events import AccountRegistered
from contracts.integrations.events import StravaConnected
from contracts.movement.commands import (
    CompleteAnalysis,
    ConfirmUploadRemoved,
    CorrectWorkout,
    DeleteUpload,
    DeleteWorkout,
    ExpireUpload,
    FailAnalysis,
    FailUploadRemoval,
    RecordWorkout,
    ReportAnalysisProgress,
    RequestUpload,
    SubmitLandmarks,
    SubmitVideo,
)
from contracts.movement.events import WorkoutRecorded
from contracts.movement.objects import upload_key
from contracts.movement.results import AnalysisResult
from contracts.nutrition.events import WeightLogged
from contracts.social.events import PostPublished
from contracts.social.groups import (
    CreateGroup,
    DeleteGroup,
    JoinGroup,
    LeaveGroup,
    RemoveGroupMember,
)
from contracts.social.posts import (
    CommentOnPost,
    DeleteComment,
    DeletePost,
    EditPost,
    LikePost,
    PublishPost,
    UnlikePost,
)
from contracts.social.relations import (
    ApproveFollower,
    BlockAccount,
    FollowAccount,
    UnblockAccount,
    UnfollowAccount,
)
from contracts.training.commands import CorrectRun, DeleteRun, RecordRun
from contracts.training.completion import MatchRun, UnmatchRun
from contracts.training.events import RunRecorded
from contracts.training.plans import (
    ArchivePlan,
    ChangeWorkout,
    CreatePlan,
    DeletePlan,
    MoveWorkout,
    RemoveWorkout,
    RenamePlan,
    ReschedulePlan,
    ScheduleWorkout,
)
from contracts.training.sessions import Session, Step
from contracts.training.shoes import AddShoe, RenameShoe, RetireShoe, SetShoeLimit
from infra.consumers import describe
from infra.kafka import KafkaDeadLetters, Record, kafka_producer
from infra.settings import Settings
from pacer.asyncapi import DEAD_LETTER_MESSAGE
from pacer.bootstrap import command_bus
from pacer.contract_docs import ASYNCAPI_FILE
from tests.fakes import InMemoryUploads
from tests.helpers import published_relay, read_topic, run_body
from tests.integration.integrations_story import (
    INTEGRATIONS_EVENTS,
    TRAINING_EVENTS,
    integrations,
)
from tests.integration.nutrition_story import NUTRITION_EVENTS, nutrition

pytestmark = pytest.mark.integration

DOCUMENT: dict[str, Any] = json.loads(ASYNCAPI_FILE.read_text())  # what integrators are given
EMAIL = "ada.lovelace@example.com"


@contextmanager
def traced() -> Iterator[None]:
    """Inside a trace, as every Pacer process is. A process installs its tracer provider once,
    and test_tracing installs its own, so a span of a provider of this test's stands in."""
    with TracerProvider().get_tracer(__name__).start_as_current_span("integrator test"):
        yield


PASSPHRASE = "a long and unusual passphrase 7"


async def register(bus: CommandBus) -> uuid.UUID:
    account = RegisterAccount(
        account_id=uuid.uuid4(), email=EMAIL, password=PASSPHRASE, display_name="Ada"
    )
    await bus.dispatch(account, Actor.anonymous())
    return account.account_id


IDENTITY_EVENTS = 25


async def identity(settings: Settings, engine: AsyncEngine, account: uuid.UUID) -> None:
    """Every profile, coaching and administration event, as the API, the avatar job and the
    command line cause them (storage stands in)."""
    uploads = InMemoryUploads()
    bus = command_bus(settings, engine, overrides={"uploads": uploads})
    me, job = Actor.account(account, "athlete"), Actor.system("job:identity")
    kept, refused = uuid.uuid4(), uuid.uuid4()
    coach = uuid.uuid4()
    as_coach, grant = Actor.account(coach, "coach"), grant_id(coach, account)
    for upload in (kept, refused):
        uploads.sizes[avatar_upload_key(account, upload)] = 1000
    steps: list[tuple[Command[Any], Actor]] = [
        (UpdateProfile(account_id=account, bio="Hills on Sundays", time_zone="Europe/London"), me),
        (SetTrainingPreferences(account_id=account, days_available=["tuesday", "sunday"],
                                long_run_day="sunday", goals=["marathon"]), me),
        (SetPrivacy(account_id=account, visibility="public"), me),
        (ChangeEmail(account_id=account, email="ada.new@example.com",
                     current_password=PASSPHRASE), me),
        (ChangePassword(account_id=account, session_id=uuid.uuid4(), current_password=PASSPHRASE,
                        new_password="staple lantern orbit meadow"), me),
        *((RequestAvatarUpload(account_id=account, upload_id=upload, content_type="image/png",
                               size_bytes=1000), me) for upload in (kept, refused)),
        *((SubmitAvatar(account_id=account, upload_id=upload), me) for upload in (kept, refused)),
        (AcceptAvatar(account_id=account, upload_id=kept, sizes=[512, 128]), job),
        (RejectAvatar(account_id=account, upload_id=refused, reason="not a picture"), job),
        (RemoveAvatar(account_id=account), me),
        (RegisterAccount(account_id=coach, email="cora@example.com", password=PASSPHRASE,
                         display_name="Cora", role="coach"), Actor.anonymous()),
        (InviteAthlete(coach_id=coach, invitee_id=account), as_coach),
        (DeclineGrant(grant_id=grant, account_id=account), me),
        (InviteAthlete(coach_id=coach, invitee_id=account), as_coach),
        (AcceptGrant(grant_id=grant, account_id=account, scopes=["read_training"]), me),
        (ChangeGrantScopes(grant_id=grant, account_id=account,
                           scopes=["read_training", "read_nutrition"]), me),
        (OpenAthleteAccess(coach_id=coach, of_athlete_ids=[account], scope="read_nutrition"),
         as_coach),
        (RevokeGrant(grant_id=grant, account_id=coach), as_coach),
        (AppointAdmin(email="cora@example.com"), Actor.system("cli:admin")),
        (DisableAccount(admin_id=coach, account_id=account, reason="spam"), as_coach),
        (EnableAccount(admin_id=coach, account_id=account), as_coach),
        (EraseAccount(account_id=coach, current_password=PASSPHRASE), as_coach),
        (ReportFileErasure(account_id=coach, removed=3), Actor.system("job:identity")),
    ]  # fmt: skip
    for command, actor in steps:
        await bus.dispatch(command, actor)


SOCIAL_EVENTS = 19
SOCIAL_ACCOUNTS = 2  # registered on the identity topic


async def social(bus: CommandBus) -> None:
    """Every social event, as the API causes them."""
    ada, bob, post, comment, group = (uuid.uuid4() for _ in range(5))
    as_ada, as_bob = Actor.account(ada, "athlete"), Actor.account(bob, "athlete")
    for account, name in ((ada, "ada"), (bob, "bob")):
        email = f"{name}-{account}@example.com"
        await bus.dispatch(RegisterAccount(account_id=account, email=email, password=PASSPHRASE,
                                           display_name=name.title(), role="athlete"),
                           Actor.anonymous())  # fmt: skip
    steps: list[tuple[Command[Any], Actor]] = [
        (FollowAccount(account_id=bob, followee_id=ada), as_bob),  # a request: followers-only
        (ApproveFollower(account_id=ada, follower_id=bob), as_ada),
        (UnfollowAccount(account_id=bob, followee_id=ada), as_bob),
        (BlockAccount(account_id=ada, blocked_id=bob), as_ada),
        (UnblockAccount(account_id=ada, blocked_id=bob), as_ada),
        (PublishPost(post_id=post, account_id=ada, text="Ten easy"), as_ada),
        (EditPost(post_id=post, account_id=ada, text="Twelve easy", expected_version=1), as_ada),
        (LikePost(post_id=post, account_id=ada), as_ada),
        (UnlikePost(post_id=post, account_id=ada), as_ada),
        (CommentOnPost(comment_id=comment, post_id=post, account_id=ada, text="Felt good"),
         as_ada),
        (DeleteComment(comment_id=comment, account_id=ada), as_ada),
        (DeletePost(post_id=post, account_id=ada), as_ada),
        (CreateGroup(group_id=group, account_id=ada, name="Track"), as_ada),
        (JoinGroup(group_id=group, account_id=bob), as_bob),
        (LeaveGroup(group_id=group, account_id=bob), as_bob),
        (JoinGroup(group_id=group, account_id=bob), as_bob),
        (RemoveGroupMember(group_id=group, account_id=ada, member_id=bob), as_ada),
        (DeleteGroup(group_id=group, account_id=ada), as_ada),
    ]  # fmt: skip
    for command, actor in steps:
        await bus.dispatch(command, actor)


async def movement(settings: Settings, engine: AsyncEngine, athlete: uuid.UUID) -> None:
    """Every movement event, as the API and the jobs cause them (storage stands in: the uploads
    are there and have the declared size)."""
    uploads = InMemoryUploads()
    bus = command_bus(settings, engine, overrides={"uploads": uploads})
    me, job = Actor.account(athlete, "athlete"), Actor.system("job:movement")
    video, landmarks, expiring, deleted, workout = (uuid.uuid4() for _ in range(5))
    for upload, kind in ((video, "video/mp4"), (landmarks, "application/json"),
                         (expiring, "video/webm"), (deleted, "video/mp4")):  # fmt: skip
        await bus.dispatch(RequestUpload(analysis_id=upload, athlete_id=athlete,
                                         content_type=kind, size_bytes=1000), me)  # fmt: skip
        uploads.sizes[upload_key(athlete, upload)] = 1000
    steps: list[tuple[Command[Any], Actor]] = [
        (SubmitVideo(analysis_id=video, athlete_id=athlete, exercise="squat"), me),
        (ReportAnalysisProgress(analysis_id=video, fraction=0.5), job),
        (CompleteAnalysis(analysis_id=video, result=ANALYSIS, key_frame_key="k/1.png"), job),
        (SubmitLandmarks(analysis_id=landmarks, athlete_id=athlete, exercise=None,
                         client_reps=3), me),
        (FailAnalysis(analysis_id=landmarks, reason="no person in any of the 9 frames"), job),
        (ExpireUpload(analysis_id=expiring), job),
        (ConfirmUploadRemoved(analysis_id=expiring), job),
        (DeleteUpload(analysis_id=deleted, athlete_id=athlete), me),
        (FailUploadRemoval(analysis_id=deleted, reason="AccessDenied"), job),
        (RecordWorkout(workout_id=workout, athlete_id=athlete, exercise="push_up", reps=20,
                       duration_s=60, performed_at=datetime.now(UTC) - timedelta(hours=1)), me),
        (CorrectWorkout(workout_id=workout, athlete_id=athlete, exercise="push_up", reps=21,
                        duration_s=60, performed_at=datetime.now(UTC) - timedelta(hours=1),
                        expected_version=1), me),
        (DeleteWorkout(workout_id=workout, athlete_id=athlete), me),
    ]  # fmt: skip
    for command, actor in steps:
        await bus.dispatch(command, actor)


async def plans(bus: CommandBus, engine: AsyncEngine, athlete: uuid.UUID) -> None:
    """Every plan and shoe event, as the API and the completion reactor cause them: a plan and
    one workout's whole life, a workout completed by a run and opened again, a shoe's life."""
    me, plan, workout = Actor.account(athlete, "athlete"), uuid.uuid4(), uuid.uuid4()
    start = date(2027, 3, 1)
    ids = {"plan_id": plan, "athlete_id": athlete}
    session = Session(kind="easy", title="Easy", steps=[Step(kind="steady", duration_s=1800)])
    steps: list[Command[Any]] = [
        CreatePlan(**ids, title="Spring", start_date=start, end_date=start + timedelta(days=60)),
        ScheduleWorkout(**ids, workout_id=workout, date=start, session=session,
                        expected_version=1),
        MoveWorkout(**ids, workout_id=workout, date=start + timedelta(days=1), expected_version=2),
        ChangeWorkout(**ids, workout_id=workout, session=session, expected_version=3),
        RemoveWorkout(**ids, workout_id=workout, expected_version=4),
        RenamePlan(**ids, title="Spring 10K", expected_version=5),
        ReschedulePlan(**ids, start_date=start, end_date=start + timedelta(days=70),
                       expected_version=6),
        ArchivePlan(**ids, expected_version=7),
        DeletePlan(**ids, expected_version=8),
    ]  # fmt: skip
    for command in steps:
        await bus.dispatch(command, me)
    # A run completes a workout and is deleted again, as the completion reactor sends it; the
    # plans read model is written here as the projector would have left it.
    other, done, run = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    ids = {"plan_id": other, "athlete_id": athlete}
    await bus.dispatch(CreatePlan(**ids, title="Summer", start_date=start,
                                  end_date=start + timedelta(days=30)), me)  # fmt: skip
    run_8km = Session(kind="easy", title="8 km", steps=[Step(kind="steady", distance_m=8000)])
    await bus.dispatch(ScheduleWorkout(**ids, workout_id=done, date=start, session=run_8km,
                                       expected_version=1), me)  # fmt: skip
    async with engine.begin() as sql:
        await sql.execute(
            text(
                "INSERT INTO plans_view (plan_id, athlete_id, title, start_date, end_date, "
                "generated, archived, version) "
                "VALUES (:plan, :athlete, 'Summer', :start, :start, false, false, 2)"
            ),
            {"plan": other, "athlete": athlete, "start": start},
        )
        await sql.execute(text(
            "INSERT INTO plan_workouts_view (workout_id, plan_id, athlete_id, day, kind, title, "
            "session, distance_km, duration_s, totals_complete, version) VALUES (:workout, :plan, "
            ":athlete, :start, 'easy', '8 km', '{}', 8, 0, false, 2)"
        ), {"workout": done, "plan": other, "athlete": athlete, "start": start})  # fmt: skip
    reactor = Actor.system("reactor:training.completion")
    await bus.dispatch(MatchRun(run_id=run, athlete_id=athlete, day=start, distance_km=8.1,
                                duration_s=2700), reactor)  # fmt: skip
    async with engine.begin() as sql:
        completed = "UPDATE plan_workouts_view SET completed_run_id = :run WHERE workout_id = :w"
        await sql.execute(text(completed), {"run": run, "w": done})
    await bus.dispatch(UnmatchRun(run_id=run, athlete_id=athlete), reactor)

    # A shoe's life, and a run that gets it as the default.
    shoe = uuid.uuid4()
    ids = {"shoe_id": shoe, "athlete_id": athlete}
    # A printed plan, rendered; and another that failed.
    plan_to_print = uuid.uuid4()
    printed = CreatePlan(plan_id=plan_to_print, athlete_id=athlete, title="Print me",
                         start_date=start, end_date=start + timedelta(days=30))  # fmt: skip
    await bus.dispatch(printed, me)
    job = Actor.system("job:documents.render_plan")
    for document, outcome in ((uuid.uuid4(), "rendered"), (uuid.uuid4(), "failed")):
        await bus.dispatch(RequestPlanExport(document_id=document, athlete_id=athlete,
                                             plan_id=plan_to_print), me)  # fmt: skip
        report: Command[Any] = (
            CompleteDocument(document_id=document, object_key="documents/a.pdf", size_bytes=10,
                             pages=1)
            if outcome == "rendered" else FailDocument(document_id=document, reason="no fonts")
        )  # fmt: skip
        await bus.dispatch(report, job)
    exported = uuid.uuid4()  # and all of the athlete's data
    await bus.dispatch(RequestDataExport(document_id=exported, athlete_id=athlete), me)
    await bus.dispatch(CompleteDataExport(document_id=exported, object_key="exports/a.zip",
                                          size_bytes=10, files=2),
                       Actor.system("job:documents.export_data"))  # fmt: skip
    for change in (
        AddShoe(**ids, nickname="Blue", default=True),
        RenameShoe(**ids, nickname="Old blue", expected_version=2),
        SetShoeLimit(**ids, limit_km=800, expected_version=3),
        RetireShoe(**ids, expected_version=4),
    ):
        await bus.dispatch(change, me)


PLAN_EVENTS = 9 + 4 + 5 + 1  # the plan printed
DOCUMENT_EVENTS = 4 + 2
ANALYSIS = AnalysisResult(
    exercise="squat", exercise_title="Squat", detected=False, reps=5, partial_attempts=0,
    range_label="lowest knee angle (°)", rep_details=[], cues=[], duration_s=12.0, active_s=10.0,
    calories_kcal=3.3, body_weight_kg=70.0, confidence=0.9, frames=360, frames_with_pose=355,
)  # fmt: skip
MOVEMENT_EVENTS = 17


async def test_every_record_is_a_cloudevent_that_matches_its_asyncapi_message(
    pipeline_settings: Settings, engine: AsyncEngine, bus: CommandBus
) -> None:
    athlete, run_id, cause = uuid.uuid4(), uuid.uuid4(), str(uuid.uuid4())
    actor = Actor.account(athlete, "athlete")
    with traced():
        account = await register(bus)
        await identity(pipeline_settings, engine, account)
        await bus.dispatch(RecordRun(run_id=run_id, athlete_id=athlete, **run_body()), actor)
        correction = CorrectRun(run_id=run_id, athlete_id=athlete, expected_version=1, **run_body())
        await bus.dispatch(correction, actor)
        # As a reactor sends it: caused by an event.
        deletion = DeleteRun(run_id=run_id, athlete_id=athlete, expected_version=2)
        await bus.dispatch(deletion, actor, causation_id=cause)
        await movement(pipeline_settings, engine, athlete)
        await plans(bus, engine, athlete)
        await nutrition(bus, engine, athlete, date.today())
        await integrations(pipeline_settings, engine, athlete)
        await social(bus)
        await published_relay(pipeline_settings, engine)
    records = [
        *await read_topic(
            pipeline_settings,
            AccountRegistered.topic(),
            expected=1 + IDENTITY_EVENTS + SOCIAL_ACCOUNTS,
        ),
        *await read_topic(
            pipeline_settings, RunRecorded.topic(), expected=3 + PLAN_EVENTS + TRAINING_EVENTS
        ),
        *await read_topic(pipeline_settings, WorkoutRecorded.topic(), expected=MOVEMENT_EVENTS),
        *await read_topic(pipeline_settings, DocumentRendered.topic(), expected=DOCUMENT_EVENTS),
        *await read_topic(pipeline_settings, WeightLogged.topic(), expected=NUTRITION_EVENTS),
        *await read_topic(pipeline_settings, StravaConnected.topic(), expected=INTEGRATIONS_EVENTS),
        *await read_topic(pipeline_settings, PostPublished.topic(), expected=SOCIAL_EVENTS),
    ]

    read = [read_as_an_integrator(record, pipeline_settings) for record in records]
    events = {event.get_type(): event for event in read}

    every = (4 + IDENTITY_EVENTS + MOVEMENT_EVENTS + PLAN_EVENTS + DOCUMENT_EVENTS
             + NUTRITION_EVENTS + TRAINING_EVENTS + INTEGRATIONS_EVENTS + SOCIAL_EVENTS
             + SOCIAL_ACCOUNTS)  # fmt: skip
    assert len(read) == len(records) == every
    assert events.keys() == {
        name for name in DOCUMENT["components"]["messages"] if name != DEAD_LETTER_MESSAGE
    }
    assert events["pacer.identity.AccountRegistered.v2"].get_extension("actor") == "anonymous"
    recorded = [e for e in read if e.get_type() == "pacer.training.RunRecorded.v2"]
    assert {e.get_extension("actor") for e in recorded} >= {str(athlete)}
    assert all(e.get_extension("causationid") is None for e in recorded)
    deleted = [e for e in read if e.get_type() == "pacer.training.RunDeleted.v1"]
    assert [e.get_extension("causationid") for e in deleted].count(cause) == 1


async def test_a_dead_letter_says_why_without_the_values_of_the_event(
    pipeline_settings: Settings, engine: AsyncEngine, bus: CommandBus
) -> None:
    with traced():
        await register(bus)
        await published_relay(pipeline_settings, engine)
    [record] = await read_topic(pipeline_settings, AccountRegistered.topic(), expected=1)
    async with engine.connect() as connection:  # a projection's write PostgreSQL refuses
        await connection.execute(
            text("CREATE TEMP TABLE accounts_view (email text CHECK (email NOT LIKE '%@ex%'))")
        )
        with pytest.raises(IntegrityError) as refused:
            await connection.execute(
                text("INSERT INTO accounts_view (email) VALUES (:email)"), {"email": EMAIL}
            )
    assert EMAIL in str(refused.value)  # SQLAlchemy's message quotes the statement's values

    await dead_letter(pipeline_settings, record, describe(refused.value))
    [dead] = await read_topic(pipeline_settings, DEAD_LETTER_TOPIC, expected=1)

    headers = headers_as_documented(dead, DOCUMENT["components"]["messages"][DEAD_LETTER_MESSAGE])
    assert (dead.key, dead.value) == (record.key, record.value)
    assert set(record.headers) <= set(dead.headers)
    assert headers["x-pacer-projection"] == "accounts"
    assert headers["x-pacer-error"] == (
        "IntegrityError: CheckViolationError, SQLSTATE 23514, table accounts_view, "
        "constraint accounts_view_email_check"
    )


def read_as_an_integrator(record: Record, settings: Settings) -> BaseCloudEvent:
    """The record as a CloudEvent, checked against the message of its channel that its
    `ce_type` names."""
    event = from_binary_event(
        KafkaMessage(headers=dict(record.headers), key=record.key, value=record.value or b"")
    )
    channel = DOCUMENT["channels"][record.topic.removeprefix(settings.kafka_topic_prefix)]
    assert event.get_type() in channel["messages"], f"{event.get_type()} is not sent there"
    message = DOCUMENT["components"]["messages"][event.get_type()]
    headers_as_documented(record, message)
    key = (record.key or b"").decode()
    assert key == event.get_extension("partitionkey")  # the SDK's name for the record key
    assert key == event.get_extension("aggregateid") == event.get_subject()
    assert_valid(message["bindings"]["kafka"]["key"], key)
    assert_valid(message["payload"], event.get_data())
    return event


def headers_as_documented(record: Record, message: dict[str, Any]) -> dict[str, str]:
    """The record's headers, once each: all those the message requires, none it does not list,
    each value as its schema says."""
    headers = {name: value.decode() for name, value in record.headers}
    assert len(headers) == len(record.headers), "a header is sent twice"
    documented = message["headers"]
    assert set(documented["required"]) - headers.keys() == set(), "documented but not sent"
    assert headers.keys() - documented["properties"].keys() == set(), "sent but not documented"
    assert_valid(documented, headers)
    return headers


def assert_valid(schema: dict[str, Any], instance: object) -> None:
    """Validate against a schema of the document (whose references point into it)."""
    validator = jsonschema_rs.validator_for(
        {**schema, "components": DOCUMENT["components"]}, validate_formats=True
    )
    assert [error.message for error in validator.iter_errors(instance)] == []


async def dead_letter(settings: Settings, record: Record, error: str) -> None:
    producer = kafka_producer(settings.kafka_bootstrap)
    await producer.start()
    try:
        topic = settings.kafka_topic_prefix + DEAD_LETTER_TOPIC
        await KafkaDeadLetters(producer, topic, "projection").send(record, "accounts", error)
    finally:
        await producer.stop()
