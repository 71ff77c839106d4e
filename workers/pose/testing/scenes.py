"""Synthetic sets: a `Script` (exercise, reps, tempo, noise, camera, framing, what happens
between reps) and `generate`, which plays it through the body model of `poses` into a
`LandmarkSequence` with a known count.

Joint angles follow rep profiles (cosine easing down and up, a parabola in the air for jumps)
with random tempo, pauses and partial reps; noise, dropped frames and occluded joints can be
added. Coordinates are in image heights on a 4:3 picture, like `LandmarkSequence`."""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from workers.pose.landmarks import COUNT, L, LandmarkSequence
from workers.pose.testing.poses import (
    ANKLES,
    FAR,
    FEET,
    FRONT,
    HANDS,
    LEFT_SIDE,
    LIMBS,
    RIGHT_SIDE,
    WRISTS,
    Array,
    Pose,
    jump_rope,
    jumping_jack,
    push_up,
    squat,
)


@dataclass(frozen=True)
class Script:
    exercise: str
    reps: int
    seed: int
    fps: float = 30.0
    partials: int = 0
    noise: float = 0.0
    """Standard deviation of position noise, in image heights (0.003 is about 1.5 px)."""
    dropped: float = 0.0
    """Share of frames missing altogether."""
    occluded: float = 0.0
    """Share of frames in which a few joints are barely visible."""
    sag: float = 0.0
    """Push-ups: how far the hips hang below the shoulder-ankle line, in image heights."""
    shallow: bool = False
    """Counted reps that stop short of good depth."""
    uneven: float = 0.0
    """Jumping jacks: how many degrees lower the right arm rises than the left."""
    far_side: bool = False
    """Side views: film the athlete's right side (the left one is then the hidden side)."""
    empty_s: float = 0.0
    """Seconds without anyone in the picture before and after the set."""
    pause_s: float | None = None
    """Rest between reps, instead of the exercise's usual short pauses."""
    lead_s: float = 0.0
    """Extra seconds standing (or holding the start position) before the first rep."""
    arms: str = "forward"
    """Squats: where the arms are: "forward", "down", "overhead", "barbell" (hands at the
    shoulders) or "press" (from the shoulders to overhead with every rep)."""
    yaw: float | None = None
    """Camera direction in degrees: 0 films the front, 90 the side; None is the exercise's
    usual view (side for push-ups and squats, front for jacks and jump rope)."""
    cut_s: float | None = None
    """At this second the film cuts to a camera 90 degrees round and twice as close."""
    hidden: tuple[int, ...] = ()
    """Landmarks out of the picture the whole time (barely visible, as MediaPipe reports)."""
    bounce: bool = False
    """Jump rope: one small hop, then a pause, before the rope starts."""
    reach: tuple[float, float] | None = None
    """The value at the turn of every counted rep, instead of the exercise's full range."""
    start_open: bool = False
    """Start at the turn of a rep (jacks: arms up) and return from there first."""
    interlude: str | None = None
    """Between two halves of the set: "talk" (standing, arms gesturing), "hinge" (bending to
    pick up a bar) or "stand" (standing still)."""


@dataclass(frozen=True)
class Model:
    pose: Callable[[float], Pose]
    rest: float
    full: tuple[float, float]
    """Range of the value at the turn of a full rep."""
    shallow: tuple[float, float]
    """Range at the turn of a counted rep that stops short of good depth."""
    partial: tuple[float, float]
    """Range at the turn of an attempt that must not count."""
    down: tuple[float, float]
    up: tuple[float, float]
    pause: tuple[float, float]
    airborne: bool = False


MODELS = {
    "push_up": Model(lambda v: push_up(v), 172, (72, 90), (100, 106), (120, 130),
                     (0.5, 1.4), (0.4, 1.1), (0.1, 1.2)),
    "squat": Model(squat, 175, (70, 95), (108, 115), (128, 138),
                   (0.6, 1.8), (0.5, 1.4), (0.1, 1.2)),
    "jumping_jack": Model(jumping_jack, 15, (155, 172), (128, 138), (72, 76),
                          (0.25, 0.55), (0.25, 0.55), (0.0, 0.4)),
    "jump_rope": Model(jump_rope, 0.0, (0.045, 0.07), (0.034, 0.038), (0.015, 0.019),
                       (0.12, 0.2), (0.12, 0.2), (0.08, 0.3), airborne=True),
}  # fmt: skip


