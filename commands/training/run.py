"""The Run aggregate: one recorded run, its corrections and its deletion."""

from __future__ import annotations

from typing import Self
from uuid import UUID

from commands.aggregate import Owned
from commands.errors import ConflictError
from contracts.events import DomainEvent
from contracts.integrations.strava import StravaRun
from contracts.training.commands import CorrectRun, DeleteRun, RecordRun, RunDetails
from contracts.training.events import RunCorrected, RunDeleted, RunRecorded


class Run(Owned):
    stream_type = "run"
    noun = "run"
    shoe_id: UUID | None = None
    source: str = "manual"
    strava: StravaRun | None = None
    told: RunRecorded | RunCorrected

    @classmethod
    def record_new(cls, cmd: RecordRun, shoe_id: UUID | None) -> Self:
        """A new run, in `shoe_id` (the one it names, or the athlete's default)."""
        run = cls(str(cmd.run_id))
        details = {**_details(cmd), "shoe_id": shoe_id}
        run.record(RunRecorded(run_id=cmd.run_id, athlete_id=cmd.athlete_id, **details))
        return run

    @classmethod
    def imported(cls, run_id: UUID, athlete_id: UUID, activity: StravaRun) -> Self:
        """A run imported from Strava (no shoe: Strava's data is not mixed with Pacer's)."""
        run = cls(str(run_id))
        run.record(RunRecorded(run_id=run_id, athlete_id=athlete_id, **_strava(activity)))
        return run

    def reimport(self, activity: StravaRun) -> None:
        """Strava's current version of an imported run; the same one again records nothing."""
        if self.deleted or activity == self.strava:
            return
        self.record(RunCorrected(run_id=UUID(self.id), athlete_id=self.athlete_id,
                                 **_strava(activity)))  # fmt: skip

    def remove_imported(self) -> bool:
        """Delete an imported run (gone from Strava, or the connection ended); False if it was
        already deleted."""
        if self.deleted:
            return False
        self.record(RunDeleted(run_id=UUID(self.id), athlete_id=self.athlete_id))
        return True

    def correct(self, cmd: CorrectRun) -> None:
        """New details; naming no shoe keeps the run's shoe."""
        self.check_owned_by(cmd.athlete_id)
        self.check_version(cmd.expected_version)
        self.check_not_deleted()
        if self.source != "manual":
            raise ConflictError(f"run {self.id} comes from Strava: change it there")
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
            case RunRecorded() | RunCorrected():
                self.athlete_id = event.athlete_id
                self.shoe_id = event.shoe_id
                self.source, self.told = event.source, event
                self.strava = _as_strava(event)
            case RunDeleted():
                self.deleted = True


def _details(cmd: RunDetails) -> dict[str, object]:
    return cmd.model_dump(include=set(RunDetails.model_fields))


def _strava(activity: StravaRun) -> dict[str, object]:
    return {
        "distance_km": activity.distance_km, "duration_s": activity.duration_s,
        "started_at": activity.started_at, "elevation_gain_m": activity.elevation_gain_m,
        "avg_heart_rate": activity.avg_heart_rate, "source": "strava", "title": activity.title,
        "strava_activity_id": activity.activity_id, "notes": None, "shoe_id": None,
        "sport_type": activity.sport_type, "private": activity.private,
    }  # fmt: skip


def _as_strava(event: RunRecorded | RunCorrected) -> StravaRun | None:
    if event.source != "strava" or event.strava_activity_id is None:
        return None
    return StravaRun(
        activity_id=event.strava_activity_id, title=event.title, sport_type=event.sport_type,
        distance_km=event.distance_km, duration_s=event.duration_s, started_at=event.started_at,
        elevation_gain_m=event.elevation_gain_m, avg_heart_rate=event.avg_heart_rate,
        private=event.private,
    )  # fmt: skip
