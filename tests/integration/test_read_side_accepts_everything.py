"""Nothing accepted can poison the read side: whatever command the API would accept, its events
apply to every read model on real PostgreSQL and the query API reads them back; whatever query
parameters a client sends, the query API never answers 500."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator
from datetime import date, timedelta
from typing import Any, get_args

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from commands.actors import Actor
from commands.errors import CommandError
from commands.training.planning.generator import PlanTooShortError, generate
from contracts.commands import Command
from contracts.documents.commands import (
    CompleteDataExport,
    CompleteDocument,
    FailDocument,
    RequestDataExport,
    RequestPlanExport,
)
from contracts.documents.events import DataExportRequested, PlanExportRequested
from contracts.events import DomainEvent
from contracts.identity.admin import AppointAdmin, DisableAccount, EnableAccount
from contracts.identity.avatars import avatar_upload_key
from contracts.identity.coaching import (
    AcceptGrant,
    ChangeGrantScopes,
    DeclineGrant,
    InviteAthlete,
    InviteCoach,
    OpenAthleteAccess,
    RevokeGrant,
    grant_id,
)
from contracts.identity.commands import (
    AcceptAvatar,
    ChangeEmail,
    ChangePassword,
    EndSession,
    EraseAccount,
    LogIn,
    RefreshSession,
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
from contracts.identity.events import CoachingInvited
from contracts.integrations.commands import (
    CompleteStravaPush,
    ConnectStrava,
    DisconnectStrava,
    FailStravaBackfill,
    FailStravaImport,
    FailStravaPush,
    ImportStravaActivity,
    ImportStravaPage,
    PushToStrava,
    ReceiveStravaEvent,
    RefuteStravaRevocation,
    RemoveStravaActivity,
    SetStravaPreferences,
)
from contracts.integrations.events import StravaPushRequested
from contracts.movement.commands import (
    LANDMARKS_TYPE,
    CompleteAnalysis,
    ConfirmUploadRemoved,
    CorrectWorkout,
    DeleteUpload,
    DeleteWorkout,
    Exercise,
    ExpireUpload,
    FailAnalysis,
    FailUploadRemoval,
    RecordWorkout,
    ReportAnalysisProgress,
    RequestUpload,
    SubmitLandmarks,
    SubmitVideo,
)
from contracts.movement.events import (
    UploadDeleted,
    UploadRequested,
    WorkoutDeleted,
    WorkoutRecorded,
)
from contracts.movement.objects import upload_key
from contracts.movement.results import AnalysisResult
from contracts.nutrition.coach import (
    AnswerCoachMessage,
    FailCoachReply,
    PublishCoachGuide,
    SendCoachMessage,
)
from contracts.nutrition.days import (
    MarkTrainingDay,
    SetDayKind,
    UnmarkPlanDays,
    UnmarkTrainingDay,
)
from contracts.nutrition.events import MealPlanRequested
from contracts.nutrition.plans import (
    CompleteMealPlan,
    CompleteMealSwap,
    FailMealPlan,
    FailMealSwap,
    RequestMealPlan,
    StartMealPlanning,
    SwapMeal,
)
from contracts.nutrition.profile import AcceptTargetUpdate, LogWeight, SetNutritionProfile
from contracts.nutrition.recipes import (
    AnalyseRecipe,
    CompleteRecipeAnalysis,
    DeleteRecipe,
    FailRecipeAnalysis,
    PublishCatalogRecipe,
    SaveRecipe,
)
from contracts.social.events import GroupCreated, PostPublished
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
    DeclineFollower,
    FollowAccount,
    RemoveFollower,
    UnblockAccount,
    UnfollowAccount,
)
from contracts.training.commands import CorrectRun, DeleteRun, RecordRun
from contracts.training.completion import MatchRun, MatchWorkout, UnmatchRun
from contracts.training.events import (
    PlanCreated,
    PlanDeleted,
    RunDeleted,
    RunRecorded,
    ShoeAdded,
)
from contracts.training.plans import (
    ArchivePlan,
    ChangeWorkout,
    CreatePlan,
    DeletePlan,
    GeneratePlan,
    MoveWorkout,
    RemoveWorkout,
    RenamePlan,
    ReschedulePlan,
    ScheduleWorkout,
)
from contracts.training.sessions import totals
from contracts.training.shoes import (
    AddShoe,
    MakeShoeDefault,
    RenameShoe,
    RetireShoe,
    SetShoeLimit,
)
from infra.settings import Settings
from pacer.bootstrap import contexts, query_app
from projections.projection import Applied
from projections.runner import Pending, ProjectionRunner
from tests.fakes import FakeDatabase, InMemoryUploads, fake_bus
from tests.helpers import NoDeadLetters, api_client, signed_in
from tests.strategies import consistency_tokens, cursors, documents

pytestmark = pytest.mark.integration
EXAMPLES = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
NUTRITION_COMMANDS = {
    SetNutritionProfile, LogWeight, AcceptTargetUpdate, MarkTrainingDay, UnmarkTrainingDay,
    UnmarkPlanDays,
    SetDayKind, RequestMealPlan, StartMealPlanning, CompleteMealPlan, FailMealPlan, SwapMeal,
    CompleteMealSwap, FailMealSwap, AnalyseRecipe, SaveRecipe, CompleteRecipeAnalysis,
    FailRecipeAnalysis, DeleteRecipe, PublishCatalogRecipe, PublishCoachGuide, SendCoachMessage,
    AnswerCoachMessage, FailCoachReply,
}  # fmt: skip
INTEGRATIONS_COMMANDS = {
    ConnectStrava, SetStravaPreferences, ImportStravaPage, FailStravaBackfill, ReceiveStravaEvent,
    ImportStravaActivity, RemoveStravaActivity, FailStravaImport, PushToStrava,
    CompleteStravaPush, FailStravaPush, RefuteStravaRevocation, DisconnectStrava,
}  # fmt: skip
IDENTITY_COMMANDS = {
    UpdateProfile, SetTrainingPreferences, SetPrivacy, ChangeEmail, ChangePassword,
    RequestAvatarUpload, SubmitAvatar, AcceptAvatar, RejectAvatar, RemoveAvatar,
    InviteCoach, InviteAthlete, AcceptGrant, DeclineGrant, ChangeGrantScopes, OpenAthleteAccess,
    RevokeGrant, AppointAdmin, DisableAccount, EnableAccount, EraseAccount, ReportFileErasure,
}  # fmt: skip
SOCIAL_COMMANDS = {
    FollowAccount, UnfollowAccount, ApproveFollower, DeclineFollower, RemoveFollower,
    BlockAccount, UnblockAccount, PublishPost, EditPost, DeletePost, LikePost, UnlikePost,
    CommentOnPost, DeleteComment, CreateGroup, JoinGroup, LeaveGroup, RemoveGroupMember,
    DeleteGroup, RequestDataExport, CompleteDataExport,
}  # fmt: skip
# Commands the scenarios below send; the rest record no events (login sessions).
SENT = {
    RecordRun, CorrectRun, DeleteRun, RegisterAccount,
    RequestUpload, SubmitVideo, SubmitLandmarks, ReportAnalysisProgress, CompleteAnalysis,
    FailAnalysis, DeleteUpload, ExpireUpload, ConfirmUploadRemoved, FailUploadRemoval,
    RecordWorkout, CorrectWorkout, DeleteWorkout,
    CreatePlan, GeneratePlan, RenamePlan, ReschedulePlan, ArchivePlan, DeletePlan,
    ScheduleWorkout, MoveWorkout, ChangeWorkout, RemoveWorkout, MatchRun, UnmatchRun,
    MatchWorkout,
    AddShoe, RenameShoe, SetShoeLimit, MakeShoeDefault, RetireShoe,
    RequestPlanExport, CompleteDocument, FailDocument,
    *NUTRITION_COMMANDS, *INTEGRATIONS_COMMANDS, *IDENTITY_COMMANDS, *SOCIAL_COMMANDS,
}  # fmt: skip
NO_EVENTS = {LogIn, RefreshSession, EndSession}


def test_the_scenarios_cover_every_command_that_records_events() -> None:
    assert fake_bus(FakeDatabase()).commands == SENT | NO_EVENTS


def accepted(model: type[Command[Any]], document: dict[str, Any]) -> Command[Any] | None:
    try:
        return model.model_validate(document)
    except ValidationError:
        return None


@st.composite
def run_history(draw: st.DrawFn, athlete: uuid.UUID) -> list[Command[Any]]:
    """One run's accepted commands: recorded, corrected up to twice, maybe deleted."""
    run_id = uuid.uuid4()
    ids = {"run_id": str(run_id), "athlete_id": str(athlete)}
    wanted: list[tuple[type[Command[Any]], dict[str, Any]]] = [
        (RecordRun, draw(documents(RecordRun, **ids)))
    ]
    for version in range(1, draw(st.integers(0, 2)) + 1):
        wanted.append((CorrectRun, draw(documents(CorrectRun, **ids, expected_version=version))))
    if draw(st.booleans()):
        wanted.append((DeleteRun, ids))
    return [command for model, doc in wanted if (command := accepted(model, doc))]


