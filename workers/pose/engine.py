"""The engine: landmarks → smoothing → signals (`measure`) → exercise → reps → form, tempo,
calories."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
from pydantic import BaseModel, Field

from workers.pose import activity, framing, overlay, video
from workers.pose.counter import Carried, Movement, count, left_moving
from workers.pose.detect import STILL, detect, probabilities
from workers.pose.errors import NoPersonError, PoseInputError
from workers.pose.exercises import Exercise, exercise
from workers.pose.features import tilt
from workers.pose.form import check_rep
from workers.pose.landmarks import LandmarkSequence
from workers.pose.measure import Measurement, measure
from workers.pose.signals import (
    Body,
    foreshortens,
    signal_visibility,
)

DEFAULT_WEIGHT_KG = 70.0
STILL_BELIEF = 0.7
MIN_DETECTED_HOPS = 3
"""Left to detect, a clip the detector finds this sure is no exercise counts no reps."""


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
    visibility_issues: list[str] = Field(
        default_factory=list,
        description="Body parts out of view for most of the recording (also among the cues).",
    )
    camera_cuts: int = Field(default=0, description="Cuts between camera views in the clip.")


def _count(
    sequence: LandmarkSequence, measured: Measurement, chosen: Exercise
) -> tuple[list[Movement], list[Movement]]:
    """Reps and partial attempts, shot by shot, without those out of pose or rhythm."""
    signal = measured.signals[chosen.signal]
    lean = tilt(measured.body)
    reps: list[Movement] = []
    partials: list[Movement] = []
    carried: Carried | None = None
    for frames in measured.shots:
        part = Body(measured.body.xy[frames], measured.body.visibility[frames])
        rule = activity.fitted_rule(chosen, signal[frames], foreshortens(part, chosen.signal))
        found, attempts = count(sequence.times[frames], signal[frames], rule, carried)
        carried = left_moving(signal[frames], rule, found)
        reps += [_shifted(rep, frames.start) for rep in found]
        partials += [_shifted(rep, frames.start) for rep in attempts]
    reps = [rep for rep in reps if activity.in_pose(chosen, rep, lean)]
    if chosen.name == "jump_rope":
        reps = activity.in_rhythm(reps)
    return reps, partials


def _shifted(rep: Movement, offset: int) -> Movement:
    return Movement(rep.start_s, rep.turn_s, rep.end_s, rep.extreme, rep.start_index + offset,
                    rep.turn_index + offset, rep.end_index + offset)  # fmt: skip


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
    measured = measure(sequence)
    chances = probabilities(measured.features)
    chosen = given or exercise(detect(chances))
    reps, partials = _count(sequence, measured, chosen)
    if given is None and chances[STILL] > STILL_BELIEF:
        reps, partials = [], []  # nothing that looks like exercise: movements are not reps
    if given is None and chosen.name == "jump_rope" and len(reps) < MIN_DETECTED_HOPS:
        # Skipping is a run of hops: one or two "hops" found in a clip nobody named are a sway
        # or a bounce of someone standing, not a set.
        reps, partials = [], []
    return _report(sequence, measured, chances, chosen, reps, partials, given is None,
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
    measured: Measurement,
    chances: dict[str, float],
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
            flags=[FormFlag(code=f.code, cue=f.cue) for f in check_rep(chosen, rep, measured.body)],
        )
        for number, rep in enumerate(reps, start=1)
    ]
    cue_counts = Counter(flag.cue for rep in details for flag in rep.flags)
    cues = [f"{cue} ({n} of {len(details)} reps)" for cue, n in cue_counts.most_common()]
    if partials:
        cues.append(f"{len(partials)} movement(s) turned back too early and were not counted.")
    missing = framing.unseen(measured.body)
    visibility_issues = framing.issues(missing)
    cues += visibility_issues
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
        confidence=_confidence(measured, chances, chosen, reps, detected, bool(missing)),
        frames=sequence.frames,
        frames_with_pose=int(sequence.detected.sum()),
        key_frame=_key_frame(sequence, chosen, reps),
        visibility_issues=visibility_issues,
        camera_cuts=len(measured.shots) - 1,
    )


def _confidence(
    measured: Measurement,
    chances: dict[str, float],
    chosen: Exercise,
    reps: list[Movement],
    detected: bool,
    partly_seen: bool,
) -> float:
    """How well the counted signal was measured (share of frames, visibility of its landmarks)
    times how sure the detector is of the exercise: its probability when it chose, its
    agreement with the named one otherwise. Halved when nothing was counted, lowered when
    part of the body was out of view."""
    signal = measured.signals[chosen.signal]
    if signal.size == 0:
        return 0.0
    quality = float(np.mean(~np.isnan(signal))) * signal_visibility(measured.body, chosen.signal)
    agreement = chances[chosen.name] / max(chances.values())
    belief = chances[chosen.name] if detected else 0.4 + 0.6 * agreement
    value = quality * belief * (1.0 if reps else 0.5) * (0.7 if partly_seen else 1.0)
    return round(max(0.0, min(1.0, value)), 2)


def _key_frame(sequence: LandmarkSequence, chosen: Exercise, reps: list[Movement]) -> int:
    if reps:
        deepest = min(reps, key=lambda r: r.extreme if chosen.rule.valley else -r.extreme)
        return deepest.turn_index
    detected = np.flatnonzero(sequence.detected)
    return int(detected[len(detected) // 2]) if detected.size else 0
