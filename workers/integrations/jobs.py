"""The Strava jobs: confirm a deauthorization event with Strava, import one activity (a webhook
event's), import one page of history, and create one Pacer activity on Strava. A full rate
window puts the job back in the queue until it reopens (`Later`); the backfill waits in its own
queue and may use only part of each window, so webhook imports keep moving."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any, TypeVar
from uuid import UUID

from pydantic import BaseModel

from contracts.commands import Command, CommandAccepted
from contracts.integrations.commands import (
    CompleteStravaPush,
    DisconnectStrava,
    FailStravaBackfill,
    FailStravaImport,
    FailStravaPush,
    ImportStravaActivity,
    ImportStravaPage,
    RefuteStravaRevocation,
)
from contracts.integrations.strava import SkippedActivity, StravaRun, push_mark
from contracts.personal import PersonalText
from infra.strava.cipher import TokenUnreadableError
from infra.strava.client import (
    StravaRateLimitedError,
    StravaRejectedError,
    StravaUnauthorizedError,
    StravaUnavailableError,
)
from infra.strava.vault import StravaNotConnectedError
from workers.integrations.activities import classify
from workers.integrations.gateway import StravaGateway
from workers.jobs import MAX_REASON, Job, Later, Work

T = TypeVar("T")
UNAVAILABLE_WAIT_S = 60.0
"""How long a confirmation waits when Strava cannot be reached, before asking again."""
REFUSED = (StravaUnauthorizedError, StravaRejectedError, StravaNotConnectedError,
           TokenUnreadableError)  # fmt: skip


class ConfirmRevocation(BaseModel):
    account_id: UUID
    connection_id: UUID


class ImportActivity(BaseModel):
    delivery_id: UUID
    account_id: UUID
    activity_id: int


class BackfillPage(BaseModel):
    account_id: UUID
    connection_id: UUID
    page: int
    after: datetime


class PushActivity(BaseModel):
    push_id: UUID
    account_id: UUID
    title: PersonalText
    sport_type: str
    start_date_local: str
    elapsed_time_s: int
    distance_m: float | None
    description: PersonalText | None


def _strava(work: Work, account_id: UUID, call: Callable[[StravaGateway, str], Awaitable[T]]) -> T:
    gateway = work.tool(StravaGateway)
    try:
        return work.wait(gateway.as_athlete(account_id, lambda token: call(gateway, token)))
    except StravaRateLimitedError as full:
        raise Later(full.wait_s, str(full)) from None


def confirm_revocation(payload: ConfirmRevocation, work: Work) -> Command[CommandAccepted]:
    """Strava's webhook carries no signature: a deauthorization event ends the connection only
    when Strava refuses the athlete's tokens (the access token, then a refresh). Tokens that
    still work make it a refuted claim, recorded."""

    def one_activity(strava: StravaGateway, token: str) -> Awaitable[list[dict[str, Any]]]:
        return strava.client.activities(token, after=0, page=1, per_page=1, priority="live")

    try:
        _strava(work, payload.account_id, one_activity)
    except (StravaUnauthorizedError, StravaNotConnectedError):
        # Refused by Strava (the token, then its refresh), or nothing left to end. Another 4xx,
        # or tokens this deployment cannot open, say nothing of a revocation: they fail the job
        # at once (`bad_input`), which refutes.
        return DisconnectStrava(account_id=payload.account_id, reason="revoked_on_strava",
                                connection_id=payload.connection_id)  # fmt: skip
    except StravaUnavailableError as down:
        # Strava sends the event once: an outage must not make a real revocation a refuted one.
        raise Later(UNAVAILABLE_WAIT_S, str(down)) from None
    return RefuteStravaRevocation(account_id=payload.account_id,
                                  connection_id=payload.connection_id,
                                  reason="Strava still accepts the athlete's tokens")  # fmt: skip


def import_activity(payload: ImportActivity, work: Work) -> Command[CommandAccepted]:
    def fetch(strava: StravaGateway, token: str) -> Awaitable[dict[str, Any] | None]:
        return strava.client.activity(token, payload.activity_id, "live")

    found = _strava(work, payload.account_id, fetch)
    if found is None:
        return ImportStravaActivity(delivery_id=payload.delivery_id)  # gone from Strava
    kept = classify(found)
    if isinstance(kept, StravaRun):
        return ImportStravaActivity(delivery_id=payload.delivery_id, run=kept)
    return ImportStravaActivity(delivery_id=payload.delivery_id, skipped=kept)


def backfill_page(payload: BackfillPage, work: Work) -> Command[CommandAccepted]:
    gateway = work.tool(StravaGateway)
    size, after = gateway.settings.strava_backfill_page_size, int(payload.after.timestamp())
    found = _strava(work, payload.account_id, lambda strava, token: strava.client.activities(
        token, after=after, page=payload.page, per_page=size, priority="backfill"))  # fmt: skip
    kept = [classify(activity) for activity in found]
    return ImportStravaPage(
        account_id=payload.account_id, connection_id=payload.connection_id, page=payload.page,
        runs=[item for item in kept if isinstance(item, StravaRun)],
        skipped=[item for item in kept if isinstance(item, SkippedActivity)], last=not found,
    )  # fmt: skip


def push_activity(payload: PushActivity, work: Work) -> Command[CommandAccepted]:
    form = {"name": payload.title, "sport_type": payload.sport_type,
            "start_date_local": payload.start_date_local,
            "elapsed_time": str(payload.elapsed_time_s)}  # fmt: skip
    if payload.distance_m is not None:
        form["distance"] = str(payload.distance_m)
    mark = push_mark(payload.push_id)
    form["description"] = f"{payload.description}\n\n{mark}" if payload.description else mark
    created = _strava(work, payload.account_id,
                      lambda strava, token: strava.client.create_activity(token, form))  # fmt: skip
    return CompleteStravaPush(push_id=payload.push_id, strava_activity_id=int(created["id"]))


CONFIRM_REVOCATION = Job(
    name="integrations.confirm_revocation", payload=ConfirmRevocation, run=confirm_revocation,
    # Nothing said of a revocation (another 4xx, unreadable tokens, errors through the
    # retries): the connection stays, and says why.
    failed=lambda p, reason: RefuteStravaRevocation(account_id=p.account_id,
                                                    connection_id=p.connection_id,
                                                    reason=f"not confirmed: {reason}"[:MAX_REASON]),
    bad_input=(StravaRejectedError, TokenUnreadableError), time_limit_s=60,
)  # fmt: skip
IMPORT_ACTIVITY = Job(
    name="integrations.import_activity", payload=ImportActivity, run=import_activity,
    failed=lambda p, reason: FailStravaImport(delivery_id=p.delivery_id, reason=reason),
    bad_input=REFUSED, time_limit_s=60,
)  # fmt: skip
BACKFILL_PAGE = Job(
    name="integrations.backfill_page", payload=BackfillPage, run=backfill_page,
    failed=lambda p, reason: FailStravaBackfill(account_id=p.account_id,
                                                connection_id=p.connection_id, page=p.page,
                                                reason=reason),
    bad_input=REFUSED, time_limit_s=120, queue="strava-backfill",
)  # fmt: skip
PUSH_ACTIVITY = Job(
    name="integrations.push_activity", payload=PushActivity, run=push_activity,
    failed=lambda p, reason: FailStravaPush(push_id=p.push_id, reason=reason),
    bad_input=REFUSED, time_limit_s=60,
)  # fmt: skip
JOBS = (CONFIRM_REVOCATION, IMPORT_ACTIVITY, BACKFILL_PAGE, PUSH_ACTIVITY)
