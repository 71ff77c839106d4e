"""Strava's webhook as it arrives: its subscription check and its events, which are parsed
leniently (older payloads send ids as strings, `updates` values of any kind) into one
canonical form whose digest names the delivery, so a repeated event is the same delivery."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Annotated, Any
from uuid import UUID

from annotated_types import Ge, Le
from prometheus_client import Counter
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, Strict

from contracts.integrations.commands import ReceiveStravaEvent
from contracts.integrations.strava import MAX_STRAVA_ID

WEBHOOK_EVENTS = Counter(
    "pacer_strava_webhook_events",
    "Strava webhook events answered, by outcome (recorded, duplicate, unknown_athlete, "
    "unknown_subscription).",
    ["outcome"],
)


def _whole(value: Any) -> Any:
    """A whole float (`5.0`) is the integer 5, as JSON Schema reads it; `true` stays refused."""
    if isinstance(value, float) and value.is_integer() and abs(value) <= 2**53:
        return int(value)
    return value


# The before-validator last: so the JSON Schema keeps `minimum`/`maximum` (pydantic writes a
# `Field` placed after a before-validator as unknown `ge`/`le` keys).
Id = Annotated[int, Strict(), Ge(1), Le(MAX_STRAVA_ID), BeforeValidator(_whole)]
Seconds = Annotated[int, Strict(), Ge(0), Le(7_258_118_399), BeforeValidator(_whole)]
DigitId = Annotated[str, Field(pattern=r"^[1-9][0-9]{0,14}$")]  # below 10^15 < 2^53


class StravaWebhookEvent(BaseModel):
    """An event POST as Strava documents it."""

    model_config = ConfigDict(extra="ignore")

    object_type: str = Field(pattern="^(activity|athlete)$")
    object_id: Id
    aspect_type: str = Field(pattern="^(create|update|delete)$")
    owner_id: Id
    subscription_id: Id | DigitId = Field(description="A number (older payloads: in a string).")
    event_time: Seconds = Field(description="Unix seconds (before 2200).")
    updates: dict[str, Any] = Field(default_factory=dict, max_length=20)


def _text(value: Any, limit: int) -> str:
    """One printable line (whatever the sender put there), at most `limit` characters."""
    if isinstance(value, bool):
        return "true" if value else "false"
    printable = "".join(char if char.isprintable() else " " for char in str(value))
    return " ".join(printable.split())[:limit]


def as_command(event: StravaWebhookEvent) -> ReceiveStravaEvent:
    cleaned = ((_text(key, 40), _text(value, 300)) for key, value in event.updates.items())
    updates = {key: value or "-" for key, value in cleaned if key}
    canonical = json.dumps(
        [int(event.subscription_id), event.object_type, event.object_id, event.aspect_type,
         event.owner_id, event.event_time, sorted(updates.items())],
        separators=(",", ":"),
    )  # fmt: skip
    digest = hashlib.sha256(canonical.encode()).digest()[:16]
    return ReceiveStravaEvent(
        delivery_id=UUID(bytes=digest, version=4), subscription_id=int(event.subscription_id),
        object_type=event.object_type, aspect_type=event.aspect_type,
        object_id=event.object_id, owner_id=event.owner_id, updates=updates,
        event_time=datetime.fromtimestamp(event.event_time, UTC),
    )  # fmt: skip
