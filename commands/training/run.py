"""The Run aggregate: one recorded run, its corrections and its deletion."""

from __future__ import annotations

from typing import Self
from uuid import UUID

from commands.aggregate import Aggregate
from commands.errors import ConcurrencyError, ConflictError, NotFoundError
from contracts.commands.training import RunDetails
from contracts.events import DomainEvent, RunCorrected, RunDeleted, RunRecorded


class Run(Aggregate):
    stream_type = "run"

    athlete_id: UUID
    deleted: bool = False

    @classmethod
    def new(cls, run_id: UUID, athlete_id: UUID, details: RunDetails) -> Self:
        run = cls(str(run_id))
        run.record(RunRecorded(run_id=run_id, athlete_id=athlete_id, **_fields(details)))
        return run

    def correct(self, by: UUID, expected_version: int, details: RunDetails) -> None:
        self.check_owned_by(by)
        self.check_version(expected_version)
        self.check_not_deleted()
        self.record(
            RunCorrected(run_id=UUID(self.id), athlete_id=self.athlete_id, **_fields(details))
        )

    def delete(self, by: UUID, expected_version: int | None) -> None:
        self.check_owned_by(by)
        if expected_version is not None:
            self.check_version(expected_version)
        self.check_not_deleted()
        self.record(RunDeleted(run_id=UUID(self.id), athlete_id=self.athlete_id))

    def check_owned_by(self, account_id: UUID) -> None:
        # Someone else's run is reported as missing, so ids cannot be probed.
        if account_id != self.athlete_id:
            raise NotFoundError(f"run {self.id} does not exist")

    def check_version(self, expected_version: int) -> None:
        if expected_version != self.version:
            raise ConcurrencyError(
                f"run {self.id} is at version {self.version}, not {expected_version}"
            )

    def check_not_deleted(self) -> None:
        if self.deleted:
            raise ConflictError(f"run {self.id} was deleted")

    def apply(self, event: DomainEvent) -> None:
        match event:
            case RunRecorded():
                self.athlete_id = event.athlete_id
            case RunDeleted():
                self.deleted = True
            case RunCorrected():
                pass


def _fields(details: RunDetails) -> dict[str, object]:
    return details.model_dump(include=set(RunDetails.model_fields))
