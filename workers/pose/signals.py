"""Per-frame body signals from smoothed landmarks: joint angles, arm and leg spread, body line
and vertical position. A signal is NaN where the landmarks it needs are not visible."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from workers.pose.landmarks import VISIBLE, L

Array = NDArray[np.float64]
BOTH_SIDES_VISIBLE = 0.8


def angle(a: Array, b: Array, c: Array) -> Array:
    """The angle at `b` (degrees) between b→a and b→c, for (N, 2) arrays."""
    u, v = a - b, c - b
    cosine = np.sum(u * v, axis=-1) / (np.linalg.norm(u, axis=-1) * np.linalg.norm(v, axis=-1))
    return np.asarray(np.degrees(np.arccos(np.clip(cosine, -1.0, 1.0))), dtype=np.float64)


@dataclass(frozen=True)
class Body:
    """Smoothed positions (N, 33, 2) in image heights and raw visibility (N, 33)."""

    xy: Array
    visibility: Array

    def visible(self, *joints: int) -> NDArray[np.bool_]:
        return np.asarray(np.all(self.visibility[:, list(joints)] >= VISIBLE, axis=1))

    def joint_angle(self, a: int, b: int, c: int) -> Array:
        values = angle(self.xy[:, a], self.xy[:, b], self.xy[:, c])
        return np.where(self.visible(a, b, c), values, np.nan)

    @property
    def detected(self) -> NDArray[np.bool_]:
        """Frames in which a person was found at all."""
        return np.asarray(~np.isnan(self.xy[:, :, 0]).all(axis=1))

    def side_score(self, *joints: int) -> float:
        """How well a set of joints is seen: the median, over frames with a person in them, of
        its least visible joint (frames without anyone say nothing about sides)."""
        seen = self.visibility[self.detected][:, list(joints)]
        return float(np.median(seen.min(axis=1))) if seen.size else 0.0


def _mean_of_seen(values: Array) -> Array:
    """Row means over the non-NaN entries of (N, k) values; NaN where a row has none."""
    seen = ~np.isnan(values)
    total = np.where(seen, values, 0.0).sum(axis=1)
    counted = seen.sum(axis=1)
    return np.where(counted > 0, total / np.maximum(counted, 1), np.nan)


def sided(body: Body, left: Triple, right: Triple) -> Array:
    """One angle for a joint that exists on both sides, from the side the camera sees best.

    When both sides are clearly visible (a front view) their mean is used; a side view uses the
    near side only, because MediaPipe's guess for the hidden side is unreliable.
    """
    left_angle, right_angle = body.joint_angle(*left), body.joint_angle(*right)
    left_score, right_score = body.side_score(*left), body.side_score(*right)
    if min(left_score, right_score) >= BOTH_SIDES_VISIBLE:
        return _mean_of_seen(np.stack([left_angle, right_angle], axis=1))
    return left_angle if left_score >= right_score else right_angle


Triple = tuple[int, int, int]
ANGLE_JOINTS: dict[str, tuple[Triple, Triple]] = {
    "elbow": ((L.LEFT_SHOULDER, L.LEFT_ELBOW, L.LEFT_WRIST),
              (L.RIGHT_SHOULDER, L.RIGHT_ELBOW, L.RIGHT_WRIST)),
    "knee": ((L.LEFT_HIP, L.LEFT_KNEE, L.LEFT_ANKLE), (L.RIGHT_HIP, L.RIGHT_KNEE, L.RIGHT_ANKLE)),
    "arms": ((L.LEFT_HIP, L.LEFT_SHOULDER, L.LEFT_WRIST),
             (L.RIGHT_HIP, L.RIGHT_SHOULDER, L.RIGHT_WRIST)),
}  # fmt: skip
SIGNAL_JOINTS: dict[str, tuple[tuple[int, ...], tuple[int, ...]]] = {
    **ANGLE_JOINTS,
    "hop": ((L.LEFT_SHOULDER, L.RIGHT_SHOULDER), (L.LEFT_SHOULDER, L.RIGHT_SHOULDER)),
}
"""The landmarks each signal is measured from, per side."""


def signal_visibility(body: Body, signal: str) -> float:
    """How well the counted signal's landmarks were seen: per frame with a person, the better
    side's least visible landmark; the median of that."""
    left, right = SIGNAL_JOINTS[signal]
    worth = 1.0
    if signal == "knee" and not _mostly_measured(sided(body, *ANGLE_JOINTS["knee"]), body):
        left, right, worth = left[:2], right[:2], ESTIMATE_WORTH  # hips and knees: the thighs
    seen = body.visibility[body.detected]
    if not seen.size:
        return 0.0
    best = np.maximum(seen[:, list(left)].min(axis=1), seen[:, list(right)].min(axis=1))
    return worth * float(np.median(best))