@st.composite
def workout_history(draw: st.DrawFn, athlete: uuid.UUID) -> list[Command[Any]]:
    """One manual workout's accepted commands: recorded, corrected, maybe deleted."""
    ids = {"workout_id": str(uuid.uuid4()), "athlete_id": str(athlete)}
    wanted: list[tuple[type[Command[Any]], dict[str, Any]]] = [
        (RecordWorkout, draw(documents(RecordWorkout, **ids)))
    ]
    for version in range(1, draw(st.integers(0, 2)) + 1):
        wanted.append(
            (CorrectWorkout, draw(documents(CorrectWorkout, **ids, expected_version=version)))
        )
    if draw(st.booleans()):
        wanted.append((DeleteWorkout, ids))
    return [command for model, doc in wanted if (command := accepted(model, doc))]


@st.composite
def plan_history(draw: st.DrawFn, athlete: uuid.UUID) -> list[Command[Any]]:
    """One plan's commands: created by hand or generated, then workouts scheduled, moved,
    changed and removed, renames, new dates, archiving and deletion, at the versions a client
    that saw each answer would send (and sometimes stale ones)."""
    ids = {"plan_id": str(uuid.uuid4()), "athlete_id": str(athlete)}
    if draw(st.booleans()):
        start = draw(st.dates(min_value=date(2025, 1, 1), max_value=date(2028, 1, 1)))
        generated = GeneratePlan(
            **ids, race=draw(st.sampled_from(["5k", "10k", "half", "marathon"])),
            race_date=start + timedelta(weeks=draw(st.integers(4, 24))), start_date=start,
            weekly_km=draw(st.floats(0, 90)), longest_run_km=draw(st.floats(0, 30)),
            days_per_week=draw(st.integers(3, 7)), long_run_day=draw(st.integers(0, 6)),
        )  # fmt: skip
        first: Command[Any] | None = generated
        version = 1 + len(generate(generated).workouts) if _trains(generated) else 1
    else:
        first = accepted(CreatePlan, draw(documents(CreatePlan, **ids)))
        version = 1
    if first is None:
        return []
    commands: list[Command[Any]] = [first]
    workouts: list[str] = []
    kinds: list[type[Command[Any]]] = [
        ScheduleWorkout, ScheduleWorkout, MoveWorkout, ChangeWorkout, RemoveWorkout, RenamePlan,
        ReschedulePlan, ArchivePlan, DeletePlan,
    ]  # fmt: skip
    for kind in draw(st.lists(st.sampled_from(kinds), max_size=8)):
        fixed: dict[str, Any] = {**ids}
        if "expected_version" in kind.model_fields:
            fixed["expected_version"] = version - draw(st.sampled_from([0, 0, 0, 1]))
        if "workout_id" in kind.model_fields:
            known = draw(st.sampled_from(workouts)) if workouts else None
            fresh = kind is ScheduleWorkout or known is None
            fixed["workout_id"] = str(uuid.uuid4()) if fresh else known
            if kind is ScheduleWorkout:
                workouts.append(fixed["workout_id"])
        command = accepted(kind, draw(documents(kind, **fixed)))
        if command is not None:
            commands.append(command)
            version += 1  # when the plan takes it; a refusal leaves later versions stale
        if isinstance(command, ScheduleWorkout) and draw(st.booleans()):
            commands += draw(completions(athlete, command))
    if draw(st.booleans()):
        commands += draw(exports(athlete, ids["plan_id"]))
    return commands


