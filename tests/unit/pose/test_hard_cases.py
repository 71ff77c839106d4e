"""Situations real recordings bring: standing still, the other side to the camera, empty frames,
long pauses, browser timestamps, odd files."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from workers.pose.counter import RepRule, count
from workers.pose.engine import analyze_landmarks
from workers.pose.landmarks import LandmarkFormatError, load_json, to_document
from workers.pose.testing import Script, generate


@pytest.mark.parametrize("view", ["squat", "jumping_jack"])
def test_someone_standing_still_does_no_reps(view: str) -> None:
    # Side view (squat model) and front view, half a minute of standing with sensor noise.
    still = generate(Script(view, reps=0, seed=1, noise=0.003, lead_s=30))
    analysis = analyze_landmarks(still)
    assert analysis.reps == 0
    assert analysis.confidence <= 0.5


@pytest.mark.parametrize("exercise", ["push_up", "squat"])
def test_the_other_side_and_empty_frames_around_the_set(exercise: str) -> None:
    script = Script(exercise, reps=6, seed=2, far_side=True, empty_s=10, noise=0.002)
    analysis = analyze_landmarks(generate(script), exercise)
    assert analysis.reps == 6
    assert analysis.confidence > 0.3


@pytest.mark.parametrize(("exercise", "reps", "pause"), [("jumping_jack", 5, 10.0),
                                                         ("squat", 4, 30.0)])  # fmt: skip
def test_reps_far_apart_are_recognised_and_counted(exercise: str, reps: int, pause: float) -> None:
    analysis = analyze_landmarks(generate(Script(exercise, reps=reps, seed=3, pause_s=pause)))
    assert analysis.exercise == exercise
    assert analysis.reps == reps


def test_a_long_hold_at_the_bottom_is_still_a_rep() -> None:
    times = np.arange(0, 30, 0.1)
    elbow = np.where((times > 5) & (times < 25), 80.0, 170.0)
    reps, partials = count(times, elbow, RepRule(rest=145, depth=110))
    assert len(reps) == 1
    assert partials == []


def test_browser_timestamps_are_counted_from_the_first_frame(tmp_path: Path) -> None:
    document = to_document(generate(Script("squat", reps=5, seed=4)))
    for frame in document["frames"]:
        frame["timestamp_ms"] += 1_234_567
    path = tmp_path / "late.json"
    path.write_text(json.dumps(document))
    analysis = analyze_landmarks(load_json(path), "squat")
    assert analysis.reps == 5
    assert 0 <= analysis.rep_details[0].start_s < analysis.duration_s


def test_the_javascript_landmarkers_list_of_poses_is_accepted(tmp_path: Path) -> None:
    document = to_document(generate(Script("squat", reps=3, seed=5)))
    for frame in document["frames"]:
        frame["landmarks"] = [frame["landmarks"]] if frame["landmarks"] else []
    path = tmp_path / "poses.json"
    path.write_text(json.dumps(document))
    assert analyze_landmarks(load_json(path), "squat").reps == 3


def test_a_file_without_frames_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "zero.json"
    path.write_text(json.dumps({"frames": []}))
    with pytest.raises(LandmarkFormatError, match="no frames"):
        load_json(path)
