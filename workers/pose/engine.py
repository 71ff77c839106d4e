"""The engine: landmarks → smoothing → signals → exercise → reps → form, tempo, calories."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
from pydantic import BaseModel, Field

from workers.pose import overlay, video
from workers.pose.counter import Movement, count
from workers.pose.detect import detect
from workers.pose.errors import NoPersonError, PoseInputError
from workers.pose.exercises import Exercise, exercise
from workers.pose.filters import one_euro
from workers.pose.form import check_rep
from workers.pose.landmarks import LandmarkSequence
from workers.pose.signals import (
    Array,
    Body,
    arm_raise,
    elbow_angle,
    hop_height,
    knee_angle,
    signal_visibility,
)

DEFAULT_WEIGHT_KG = 70.0


class FormFlag(BaseModel):
    code: str
    cue: str


class Rep(BaseModel):
    number: int
    start_s: float
    turn_s: float = Field(description="Deepest (or highest) point of the rep.")
    end_s: float
    range_of_motion: float = Field(description="The exercise's range value at the turn.")
    down_s: float = Field(description="Seconds from start to turn.")
    up_s: float = Field(description="Seconds from turn to end.")
    flags: list[FormFlag]


class Analysis(BaseModel):
    exercise: str
    exercise_title: str
    detected: bool = Field(description="True when the engine chose the exercise itself.")
    reps: int
    partial_attempts: int = Field(description="Movements that turned back before counting.")
    range_label: str
    rep_details: list[Rep]
    cues: list[str] = Field(description="What to fix, most frequent first.")
    duration_s: float = Field(description="Length of the analysed recording.")
    active_s: float = Field(description="From the first rep's start to the last rep's end.")
    calories_kcal: float = Field(description="MET x body weight (kg) x active hours.")
    body_weight_kg: float
    confidence: float = Field(ge=0, le=1)
    frames: int
    frames_with_pose: int
    key_frame: int = Field(description="Frame of the overlay picture (the deepest rep).")


def smoothed_body(sequence: LandmarkSequence) -> Body:
    return Body(xy=one_euro(sequence.times, sequence.xy()), visibility=sequence.visibility())


def body_signals(sequence: LandmarkSequence, body: Body) -> dict[str, Array]:
    return {
        "elbow": elbow_angle(body),
        "knee": knee_angle(body),
        "arms": arm_raise(body),
        "hop": hop_height(sequence.times, body),
    }


def analyze_landmarks(
    sequence: LandmarkSequence,
    exercise_name: str | None = None,
    *,
    body_weight_kg: float = DEFAULT_WEIGHT_KG,
) -> Analysis:
    """Analyse a landmark sequence, from a browser or from `landmarks_from_video`. Raises
    `PoseInputError`: `UnknownExerciseError`, a body weight that is not positive, or
    `NoPersonError` when no frame shows anyone."""
    given = _checked(exercise_name, body_weight_kg)
    if not sequence.detected.any():
        raise NoPersonError(f"no person in any of the {sequence.frames} frames")
    body = smoothed_body(sequence)
    signals = body_signals(sequence, body)
    chosen = given or exercise(detect(body, signals))
    signal = signals[chosen.signal]
    reps, partials = count(sequence.times, signal, chosen.rule)
    return _report(sequence, body, signals, chosen, reps, partials, exercise_name is None,
                   body_weight_kg)  # fmt: skip


def analyze_video(
    path: Path,
    exercise_name: str | None = None,
    *,
    body_weight_kg: float = DEFAULT_WEIGHT_KG,
    sample_fps: float | None = None,
    overlay_png: Path | None = None,
    progress: video.Progress | None = None,
) -> Analysis:
    """Analyse a video file; with `overlay_png`, also draw the key frame's skeleton there.
    Raises `VideoError` (the file is empty or not a video) and the errors of
    `analyze_landmarks`, all `PoseInputError`; OSError when the file cannot be read."""
    _checked(exercise_name, body_weight_kg)  # before the minutes pose estimation may take
    sequence = video.landmarks_from_video(path, sample_fps=sample_fps, progress=progress)
    analysis = analyze_landmarks(sequence, exercise_name, body_weight_kg=body_weight_kg)
    if overlay_png is not None:
        # The key frame's time, back to a frame number at the nominal rate.
        frame_index = round(sequence.times[analysis.key_frame] * video.probe(path).fps)
        background = video.read_frame(path, frame_index)
        write_overlay(sequence, analysis, overlay_png, background)
    return analysis


def _checked(exercise_name: str | None, body_weight_kg: float) -> Exercise | None:
    """The exercise asked for (None: detect it), once the request is known to be sound."""
    if not body_weight_kg > 0:
        raise PoseInputError(f"body weight must be a positive number of kg, not {body_weight_kg}")
    return exercise(exercise_name) if exercise_name else None


def write_overlay(
    sequence: LandmarkSequence,
    analysis: Analysis,
    path: Path,
    background: np.ndarray | None = None,  # type: ignore[type-arg]
) -> Path:
    caption = f"{analysis.exercise_title}: {analysis.reps} reps"
    return overlay.save_png(overlay.draw(sequence, analysis.key_frame, caption, background), path)


def _report(
    sequence: LandmarkSequence,
    body: Body,
    signals: dict[str, Array],
    chosen: Exercise,
    reps: list[Movement],
    partials: list[Movement],
    detected: bool,
    body_weight_kg: float,
) -> Analysis:
    details = [
        Rep(
            number=number,
            start_s=round(rep.start_s, 3),
            turn_s=round(rep.turn_s, 3),
            end_s=round(rep.end_s, 3),
            range_of_motion=round(rep.extreme, 2),
            down_s=round(rep.turn_s - rep.start_s, 3),
            up_s=round(rep.end_s - rep.turn_s, 3),
            flags=[FormFlag(code=f.code, cue=f.cue) for f in check_rep(chosen, rep, body)],
        )
        for number, rep in enumerate(reps, start=1)
    ]
    cue_counts = Counter(flag.cue for rep in details for flag in rep.flags)
    cues = [f"{cue} ({n} of {len(details)} reps)" for cue, n in cue_counts.most_common()]
    if partials:
        cues.append(f"{len(partials)} movement(s) turned back too early and were not counted.")
    active = reps[-1].end_s - reps[0].start_s if reps else 0.0
    return Analysis(
        exercise=chosen.name,
        exercise_title=chosen.title,
        detected=detected,
        reps=len(reps),
        partial_attempts=len(partials),
        range_label=chosen.range_label,
        rep_details=details,
        cues=cues,
        duration_s=round(sequence.duration_s, 3),
        active_s=round(active, 3),
        calories_kcal=round(chosen.met * body_weight_kg * active / 3600.0, 2),
        body_weight_kg=body_weight_kg,
        confidence=_confidence(body, signals, chosen, reps),
        frames=sequence.frames,
        frames_with_pose=int(sequence.detected.sum()),
        key_frame=_key_frame(sequence, chosen, reps),
    )


def _confidence(
    body: Body, signals: dict[str, Array], chosen: Exercise, reps: list[Movement]
) -> float:
    """Share of frames where the counted signal could be measured, times how well its own
    landmarks were seen; halved when nothing was counted."""
    signal = signals[chosen.signal]
    if signal.size == 0:
        return 0.0
    measured = float(np.mean(~np.isnan(signal)))
    seen = signal_visibility(body, chosen.signal)
    return round(max(0.0, min(1.0, measured * seen * (1.0 if reps else 0.5))), 2)


def _key_frame(sequence: LandmarkSequence, chosen: Exercise, reps: list[Movement]) -> int:
    if reps:
        deepest = min(reps, key=lambda r: r.extreme if chosen.rule.valley else -r.extreme)
        return deepest.turn_index
    detected = np.flatnonzero(sequence.detected)
    return int(detected[len(detected) // 2]) if detected.size else 0
