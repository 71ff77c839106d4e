"""What an analysis found, as events carry it and the query API serves it: the pose engine's
report in the contract's own types (the engine may change; this shape may not)."""

from __future__ import annotations

from pydantic import BaseModel, Field


class FormCue(BaseModel):
    code: str
    cue: str


class RepResult(BaseModel):
    number: int = Field(ge=1)
    start_s: float = Field(ge=0)
    turn_s: float = Field(ge=0, description="Deepest (or highest) point of the rep.")
    end_s: float = Field(ge=0)
    range_of_motion: float = Field(description="The exercise's range value at the turn.")
    down_s: float = Field(ge=0)
    up_s: float = Field(ge=0)
    flags: list[FormCue]


class AnalysisResult(BaseModel):
    exercise: str
    exercise_title: str
    detected: bool = Field(description="True when the engine chose the exercise itself.")
    reps: int = Field(ge=0)
    partial_attempts: int = Field(ge=0, description="Movements that turned back too early.")
    range_label: str
    rep_details: list[RepResult]
    cues: list[str] = Field(description="What to fix, most frequent first.")
    duration_s: float = Field(ge=0, description="Length of the analysed recording.")
    active_s: float = Field(ge=0, description="From the first rep's start to the last rep's end.")
    calories_kcal: float = Field(ge=0, description="MET x body weight (kg) x active hours.")
    body_weight_kg: float = Field(gt=0)
    confidence: float = Field(ge=0, le=1)
    frames: int = Field(ge=0)
    frames_with_pose: int = Field(ge=0)
    visibility_issues: list[str] = Field(
        default=[], description="Body parts out of view for much of the clip, and what to do."
    )
    camera_cuts: int = Field(default=0, ge=0, description="Cuts between camera views found.")
