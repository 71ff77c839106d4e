"""The Workout aggregate: one session of one exercise, told by hand or proven by an analysis."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any, Self
from uuid import NAMESPACE_URL, UUID, uuid5

from commands.aggregate import Owned
from contracts.events import DomainEvent
from contracts.movement.commands import (
    DEFAULT_BODY_WEIGHT_KG,
    EXERCISE_MET,
    CorrectWorkout,
    DeleteWorkout,
    RecordWorkout,
    WorkoutDetails,
    training_load,
)
from contracts.movement.events import (
    AnalysisCompleted,
    WorkoutCorrected,
    WorkoutDeleted,
    WorkoutRecorded,
)


def workout_of(analysis_id: UUID) -> UUID:
    """The id of the workout an analysis proves (the same for every retry of the analysis)."""
    return uuid5(NAMESPACE_URL, f"pacer:workout-of-analysis:{analysis_id}")


@dataclass(frozen=True)
class WorkoutFacts:
    exercise: str
    reps: int
    duration_s: float
    calories_kcal: float
    performed_at: datetime
    training_load: float

    def fields(self) -> dict[str, Any]:
        return asdict(self)


def calories(details: WorkoutDetails) -> float:
    if details.calories_kcal is not None:
        return details.calories_kcal
    weight = details.body_weight_kg or DEFAULT_BODY_WEIGHT_KG
    return round(EXERCISE_MET[details.exercise] * weight * details.duration_s / 3600, 2)


def _told(details: WorkoutDetails) -> WorkoutFacts:
    return WorkoutFacts(
        exercise=details.exercise, reps=details.reps, duration_s=details.duration_s,
        calories_kcal=calories(details), performed_at=details.performed_at,
        training_load=training_load(details.exercise, details.duration_s),
    )  # fmt: skip


def _facts(event: WorkoutRecorded | WorkoutCorrected) -> WorkoutFacts:
    return WorkoutFacts(
        exercise=event.exercise, reps=event.reps, duration_s=event.duration_s,
        calories_kcal=event.calories_kcal, performed_at=event.performed_at,
        training_load=event.training_load,
    )  # fmt: skip


class Workout(Owned):
    stream_type = "workout"
    noun = "workout"
    facts: WorkoutFacts
    verified: bool = False

    @classmethod
    def record_new(cls, cmd: RecordWorkout) -> Self:
        workout = cls(str(cmd.workout_id))
        told = _told(cmd)
        workout.record(
            WorkoutRecorded(
                workout_id=cmd.workout_id,
                athlete_id=cmd.athlete_id,
                source="manual",
                **told.fields(),
            )
        )
        return workout

    @classmethod
    def proven_by(
        cls, done: AnalysisCompleted, performed_at: datetime, client_reps: int | None
    ) -> Self:
        """The workout an analysis found: verified when the server counted it from a video, or
        from landmarks and the client's count agrees within one rep (both counts are kept)."""
        workout_id = workout_of(done.analysis_id)
        workout = cls(str(workout_id))
        result = done.result
        agrees = client_reps is None or abs(client_reps - result.reps) <= 1
        workout.record(
            WorkoutRecorded(
                workout_id=workout_id, athlete_id=done.athlete_id, exercise=result.exercise,
                reps=result.reps, duration_s=result.duration_s,
                calories_kcal=result.calories_kcal, performed_at=performed_at,
                source="video" if client_reps is None else "landmarks",
                analysis_id=done.analysis_id, verified=agrees, client_reps=client_reps,
                training_load=training_load(result.exercise, result.duration_s),
            )
        )  # fmt: skip
        return workout

    def correct(self, cmd: CorrectWorkout) -> None:
        self.check_owned_by(cmd.athlete_id)
        self.check_version(cmd.expected_version)
        self.check_not_deleted()
        told = _told(cmd)
        self.record(
            WorkoutCorrected(workout_id=cmd.workout_id, athlete_id=self.athlete_id, **told.fields())
        )

    def delete(self, cmd: DeleteWorkout) -> None:
        self.check_owned_by(cmd.athlete_id)
        if cmd.expected_version is not None:
            self.check_version(cmd.expected_version)
        self.check_not_deleted()
        self.record(WorkoutDeleted(workout_id=cmd.workout_id, athlete_id=self.athlete_id))

    def apply(self, event: DomainEvent) -> None:
        match event:
            case WorkoutRecorded():
                self.athlete_id, self.verified = event.athlete_id, event.verified
                self.facts = _facts(event)
            case WorkoutDeleted():
                self.deleted = True
            case WorkoutCorrected():
                self.facts = _facts(event)
