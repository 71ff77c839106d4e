"""The synthetic body model's poses: one function per exercise turns the value of the counted
signal (an elbow, knee or arm angle, a hop height) into 33 landmark positions and visibilities,
filmed from the side (push-ups, squats) or the front (jumping jacks, jump rope)."""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from workers.pose.landmarks import COUNT, L

Array = NDArray[np.float64]
Pose = tuple[Array, Array]  # (33, 2) positions and (33,) visibility

NEAR, FAR, FRONT = 0.99, 0.72, 0.97
# Front views: image-left side (x goes down), then image-right, each as shoulder ... ankle.
LIMBS = (
    (-1, (L.LEFT_SHOULDER, L.LEFT_ELBOW, L.LEFT_WRIST, L.LEFT_HIP, L.LEFT_KNEE, L.LEFT_ANKLE)),
    (1, (L.RIGHT_SHOULDER, L.RIGHT_ELBOW, L.RIGHT_WRIST, L.RIGHT_HIP, L.RIGHT_KNEE, L.RIGHT_ANKLE)),
)

# The face, hands and feet follow the nose, wrists and ankles at fixed offsets (image heights).
FACE = np.array([(0.01 * ((eye % 3) - 1), -0.01) for eye in range(1, 11)])
HANDS, WRISTS = [17, 19, 21, 18, 20, 22], [15, 15, 15, 16, 16, 16]
FEET, ANKLES = [29, 31, 30, 32], [27, 27, 28, 28]
FOOT_OFFSETS = np.array([(0.0, 0.015), (0.02, 0.015), (0.0, 0.015), (0.02, 0.015)])
LEFT_SIDE = list(range(11, 33, 2))
RIGHT_SIDE = [i + 1 for i in LEFT_SIDE]


def _blank() -> Pose:
    return np.zeros((COUNT, 2)), np.full(COUNT, 0.9)


def _finish(points: Array, visibility: Array, near_left: bool | None) -> Pose:
    """Fill the face, hands and feet from the main joints; set side visibility."""
    points[1:11] = points[L.NOSE] + FACE
    points[HANDS] = points[WRISTS] + 0.01
    points[FEET] = points[ANKLES] + FOOT_OFFSETS
    if near_left is not None:
        visibility[:] = FAR
        visibility[LEFT_SIDE if near_left else RIGHT_SIDE] = NEAR
        visibility[L.NOSE] = NEAR
    else:
        visibility[:] = FRONT
    return points, visibility


def _mirror_far_side(points: Array) -> None:
    """In a side view the hidden side sits almost behind the near one."""
    points[RIGHT_SIDE] = points[LEFT_SIDE] + (0.006, -0.004)


def push_up(elbow: float, sag: float = 0.0) -> Pose:
    points, visibility = _blank()
    upper, fore, body = 0.15, 0.14, 0.78
    theta = math.radians(elbow)
    rise = math.sqrt(upper**2 + fore**2 - 2 * upper * fore * math.cos(theta))
    wrist = np.array([0.35, 0.85])
    shoulder = wrist + (0.0, -rise)
    beta = math.acos((fore**2 + rise**2 - upper**2) / (2 * fore * rise))
    elbow_at = wrist + fore * np.array([math.sin(beta), -math.cos(beta)])
    ankle_y = 0.83
    ankle = np.array([shoulder[0] + math.sqrt(body**2 - (ankle_y - shoulder[1]) ** 2), ankle_y])
    line = ankle - shoulder
    down = np.array([-line[1], line[0]]) / np.linalg.norm(line)
    down = down if down[1] > 0 else -down
    points[L.LEFT_SHOULDER], points[L.LEFT_ELBOW], points[L.LEFT_WRIST] = shoulder, elbow_at, wrist
    points[L.LEFT_HIP] = shoulder + 0.48 * line + sag * down
    points[L.LEFT_KNEE] = shoulder + 0.74 * line + 0.5 * sag * down
    points[L.LEFT_ANKLE] = ankle
    points[L.NOSE] = shoulder + (-0.08, -0.03)
    _mirror_far_side(points)
    return _finish(points, visibility, near_left=True)


