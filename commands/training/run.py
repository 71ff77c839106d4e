"""The Run aggregate: one recorded run, its corrections and its deletion."""

from __future__ import annotations

from typing import Self
from uuid import UUID

from commands.aggregate import Owned
from contracts.events import DomainEvent
from contracts.training.commands import CorrectRun, DeleteRun, RecordRun, RunDetails
from contracts.training.events import RunCorrected, RunDeleted, RunRecorded


class Run(Owned):
    stream_type = "run"
    noun = "run"
    shoe_id: UUID | None = None

    @classmethod
    def record_new(cls, cmd: RecordRun, shoe_id: UUID | None) -> Self:
        """A new run, in `shoe_id` (the one it names, or the athlete's default)."""
        run = cls(str(cmd.run_id))
        details = {**_details(cmd), "shoe_id": shoe_id}
        run.record(RunRecorded(run_id=cmd.run_id, athlete_id=cmd.athlete_id, **details))
        return run

    def correct(self, cmd: CorrectRun) -> None:
        """New details; naming no shoe keeps the run's shoe."""
        self.check_owned_by(cmd.athlete_id)
        self.check_version(cmd.expected_version)
        self.check_not_deleted()
        details = {**_details(cmd), "shoe_id": cmd.shoe_id or self.shoe_id}
        self.record(RunCorrected(run_id=cmd.run_id, athlete_id=self.athlete_id, **details))

    def delete(self, cmd: DeleteRun) -> None:
        self.check_owned_by(cmd.athlete_id)
        if cmd.expected_version is not None:
            self.check_version(cmd.expected_version)
        self.check_not_deleted()
        self.record(RunDeleted(run_id=cmd.run_id, athlete_id=self.athlete_id))

    def apply(self, event: DomainEvent) -> None:
        match event:
            case RunRecorded():
                self.athlete_id = event.athlete_id
                self.shoe_id = event.shoe_id
            case RunDeleted():
                self.deleted = True
            case RunCorrected():
                self.shoe_id = event.shoe_id


def _details(cmd: RunDetails) -> dict[str, object]:
    return cmd.model_dump(include=set(RunDetails.model_fields))
