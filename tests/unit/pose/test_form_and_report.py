"""Form cues, calories, confidence and the landmark file format."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import pytest

from workers.pose.engine import analyze_landmarks, write_overlay
from workers.pose.exercises import UnknownExerciseError
from workers.pose.landmarks import LandmarkFormatError, load_json, to_document
from workers.pose.testing import Script, generate


def codes(script: Script) -> set[str]:
    analysis = analyze_landmarks(generate(script), script.exercise)
    assert analysis.reps == script.reps
    return {flag.code for rep in analysis.rep_details for flag in rep.flags}


def test_good_push_ups_get_no_cues() -> None:
    assert codes(Script("push_up", reps=6, seed=1)) == set()


def test_sagging_hips_are_flagged_on_push_ups() -> None:
    assert "hips_sagging" in codes(Script("push_up", reps=6, seed=1, sag=0.07))


def test_piking_hips_are_flagged_on_push_ups() -> None:
    assert "hips_piking" in codes(Script("push_up", reps=6, seed=1, sag=-0.07))


def test_an_arm_that_lags_behind_is_flagged_on_jumping_jacks() -> None:
    assert "asymmetric_arms" in codes(Script("jumping_jack", reps=6, seed=3, uneven=35))
    assert "asymmetric_arms" not in codes(Script("jumping_jack", reps=6, seed=3))


@pytest.mark.parametrize("exercise", ["push_up", "squat", "jumping_jack"])
def test_reps_short_of_good_depth_count_but_get_a_range_cue(exercise: str) -> None:
    script = Script(exercise, reps=5, seed=2, shallow=True)
    analysis = analyze_landmarks(generate(script), exercise)
    assert analysis.reps == 5
    assert all("partial_range" in {f.code for f in rep.flags} for rep in analysis.rep_details)
    assert analysis.cues[0].endswith("(5 of 5 reps)")


def test_calories_follow_met_weight_and_active_time() -> None:
    analysis = analyze_landmarks(
        generate(Script("jumping_jack", reps=10, seed=4)), "jumping_jack", body_weight_kg=80
    )
    assert analysis.calories_kcal == pytest.approx(8.0 * 80 * analysis.active_s / 3600, abs=0.01)
    assert 0.5 < analysis.confidence <= 1.0


def test_an_empty_recording_has_no_reps_and_low_confidence() -> None:
    sequence = generate(Script("squat", reps=0, seed=5))
    analysis = analyze_landmarks(sequence, "squat")
    assert analysis.reps == 0
    assert analysis.calories_kcal == 0
    assert analysis.confidence <= 0.5


def test_unknown_exercises_are_refused() -> None:
    with pytest.raises(UnknownExerciseError, match="supported"):
        analyze_landmarks(generate(Script("squat", reps=1, seed=5)), "burpee")


def test_browser_landmark_files_round_trip(tmp_path: Path) -> None:
    sequence = generate(Script("squat", reps=4, seed=6, dropped=0.1))
    document = to_document(sequence)
    document["frames"][3]["landmarks"] = []  # a frame where the browser saw no one
    path = tmp_path / "set.json"
    path.write_text(json.dumps(document))

    loaded = load_json(path)

    assert loaded.frames == sequence.frames
    assert not loaded.detected[3]
    assert np.allclose(loaded.points[:3], sequence.points[:3])
    assert analyze_landmarks(loaded, "squat").reps == 4


@pytest.mark.parametrize(
    "document",
    [
        {"frames": [{"timestamp_ms": 0, "landmarks": [{"x": 0, "y": 0}] * 5}]},
        {"frames": [{"landmarks": []}]},
        {"frames": [{"timestamp_ms": 10, "landmarks": []}, {"timestamp_ms": 5, "landmarks": []}]},
        {"nothing": []},
    ],
)
def test_malformed_landmark_files_are_refused(tmp_path: Path, document: object) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document))
    with pytest.raises(LandmarkFormatError):
        load_json(path)


def test_the_overlay_is_a_png_with_the_skeleton_drawn(tmp_path: Path) -> None:
    sequence = generate(Script("push_up", reps=3, seed=7))
    analysis = analyze_landmarks(sequence, "push_up")
    path = write_overlay(sequence, analysis, tmp_path / "key.png")
    image = cv2.imread(str(path))
    assert image.shape == (480, 640, 3)
    assert (image[40:] != 255).any(), "something besides the caption bar is drawn"
