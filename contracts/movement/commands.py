"""Commands of the movement context, and the bodies the command API takes for them."""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from contracts.commands import Command, CommandAccepted
from contracts.movement.results import AnalysisResult
from contracts.types import Count, PastInstant, PlainText, Quantity, Version

Exercise = Literal["push_up", "squat", "jumping_jack", "jump_rope"]
"""The exercises the pose engine counts."""
VideoType = Literal["video/mp4", "video/quicktime", "video/webm", "video/x-matroska",
                    "video/x-msvideo"]  # fmt: skip
LANDMARKS_TYPE = "application/json"
"""A landmark document (MediaPipe's JavaScript pose landmarker, as the engine reads it)."""
UploadType = VideoType | Literal["application/json"]


def training_load(exercise: str, duration_s: float) -> float:
    """A session's training load in MET-hours (duration x MET), as the training context adds it
    to its fitness chart."""
    return round(EXERCISE_MET[exercise] * duration_s / 3600, 3)


EXERCISE_MET: dict[str, float] = {
    "push_up": 8.0, "squat": 3.8, "jumping_jack": 8.0, "jump_rope": 11.8,
}  # fmt: skip
"""Metabolic equivalents (Compendium of Physical Activities) for calories: MET x kg x hours."""
DEFAULT_BODY_WEIGHT_KG = 70.0
MAX_VIDEO_BYTES = 200 * 1024 * 1024
MAX_WORKOUT_S = 24 * 3600
MAX_REPS = 100_000
BodyWeight = Annotated[float, Quantity(ge=20, le=400)]
KEY_PATTERN = r"^[A-Za-z0-9/_.-]{1,300}$"


class UploadCreate(BaseModel):
    """Body of `POST /movement/uploads`: what will be uploaded. The URL handed back accepts
    exactly this type and size."""

    model_config = ConfigDict(extra="forbid")

    content_type: UploadType = Field(
        description="A video's media type, or `application/json` for a landmark document."
    )
    size_bytes: Annotated[int, Count(ge=1, le=MAX_VIDEO_BYTES)] = Field(
        description="The file's exact size in bytes."
    )


class VideoSubmit(BaseModel):
    """Body of `POST /movement/uploads/{upload_id}/submit`."""

    model_config = ConfigDict(extra="forbid")

    exercise: Exercise | Literal["detect"] = Field(
        default="detect", description="The exercise done, or `detect` to let the engine tell."
    )
    body_weight_kg: BodyWeight | None = Field(
        default=None, description="For calories; 70 kg when absent."
    )


class LandmarksSubmit(BaseModel):
    """Body of `POST /movement/uploads/{upload_id}/submit-landmarks`: the landmark document
    uploaded there, and the count the client showed the athlete."""

    model_config = ConfigDict(extra="forbid")

    exercise: Exercise | Literal["detect"] = Field(
        default="detect", description="The exercise done, or `detect` to let the engine tell."
    )
    client_reps: Annotated[int, Count(ge=0, le=MAX_REPS)] = Field(
        description="The reps the client counted; the workout is verified when the server's "
        "count agrees within one."
    )
    body_weight_kg: BodyWeight | None = Field(
        default=None, description="For calories; 70 kg when absent."
    )


class RequestUpload(Command[CommandAccepted]):
    """Reserve an upload: its id is the analysis's."""

    analysis_id: UUID
    athlete_id: UUID
    content_type: UploadType
    size_bytes: Annotated[int, Count(ge=1, le=MAX_VIDEO_BYTES)]


class SubmitVideo(Command[CommandAccepted]):
    """Have an uploaded video analysed."""

    analysis_id: UUID
    athlete_id: UUID
    exercise: Exercise | None
    body_weight_kg: BodyWeight | None = None


class SubmitLandmarks(Command[CommandAccepted]):
    """Have an uploaded landmark document analysed, beside the client's own count."""

    analysis_id: UUID
    athlete_id: UUID
    exercise: Exercise | None
    client_reps: Annotated[int, Count(ge=0, le=MAX_REPS)]
    body_weight_kg: BodyWeight | None = None


class DeleteUpload(Command[CommandAccepted]):
    """Delete an upload and its files; refused while it is being analysed."""

    analysis_id: UUID
    athlete_id: UUID


class ExpireUpload(Command[CommandAccepted]):
    """Expire an upload if it was not submitted by its deadline (a no-op otherwise)."""

    analysis_id: UUID


class ConfirmUploadRemoved(Command[CommandAccepted]):
    """A deleted or expired upload's files were removed from storage."""

    analysis_id: UUID


class FailUploadRemoval(Command[CommandAccepted]):
    analysis_id: UUID
    reason: Annotated[str, PlainText(max_length=500)]


class ReportAnalysisProgress(Command[CommandAccepted]):
    analysis_id: UUID
    fraction: Annotated[float, Quantity(ge=0, le=1)]


class CompleteAnalysis(Command[CommandAccepted]):
    """The engine's result; the workout it proves is recorded with it."""

    analysis_id: UUID
    result: AnalysisResult
    key_frame_key: Annotated[str, Field(pattern=KEY_PATTERN)] | None = None


class FailAnalysis(Command[CommandAccepted]):
    analysis_id: UUID
    reason: Annotated[str, PlainText(max_length=500)]


class WorkoutDetails(BaseModel):
    """A workout told by hand. Calories are computed from the exercise's MET, the body weight
    and the duration when not given."""

    model_config = ConfigDict(extra="forbid")

    exercise: Exercise
    reps: Annotated[int, Count(ge=0, le=MAX_REPS)]
    duration_s: Annotated[float, Quantity(ge=1, le=MAX_WORKOUT_S)] = Field(
        description="Length of the session in seconds."
    )
    performed_at: PastInstant = Field(description="When it started, with its UTC offset.")
    calories_kcal: Annotated[float, Quantity(ge=0, le=20_000)] | None = None
    body_weight_kg: BodyWeight | None = Field(
        default=None, description="For calories when they are not given; 70 kg when absent."
    )


class WorkoutCreate(WorkoutDetails):
    """Body of `POST /movement/workouts`."""


class WorkoutUpdate(WorkoutDetails):
    """Body of `PUT /movement/workouts/{id}`."""

    expected_version: Version


class RecordWorkout(Command[CommandAccepted], WorkoutDetails):
    workout_id: UUID
    athlete_id: UUID


class CorrectWorkout(Command[CommandAccepted], WorkoutDetails):
    workout_id: UUID
    athlete_id: UUID
    expected_version: Version


class DeleteWorkout(Command[CommandAccepted]):
    workout_id: UUID
    athlete_id: UUID
    expected_version: Version | None = None
