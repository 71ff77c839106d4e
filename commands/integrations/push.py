"""The StravaPush aggregate: one Pacer activity created on Strava, once."""

from __future__ import annotations

from typing import Self
from uuid import UUID

from commands.aggregate import Aggregate
from commands.errors import ConflictError
from contracts.events import DomainEvent
from contracts.integrations.events import (
    StravaPushCompleted,
    StravaPushFailed,
    StravaPushRequested,
)


class StravaPush(Aggregate):
    stream_type = "strava-push"

    account_id: UUID
    outcome: str | None = None

    @classmethod
    def request(cls, event: StravaPushRequested) -> Self:
        push = cls(str(event.push_id))
        push.record(event)
        return push

    def complete(self, strava_activity_id: int) -> None:
        if self._settled("completed"):
            return
        self.record(StravaPushCompleted(push_id=UUID(self.id), account_id=self.account_id,
                                        strava_activity_id=strava_activity_id))  # fmt: skip

    def fail(self, reason: str) -> None:
        if self._settled("failed"):
            return
        self.record(StravaPushFailed(push_id=UUID(self.id), account_id=self.account_id,
                                     reason=reason))  # fmt: skip

    def _settled(self, outcome: str) -> bool:
        if self.outcome is None:
            return False
        if self.outcome == outcome:
            return True
        raise ConflictError(f"push {self.id} already {self.outcome}")

    def apply(self, event: DomainEvent) -> None:
        match event:
            case StravaPushRequested():
                self.account_id = event.account_id
            case StravaPushCompleted():
                self.outcome = "completed"
            case StravaPushFailed():
                self.outcome = "failed"
