"""Handlers of the connection's commands: connect (exchange the code, keep the tokens
encrypted), preferences, the backfill's pages, and disconnect (Strava's deauthorisation, then
every Strava-derived run and the tokens deleted)."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from commands.errors import ConflictError, RuleViolationError
from commands.integrations.connection import load_connection
from commands.integrations.imports import remove_every_run, upsert_run
from commands.integrations.links import StravaLinks
from commands.unit_of_work import UnitOfWork
from contracts.commands import CommandAccepted
from contracts.integrations.commands import (
    ConnectStrava,
    DisconnectStrava,
    FailStravaBackfill,
    ImportStravaPage,
    RefuteStravaRevocation,
    SetStravaPreferences,
)
from contracts.integrations.events import StravaConnected
from contracts.integrations.strava import READ_SCOPES
from infra.strava.cipher import TokenCipher
from infra.strava.client import StravaClient, StravaError, StravaRejectedError

log = logging.getLogger(__name__)


def _scopes(granted: str) -> list[str]:
    scopes = sorted(
        {scope.strip() for scope in granted.replace(" ", ",").split(",") if scope.strip()}
    )
    if not READ_SCOPES & set(scopes):
        raise RuleViolationError(
            "Pacer needs to read your activities: connect again and leave 'View data about your "
            "activities' ticked on Strava's page"
        )
    return scopes


async def connect_strava(
    cmd: ConnectStrava, uow: UnitOfWork, strava: StravaClient, cipher: TokenCipher
) -> CommandAccepted:
    scopes = _scopes(cmd.scope)
    try:
        grant = await strava.exchange(cmd.code)
    except StravaRejectedError:
        raise RuleViolationError(
            "Strava did not accept the authorisation (it expired or was used): connect again"
        ) from None
    athlete = int((grant.athlete or {}).get("id", 0))
    if athlete <= 0:
        raise RuleViolationError("Strava did not say which athlete authorised Pacer")
    scopes = _scopes(grant.scope) if grant.scope else scopes
    links = uow.store(StravaLinks)
    owner = await links.owner_of(athlete)
    if owner is not None and owner != cmd.account_id:
        raise ConflictError("this Strava athlete is connected to another Pacer account")
    connection = await load_connection(uow, cmd.account_id)
    connection.connect(StravaConnected(
        account_id=cmd.account_id, connection_id=cmd.connection_id, strava_athlete_id=athlete,
        scopes=scopes, backfill_since=cmd.backfill_since or datetime.now(UTC),
        connected_at=datetime.now(UTC),
    ))  # fmt: skip
    assert connection.connection_id is not None
    await links.save(
        cmd.account_id, athlete, connection.connection_id, scopes,
        (cipher.seal(grant.access_token), cipher.seal(grant.refresh_token)),
        datetime.fromtimestamp(grant.expires_at, UTC),
    )  # fmt: skip
    return await uow.save(connection)


async def set_strava_preferences(cmd: SetStravaPreferences, uow: UnitOfWork) -> CommandAccepted:
    connection = await load_connection(uow, cmd.account_id)
    connection.check_connected()
    connection.set_preferences(cmd.auto_push)
    return await uow.save(connection)


async def import_strava_page(cmd: ImportStravaPage, uow: UnitOfWork) -> CommandAccepted:
    """One page of history; a page of an ended connection, or one already imported, changes
    nothing (a job that ran twice)."""
    connection = await load_connection(uow, cmd.account_id)
    if not connection.is_current(cmd.connection_id) or cmd.page != connection.next_page():
        return await uow.save(connection)
    for activity in cmd.runs:
        await upsert_run(uow, cmd.account_id, cmd.connection_id, activity)
    connection.progress(cmd, imported=len(cmd.runs), skipped=len(cmd.skipped))
    return await uow.save(connection)


async def fail_strava_backfill(cmd: FailStravaBackfill, uow: UnitOfWork) -> CommandAccepted:
    connection = await load_connection(uow, cmd.account_id)
    connection.backfill_failed(cmd.connection_id, cmd.page, cmd.reason)
    return await uow.save(connection)


async def refute_strava_revocation(cmd: RefuteStravaRevocation, uow: UnitOfWork) -> CommandAccepted:
    connection = await load_connection(uow, cmd.account_id)
    connection.refute_revocation(cmd)
    return await uow.save(connection)


async def disconnect_strava(
    cmd: DisconnectStrava, uow: UnitOfWork, strava: StravaClient, cipher: TokenCipher
) -> CommandAccepted:
    """Ends the connection: asks Strava to revoke the tokens (when the athlete disconnects
    here), deletes them and every run imported with the connection."""
    connection = await load_connection(uow, cmd.account_id)
    current = connection.connection_id
    if current is None or (cmd.connection_id is not None and cmd.connection_id != current):
        return await uow.save(connection)  # already ended
    links = uow.store(StravaLinks)
    sealed = await links.sealed_access_token(cmd.account_id)
    if cmd.reason == "disconnected" and sealed is not None:
        try:
            await strava.deauthorize(cipher.open(sealed))
        except (StravaError, ConnectionError, ValueError) as refused:
            # The tokens are deleted here all the same; Strava's expire within six hours.
            log.warning("Strava's deauthorisation failed: %s", refused)
    removed = await remove_every_run(uow, current)
    await links.forget(cmd.account_id)
    connection.disconnect(cmd, removed)
    return await uow.save(connection)
