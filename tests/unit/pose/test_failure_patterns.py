"""The failure patterns an evaluation on real clips found, each rebuilt with the synthetic
generator: arms up in squats, standing, camera cuts, partial framing, non-exercise stretches,
the bounce before jump rope, shallow jacks that start open, and what confidence says."""

from __future__ import annotations

from dataclasses import replace

import pytest

from workers.pose.engine import analyze_landmarks
from workers.pose.testing import LOWER_LEGS, Script, generate


@pytest.mark.parametrize(
    ("arms", "yaw"),
    [("overhead", 10.0), ("press", 0.0), ("barbell", None), ("forward", 30.0), ("down", 45.0)],
)  # fmt: skip
def test_squats_with_the_arms_up_or_forward_are_detected_as_squats(
    arms: str, yaw: float | None
) -> None:
    analysis = analyze_landmarks(generate(Script("squat", reps=6, seed=11, arms=arms, yaw=yaw)))
    assert analysis.exercise == "squat"
    assert analysis.reps == 6


def test_someone_who_only_stands_and_talks_does_no_reps_with_low_confidence() -> None:
    still = generate(Script("squat", reps=0, seed=12, noise=0.003, lead_s=6, interlude="talk"))
    analysis = analyze_landmarks(still)
    assert analysis.reps == 0
    assert analysis.confidence < 0.3


def test_the_bounce_before_the_rope_starts_is_not_a_jump() -> None:
    script = Script("jump_rope", reps=15, seed=13, bounce=True, noise=0.002)
    assert analyze_landmarks(generate(script), "jump_rope").reps == 15


def test_shallow_jacks_that_start_with_the_arms_up_are_counted() -> None:
    script = Script("jumping_jack", reps=8, seed=14, reach=(85, 95), start_open=True)
    analysis = analyze_landmarks(generate(script))
    assert (analysis.exercise, analysis.reps) == ("jumping_jack", 8)
    assert any("overhead" in cue for cue in analysis.cues)  # told to reach higher


@pytest.mark.parametrize("yaw", [None, 0.0, 45.0])
def test_squats_with_the_lower_legs_out_of_view_are_counted_from_the_thighs_and_explained(
    yaw: float | None,
) -> None:
    script = Script("squat", reps=5, seed=15, hidden=LOWER_LEGS, yaw=yaw, noise=0.002)
    analysis = analyze_landmarks(generate(script), "squat")
    assert analysis.reps == 5
    assert any("lower legs" in issue for issue in analysis.visibility_issues)
    assert analysis.visibility_issues[0] in analysis.cues
    full_view = analyze_landmarks(generate(replace(script, hidden=())), "squat")
    assert analysis.confidence < full_view.confidence  # an estimate is worth less


@pytest.mark.parametrize("seed", range(4))
def test_oblique_push_ups_cut_to_another_view_count_each_rep_once(seed: int) -> None:
    script = Script("push_up", reps=8, seed=30 + seed, yaw=45.0, cut_s=5.0, noise=0.002)
    analysis = analyze_landmarks(generate(script), "push_up")
    assert analysis.camera_cuts == 1
    assert (analysis.reps, analysis.partial_attempts) == (8, 0)


@pytest.mark.parametrize(("exercise", "interlude"), [("push_up", "talk"), ("squat", "hinge")])
def test_a_stretch_of_something_else_between_sets_is_not_counted(
    exercise: str, interlude: str
) -> None:
    script = Script(exercise, reps=8, seed=16, noise=0.002, interlude=interlude)
    assert analyze_landmarks(generate(script), exercise).reps == 8


def test_a_cut_to_another_camera_view_is_found_and_does_not_change_the_exercise() -> None:
    script = Script("squat", reps=8, seed=17, yaw=0.0, cut_s=6.0, noise=0.002)
    analysis = analyze_landmarks(generate(script))
    assert analysis.camera_cuts == 1
    assert analysis.exercise == "squat"
    assert analysis.reps in (7, 8, 9)


def test_confidence_is_lower_when_the_named_exercise_is_not_what_was_done() -> None:
    squats = generate(Script("squat", reps=6, seed=18, noise=0.002))
    right = analyze_landmarks(squats, "squat")
    wrong = analyze_landmarks(squats, "jump_rope")
    assert right.confidence > 0.8
    assert wrong.confidence < right.confidence - 0.3
