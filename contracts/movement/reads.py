"""Read models of the movement context, as the query API returns them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Final, Literal
from uuid import UUID

from pydantic import AnyHttpUrl, BaseModel, Field

from contracts.movement.results import AnalysisResult

ANALYSES: Final = "analyses"
WORKOUTS: Final = "workouts"


class AnalysisPublic(BaseModel):
    analysis_id: UUID
    status: Literal["requested", "submitted", "completed", "failed", "expired"] = Field(
        description="requested: waiting for the upload to be submitted; submitted: being "
        "analysed (see `fraction`); completed: see `result`; failed: see `reason`; expired: "
        "not submitted in time, its file removed."
    )
    exercise: str | None = Field(description="Asked for; null when the engine detects it.")
    client_reps: int | None = Field(description="The client's count, for landmarks.")
    fraction: float = Field(description="Share of the video's frames analysed so far.")
    result: AnalysisResult | None
    reason: str | None
    key_frame_url: AnyHttpUrl | None = Field(
        description="The deepest rep's picture with its skeleton; the link expires."
    )
    submitted_at: datetime | None
    version: int


class WorkoutPublic(BaseModel):
    workout_id: UUID
    exercise: str
    reps: int
    duration_s: float
    calories_kcal: float
    performed_at: datetime
    source: Literal["manual", "video", "landmarks"]
    analysis_id: UUID | None
    verified: bool = Field(
        description="Counted by the server from a video, or from landmarks with the client's "
        "count within one rep of it."
    )
    client_reps: int | None = Field(description="The client's own count, for landmarks.")
    training_load: float = Field(description="MET-hours: duration x MET.")
    version: int


class WorkoutPage(BaseModel):
    items: list[WorkoutPublic]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page.")


class PeriodTotal(BaseModel):
    period_start: date
    workouts: int
    reps: int
    duration_s: float
    calories_kcal: float
    avg_range_of_motion: float | None = Field(
        default=None,
        description="Mean depth of the analysed reps (the exercise's range value at the turn: "
        "the lowest elbow or knee angle, say); null without analysed reps.",
    )
    avg_rep_s: float | None = Field(
        default=None, description="Mean tempo of the analysed reps: seconds down and up."
    )


class CueCount(BaseModel):
    code: str
    cue: str
    reps: int = Field(description="Analysed reps that got this cue.")


class ExerciseStatistics(BaseModel):
    exercise: str
    workouts: int
    reps: int
    duration_s: float
    calories_kcal: float
    best_set: int = Field(description="Most reps in one workout.")
    verified_workouts: int
    periods: list[PeriodTotal] = Field(description="Totals per day, week or month, oldest first.")
    current_streak_days: int = Field(
        description="Consecutive days up to the latest workout with at least one workout."
    )
    form_cues: list[CueCount] = Field(description="Form cues of the analysed reps, most first.")