@st.composite
def exports(draw: st.DrawFn, athlete: uuid.UUID, plan_id: str) -> list[Command[Any]]:
    """A printed plan: asked for (some of its days, any paper and units), then rendered or
    failed as the PDF job reports it."""
    ids = {"document_id": str(uuid.uuid4()), "athlete_id": str(athlete), "plan_id": plan_id}
    asked = accepted(RequestPlanExport, draw(documents(RequestPlanExport, **ids)))
    if asked is None:
        return []
    outcome = draw(st.sampled_from([
        (CompleteDocument, documents(CompleteDocument, document_id=ids["document_id"])),
        (FailDocument, documents(FailDocument, document_id=ids["document_id"])),
    ]))  # fmt: skip
    reported = accepted(outcome[0], draw(outcome[1]))
    return [asked, *([reported] if reported else [])]


Chosen = tuple[type[Command[Any]], dict[str, Any]]


@st.composite
def nutrition_history(draw: st.DrawFn, athlete: uuid.UUID) -> list[Command[Any]]:
    """The athlete's nutrition: a profile, weigh-ins, marked and hand-set days, a meal plan (and
    a swap) and a recipe as their workers report them, a catalog recipe, a coach message."""
    me = {"athlete_id": str(athlete)}
    plan, recipe, message = (str(uuid.uuid4()) for _ in range(3))

    def pick(*pairs: Chosen) -> Chosen:
        chosen: Chosen = draw(st.sampled_from(pairs))
        return chosen

    mine = {**me, "recipe_id": recipe}
    said = {**me, "message_id": message}

    wanted: list[Chosen] = [
        (SetNutritionProfile, {**me, "expected_version": None,
                               "birth_date": draw(st.sampled_from(["1960-05-01", "1990-01-31"]))}),
        *((LogWeight, me) for _ in range(draw(st.integers(0, 3)))),
        (AcceptTargetUpdate, {**me, "expected_version": 1}),
        (MarkTrainingDay, me), (UnmarkTrainingDay, me), (UnmarkPlanDays, me), (SetDayKind, me),
        (RequestMealPlan, {**me, "plan_id": plan}), (StartMealPlanning, {"plan_id": plan}),
        pick((CompleteMealPlan, {"plan_id": plan}), (FailMealPlan, {"plan_id": plan})),
        (SwapMeal, {**me, "plan_id": plan, "expected_version": 3}),
        pick((CompleteMealSwap, {"plan_id": plan}), (FailMealSwap, {"plan_id": plan})),
        pick((SaveRecipe, mine), (AnalyseRecipe, mine)),
        pick((CompleteRecipeAnalysis, {"recipe_id": recipe}),
             (FailRecipeAnalysis, {"recipe_id": recipe})),
        (DeleteRecipe, mine), (PublishCatalogRecipe, {}), (PublishCoachGuide, {}),
        (SendCoachMessage, said), pick((AnswerCoachMessage, said), (FailCoachReply, said)),
    ]  # fmt: skip
    chosen = [pair for pair in wanted if draw(st.integers(0, 3)) > 0]
    commands = [accepted(kind, draw(documents(kind, **fixed))) for kind, fixed in chosen]
    return [command for command in commands if command is not None]