def squat(knee: float, arms: str = "forward", hinge: float = 0.0) -> Pose:
    """A side-view squat at `knee` degrees; `hinge` (degrees) tips the trunk further forward,
    as in bending to pick something up."""
    points, visibility = _blank()
    bend = 180.0 - knee
    a, b, c = (math.radians(bend * k) for k in (0.45, 0.55, 0.35))
    c += math.radians(hinge)
    ankle = np.array([0.6, 0.88])
    knee_at = ankle + 0.24 * np.array([math.sin(a), -math.cos(a)])
    hip = knee_at + 0.25 * np.array([-math.sin(b), -math.cos(b)])
    shoulder = hip + 0.30 * np.array([math.sin(c), -math.cos(c)])
    points[L.LEFT_ANKLE], points[L.LEFT_KNEE], points[L.LEFT_HIP] = ankle, knee_at, hip
    points[L.LEFT_SHOULDER] = shoulder
    depth = (180.0 - knee) / 110.0  # 0 standing, about 1 at the bottom
    raise_ = {"forward": 90.0, "down": 10.0, "overhead": 175.0, "barbell": 0.0,
              "press": 175.0 - 95.0 * depth}.get(arms, 90.0)  # fmt: skip
    phi = math.radians(raise_)  # from straight down, forwards
    arm = np.array([math.sin(phi), math.cos(phi)])
    if arms == "forward":
        points[L.LEFT_ELBOW] = shoulder + (0.13, 0.02)
        points[L.LEFT_WRIST] = shoulder + (0.26, 0.0)
    elif arms == "barbell":  # elbows down and back, hands at the shoulders
        points[L.LEFT_ELBOW] = shoulder + (-0.06, 0.12)
        points[L.LEFT_WRIST] = shoulder + (0.02, -0.01)
    else:
        points[L.LEFT_ELBOW] = shoulder + 0.13 * arm
        points[L.LEFT_WRIST] = shoulder + 0.26 * arm
    points[L.NOSE] = shoulder + (0.04, -0.09)
    _mirror_far_side(points)
    return _finish(points, visibility, near_left=True)


def jumping_jack(arms: float, uneven: float = 0.0) -> Pose:
    points, visibility = _blank()
    centre = 0.667
    psi = math.radians(4 + (arms - 15) / 150 * 18)
    for side, (shoulder, elbow, wrist, hip, knee, ankle) in LIMBS:
        points[shoulder] = (centre + side * 0.10, 0.32)
        phi = math.radians(arms - (uneven * (arms - 15) / 150 if side > 0 else 0.0))
        arm = np.array([side * math.sin(phi), math.cos(phi)])
        points[elbow] = points[shoulder] + 0.14 * arm
        points[wrist] = points[shoulder] + 0.28 * arm
        points[hip] = (centre + side * 0.065, 0.56)
        leg = np.array([side * math.sin(psi), math.cos(psi)])
        points[knee] = points[hip] + 0.20 * leg
        points[ankle] = points[hip] + 0.40 * leg
    points[L.NOSE] = (centre, 0.23)
    return _finish(points, visibility, near_left=None)


def jump_rope(height: float) -> Pose:
    points, visibility = _blank()
    centre = 0.667
    for side, (shoulder, elbow, wrist, hip, knee, ankle) in LIMBS:
        points[shoulder] = (centre + side * 0.10, 0.30)
        points[elbow] = (centre + side * 0.13, 0.44)
        points[wrist] = (centre + side * 0.17, 0.53)
        points[hip] = (centre + side * 0.065, 0.54)
        points[knee] = (centre + side * 0.07, 0.72)
        points[ankle] = (centre + side * 0.07, 0.88)
    points[L.NOSE] = (centre, 0.21)
    points[:, 1] -= height
    return _finish(points, visibility, near_left=None)
