"""The Grant aggregate: what one coach may do with one athlete's data. One stream per pair
(`grant_id(coach, athlete)`), invited again after it ended; the athlete alone chooses scopes."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from commands.aggregate import Aggregate
from commands.errors import ConflictError, NotFoundError, NotPermittedError, RuleViolationError
from contracts.events import DomainEvent
from contracts.identity.coaching import GrantStatus, Party, Scope
from contracts.identity.events import (
    AthleteDataAccessed,
    CoachingInvited,
    GrantAccepted,
    GrantDeclined,
    GrantRevoked,
    GrantScopesChanged,
)


class Grant(Aggregate):
    stream_type = "grant"

    coach_id: UUID
    athlete_id: UUID
    status: GrantStatus | None = None
    invited_by: Party = "coach"

    def __init__(self, aggregate_id: str) -> None:
        super().__init__(aggregate_id)
        self.scopes: list[Scope] = []

    @property
    def grant_id(self) -> UUID:
        return UUID(self.id)

    def _pair(self) -> dict[str, UUID]:
        return {"grant_id": self.grant_id, "coach_id": self.coach_id, "athlete_id": self.athlete_id}

    def party_of(self, account_id: UUID) -> Party:
        """The caller's side; someone else's grant is reported as missing."""
        if self.status is not None:
            if account_id == self.coach_id:
                return "coach"
            if account_id == self.athlete_id:
                return "athlete"
        raise NotFoundError(f"grant {self.id} does not exist")

    def invite(self, coach_id: UUID, athlete_id: UUID, by: Party, scopes: list[Scope]) -> None:
        if self.status == "invited":
            raise ConflictError(
                f"an invitation between these accounts is pending (grant {self.id}): accept, "
                "decline or revoke it"
            )
        if self.status == "active":
            raise ConflictError(f"this coach already coaches this athlete (grant {self.id})")
        self.coach_id, self.athlete_id = coach_id, athlete_id
        self.record(CoachingInvited(**self._pair(), invited_by=by, scopes=scopes))

    def accept(self, account_id: UUID, scopes: list[Scope] | None) -> None:
        party = self.party_of(account_id)
        self._check_pending(party)
        if party == "athlete":
            if scopes is None:
                raise RuleViolationError("scopes: choose what the coach may do")
            chosen = scopes
        else:
            if scopes is not None:
                raise RuleViolationError("scopes: the athlete chose them; send {}")
            chosen = self.scopes
        self.record(GrantAccepted(**self._pair(), scopes=chosen))

    def decline(self, account_id: UUID) -> None:
        party = self.party_of(account_id)
        self._check_pending(party)
        self.record(GrantDeclined(**self._pair(), by=party))

    def change_scopes(self, account_id: UUID, scopes: list[Scope]) -> None:
        if self.party_of(account_id) != "athlete":
            raise NotPermittedError("only the athlete chooses what a coach may do")
        self._check_active()
        if scopes != self.scopes:
            self.record(GrantScopesChanged(**self._pair(), scopes=scopes))

    def revoke(self, account_id: UUID) -> None:
        party = self.party_of(account_id)
        if self.status not in ("invited", "active"):
            raise ConflictError(f"grant {self.id} has ended already")
        self.record(GrantRevoked(**self._pair(), by=party))

    def open_access(
        self, coach_id: UUID, scope: Scope, access_id: UUID, at: datetime, until: datetime
    ) -> None:
        """Let the coach in for `scope` and record it."""
        if self.status != "active" or coach_id != self.coach_id:
            raise NotFoundError(f"no live grant of athlete {self.athlete_id} to you")
        if scope not in self.scopes:
            raise NotPermittedError(f"the athlete has not granted you {scope}")
        self.record(
            AthleteDataAccessed(
                **self._pair(),
                access_id=access_id,
                scope=scope,
                accessed_at=at,
                expires_at=until,
            )
        )

    def _check_pending(self, party: Party) -> None:
        if self.status != "invited":
            raise ConflictError(f"grant {self.id} is not waiting for an answer")
        if party == self.invited_by:
            raise ConflictError("the other side answers an invitation; revoke to withdraw it")

    def _check_active(self) -> None:
        if self.status != "active":
            raise ConflictError(f"grant {self.id} is not live")

    def apply(self, event: DomainEvent) -> None:
        match event:
            case CoachingInvited():
                self.coach_id, self.athlete_id = event.coach_id, event.athlete_id
                self.status, self.invited_by, self.scopes = (
                    "invited",
                    event.invited_by,
                    event.scopes,
                )
            case GrantAccepted() | GrantScopesChanged():
                self.status, self.scopes = "active", event.scopes
            case GrantDeclined():
                self.status, self.scopes = "declined", []
            case GrantRevoked():
                self.status, self.scopes = "revoked", []
            case AthleteDataAccessed():
                pass
