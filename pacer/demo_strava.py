"""The demo's Strava, in development: the webhook subscription made with the local Strava (it
calls Pacer's webhook to validate it) and the demo athlete connected to the local Strava's
"Demo Runner", whose history the backfill then imports. Afterwards, an activity added on the
local Strava reaches Pacer through the webhook (the README shows how)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlencode, urlsplit
from uuid import NAMESPACE_URL, uuid5

import httpx

from commands.actors import Actor
from commands.bus import CommandBus
from contracts.integrations.commands import ConnectStrava
from contracts.integrations.strava import SCOPES_REQUESTED
from infra.settings import Settings
from pacer.demo import DEMO_ACCOUNT

DEMO_STRAVA_ATHLETE = 134_815  # the local Strava's first athlete, "Demo Runner"
DEMO_CONNECTION = uuid5(NAMESPACE_URL, "pacer:demo-strava-connection")


def webhook_url(settings: Settings) -> str:
    return f"http://127.0.0.1:{settings.command_api_port}/integrations/strava/webhook"


async def connect_demo_strava(settings: Settings, bus: CommandBus) -> int | None:
    """The local Strava athlete the demo athlete is connected to; None when Pacer talks to
    another Strava (nothing is done then)."""
    if settings.strava_api_url is not None:
        return None
    async with httpx.AsyncClient(timeout=10) as client:
        subscribed = await client.post(f"{settings.strava_api}/push_subscriptions", data={
            "client_id": settings.strava_client_id,
            "client_secret": settings.strava_client_secret.get_secret_value(),
            "callback_url": webhook_url(settings),
            "verify_token": settings.strava_verify_token.get_secret_value(),
        })  # fmt: skip
        already = subscribed.status_code == 400 and "exists" in subscribed.text
        if subscribed.status_code != 201 and not already:
            subscribed.raise_for_status()
        query = {"client_id": settings.strava_client_id, "redirect_uri": settings.strava_callback,
                 "response_type": "code", "scope": ",".join(SCOPES_REQUESTED), "state": "demo",
                 "athlete_id": DEMO_STRAVA_ATHLETE}  # fmt: skip
        consent = await client.get(f"{settings.strava_oauth}/authorize?{urlencode(query)}")
    granted = parse_qs(urlsplit(consent.headers["location"]).query)
    await bus.dispatch(
        ConnectStrava(
            account_id=DEMO_ACCOUNT, connection_id=DEMO_CONNECTION, code=granted["code"][0],
            scope=granted["scope"][0], backfill_since=datetime.now(UTC) - timedelta(days=365),
        ),
        Actor.account(DEMO_ACCOUNT, "athlete"),
    )  # fmt: skip
    return DEMO_STRAVA_ATHLETE
