"""Which exercise is this? Told apart by body orientation and by which joints move the most."""

from __future__ import annotations

import numpy as np

from workers.pose.landmarks import L
from workers.pose.signals import Array, Body

LYING_DEGREES = 50.0
ARM_SWING = 70.0
KNEE_BEND = 35.0


def _spread(values: Array) -> float:
    """Range of a signal, ignoring the outermost 1 % (glitches) but not short bursts of
    movement: a few reps among long pauses still show their full range."""
    seen = values[~np.isnan(values)]
    if seen.size < 5:
        return 0.0
    return float(np.percentile(seen, 99) - np.percentile(seen, 1))


def torso_tilt(body: Body) -> float:
    """Median angle of the shoulder-to-hip line from vertical (degrees); 0 when hips are unseen."""
    seen = body.visible(L.LEFT_SHOULDER, L.RIGHT_SHOULDER, L.LEFT_HIP, L.RIGHT_HIP)
    if seen.sum() < 5:
        return 0.0
    shoulders = body.xy[seen][:, [L.LEFT_SHOULDER, L.RIGHT_SHOULDER]].mean(axis=1)
    hips = body.xy[seen][:, [L.LEFT_HIP, L.RIGHT_HIP]].mean(axis=1)
    trunk = hips - shoulders
    tilt = np.degrees(np.arctan2(np.abs(trunk[:, 0]), np.abs(trunk[:, 1])))
    return float(np.median(tilt))


def detect(body: Body, signals: dict[str, Array]) -> str:
    """One of the supported exercise names."""
    if torso_tilt(body) > LYING_DEGREES:
        return "push_up"
    if _spread(signals["arms"]) > ARM_SWING:
        return "jumping_jack"
    if _spread(signals["knee"]) > KNEE_BEND:
        return "squat"
    return "jump_rope"
