"""The grants read model: each coaching grant as both sides list it, and every access a coach
was let into an athlete's data (the athlete's list of who looked)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from contracts.identity.events import (
    AthleteDataAccessed,
    CoachingInvited,
    GrantAccepted,
    GrantDeclined,
    GrantRevoked,
    GrantScopesChanged,
)
from contracts.identity.reads import GRANTS
from projections.erasure import erasing
from projections.projection import Applied, Projection, on

# Invited again after it ended: the same row starts over.
INVITED = text(
    "INSERT INTO grants_view (grant_id, coach_id, athlete_id, status, invited_by, scopes, "
    "version) VALUES (:grant, :coach, :athlete, 'invited', :invited_by, :scopes, :version) "
    "ON CONFLICT (grant_id) DO UPDATE SET status = 'invited', invited_by = :invited_by, "
    "scopes = :scopes, version = :version WHERE grants_view.version < :version"
)
MOVED = text(
    "UPDATE grants_view SET status = :status, scopes = :scopes, version = :version "
    "WHERE grant_id = :grant AND version < :version"
)
ACCESSED = text(
    "INSERT INTO athlete_accesses_view (access_id, grant_id, coach_id, athlete_id, scope, "
    "accessed_at, expires_at) VALUES (:access, :grant, :coach, :athlete, :scope, :at, :until) "
    "ON CONFLICT (access_id) DO NOTHING"
)


def _moved(events: Sequence[Applied[Any]], status: str) -> list[dict[str, Any]]:
    return [
        {"grant": e.event.grant_id, "status": status, "version": e.version,
         "scopes": list(getattr(e.event, "scopes", []))}
        for e in events
    ]  # fmt: skip


class GrantsProjection(Projection):
    name = GRANTS
    tables = ("grants_view", "athlete_accesses_view")

    @on(CoachingInvited)
    async def invited(
        self, sql: AsyncConnection, events: Sequence[Applied[CoachingInvited]]
    ) -> None:
        await sql.execute(INVITED, [
            {"grant": e.event.grant_id, "coach": e.event.coach_id, "athlete": e.event.athlete_id,
             "invited_by": e.event.invited_by, "scopes": list(e.event.scopes),
             "version": e.version}
            for e in events
        ])  # fmt: skip

    @on(GrantAccepted, GrantScopesChanged)
    async def live(
        self,
        sql: AsyncConnection,
        events: Sequence[Applied[GrantAccepted] | Applied[GrantScopesChanged]],
    ) -> None:
        await sql.execute(MOVED, _moved(events, "active"))

    @on(GrantDeclined)
    async def declined(
        self, sql: AsyncConnection, events: Sequence[Applied[GrantDeclined]]
    ) -> None:
        await sql.execute(MOVED, _moved(events, "declined"))

    @on(GrantRevoked)
    async def revoked(self, sql: AsyncConnection, events: Sequence[Applied[GrantRevoked]]) -> None:
        await sql.execute(MOVED, _moved(events, "revoked"))

    @on(AthleteDataAccessed)
    async def accessed(
        self, sql: AsyncConnection, events: Sequence[Applied[AthleteDataAccessed]]
    ) -> None:
        await sql.execute(ACCESSED, [
            {"access": e.event.access_id, "grant": e.event.grant_id, "coach": e.event.coach_id,
             "athlete": e.event.athlete_id, "scope": e.event.scope, "at": e.event.accessed_at,
             "until": e.event.expires_at}
            for e in events
        ])  # fmt: skip

    erase = erasing(
        {
            "athlete_accesses_view": ("coach_id", "athlete_id"),
            "grants_view": ("coach_id", "athlete_id"),
        }
    )
