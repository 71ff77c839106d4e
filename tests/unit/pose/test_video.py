"""The real video path: a real photograph of a person (scikit-image's astronaut) jumping on a
canvas, encoded as an mp4 by the test; MediaPipe must find the person in every frame and the
engine must count the jumps. Slow: MediaPipe runs on every frame."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from workers.pose import Analysis, NoPersonError, analyze_video
from workers.pose.testing import astronaut_video

pytestmark = pytest.mark.slow
JUMPS = 5


@pytest.fixture(scope="module")
def video(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return astronaut_video(tmp_path_factory.mktemp("video") / "astronaut.mp4", JUMPS)


@pytest.fixture(scope="module")
def detected(video: Path) -> Analysis:
    """Every frame analysed, the exercise left for the engine to recognise."""
    return analyze_video(video)


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


def test_the_jumps_are_recognised_without_naming_the_exercise(detected: Analysis) -> None:
    assert detected.detected
    assert detected.exercise == "jump_rope"
    assert detected.reps == JUMPS


def test_analysing_at_a_lower_frame_rate_still_counts_the_jumps(
    video: Path, detected: Analysis
) -> None:
    analysis = analyze_video(video, "jump_rope", sample_fps=15)
    assert abs(analysis.frames - detected.frames / 2) <= 1
    assert analysis.frames_with_pose == analysis.frames
    assert analysis.reps == JUMPS


def test_a_video_without_anyone_in_it_is_bad_input(tmp_path: Path) -> None:
    path = tmp_path / "empty-room.mp4"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"mp4v"), 10, (160, 120))
    for _ in range(5):
        writer.write(np.full((120, 160, 3), 200, dtype=np.uint8))
    writer.release()
    with pytest.raises(NoPersonError, match="no person in any of the 5 frames"):
        analyze_video(path)