def _profile(script: Script, model: Model, rng: np.random.Generator) -> tuple[Array, Array]:
    """Times and joint values of the whole set, sampled at the script's frame rate."""
    kinds = ["rep"] * script.reps + ["partial"] * script.partials
    rng.shuffle(kinds)
    start = model.rest
    if script.start_open:
        start = float(np.mean(script.reach or model.full))
    knots: list[tuple[float, float, str]] = [(0.0, start, "hold")]
    clock = rng.uniform(0.5, 1.0) + script.lead_s
    if script.start_open:
        clock += 0.4
    knots.append((clock, model.rest, "hold" if start == model.rest else "ease"))
    if script.bounce:
        low, high = model.full
        hop = (low + (high - low) * 0.2) * 0.55
        knots += [(clock + 0.12, hop, "air"), (clock + 0.24, model.rest, "air")]
        clock += 0.24 + rng.uniform(1.0, 1.6)
        knots.append((clock, model.rest, "hold"))
    for kind in kinds:
        span = script.reach or model.full
        if kind == "partial":
            span = model.partial
        elif script.shallow:
            span = model.shallow
        turn = rng.uniform(*span)
        down, up = rng.uniform(*model.down), rng.uniform(*model.up)
        knots.append((clock + down, turn, "air" if model.airborne else "ease"))
        knots.append((clock + down + up, model.rest, "air" if model.airborne else "ease"))
        pause = rng.uniform(*model.pause)
        if script.pause_s is not None:
            pause = rng.uniform(script.pause_s, script.pause_s * 1.2)
        if model.airborne:
            # On the ground long enough to be filmed: three frames, even if one is dropped.
            pause = max(pause, 3.0 / script.fps)
        clock += down + up + pause
        knots.append((clock, model.rest, "hold"))
    clock += rng.uniform(0.5, 1.0)
    knots.append((clock, model.rest, "hold"))
    steps = rng.uniform(0.9, 1.1, size=int(clock * script.fps) + 2) / script.fps
    times = np.cumsum(steps) - steps[0]
    times = times[times <= clock]
    return times, np.array([_value_at(t, knots) for t in times])


def _value_at(time: float, knots: list[tuple[float, float, str]]) -> float:
    for (t0, v0, _), (t1, v1, kind) in itertools.pairwise(knots):
        if t0 <= time <= t1:
            s = (time - t0) / (t1 - t0) if t1 > t0 else 1.0
            if kind == "air":  # ballistic: fast near the ground, slow near the top
                eased = 1 - (1 - s) ** 2 if v1 > v0 else s**2
            else:
                eased = (1 - math.cos(math.pi * s)) / 2
            return v0 + (v1 - v0) * eased
    return knots[-1][1]


def _pose(script: Script, value: float) -> Pose:
    if script.exercise == "push_up":
        return push_up(value, script.sag)
    if script.exercise == "jumping_jack":
        return jumping_jack(value, script.uneven)
    if script.exercise == "squat":
        return squat(value, script.arms)
    return MODELS[script.exercise].pose(value)


