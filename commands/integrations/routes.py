"""Strava over HTTP: connecting (the authorisation URL, Strava's redirect back), preferences,
pushes, disconnecting, and the webhook Strava calls."""

from __future__ import annotations

import hmac
from datetime import UTC, datetime, timedelta
from typing import Annotated
from urllib.parse import urlencode
from uuid import uuid4

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import AnyHttpUrl, BaseModel, Field

from commands.actors import Actor
from commands.bus import CommandBus
from commands.errors import ConcurrencyError
from commands.http import AccountSender, Sender, answer, build
from commands.integrations.webhook import WEBHOOK_EVENTS, StravaWebhookEvent, as_command
from contracts.commands import CommandAccepted
from contracts.integrations.commands import (
    ConnectStrava,
    DisconnectStrava,
    PushToStrava,
    RunPush,
    SetStravaPreferences,
    StravaPreferences,
    WorkoutPush,
)
from contracts.integrations.strava import SCOPES_REQUESTED, push_id
from infra.http_auth import CurrentPrincipal
from infra.problems import ProblemError, problems
from infra.settings import Settings
from infra.strava.state import LIFETIME, InvalidStateError, read_state, sign_state
from infra.tokens import Principal

router = APIRouter(prefix="/integrations/strava", tags=["integrations"])
WEBHOOK_ACTOR = Actor.system("strava-webhook")


class StravaAuthorization(BaseModel):
    authorize_url: AnyHttpUrl = Field(description="Send the athlete here to authorise Pacer.")
    expires_in_s: int = Field(description="The link's state is good this long, and once.")


class WebhookAnswer(BaseModel):
    recorded: bool
    reason: str | None = None


class ConnectionRefusedError(ProblemError):
    """The callback is not one of an authorisation Pacer asked for (a forged, expired or spent
    state), or the athlete declined."""

    status = 403
    problem_type = "strava-connection-refused"
    title = "Strava connection refused"


class WebhookForbiddenError(ProblemError):
    status = 403
    problem_type = "forbidden"
    title = "Forbidden"


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


@router.get("/authorize", response_model=StravaAuthorization)
async def authorize(principal: CurrentPrincipal, request: Request) -> StravaAuthorization:
    """Where to send the athlete to connect Strava: Strava's consent page asking to read all
    their activities and to create activities, with a signed single-use `state`. Strava then
    redirects to `/integrations/strava/callback`."""
    settings = _settings(request)
    query = {
        "client_id": settings.strava_client_id, "redirect_uri": settings.strava_callback,
        "response_type": "code", "approval_prompt": "auto", "scope": ",".join(SCOPES_REQUESTED),
        "state": sign_state(principal.account_id, settings.signing_key),
    }  # fmt: skip
    page = settings.strava_authorize_url or f"{settings.strava_oauth}/authorize"
    url = f"{page}?{urlencode(query)}"
    return StravaAuthorization(authorize_url=AnyHttpUrl(url),
                               expires_in_s=int(LIFETIME.total_seconds()))  # fmt: skip


@router.get("/callback", response_model=CommandAccepted, responses=problems(403, 409, 422))
async def callback(
    request: Request,
    state: Annotated[str, Query(min_length=1, max_length=2000)],
    code: Annotated[str | None, Query(max_length=200)] = None,
    scope: Annotated[str, Query(max_length=300)] = "",
    error: Annotated[str | None, Query(max_length=100)] = None,
) -> CommandAccepted:
    """Strava's redirect after the athlete's choice: the state must be one Pacer signed, not
    yet used (else `403`, as when the athlete declined); the granted scopes must let Pacer read
    activities (else `422`, saying so). Then the code is exchanged,
    the tokens kept encrypted, and the history import starts (`GET /integrations/strava` on
    the query API shows its progress)."""
    settings = _settings(request)
    try:
        account_id, state_id = read_state(state, settings.signing_key)
    except InvalidStateError as invalid:
        raise ConnectionRefusedError(str(invalid)) from None
    spent = await request.app.state.redis.set(
        f"{settings.kafka_topic_prefix}pacer:strava:state:{state_id}", "1", nx=True,
        ex=int(LIFETIME.total_seconds()) + 60,
    )  # fmt: skip
    if not spent:
        raise ConnectionRefusedError("this authorisation link was already used: connect again")
    if error or not code:
        raise ConnectionRefusedError("you did not authorise Pacer on Strava; nothing was connected")
    since = datetime.now(UTC) - timedelta(days=settings.strava_backfill_days)
    sender = Sender(request.app.state.bus, Principal(account_id, "athlete", uuid4()), None,
                    request.app.state.tokens)  # fmt: skip
    command = build(ConnectStrava, account_id=account_id, connection_id=uuid4(), code=code,
                    scope=scope, backfill_since=since)  # fmt: skip
    return (await sender.send(command)).value