@st.composite
def strava_history(draw: st.DrawFn, athlete: uuid.UUID) -> list[Command[Any]]:
    """A Strava connection's life: connected (with the fake Strava's code), preferences, pages
    of history, webhook events and what the import job found, a push of a run of the athlete's
    own and its outcome, maybe the end."""
    me, connection = {"account_id": str(athlete)}, str(uuid.uuid4())
    strava_athlete = draw(st.integers(1, 2**62))
    scope = "read,activity:read_all,activity:write"

    def pick(*pairs: Chosen) -> Chosen:
        chosen: Chosen = draw(st.sampled_from(pairs))
        return chosen

    wanted: list[Chosen] = [
        (ConnectStrava, {**me, "connection_id": connection, "code": f"{strava_athlete}:{scope}",
                         "scope": scope}),
        (SetStravaPreferences, me),
        (ImportStravaPage, {**me, "connection_id": connection, "page": 1}),
        (FailStravaBackfill, {**me, "connection_id": connection, "page": 2}),
    ]  # fmt: skip
    for _ in range(draw(st.integers(0, 3))):
        delivery = str(uuid.uuid4())
        wanted += [
            (ReceiveStravaEvent, {"delivery_id": delivery, "owner_id": strava_athlete}),
            pick((ImportStravaActivity, {"delivery_id": delivery}),
                 (RemoveStravaActivity, {"delivery_id": delivery}),
                 (FailStravaImport, {"delivery_id": delivery})),
        ]  # fmt: skip
    run = {"run_id": str(uuid.uuid4()), "athlete_id": str(athlete)}
    push = str(uuid.uuid4())
    wanted += [
        (RecordRun, run), (PushToStrava, {**me, "push_id": push, "run_id": run["run_id"],
                                          "workout_id": None}),
        pick((CompleteStravaPush, {"push_id": push}), (FailStravaPush, {"push_id": push})),
        (RefuteStravaRevocation, {**me, "connection_id": connection}),
        (DisconnectStrava, me),
    ]  # fmt: skip
    chosen = [pair for i, pair in enumerate(wanted) if i == 0 or draw(st.integers(0, 3)) > 0]
    commands = [accepted(kind, draw(documents(kind, **fixed))) for kind, fixed in chosen]
    return [command for command in commands if command is not None]


@st.composite
def profile_history(
    draw: st.DrawFn, account: RegisterAccount, arrived: dict[str, int]
) -> list[Command[Any]]:
    """The account's profile: changes, preferences, privacy, e-mail and password changes (with
    the right password), avatars uploaded (or not), accepted or rejected, removed."""
    me = {"account_id": str(account.account_id)}
    zone = draw(st.sampled_from([None, "Europe/Paris", "Pacific/Chatham", "UTC"]))
    wanted: list[Chosen] = [
        (UpdateProfile, {**me, "time_zone": zone}),
        (SetTrainingPreferences, me), (SetPrivacy, me),
        (ChangeEmail, {**me, "current_password": account.password}),
        (ChangePassword, {**me, "current_password": account.password,
                          "new_password": draw(st.sampled_from(["staple lantern orbit meadow",
                                                                account.password]))}),
    ]  # fmt: skip
    for _ in range(draw(st.integers(0, 2))):
        upload = {**me, "upload_id": str(uuid.uuid4())}
        if draw(st.booleans()):
            arrived[avatar_upload_key(account.account_id, uuid.UUID(upload["upload_id"]))] = 1
        outcome: type[Command[Any]] = AcceptAvatar if draw(st.booleans()) else RejectAvatar
        wanted += [(RequestAvatarUpload, upload), (SubmitAvatar, upload), (outcome, upload)]
    wanted.append((RemoveAvatar, me))
    chosen = [pair for pair in wanted if draw(st.integers(0, 3)) > 0]
    commands = [accepted(kind, draw(documents(kind, **fixed))) for kind, fixed in chosen]
    return [command for command in commands if command is not None]


