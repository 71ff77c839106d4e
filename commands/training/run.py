"""The Run aggregate: one recorded run, its corrections and its deletion."""

from __future__ import annotations

from typing import Self
from uuid import UUID

from commands.aggregate import Aggregate
from commands.errors import ConcurrencyError, ConflictError, NotFoundError
from contracts.events import DomainEvent
from contracts.training.commands import CorrectRun, DeleteRun, RecordRun, RunDetails
from contracts.training.events import RunCorrected, RunDeleted, RunRecorded


class Run(Aggregate):
    stream_type = "run"

    athlete_id: UUID
    deleted: bool = False

    @classmethod
    def record_new(cls, cmd: RecordRun) -> Self:
        run = cls(str(cmd.run_id))
        run.record(RunRecorded(run_id=cmd.run_id, athlete_id=cmd.athlete_id, **_details(cmd)))
        return run

    def correct(self, cmd: CorrectRun) -> None:
        self.check_owned_by(cmd.athlete_id)
        self.check_version(cmd.expected_version)
        self.check_not_deleted()
        self.record(RunCorrected(run_id=cmd.run_id, athlete_id=self.athlete_id, **_details(cmd)))

    def delete(self, cmd: DeleteRun) -> None:
        self.check_owned_by(cmd.athlete_id)
        if cmd.expected_version is not None:
            self.check_version(cmd.expected_version)
        self.check_not_deleted()
        self.record(RunDeleted(run_id=cmd.run_id, athlete_id=self.athlete_id))

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


def _details(cmd: RunDetails) -> dict[str, object]:
    return cmd.model_dump(include=set(RunDetails.model_fields))
