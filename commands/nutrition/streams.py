"""Stream ids of the aggregates an athlete has one of (profile, days, conversation): derived
from the athlete's id, so they never collide with the account's own stream."""

from __future__ import annotations

from uuid import UUID, uuid5


def athlete_stream(athlete_id: UUID, kind: str) -> str:
    return str(uuid5(athlete_id, f"pacer:nutrition:{kind}"))