@router.delete("", response_model=CommandAccepted, responses=problems(422))
async def disconnect(sender: AccountSender) -> CommandAccepted:
    """Disconnect Strava: Pacer asks Strava to revoke its access, deletes the tokens and every
    run imported from Strava."""
    command = DisconnectStrava(account_id=sender.account_id, reason="disconnected")
    return (await sender.send(command)).value


@router.put("/preferences", response_model=CommandAccepted, responses=problems(422))
async def set_preferences(body: StravaPreferences, sender: AccountSender) -> CommandAccepted:
    """`auto_push`: push every run and rep workout you record in Pacer to Strava."""
    command = build(SetStravaPreferences, account_id=sender.account_id, **body.model_dump())
    return (await sender.send(command)).value


@router.post("/pushes", status_code=202, response_model=CommandAccepted,
             responses=problems(404, 409, 422))  # fmt: skip
async def push(
    body: RunPush | WorkoutPush, sender: AccountSender, response: Response
) -> CommandAccepted:
    """Create one of your runs or rep workouts on Strava as a manual activity — once: asking
    again answers with the same push. Runs imported from Strava are never pushed back."""
    subject = body.run_id if isinstance(body, RunPush) else body.workout_id
    command = build(PushToStrava, push_id=push_id(sender.account_id, subject),
                    account_id=sender.account_id, **body.model_dump())  # fmt: skip
    return answer(await sender.send(command), response)


@router.get("/webhook", responses=problems(403))
async def validate_subscription(
    request: Request,
    mode: Annotated[str, Query(alias="hub.mode", max_length=20)],
    challenge: Annotated[str, Query(alias="hub.challenge", max_length=500)],
    verify_token: Annotated[str, Query(alias="hub.verify_token", max_length=500)],
) -> dict[str, str]:
    """Strava's subscription check: echo `hub.challenge` when the verify token is ours."""
    expected = _settings(request).strava_verify_token.get_secret_value()
    if mode != "subscribe" or not hmac.compare_digest(verify_token.encode(), expected.encode()):
        raise WebhookForbiddenError("not a subscription Pacer asked for")
    return {"hub.challenge": challenge}


async def _webhook_sender(request: Request) -> Sender:
    bus: CommandBus = request.app.state.bus
    return Sender(bus, None, None, request.app.state.tokens, actor=WEBHOOK_ACTOR)


@router.post("/webhook", response_model=WebhookAnswer)
async def receive_event(
    event: StravaWebhookEvent, request: Request,
    sender: Annotated[Sender, Depends(_webhook_sender)],
) -> WebhookAnswer:  # fmt: skip
    """Strava's events: recorded once each (command → outbox → Kafka) and answered at once;
    the activity is fetched later by a worker. Events for another subscription or an athlete
    Pacer does not know are answered 200 too (so Strava stops sending) and counted."""
    expected = _settings(request).strava_subscription_id
    if expected is not None and int(event.subscription_id) != expected:
        WEBHOOK_EVENTS.labels("unknown_subscription").inc()
        return WebhookAnswer(recorded=False, reason="unknown subscription")
    try:
        receipt = (await sender.send(as_command(event))).value
    except ConcurrencyError:  # the same event, recorded at this very moment by another request
        receipt_reason = "duplicate"
        WEBHOOK_EVENTS.labels(receipt_reason).inc()
        return WebhookAnswer(recorded=False, reason=receipt_reason)
    outcome = "recorded" if receipt.recorded else (receipt.reason or "ignored").replace(" ", "_")
    WEBHOOK_EVENTS.labels(outcome).inc()
    return WebhookAnswer(recorded=receipt.recorded, reason=receipt.reason)
