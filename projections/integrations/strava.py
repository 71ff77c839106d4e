"""The Strava read models: one row per account that ever connected (status, backfill progress,
webhook counts) and one per push. A disconnection forgets the athlete's Strava id and the
Strava ids of pushes (Strava-derived data)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from contracts.integrations.events import (
    StravaActivityImported,
    StravaActivityRemoved,
    StravaActivitySkipped,
    StravaBackfillFailed,
    StravaBackfillProgressed,
    StravaConnected,
    StravaDisconnected,
    StravaEventReceived,
    StravaImportFailed,
    StravaPreferencesSet,
    StravaPushCompleted,
    StravaPushFailed,
    StravaPushRequested,
)
from contracts.integrations.reads import STRAVA
from projections.erasure import erasing
from projections.projection import Applied, Projection, on

CONNECTED = text(
    "INSERT INTO strava_view (account_id, status, strava_athlete_id, scopes, connected_at, "
    "backfill_status, backfill_since) VALUES (:account, 'connected', :athlete, :scopes, :at, "
    "'running', :since) ON CONFLICT (account_id) DO UPDATE SET status = 'connected', "
    "strava_athlete_id = :athlete, scopes = :scopes, connected_at = :at, disconnected_at = NULL, "
    "disconnect_reason = NULL, backfill_status = 'running', backfill_since = :since, "
    "backfill_pages = 0, backfill_imported = 0, backfill_skipped = 0, backfill_reason = NULL"
)
RESCOPED = text("UPDATE strava_view SET scopes = :scopes WHERE account_id = :account")
PREFERENCES = text(
    "INSERT INTO strava_view (account_id, status, auto_push) VALUES (:account, 'never', :auto) "
    "ON CONFLICT (account_id) DO UPDATE SET auto_push = :auto"
)
PROGRESS = text(
    "UPDATE strava_view SET backfill_pages = :page, backfill_imported = backfill_imported + "
    ":imported, backfill_skipped = backfill_skipped + :skipped, backfill_status = CASE WHEN "
    ":done THEN 'done' ELSE 'running' END WHERE account_id = :account"
)
BACKFILL_FAILED = text(
    "UPDATE strava_view SET backfill_status = 'failed', backfill_reason = :reason "
    "WHERE account_id = :account"
)
DISCONNECTED = text(
    "UPDATE strava_view SET status = 'disconnected', strava_athlete_id = NULL, scopes = '{}', "
    "disconnected_at = :at, disconnect_reason = :reason, runs_removed = :removed, "
    "backfill_status = CASE WHEN backfill_status = 'running' THEN 'failed' ELSE backfill_status "
    "END WHERE account_id = :account"
)
FORGET_PUSHES = text(
    "UPDATE strava_pushes_view SET strava_activity_id = NULL WHERE account_id = :account"
)
COUNT = "UPDATE strava_view SET {column} = {column} + 1{extra} WHERE account_id = :account"
RECEIVED = text(COUNT.format(column="events_received",
                             extra=", last_event_at = GREATEST(last_event_at, :at)"))  # fmt: skip
IMPORTED = text(COUNT.format(column="activities_imported", extra=""))
SKIPPED = text(COUNT.format(column="activities_skipped", extra=""))
REMOVED = text(COUNT.format(column="activities_removed", extra=""))
FAILED = text(COUNT.format(column="imports_failed", extra=""))
PUSHED = text(
    "INSERT INTO strava_pushes_view (push_id, account_id, subject, subject_id, title, "
    "automatic, status, requested_at) VALUES (:push, :account, :subject, :subject_id, :title, "
    ":automatic, 'requested', :at) ON CONFLICT (push_id) DO NOTHING"
)
PUSH_DONE = text(
    "UPDATE strava_pushes_view SET status = 'completed', strava_activity_id = :strava "
    "WHERE push_id = :push"
)
PUSH_FAILED = text(
    "UPDATE strava_pushes_view SET status = 'failed', reason = :reason WHERE push_id = :push"
)


class StravaProjection(Projection):
    name = STRAVA
    tables = ("strava_view", "strava_pushes_view")

    @on(StravaConnected)
    async def connected(
        self, sql: AsyncConnection, events: Sequence[Applied[StravaConnected]]
    ) -> None:
        for e in events:  # in order: an account may connect, disconnect and connect again
            if e.event.backfill_since is None:  # the same connection, with other scopes
                await sql.execute(RESCOPED, {"account": e.event.account_id,
                                             "scopes": e.event.scopes})  # fmt: skip
                continue
            await sql.execute(CONNECTED, {
                "account": e.event.account_id, "athlete": e.event.strava_athlete_id,
                "scopes": e.event.scopes, "at": e.event.connected_at,
                "since": e.event.backfill_since,
            })  # fmt: skip

    @on(StravaPreferencesSet)
    async def preferences(
        self, sql: AsyncConnection, events: Sequence[Applied[StravaPreferencesSet]]
    ) -> None:
        for e in events:
            await sql.execute(PREFERENCES, {"account": e.event.account_id,
                                            "auto": e.event.auto_push})  # fmt: skip

    @on(StravaBackfillProgressed)
    async def progressed(
        self, sql: AsyncConnection, events: Sequence[Applied[StravaBackfillProgressed]]
    ) -> None:
        for e in events:
            await sql.execute(PROGRESS, {
                "account": e.event.account_id, "page": e.event.page, "done": e.event.done,
                "imported": e.event.imported, "skipped": e.event.skipped,
            })  # fmt: skip

    @on(StravaBackfillFailed)
    async def backfill_failed(
        self, sql: AsyncConnection, events: Sequence[Applied[StravaBackfillFailed]]
    ) -> None:
        for e in events:
            await sql.execute(BACKFILL_FAILED, {"account": e.event.account_id,
                                                "reason": e.event.reason})  # fmt: skip

    @on(StravaDisconnected)
    async def disconnected(
        self, sql: AsyncConnection, events: Sequence[Applied[StravaDisconnected]]
    ) -> None:
        for e in events:
            await sql.execute(DISCONNECTED, {
                "account": e.event.account_id, "at": e.event.disconnected_at,
                "reason": e.event.reason, "removed": e.event.runs_removed,
            })  # fmt: skip
            await sql.execute(FORGET_PUSHES, {"account": e.event.account_id})

    @on(StravaEventReceived)
    async def received(
        self, sql: AsyncConnection, events: Sequence[Applied[StravaEventReceived]]
    ) -> None:
        for e in events:
            await sql.execute(RECEIVED, {"account": e.event.account_id,
                                         "at": e.event.event_time})  # fmt: skip

    @on(StravaActivityImported, StravaActivitySkipped, StravaActivityRemoved, StravaImportFailed)
    async def outcome(
        self,
        sql: AsyncConnection,
        events: Sequence[Applied[StravaActivityImported | StravaActivitySkipped
                                 | StravaActivityRemoved | StravaImportFailed]],
    ) -> None:  # fmt: skip
        statements = {StravaActivityImported: IMPORTED, StravaActivitySkipped: SKIPPED,
                      StravaActivityRemoved: REMOVED, StravaImportFailed: FAILED}  # fmt: skip
        for e in events:
            await sql.execute(statements[type(e.event)], {"account": e.event.account_id})

    @on(StravaPushRequested)
    async def push_requested(
        self, sql: AsyncConnection, events: Sequence[Applied[StravaPushRequested]]
    ) -> None:
        await sql.execute(PUSHED, [
            {"push": e.event.push_id, "account": e.event.account_id, "subject": e.event.subject,
             "subject_id": e.event.subject_id, "title": e.event.title,
             "automatic": e.event.automatic, "at": e.event.requested_at}
            for e in events
        ])  # fmt: skip

    @on(StravaPushCompleted)
    async def push_completed(
        self, sql: AsyncConnection, events: Sequence[Applied[StravaPushCompleted]]
    ) -> None:
        rows = [{"push": e.event.push_id, "strava": e.event.strava_activity_id} for e in events]
        await sql.execute(PUSH_DONE, rows)

    @on(StravaPushFailed)
    async def push_failed(
        self, sql: AsyncConnection, events: Sequence[Applied[StravaPushFailed]]
    ) -> None:
        await sql.execute(PUSH_FAILED, [{"push": e.event.push_id, "reason": e.event.reason}
                                        for e in events])  # fmt: skip

    erase = erasing({"strava_pushes_view": ("account_id",), "strava_view": ("account_id",)})