def generate(script: Script) -> LandmarkSequence:
    rng = np.random.default_rng(script.seed)
    model = MODELS[script.exercise]
    times, values = _profile(script, model, rng)
    frames = np.zeros((len(times), COUNT, 4))
    side_view = script.exercise in SIDE_VIEWS
    views = _views(script, times)
    for index, value in enumerate(values):
        points, visibility = _pose(script, value)
        if views is not None:
            points, visibility = _turned(points, side_view, *views[index])
        points = points + rng.normal(0.0, script.noise, points.shape) if script.noise else points
        frames[index, :, :2] = points
        frames[index, :, 3] = visibility
    if script.occluded:
        hidden = rng.random(len(times)) < script.occluded
        for index in np.flatnonzero(hidden):
            frames[index, rng.choice(COUNT, size=4, replace=False), 3] = 0.1
    if script.far_side:
        # Swap each left landmark with its right twin: the camera now sees the other side.
        frames[:, LEFT_SIDE + RIGHT_SIDE] = frames[:, RIGHT_SIDE + LEFT_SIDE]
    frames[:, list(script.hidden), 3] = 0.05
    if script.interlude:
        resting = np.flatnonzero(values == model.rest)
        middle = int(resting[np.argmin(np.abs(resting - len(times) // 2))])
        times, frames = _with_interlude(script, times, frames, middle)
    keep = rng.random(len(times)) >= script.dropped
    keep[[0, -1]] = True
    times, frames = times[keep], frames[keep]
    if script.empty_s:
        step = 1.0 / script.fps
        before = np.arange(-script.empty_s, 0, step)
        after = times[-1] + np.arange(step, script.empty_s + step, step)
        blank = np.full((1, COUNT, 4), np.nan)
        times = np.concatenate([before, times, after]) - before[0]
        frames = np.concatenate(
            [np.repeat(blank, len(before), 0), frames, np.repeat(blank, len(after), 0)]
        )
    return LandmarkSequence(times, frames, 640, 480)


SIDE_VIEWS = ("push_up", "squat")
# How far each landmark sits from the body's midline (image heights), the left side negative.
LATERAL = np.zeros(COUNT)
for _side, _joints in LIMBS:
    LATERAL[list(_joints)] = _side * np.array([0.10, 0.12, 0.13, 0.065, 0.07, 0.07])
LATERAL[HANDS] = LATERAL[WRISTS]
LATERAL[FEET] = LATERAL[ANKLES]
LOWER_LEGS = (L.LEFT_ANKLE, L.RIGHT_ANKLE, *FEET)
"""Landmarks a close or low camera leaves out: see `Script.hidden`."""
HEAD = tuple(range(11))


def _views(script: Script, times: Array) -> list[tuple[float, float, Array]] | None:
    """Per frame: camera yaw, zoom and shift, or None for the model's own view throughout."""
    if script.yaw is None and script.cut_s is None:
        return None
    native = 90.0 if script.exercise in SIDE_VIEWS else 0.0
    first = native if script.yaw is None else script.yaw
    after = (
        (first, 1.0, np.zeros(2))
        if script.cut_s is None
        else (90.0 - first, 1.6, np.array([-0.35, -0.45]))
    )
    return [
        (first, 1.0, np.zeros(2)) if script.cut_s is None or t < script.cut_s else after
        for t in times
    ]


def _turned(points: Array, side_view: bool, yaw: float, zoom: float, shift: Array) -> Pose:
    """The pose filmed from `yaw` degrees round (0 the front, 90 the side), zoomed about the
    feet and shifted."""
    centre = float(points[[L.LEFT_HIP, L.RIGHT_HIP], 0].mean())
    if side_view:
        forward, lateral = points[:, 0] - centre, LATERAL.copy()
        # Bent knees point out over the toes, which a front camera sees.
        for knee, ankle in ((L.LEFT_KNEE, L.LEFT_ANKLE), (L.RIGHT_KNEE, L.RIGHT_ANKLE)):
            lateral[knee] += np.sign(lateral[knee]) * 0.8 * abs(points[knee, 0] - points[ankle, 0])
    else:
        forward, lateral = np.zeros(COUNT), points[:, 0] - centre
    theta = math.radians(yaw)
    turned = points.copy()
    turned[:, 0] = centre + forward * math.sin(theta) + lateral * math.cos(theta)
    feet = np.array([centre, 0.9])
    turned = feet + (turned - feet) * zoom + shift
    near = abs(math.sin(theta))
    visibility = np.full(COUNT, FRONT)
    visibility[RIGHT_SIDE] = FRONT - (FRONT - FAR) * near  # the camera's far side
    return turned, visibility


def _with_interlude(
    script: Script, times: Array, frames: Array, middle: int
) -> tuple[Array, Array]:
    """Insert a few seconds of something else before frame `middle` (a rest in the set)."""
    rng = np.random.default_rng(script.seed + 1)
    middle = max(middle, 1)
    length = rng.uniform(3.0, 5.0)
    step = 1.0 / script.fps
    local = np.arange(step, length, step)
    inserted = np.zeros((len(local), COUNT, 4))
    for index, t in enumerate(local):
        phase = t / length
        if script.interlude == "hinge":
            bend = math.sin(math.pi * phase) ** 2
            points, visibility = squat(180 - 65 * bend, arms="down", hinge=55 * bend)
        else:
            points, visibility = jump_rope(0.0)
            if script.interlude == "talk":  # a close-up: legs out of the picture, hands moving
                points = points[L.NOSE] + (points - points[L.NOSE]) * 2.2 + (0, 0.15)
                lift = 0.12 * (1 + math.sin(2 * math.pi * 0.7 * t + 2 * math.sin(3 * t)))
                points[[L.LEFT_WRIST, L.RIGHT_WRIST], 1] -= lift
                visibility[[L.LEFT_HIP, L.RIGHT_HIP, L.LEFT_KNEE, L.RIGHT_KNEE,
                            *LOWER_LEGS]] = 0.05  # fmt: skip
        inserted[index, :, :2] = points + rng.normal(0, max(script.noise, 0.001), points.shape)
        inserted[index, :, 3] = visibility
    shift = local[-1] + step
    times = np.concatenate([times[:middle], times[middle - 1] + local, times[middle:] + shift])
    return times, np.concatenate([frames[:middle], inserted, frames[middle:]])
