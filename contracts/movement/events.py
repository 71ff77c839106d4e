"""Events of the movement context: uploads, their analyses, and workouts."""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from pydantic import AwareDatetime, Field

from contracts.events import DomainEvent
from contracts.movement.results import AnalysisResult

WorkoutSource = Literal["manual", "video", "landmarks"]


class UploadRequested(DomainEvent):
    """An athlete was handed a URL to upload one video to, under `object_key`."""

    analysis_id: UUID
    athlete_id: UUID
    object_key: str
    content_type: str
    size_bytes: int = Field(gt=0)
    expires_at: AwareDatetime = Field(description="Removed then unless submitted before.")


class VideoSubmitted(DomainEvent):
    """The uploaded video is to be analysed; `exercise` is None when the engine is to detect it."""

    analysis_id: UUID
    athlete_id: UUID
    object_key: str
    exercise: str | None
    body_weight_kg: float | None
    submitted_at: AwareDatetime = Field(description="The workout's time, unless corrected.")


class LandmarksSubmitted(DomainEvent):
    """The uploaded landmark document is to be analysed; the client's count is kept beside the
    server's."""

    analysis_id: UUID
    athlete_id: UUID
    object_key: str
    exercise: str | None
    body_weight_kg: float | None
    client_reps: int = Field(ge=0)
    submitted_at: AwareDatetime = Field(description="The workout's time, unless corrected.")


class AnalysisProgressed(DomainEvent):
    """The analysis has done `fraction` of its frames."""

    analysis_id: UUID
    athlete_id: UUID
    fraction: float = Field(ge=0, le=1)


class AnalysisCompleted(DomainEvent):
    """The engine counted and judged the reps; the key frame is in the derived bucket."""

    analysis_id: UUID
    athlete_id: UUID
    result: AnalysisResult
    key_frame_key: str | None


class AnalysisFailed(DomainEvent):
    """The video could not be analysed; `reason` says why in words the athlete can act on."""

    analysis_id: UUID
    athlete_id: UUID
    reason: str


class UploadDeleted(DomainEvent):
    """The athlete deleted the upload (its analysis goes with it; a workout stays)."""

    analysis_id: UUID
    athlete_id: UUID


class UploadExpired(DomainEvent):
    """The upload was not submitted in time."""

    analysis_id: UUID
    athlete_id: UUID


class UploadRemoved(DomainEvent):
    """A deleted or expired upload's files are gone from storage."""

    analysis_id: UUID
    athlete_id: UUID


class UploadRemovalFailed(DomainEvent):
    """Storage refused to remove a deleted or expired upload's files; an operator must look."""

    analysis_id: UUID
    athlete_id: UUID
    reason: str


class WorkoutRecorded(DomainEvent):
    """A workout session: by hand, or from an analysis (then `verified` by the server)."""

    workout_id: UUID
    athlete_id: UUID
    exercise: str
    reps: int = Field(ge=0)
    duration_s: float = Field(ge=0)
    calories_kcal: float = Field(ge=0)
    performed_at: AwareDatetime
    source: WorkoutSource
    analysis_id: UUID | None = None
    verified: bool = False
    client_reps: int | None = Field(
        default=None, description="The client's own count, when it sent landmarks."
    )
    training_load: float = Field(ge=0, description="MET-hours: duration x MET.")


class WorkoutCorrected(DomainEvent):
    """An athlete replaced a workout's exercise, reps, duration, calories or time."""

    workout_id: UUID
    athlete_id: UUID
    exercise: str
    reps: int = Field(ge=0)
    duration_s: float = Field(ge=0)
    calories_kcal: float = Field(ge=0)
    performed_at: AwareDatetime
    training_load: float = Field(ge=0, description="MET-hours: duration x MET.")


class WorkoutDeleted(DomainEvent):
    workout_id: UUID
    athlete_id: UUID