@st.composite
def coaching_history(draw: st.DrawFn, athlete: uuid.UUID) -> list[Command[Any]]:
    """A coach's account and the grant between coach and athlete: invitations either way,
    answers, scope changes, accesses and revocations; the coach appointed admin, disabling and
    enabling the athlete; in any order (the refused ones fail)."""
    coach = uuid.uuid4()
    register = accepted(RegisterAccount, draw(documents(
        RegisterAccount, account_id=str(coach), role="coach")))  # fmt: skip
    if register is None:
        return []
    assert isinstance(register, RegisterAccount)
    grant = str(grant_id(coach, athlete))
    by_athlete = {"grant_id": grant, "account_id": str(athlete)}
    by_coach = {"grant_id": grant, "account_id": str(coach)}
    wanted: list[Chosen] = [
        (InviteCoach, {"athlete_id": str(athlete), "coach_id": str(coach)}),
        (InviteAthlete, {"coach_id": str(coach), "invitee_id": str(athlete)}),
        (AcceptGrant, by_athlete), (AcceptGrant, {**by_coach, "scopes": None}),
        (DeclineGrant, draw(st.sampled_from([by_athlete, by_coach]))),
        (ChangeGrantScopes, by_athlete),
        (OpenAthleteAccess, {"coach_id": str(coach), "of_athlete_ids": [str(athlete)]}),
        (RevokeGrant, draw(st.sampled_from([by_athlete, by_coach]))),
        (AppointAdmin, {"email": register.email}),  # the coach administers too
        (DisableAccount, {"admin_id": str(coach), "account_id": str(athlete)}),
        (EnableAccount, {"admin_id": str(coach), "account_id": str(athlete)}),
    ]  # fmt: skip
    chosen = draw(st.lists(st.sampled_from(wanted), max_size=8))
    commands = [accepted(kind, draw(documents(kind, **fixed))) for kind, fixed in chosen]
    return [register, *(command for command in commands if command is not None)]


@st.composite
def social_history(draw: st.DrawFn, athlete: uuid.UUID) -> list[Command[Any]]:
    """Another account and what passes between it and the athlete: follows either way, answers,
    blocks, a post of the athlete's (sharing a run, in a group, or neither) with a like and a
    comment, the other's group with joins, removals and its deletion, and a data export; in any
    order (the refused ones fail)."""
    other = uuid.uuid4()
    register = accepted(RegisterAccount, draw(documents(RegisterAccount, account_id=str(other))))
    if register is None:
        return []
    me, them = str(athlete), str(other)
    post, comment, group, run, export = (str(uuid.uuid4()) for _ in range(5))
    blocking = draw(st.sampled_from([{"account_id": me, "blocked_id": them},
                                     {"account_id": them, "blocked_id": me}]))  # fmt: skip
    wanted: list[Chosen] = [
        (RecordRun, {"run_id": run, "athlete_id": me}),
        (FollowAccount, {"account_id": them, "followee_id": me}),
        (FollowAccount, {"account_id": me, "followee_id": them}),
        (ApproveFollower, {"account_id": me, "follower_id": them}),
        (DeclineFollower, {"account_id": me, "follower_id": them}),
        (RemoveFollower, {"account_id": them, "follower_id": me}),
        (UnfollowAccount, {"account_id": me, "followee_id": them}),
        (BlockAccount, blocking), (UnblockAccount, blocking),
        (PublishPost, {"post_id": post, "account_id": me, "workout_id": None,
                       "run_id": draw(st.sampled_from([run, None])),
                       "group_id": draw(st.sampled_from([group, None]))}),
        (EditPost, {"post_id": post, "account_id": me, "expected_version": 1}),
        (LikePost, {"post_id": post, "account_id": them}),
        (UnlikePost, {"post_id": post, "account_id": them}),
        (CommentOnPost, {"comment_id": comment, "post_id": post, "account_id": them}),
        (DeleteComment, {"comment_id": comment, "account_id": me}),
        (DeletePost, {"post_id": post, "account_id": draw(st.sampled_from([me, them]))}),
        (CreateGroup, {"group_id": group, "account_id": them}),
        (JoinGroup, {"group_id": group, "account_id": me}),
        (LeaveGroup, {"group_id": group, "account_id": me}),
        (RemoveGroupMember, {"group_id": group, "account_id": them, "member_id": me}),
        (DeleteGroup, {"group_id": group, "account_id": them}),
        (RequestDataExport, {"document_id": export, "athlete_id": me}),
        (CompleteDataExport, {"document_id": export}),
    ]  # fmt: skip
    chosen = draw(st.lists(st.sampled_from(wanted), max_size=12))
    commands = [accepted(kind, draw(documents(kind, **fixed))) for kind, fixed in chosen]
    return [register, *(command for command in commands if command is not None)]


@st.composite
def shoe_history(draw: st.DrawFn, athlete: uuid.UUID) -> list[Command[Any]]:
    """One shoe's commands, at fresh and stale versions, and runs that name it."""
    ids = {"shoe_id": str(uuid.uuid4()), "athlete_id": str(athlete)}
    added = accepted(AddShoe, draw(documents(AddShoe, **ids)))
    if added is None:
        return []
    assert isinstance(added, AddShoe)
    commands: list[Command[Any]] = [added]
    version = 2 if added.default else 1
    kinds: list[type[Command[Any]]] = [RenameShoe, SetShoeLimit, MakeShoeDefault, RetireShoe]
    for kind in draw(st.lists(st.sampled_from(kinds), max_size=4)):
        fixed = {**ids, "expected_version": version - draw(st.sampled_from([0, 0, 1]))}
        command = accepted(kind, draw(documents(kind, **fixed)))
        if command is not None:
            commands.append(command)
            version += 1
    for _ in range(draw(st.integers(0, 2))):
        in_shoe = {"run_id": str(uuid.uuid4()), **ids}
        del in_shoe["shoe_id"]
        run = accepted(RecordRun, draw(documents(RecordRun, **in_shoe, shoe_id=ids["shoe_id"])))
        commands += [run] if run is not None else []
    return commands


