"""The StravaDelivery aggregate: one webhook event, recorded once however often Strava sends
it (its id is derived from the event's content), and what became of it."""

from __future__ import annotations

from typing import Self
from uuid import UUID

from commands.aggregate import Aggregate
from contracts.events import DomainEvent
from contracts.integrations.events import (
    StravaActivityImported,
    StravaActivityRemoved,
    StravaActivitySkipped,
    StravaEventReceived,
    StravaImportFailed,
)
from contracts.integrations.strava import SkippedActivity


class StravaDelivery(Aggregate):
    stream_type = "strava-event"

    received: StravaEventReceived
    settled: bool = False

    @classmethod
    def receive(cls, event: StravaEventReceived) -> Self:
        delivery = cls(str(event.delivery_id))
        delivery.record(event)
        return delivery

    @property
    def delivery_id(self) -> UUID:
        return self.received.delivery_id

    @property
    def account_id(self) -> UUID:
        return self.received.account_id

    @property
    def activity_id(self) -> int:
        return self.received.object_id

    def imported(self, run_id: UUID) -> None:
        self._settle(StravaActivityImported(
            delivery_id=self.delivery_id, account_id=self.account_id,
            activity_id=self.activity_id, run_id=run_id,
        ))  # fmt: skip

    def skipped(self, activity: SkippedActivity) -> None:
        self._settle(StravaActivitySkipped(
            delivery_id=self.delivery_id, account_id=self.account_id,
            activity_id=self.activity_id, sport_type=activity.sport_type, reason=activity.reason,
        ))  # fmt: skip

    def removed(self, run_id: UUID | None) -> None:
        self._settle(StravaActivityRemoved(
            delivery_id=self.delivery_id, account_id=self.account_id,
            activity_id=self.activity_id, run_id=run_id,
        ))  # fmt: skip

    def failed(self, reason: str) -> None:
        self._settle(StravaImportFailed(delivery_id=self.delivery_id, account_id=self.account_id,
                                        activity_id=self.activity_id, reason=reason))  # fmt: skip

    def _settle(self, event: DomainEvent) -> None:
        """The first outcome stands; a job that ran twice reports nothing new."""
        if not self.settled:
            self.record(event)

    def apply(self, event: DomainEvent) -> None:
        match event:
            case StravaEventReceived():
                self.received = event
            case _:
                self.settled = True
