"""The StravaConnection aggregate: an account's link to one Strava athlete, its backfill, its
preferences and its end. Each connection has its own id, so runs imported by an earlier one
never mix with a later one's."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from commands.aggregate import Aggregate
from commands.errors import ConflictError, RuleViolationError
from commands.unit_of_work import UnitOfWork, load_or_start
from contracts.events import DomainEvent
from contracts.integrations.commands import (
    DisconnectStrava,
    ImportStravaPage,
    RefuteStravaRevocation,
)
from contracts.integrations.events import (
    StravaBackfillFailed,
    StravaBackfillProgressed,
    StravaConnected,
    StravaDisconnected,
    StravaPreferencesSet,
    StravaRevocationRefuted,
)
from contracts.integrations.strava import WRITE_SCOPE, connection_stream


class StravaConnection(Aggregate):
    stream_type = "strava-connection"

    account_id: UUID
    connection_id: UUID | None = None
    athlete_id: int | None = None
    scopes: tuple[str, ...] = ()
    auto_push: bool = False
    pages_done: int = 0
    backfill_since: datetime | None = None
    backfill_over: bool = False

    @property
    def connected(self) -> bool:
        return self.connection_id is not None

    def connect(self, event: StravaConnected) -> None:
        """A new connection; connecting the same athlete again keeps the connection (and its
        runs) and records only a change of scopes, without a second backfill."""
        if self.athlete_id not in (None, event.strava_athlete_id):
            raise ConflictError("another Strava athlete is connected: disconnect it first")
        if not self.connected:
            self.record(event)
        elif set(event.scopes) != set(self.scopes):
            self.record(event.model_copy(update={"connection_id": self.connection_id,
                                                 "backfill_since": None}))  # fmt: skip

    def check_connected(self) -> UUID:
        if self.connection_id is None:
            raise RuleViolationError("connect your Strava account first")
        return self.connection_id

    def check_can_push(self) -> UUID:
        connection = self.check_connected()
        if WRITE_SCOPE not in self.scopes:
            raise RuleViolationError(
                "Pacer may not create activities on your Strava account: connect again and "
                "tick 'Upload your activities from Pacer to Strava'"
            )
        return connection

    def set_preferences(self, auto_push: bool) -> None:
        if auto_push != self.auto_push:
            self.record(StravaPreferencesSet(account_id=self.account_id, auto_push=auto_push))

    def is_current(self, connection_id: UUID) -> bool:
        return self.connection_id == connection_id

    def next_page(self) -> int:
        return self.pages_done + 1

    def progress(self, cmd: ImportStravaPage, imported: int, skipped: int) -> None:
        self.record(StravaBackfillProgressed(
            account_id=self.account_id, connection_id=cmd.connection_id, page=cmd.page,
            imported=imported, skipped=skipped, done=cmd.last,
            since=self.backfill_since or datetime.now(UTC),
        ))  # fmt: skip

    def backfill_failed(self, connection_id: UUID, page: int, reason: str) -> None:
        if self.is_current(connection_id) and not self.backfill_over:
            self.record(StravaBackfillFailed(account_id=self.account_id,
                                             connection_id=connection_id, page=page,
                                             reason=reason))  # fmt: skip

    def refute_revocation(self, cmd: RefuteStravaRevocation) -> None:
        """Recorded for the connection the event named, if it is still the current one."""
        if cmd.connection_id == self.connection_id:
            self.record(StravaRevocationRefuted(account_id=cmd.account_id,
                                                connection_id=cmd.connection_id,
                                                reason=cmd.reason))  # fmt: skip

    def disconnect(self, cmd: DisconnectStrava, runs_removed: int) -> None:
        assert self.connection_id is not None
        assert self.athlete_id is not None
        self.record(StravaDisconnected(
            account_id=self.account_id, connection_id=self.connection_id,
            strava_athlete_id=self.athlete_id, reason=cmd.reason, runs_removed=runs_removed,
            disconnected_at=datetime.now(UTC),
        ))  # fmt: skip

    def apply(self, event: DomainEvent) -> None:
        match event:
            case StravaConnected() if event.connection_id == self.connection_id:
                self.scopes = tuple(event.scopes)  # the same connection, other scopes
            case StravaConnected():
                self.account_id, self.connection_id = event.account_id, event.connection_id
                self.athlete_id, self.scopes = event.strava_athlete_id, tuple(event.scopes)
                self.pages_done, self.backfill_over = 0, False
                self.backfill_since = event.backfill_since
            case StravaPreferencesSet():
                self.account_id, self.auto_push = event.account_id, event.auto_push
            case StravaBackfillProgressed():
                self.pages_done, self.backfill_over = event.page, event.done
            case StravaBackfillFailed():
                self.backfill_over = True
            case StravaDisconnected():
                self.connection_id, self.athlete_id, self.scopes = None, None, ()


async def load_connection(uow: UnitOfWork, account_id: UUID) -> StravaConnection:
    """The account's connection (a new one, never connected, when it has no events)."""
    connection = await load_or_start(uow, StravaConnection, connection_stream(account_id))
    connection.account_id = account_id
    return connection
