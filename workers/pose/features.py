"""What a whole recording looks like, as a few numbers the detector weighs together: body
orientation, how far each joint angle travels, how the trunk and feet move, and whether arms
and legs move in step. Each is scaled so that no camera distance or frame rate changes it."""

from __future__ import annotations

import numpy as np

from workers.pose.landmarks import L
from workers.pose.signals import Array, Body, trunk_length

NAMES = (
    "lying", "tilt", "elbow_travel", "knee_travel", "arms_travel", "hop", "feet_travel",
    "hip_travel", "shoulder_travel", "hands_up", "arms_with_knees", "arms_with_feet",
    "rhythm", "knee_low", "arms_high", "knee_seen", "arms_seen", "elbow_seen",
)  # fmt: skip


def _travel(values: Array) -> float:
    """Range without the outermost 1 % (glitches), which keeps a few reps among long pauses."""
    seen = values[~np.isnan(values)]
    return float(np.percentile(seen, 99) - np.percentile(seen, 1)) if seen.size >= 5 else 0.0


def _quantile(values: Array, q: float, empty: float) -> float:
    seen = values[~np.isnan(values)]
    return float(np.percentile(seen, q)) if seen.size >= 5 else empty


def _together(a: Array, b: Array) -> float:
    """Correlation of two signals over the frames where both are measured; 0 when flat."""
    both = ~np.isnan(a) & ~np.isnan(b)
    if both.sum() < 5 or np.std(a[both]) < 1e-6 or np.std(b[both]) < 1e-6:
        return 0.0
    return float(np.corrcoef(a[both], b[both])[0, 1])


def _pair(body: Body, left: int, right: int) -> Array:
    ok = body.visible(left) | body.visible(right)
    return np.where(ok[:, None], body.xy[:, [left, right]].mean(axis=1), np.nan)


def tilt(body: Body) -> Array:
    """Per frame, the shoulder-to-hip line's angle from vertical (degrees)."""
    trunk = _pair(body, L.LEFT_HIP, L.RIGHT_HIP) - _pair(body, L.LEFT_SHOULDER, L.RIGHT_SHOULDER)
    return np.asarray(np.degrees(np.arctan2(np.abs(trunk[:, 0]), np.abs(trunk[:, 1]))))


def describe(times: Array, body: Body, signals: dict[str, Array]) -> Array:
    """The feature vector, in the order of `NAMES`."""
    scale = trunk_length(body)
    scale = scale if scale > 0 else 0.25
    leaning = tilt(body)
    hips = _pair(body, L.LEFT_HIP, L.RIGHT_HIP)[:, 1]
    shoulders = _pair(body, L.LEFT_SHOULDER, L.RIGHT_SHOULDER)[:, 1]
    wrists = _pair(body, L.LEFT_WRIST, L.RIGHT_WRIST)[:, 1]
    ankles = body.visible(L.LEFT_ANKLE, L.RIGHT_ANKLE)
    feet = np.where(ankles, np.abs(body.xy[:, L.LEFT_ANKLE, 0] - body.xy[:, L.RIGHT_ANKLE, 0]),
                    np.nan)  # fmt: skip
    level = hips if np.mean(~np.isnan(hips)) > 0.5 else shoulders
    centred = level[~np.isnan(level)] - np.nanmedian(level) if np.any(~np.isnan(level)) else []
    crossings = np.sum(np.diff(np.sign(np.asarray(centred))) != 0) / 2
    duration = max(float(times[-1] - times[0]), 0.5) if len(times) else 0.5
    measured = {k: float(np.mean(~np.isnan(v))) if v.size else 0.0 for k, v in signals.items()}
    values = [
        float(np.mean(leaning[~np.isnan(leaning)] > 50)) if np.any(~np.isnan(leaning)) else 0.0,
        _quantile(leaning, 50, 0.0) / 90,
        _travel(signals["elbow"]) / 180,
        _travel(signals["knee"]) / 180,
        _travel(signals["arms"]) / 180,
        min(_quantile(signals["hop"], 99, 0.0), 2.0),
        _travel(feet) / scale,
        _travel(hips) / scale,
        _travel(shoulders) / scale,
        _quantile((shoulders - wrists) / scale, 50, 0.0),
        _together(signals["arms"], signals["knee"]),
        _together(signals["arms"], feet),
        min(crossings / duration, 5.0),
        _quantile(signals["knee"], 5, 180.0) / 180,
        _quantile(signals["arms"], 99, 0.0) / 180,
        measured["knee"],
        measured["arms"],
        measured["elbow"],
    ]
    return np.nan_to_num(np.array(values, dtype=np.float64), nan=0.0, posinf=0.0, neginf=0.0)