ESTIMATE_WORTH = 0.6
"""How much a knee angle estimated from the thighs is worth against one measured in full."""


def elbow_angle(body: Body) -> Array:
    return sided(body, *ANGLE_JOINTS["elbow"])


def knee_angle(body: Body) -> Array:
    """The knee angle. `thigh_knee_angle` stands in for it when the lower legs are out of the
    picture most of the time (a close or high camera), and when it travels further in a view
    off the side (a knee bending towards the camera hardly changes its angle in the picture)."""
    knee = sided(body, *ANGLE_JOINTS["knee"])
    thigh = thigh_knee_angle(body)
    if not _mostly_measured(knee, body):
        return thigh if _mostly_measured(thigh, body) else knee
    if _turned(body, ANGLE_JOINTS["knee"]) and _mostly_measured(thigh, body):
        return thigh if _travel(thigh) > _travel(knee) else knee
    return knee


def _travel(values: Array) -> float:
    seen = values[~np.isnan(values)]
    return float(np.percentile(seen, 97) - np.percentile(seen, 3)) if seen.size >= 5 else 0.0


MOSTLY_SEEN = 0.5


def _mostly_measured(signal: Array, body: Body) -> bool:
    """Whether the signal has a value in most frames with a person in them."""
    present = body.detected
    return bool(present.any() and np.mean(~np.isnan(signal[present])) >= MOSTLY_SEEN)


THIGH_REFERENCE = 95
"""Percentile of the thigh's length in the picture taken as its full length (standing)."""


def thigh_knee_angle(body: Body) -> Array:
    """The knee angle from the thighs alone, for when the shins are not seen: 180° less the
    thigh's drop from vertical, with the shin taken as upright. The drop comes from how much of
    the thigh's full length still points down (height from hip to knee over full length), which
    holds whether the camera sees the thigh from the side or foreshortened from the front."""
    sides = []
    for hip, knee in ((L.LEFT_HIP, L.LEFT_KNEE), (L.RIGHT_HIP, L.RIGHT_KNEE)):
        seen = body.visible(hip, knee)
        if seen.sum() < 5:
            continue
        thigh = body.xy[:, knee] - body.xy[:, hip]
        full = float(np.percentile(np.linalg.norm(thigh[seen], axis=1), THIGH_REFERENCE))
        if full <= 0:
            continue
        drop = np.degrees(np.arccos(np.clip(thigh[:, 1] / full, -1.0, 1.0)))
        sides.append(np.where(seen, 180.0 - drop, np.nan))
    if not sides:
        return np.full(len(body.xy), np.nan)
    return _mean_of_seen(np.stack(sides, axis=1))


def arm_raise(body: Body) -> Array:
    """Angle between upper body and arm (hip-shoulder-wrist): ~15° hanging, ~170° overhead."""
    return sided(body, *ANGLE_JOINTS["arms"])


def hip_offset(body: Body) -> Array:
    """Signed distance of the hip from the shoulder-ankle line, in image heights: positive when
    the hip is below the line (sagging), negative when above it (piking)."""
    left = (L.LEFT_SHOULDER, L.LEFT_HIP, L.LEFT_ANKLE)
    right = (L.RIGHT_SHOULDER, L.RIGHT_HIP, L.RIGHT_ANKLE)
    shoulder, hip, ankle = left if body.side_score(*left) >= body.side_score(*right) else right
    s, h, a = body.xy[:, shoulder], body.xy[:, hip], body.xy[:, ankle]
    line = a - s
    along = np.sum((h - s) * line, axis=1) / np.sum(line * line, axis=1)
    foot = s + along[:, None] * line
    distance = np.linalg.norm(h - foot, axis=1) * np.sign(h[:, 1] - foot[:, 1])
    return np.where(body.visible(shoulder, hip, ankle), distance, np.nan)


