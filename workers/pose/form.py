"""Form checks of one rep, each returning a flag with a plain-language cue, or nothing."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from workers.pose.counter import Movement
from workers.pose.exercises import Exercise
from workers.pose.landmarks import VISIBLE, L
from workers.pose.signals import Body, angle, hip_offset

SAG_RATIO = 0.07
UNEVEN_DEGREES = 20.0

RANGE_CUES = {
    "push_up": "Lower your chest until your elbows bend to about 90°.",
    "squat": "Squat deeper: aim for thighs parallel to the floor.",
    "jumping_jack": "Bring your hands all the way overhead.",
    "jump_rope": "Jump a little higher to clear the rope.",
}


@dataclass(frozen=True)
class Flag:
    code: str
    cue: str


def check_rep(exercise: Exercise, rep: Movement, body: Body) -> list[Flag]:
    flags = []
    too_shallow = (
        rep.extreme > exercise.good_depth
        if exercise.rule.valley
        else rep.extreme < exercise.good_depth
    )
    if too_shallow:
        flags.append(Flag("partial_range", RANGE_CUES[exercise.name]))
    if "hips" in exercise.checks and (flag := _hips(rep, body)):
        flags.append(flag)
    if "arms_even" in exercise.checks and (flag := _arms_even(exercise, rep, body)):
        flags.append(flag)
    return flags


def _hips(rep: Movement, body: Body) -> Flag | None:
    window = slice(rep.start_index, rep.end_index + 1)
    offsets = hip_offset(body)[window]
    length = np.linalg.norm(
        body.xy[window, L.LEFT_SHOULDER] - body.xy[window, L.LEFT_ANKLE], axis=1
    )
    if np.all(np.isnan(offsets)):
        return None
    ratio = float(np.nanmedian(offsets / length))
    if ratio > SAG_RATIO:
        return Flag("hips_sagging", "Hips are sagging: brace your core and keep a straight line "
                    "from shoulders to heels.")  # fmt: skip
    if ratio < -SAG_RATIO:
        return Flag("hips_piking", "Hips are piking up: lower them into one straight line.")
    return None


def _arms_even(exercise: Exercise, rep: Movement, body: Body) -> Flag | None:
    i = rep.turn_index
    if exercise.signal == "elbow":
        left = (L.LEFT_SHOULDER, L.LEFT_ELBOW, L.LEFT_WRIST)
        right = (L.RIGHT_SHOULDER, L.RIGHT_ELBOW, L.RIGHT_WRIST)
    else:
        left = (L.LEFT_HIP, L.LEFT_SHOULDER, L.LEFT_WRIST)
        right = (L.RIGHT_HIP, L.RIGHT_SHOULDER, L.RIGHT_WRIST)
    if np.any(body.visibility[i, [*left, *right]] < VISIBLE + 0.3):
        return None  # one side is hidden or guessed: no fair comparison
    pick = body.xy[i : i + 1]
    difference = abs(
        float(angle(pick[:, left[0]], pick[:, left[1]], pick[:, left[2]])[0])
        - float(angle(pick[:, right[0]], pick[:, right[1]], pick[:, right[2]])[0])
    )
    if difference > UNEVEN_DEGREES:
        return Flag("asymmetric_arms", f"Arms are uneven by {difference:.0f}°: move both sides "
                    "together.")  # fmt: skip
    return None
