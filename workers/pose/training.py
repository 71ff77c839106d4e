"""Fits the exercise detector on synthetic footage and writes `detector.json` (development
tooling, like `testing`; the engine only reads the file):

    uv run python -m workers.pose.training

The scenes vary what real recordings vary: camera direction, cuts between views, arm positions
in squats, framing that leaves out the head or the lower legs, bounces, shallow reps, pauses,
and stretches of standing, talking or bending between sets; "still" is someone who does no
exercise at all. Deterministic: the same seeds give the same weights."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np

from workers.pose.classifier import Classifier, fit
from workers.pose.detect import WEIGHTS
from workers.pose.landmarks import L, LandmarkSequence
from workers.pose.measure import measure
from workers.pose.testing import HEAD, LOWER_LEGS, Script, generate

STILL = "still"
LEGS = (L.LEFT_KNEE, L.RIGHT_KNEE, *LOWER_LEGS)
SCENES_PER_CLASS = 160


def scene(label: str, seed: int) -> Script:
    """A random scene of `label` (an exercise, or `STILL`)."""
    rng = np.random.default_rng(seed)
    exercise = label if label != STILL else str(rng.choice(["push_up", "squat", "jumping_jack",
                                                           "jump_rope", "squat"]))  # fmt: skip
    side = exercise in ("push_up", "squat")
    views: list[float | None] = [None, 0, 30, 45, 60] if side else [None, None, 20, 45, 70]
    yaw = views[int(rng.integers(len(views)))]
    reps = int(rng.integers(1, 13)) if label != STILL else 0
    pattern = rng.random(8)
    interlude = {"push_up": "talk", "squat": "hinge"}.get(exercise, "stand")
    return Script(
        exercise,
        reps=reps,
        seed=seed,
        fps=float(rng.choice([15.0, 24.0, 30.0, 60.0])),
        noise=float(rng.uniform(0.0, 0.005)),
        dropped=float(rng.uniform(0.0, 0.05)),
        partials=int(rng.integers(0, 3)) if reps else 0,
        yaw=None if yaw is None else float(yaw),
        arms=str(rng.choice(["forward", "down", "overhead", "barbell", "press"])),
        cut_s=float(rng.uniform(2.0, 5.0)) if pattern[0] < 0.15 else None,
        hidden=_hidden(pattern[1], side),
        bounce=exercise == "jump_rope" and pattern[2] < 0.3,
        reach=(85.0, 110.0) if exercise == "jumping_jack" and pattern[3] < 0.3 else None,
        start_open=exercise == "jumping_jack" and pattern[4] < 0.2,
        interlude=(interlude if reps else "talk") if pattern[5] < 0.2 else None,
        lead_s=float(rng.uniform(2.0, 10.0)) if label == STILL else 0.0,
        pause_s=float(rng.uniform(1.0, 4.0)) if pattern[6] < 0.15 else None,
        far_side=bool(pattern[7] < 0.3),
    )


def _hidden(chance: float, side: bool) -> tuple[int, ...]:
    """Framing: the head cut off, or the feet (shins too for exercises filmed from the side)."""
    if chance < 0.1:
        return HEAD
    if chance < 0.2:
        return LOWER_LEGS if side else LEGS
    return ()


def training_set(per_class: int = SCENES_PER_CLASS) -> tuple[np.ndarray, list[str]]:  # type: ignore[type-arg]
    labels = ["push_up", "squat", "jumping_jack", "jump_rope", STILL]
    rows, names = [], []
    for number, label in enumerate(labels):
        for index in range(per_class):
            rows.append(measure(generate(scene(label, 10_000 * number + index))).features)
            names.append(label)
    return np.array(rows), names


def train() -> Classifier:
    features, labels = training_set()
    return fit(features, labels)


if __name__ == "__main__":
    classifier = train()
    Path(WEIGHTS).write_text(classifier.to_json() + "\n")
    print(f"wrote {WEIGHTS}")


def _scene(**fields: object) -> Callable[[int], tuple[Script, LandmarkSequence]]:
    def build(seed: int) -> tuple[Script, LandmarkSequence]:
        script = Script(**{"seed": 500 + seed, "noise": 0.002, **fields})  # type: ignore[arg-type]
        return script, generate(script)

    return build


PATTERNS: dict[int, tuple[str, Callable[[int], tuple[Script, LandmarkSequence]]]] = {
    1: ("squat, arms overhead, front view", _scene(exercise="squat", reps=6, arms="overhead",
                                                   yaw=10.0)),
    2: ("standing only", _scene(exercise="squat", reps=0, lead_s=6.0, interlude="talk")),
    3: ("push-up, oblique, cut to another view", _scene(exercise="push_up", reps=8, yaw=45.0,
                                                        cut_s=5.0)),
    4: ("squat, lower legs out of view", _scene(exercise="squat", reps=5, hidden=LOWER_LEGS)),
    5: ("push-ups with a talking-head cut", _scene(exercise="push_up", reps=8, interlude="talk")),
    6: ("jump rope, bounce before the rope", _scene(exercise="jump_rope", reps=15, bounce=True)),
    7: ("shallow jacks starting open", _scene(exercise="jumping_jack", reps=8, reach=(85.0, 95.0),
                                              start_open=True)),
    8: ("squats with a bar pick-up hinge", _scene(exercise="squat", reps=6, interlude="hinge")),
}  # fmt: skip
"""One generated scene per failure pattern the evaluation found (bench.pose_dev runs them)."""