@st.composite
def completions(
    draw: st.DrawFn, athlete: uuid.UUID, scheduled: ScheduleWorkout
) -> list[Command[Any]]:
    """What the completion reactor sends for a run on a scheduled workout's day: a match of a
    fitting or an unfitting distance, sometimes corrected, sometimes deleted."""
    run = uuid.uuid4()
    planned = totals(scheduled.session.steps).distance_km or 5.0
    sent: list[Command[Any]] = []
    for _ in range(draw(st.integers(1, 2))):
        km = draw(st.sampled_from([planned, planned * 1.1, planned * 3, 0.5]))
        sent.append(MatchRun(run_id=run, athlete_id=athlete, day=scheduled.date,
                             distance_km=max(km, 0.01), duration_s=600))  # fmt: skip
    if draw(st.booleans()):
        sent.append(UnmatchRun(run_id=run, athlete_id=athlete))
    if draw(st.booleans()):
        sent.append(MatchWorkout(plan_id=scheduled.plan_id, workout_id=scheduled.workout_id,
                                 athlete_id=athlete, day=scheduled.date))  # fmt: skip
    return sent


def _trains(request: GeneratePlan) -> bool:
    try:
        generate(request)
    except PlanTooShortError:
        return False
    return True


analysis_results = st.builds(
    AnalysisResult,
    exercise=st.sampled_from(get_args(Exercise)), exercise_title=st.text(max_size=30),
    detected=st.booleans(), reps=st.integers(0, 10_000), partial_attempts=st.integers(0, 100),
    range_label=st.text(max_size=30), rep_details=st.just([]),
    cues=st.lists(st.text(max_size=50), max_size=3),
    duration_s=st.floats(0, 600), active_s=st.floats(0, 600), calories_kcal=st.floats(0, 500),
    body_weight_kg=st.floats(20, 400), confidence=st.floats(0, 1), frames=st.integers(0, 36_000),
    frames_with_pose=st.integers(0, 36_000),
)  # fmt: skip


@st.composite
def upload_history(
    draw: st.DrawFn, athlete: uuid.UUID, arrived: dict[str, int]
) -> list[Command[Any]]:
    """One upload's accepted commands, as the API and the jobs send them: reserved, maybe
    uploaded and submitted (as a video or as landmarks), progress, a verdict or a failure,
    deletion, expiry and removal in any order (the aggregate refuses what does not apply)."""
    analysis_id = str(uuid.uuid4())
    ids = {"analysis_id": analysis_id, "athlete_id": str(athlete)}
    reserve = accepted(RequestUpload, draw(documents(RequestUpload, **ids)))
    if reserve is None:
        return []
    assert isinstance(reserve, RequestUpload)
    if draw(st.booleans()):
        arrived[upload_key(athlete, reserve.analysis_id)] = reserve.size_bytes
    submit = SubmitLandmarks if reserve.content_type == LANDMARKS_TYPE else SubmitVideo
    steps = [
        (submit, draw(documents(submit, **ids))),
        (ReportAnalysisProgress, draw(documents(ReportAnalysisProgress,
                                                analysis_id=analysis_id))),
        (CompleteAnalysis, {"analysis_id": analysis_id,
                            "result": draw(analysis_results).model_dump(),
                            "key_frame_key": draw(st.none() | st.just("key-frames/x.png"))}),
        (FailAnalysis, draw(documents(FailAnalysis, analysis_id=analysis_id))),
        (DeleteUpload, ids),
        (ExpireUpload, {"analysis_id": analysis_id}),
        (ConfirmUploadRemoved, {"analysis_id": analysis_id}),
        (FailUploadRemoval, draw(documents(FailUploadRemoval, analysis_id=analysis_id))),
    ]  # fmt: skip
    chosen = draw(st.lists(st.sampled_from(steps), max_size=6))
    return [reserve, *(command for model, doc in chosen if (command := accepted(model, doc)))]


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[uuid.UUID, list[Command[Any]], dict[str, int]]:
    """One athlete's accepted commands: an account, a few runs', workouts', uploads', plans' and
    shoes' histories, interleaved (so a batch holds several streams, a deletion in one wave and
    upserts in the next); and the uploads that arrived in storage."""
    athlete = uuid.uuid4()
    arrived: dict[str, int] = {}
    account = accepted(RegisterAccount, draw(documents(RegisterAccount, account_id=str(athlete))))
    histories = [draw(run_history(athlete)) for _ in range(draw(st.integers(1, 4)))]
    histories += [draw(workout_history(athlete)) for _ in range(draw(st.integers(0, 3)))]
    histories += [draw(upload_history(athlete, arrived)) for _ in range(draw(st.integers(0, 3)))]
    histories += [draw(plan_history(athlete)) for _ in range(draw(st.integers(0, 2)))]
    histories += [draw(shoe_history(athlete)) for _ in range(draw(st.integers(0, 2)))]
    histories += [draw(nutrition_history(athlete)) for _ in range(draw(st.integers(0, 1)))]
    if draw(st.booleans()):  # an athlete has one Strava connection
        histories.append(draw(strava_history(athlete)))
    if isinstance(account, RegisterAccount):
        histories.append(draw(profile_history(account, arrived)))
        histories += [draw(coaching_history(athlete)) for _ in range(draw(st.integers(0, 2)))]
        histories += [draw(social_history(athlete)) for _ in range(draw(st.integers(0, 2)))]
    interleaved = [account] if account else []
    while remaining := [history for history in histories if history]:
        interleaved.append(draw(st.sampled_from(remaining)).pop(0))
    if isinstance(account, RegisterAccount) and draw(st.integers(0, 3)) == 0:
        # The athlete erases the account at last; the erasure job reports on the files.
        interleaved += [
            EraseAccount(account_id=athlete, current_password=account.password),
            ReportFileErasure(account_id=athlete, removed=draw(st.integers(0, 5))),
        ]
    return athlete, interleaved, arrived