def shoulder_width(body: Body) -> float:
    """Median distance between the shoulders."""
    seen = body.visible(L.LEFT_SHOULDER, L.RIGHT_SHOULDER)
    if not seen.any():
        return float("nan")
    span = body.xy[seen, L.LEFT_SHOULDER] - body.xy[seen, L.RIGHT_SHOULDER]
    return float(np.median(np.linalg.norm(span, axis=1)))


def trunk_length(body: Body) -> float:
    """Median distance from the middle of the shoulders to the middle of the hips."""
    seen = body.visible(L.LEFT_SHOULDER, L.RIGHT_SHOULDER, L.LEFT_HIP, L.RIGHT_HIP)
    if not seen.any():
        return float("nan")
    shoulders = body.xy[seen][:, [L.LEFT_SHOULDER, L.RIGHT_SHOULDER]].mean(axis=1)
    hips = body.xy[seen][:, [L.LEFT_HIP, L.RIGHT_HIP]].mean(axis=1)
    return float(np.median(np.linalg.norm(shoulders - hips, axis=1)))


OBLIQUE_SHOULDERS = 0.35
"""Shoulder width per trunk length beyond which the camera is not side-on: a side view puts
one shoulder nearly behind the other (about 0.1-0.25), a front view shows them apart (0.8)."""


def foreshortens(body: Body, signal: str) -> bool:
    """Whether the signal's joint angle is measured shallower than it is bent, by an amount that
    depends on how the person faces the camera: both sides clearly seen (a front view), the
    shoulders well apart (an oblique one), or knees estimated from the thighs alone (shins out
    of the picture). Only a side view of the whole limb shows the true angle."""
    joints = ANGLE_JOINTS.get(signal)
    if joints is None:
        return False
    if signal == "knee" and not _mostly_measured(sided(body, *joints), body):
        return True
    return _turned(body, joints)


def _turned(body: Body, joints: tuple[Triple, Triple]) -> bool:
    """Whether the camera is off the side of the limb: a front or an oblique view."""
    if min(body.side_score(*joints[0]), body.side_score(*joints[1])) >= BOTH_SIDES_VISIBLE:
        return True
    width, trunk = shoulder_width(body), trunk_length(body)
    return bool(trunk > 0 and width / trunk >= OBLIQUE_SHOULDERS)


# A trunk is about 1.2 shoulder widths; this turns it into the same unit.
TRUNK_PER_SHOULDER_WIDTH = 1.2


def body_scale(body: Body) -> float:
    """The body's size in shoulder widths of a front view. Seen from the side the shoulders
    overlap, so the trunk (which any view shows) keeps the scale from collapsing."""
    sizes = [shoulder_width(body), trunk_length(body) / TRUNK_PER_SHOULDER_WIDTH]
    known = [size for size in sizes if not np.isnan(size)]
    return max(known) if known else float("nan")


def centre_height(body: Body) -> Array:
    """Vertical position of the trunk, upwards: midway between shoulder and hip height.

    Each pair is averaged on its own (either side will do), so a joint that drops out does not
    shift the centre. Hips that are out of frame most of the time are left out altogether.
    """

    def pair_height(left: int, right: int) -> Array:
        ys = np.where(
            body.visibility[:, [left, right]] >= VISIBLE, body.xy[:, [left, right], 1], np.nan
        )
        return _mean_of_seen(ys)

    shoulders = pair_height(L.LEFT_SHOULDER, L.RIGHT_SHOULDER)
    hips = pair_height(L.LEFT_HIP, L.RIGHT_HIP)
    present = body.detected
    hips_seen = np.mean(~np.isnan(hips[present])) if present.any() else 0.0
    centre = shoulders if hips_seen < 0.9 else (shoulders + hips) / 2
    return np.asarray(-centre, dtype=np.float64)


def hop_height(times: Array, body: Body, window_s: float = 0.35) -> Array:
    """Height of the trunk above its standing level, in shoulder widths (`body_scale`).

    The standing level at each moment is the lowest trunk position within `window_s` either
    side, which reaches the ground on both sides of any hop, so slow drift (a camera that
    tilts, a person stepping closer, a pose estimate that settles differently) is not a jump.
    """
    height = centre_height(body)
    scale = body_scale(body)
    ground = np.full_like(height, np.nan)
    for index, time in enumerate(times):
        window = (times >= time - window_s) & (times <= time + window_s)
        nearby = height[window]
        if np.any(~np.isnan(nearby)):
            ground[index] = np.nanmin(nearby)
    return np.asarray((height - ground) / scale, dtype=np.float64)
