"""The real video path: a real photograph of a person (scikit-image's astronaut) jumping on a
canvas, encoded as an mp4 by the test; MediaPipe must find the person in every frame and the
engine must count the jumps."""

from __future__ import annotations

from pathlib import Path

import cv2
import pytest

from workers.pose.engine import analyze_video
from workers.pose.synthetic import astronaut_video

JUMPS = 5


@pytest.fixture(scope="module")
def video(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return astronaut_video(tmp_path_factory.mktemp("video") / "astronaut.mp4", JUMPS)


def test_mediapipe_finds_the_person_on_every_frame_and_the_jumps_are_counted(
    video: Path, tmp_path: Path
) -> None:
    overlay = tmp_path / "key.png"
    progress: list[tuple[int, int]] = []

    analysis = analyze_video(
        video, "jump_rope", overlay_png=overlay, progress=lambda d, t: progress.append((d, t))
    )

    assert analysis.frames_with_pose == analysis.frames
    assert analysis.reps == JUMPS
    assert progress[-1][0] == analysis.frames
    image = cv2.imread(str(overlay))
    assert image.shape == (480, 640, 3)


def test_the_jumps_are_recognised_without_naming_the_exercise(video: Path) -> None:
    analysis = analyze_video(video)
    assert analysis.detected
    assert analysis.exercise == "jump_rope"
    assert analysis.reps == JUMPS


def test_analysing_at_a_lower_frame_rate_still_counts_the_jumps(video: Path) -> None:
    full = analyze_video(video, "jump_rope")
    analysis = analyze_video(video, "jump_rope", sample_fps=15)
    assert abs(analysis.frames - full.frames / 2) <= 1
    assert analysis.frames_with_pose == analysis.frames
    assert analysis.reps == JUMPS