def through_json(event: DomainEvent) -> DomainEvent:
    """The event as a consumer reads it from Kafka."""
    return type(event).model_validate_json(event.model_dump_json())


@pytest.fixture
async def reader(pipeline_settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    # A token no projection reaches waits this long before its 503.
    quick = pipeline_settings.model_copy(update={"consistency_wait_s": 0.05})
    async with api_client(query_app(quick)) as client:
        yield client


@EXAMPLES
@given(scenario=scenarios())
async def test_every_accepted_command_s_events_apply_to_every_read_model(
    scenario: tuple[uuid.UUID, list[Command[Any]], dict[str, int]],
    engine: AsyncEngine,
    pipeline_settings: Settings,
    reader: httpx.AsyncClient,
) -> None:
    athlete, commands, arrived = scenario
    database, uploads = FakeDatabase(), InMemoryUploads()
    uploads.sizes.update(arrived)
    bus = fake_bus(database, dependencies={"uploads": uploads})
    actor = Actor.account(athlete, "athlete")
    for command in commands:
        sender = Actor.system("job:identity") if isinstance(command, ReportFileErasure) else actor
        with contextlib.suppress(CommandError):  # a refusal, e.g. a correction of no run
            await bus.dispatch(command, sender)
    erased = athlete in database.state.erased_subjects
    if erased:  # as the real unit of work leaves it: the athlete's key destroyed
        async with engine.begin() as sql:
            await sql.execute(
                text("INSERT INTO subject_keys (subject_id, erased_at) VALUES (:a, now())"),
                {"a": athlete},
            )
    pending = [
        Pending(
            Applied(through_json(r.event), uuid.uuid4(), r.stream_id, r.version),
            source=lambda: pytest.fail("nothing may be parked"),
        )
        for r in database.outbox
    ]

    for projection in contexts().projections().values():
        mine = [p for p in pending if projection.handles(p.applied.event.event_type())]
        outcome = await ProjectionRunner(projection, engine, NoDeadLetters()).apply(mine)
        assert outcome.parked == []
        # A duplicate is a catalog entry an earlier example published under the same id (each
        # example has an event store of its own, the read models are shared).
        assert outcome.applied + outcome.duplicates == len(mine), projection.name

    # The read model holds exactly the runs that are not deleted, at their last version (none
    # once the account is erased: nothing of it is left in any read model).
    live = {
        stream: len(events)
        for stream in {r.stream_id for r in database.outbox}
        if isinstance((events := database.events_of(stream))[0], RunRecorded)
        and not isinstance(events[-1], RunDeleted)
        and not erased
    }
    auth = await signed_in(pipeline_settings, athlete)
    listed = await reader.get("/runs", params={"limit": 200}, headers=auth)
    assert listed.status_code == 200, listed.text
    assert {item["run_id"]: item["version"] for item in listed.json()["items"]} == live
    for path in ("/runs/weekly", *(f"/runs/{stream}" for stream in live)):
        response = await reader.get(path, headers=auth)
        assert response.status_code == 200, response.text
    # And the movement read models: every workout, every upload not deleted, the statistics.
    streams = {r.stream_id: database.events_of(r.stream_id) for r in database.outbox if not erased}
    workouts = {
        s: len(e)
        for s, e in streams.items()
        if isinstance(e[0], WorkoutRecorded) and not isinstance(e[-1], WorkoutDeleted)
    }
    analyses = {s for s, e in streams.items()
                if isinstance(e[0], UploadRequested)
                and not any(isinstance(event, UploadDeleted) for event in e)}  # fmt: skip
    listed = await reader.get("/movement/workouts", params={"limit": 200}, headers=auth)
    assert listed.status_code == 200, listed.text
    assert {item["workout_id"]: item["version"] for item in listed.json()["items"]} == workouts
    for path in ("/movement/statistics", *(f"/movement/analyses/{a}" for a in analyses)):
        response = await reader.get(path, headers=auth)
        assert response.status_code == 200, response.text
    # And the documents: every export asked for, in whatever state it reached.
    for document in (s for s, e in streams.items()
                     if isinstance(e[0], PlanExportRequested | DataExportRequested)):  # fmt: skip
        response = await reader.get(f"/documents/{document}", headers=auth)
        assert response.status_code == 200, response.text
    # And the shoes: every one, each with its distance.
    shoes = {s for s, e in streams.items() if isinstance(e[0], ShoeAdded)}
    listed = await reader.get("/shoes", headers=auth)
    assert listed.status_code == 200, listed.text
    assert {item["shoe_id"] for item in listed.json()["items"]} == shoes
    # And the plans: every one not deleted, at its last version, each with its workouts.
    plans = {
        s: len(e)
        for s, e in streams.items()
        if isinstance(e[0], PlanCreated) and not isinstance(e[-1], PlanDeleted)
    }
    listed = await reader.get("/plans", params={"archived": "true"}, headers=auth)
    assert listed.status_code == 200, listed.text
    assert {item["plan_id"]: item["version"] for item in listed.json()["items"]} == plans
    for plan in plans:
        response = await reader.get(f"/plans/{plan}", headers=auth)
        assert response.status_code == 200, response.text
    # And nutrition: every meal plan (with its shopping list once ready), the profile, the
    # weights and days, the recipes, the coach's messages.
    for meal_plan in (s for s, e in streams.items() if isinstance(e[0], MealPlanRequested)):
        response = await reader.get(f"/nutrition/meal-plans/{meal_plan}", headers=auth)
        assert response.status_code == 200, response.text
        if response.json()["status"] == "ready":
            listed = await reader.get(f"/nutrition/meal-plans/{meal_plan}/shopping-list",
                                      headers=auth)  # fmt: skip
            assert listed.status_code == 200, listed.text
    reads = ("targets/history", "weights", "days", "meal-plans", "recipes", "coach/messages")
    for path in (f"/nutrition/{read}" for read in reads):
        response = await reader.get(path, headers=auth)
        assert response.status_code == 200, response.text
    profile = await reader.get("/nutrition/profile", headers=auth)
    assert profile.status_code in (200, 404), profile.text
    # And the profile, when the account was registered; its card always answers its owner.
    registered = str(athlete) in streams
    for path in ("/me", f"/profiles/{athlete}"):
        response = await reader.get(path, headers=auth)
        assert response.status_code == (200 if registered else 404), response.text
    # And coaching: the athlete's grants, each one, and the accesses of coaches.
    grants = {s for s, e in streams.items() if isinstance(e[0], CoachingInvited)}
    listed = await reader.get("/coaching/grants", headers=auth)
    assert listed.status_code == 200, listed.text
    assert {item["grant_id"] for item in listed.json()} == grants
    for path in ("/me/data-accesses", *(f"/coaching/grants/{grant}" for grant in grants)):
        response = await reader.get(path, headers=auth)
        assert response.status_code == 200, response.text
    # And the social layer: the feed, each post and group (seen or not: 200 or 404), the
    # athlete's standing, follows and blocks.
    for path in (
        "/social/feed",
        "/social/followers",
        "/social/following",
        "/social/blocks",
        "/social/groups",
        *((f"/social/accounts/{athlete}",) if registered else ()),
    ):
        response = await reader.get(path, headers=auth)
        assert response.status_code == 200, response.text
    for path in (*(f"/social/posts/{s}" for s, e in streams.items()
                   if isinstance(e[0], PostPublished)),
                 *(f"/social/groups/{s}" for s, e in streams.items()
                   if isinstance(e[0], GroupCreated))):  # fmt: skip
        response = await reader.get(path, headers=auth)
        assert response.status_code in (200, 404), response.text
    # And Strava: the connection's status, and every push.
    for path in ("/integrations/strava", "/integrations/strava/pushes", *(
            f"/integrations/strava/pushes/{s}" for s, e in streams.items()
            if isinstance(e[0], StravaPushRequested))):  # fmt: skip
        response = await reader.get(path, headers=auth)
        assert response.status_code == 200, response.text


@EXAMPLES
@given(
    params=st.fixed_dictionaries(
        {},
        optional={
            "from": st.one_of(st.datetimes(timezones=st.timezones()).map(str), st.text()),
            "to": st.datetimes(timezones=st.timezones()).map(lambda moment: moment.isoformat()),
            "limit": st.one_of(st.integers(), st.text(max_size=5)),
            "cursor": cursors(),
        },
    ),
    path=st.sampled_from(["/runs", "/runs/weekly", f"/runs/{uuid.uuid4()}", "/runs/not-a-uuid"]),
    token=st.one_of(st.none(), consistency_tokens()),
)
async def test_no_query_parameters_make_the_query_api_answer_500(
    params: dict[str, Any],
    path: str,
    token: str | None,
    pipeline_settings: Settings,
    reader: httpx.AsyncClient,
) -> None:
    headers = await signed_in(pipeline_settings, uuid.uuid4())
    if token is not None and token.isascii() and token.isprintable():  # what HTTP can carry
        headers["X-Consistency-Token"] = token
    response = await reader.get(path, params=params, headers=headers)
    assert response.status_code < 500 or response.json()["type"].endswith("/not-yet-consistent"), (
        response.text
    )
