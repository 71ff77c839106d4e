"""The real video path: a real photograph of a person (scikit-image's astronaut) jumping on a
canvas, encoded as an mp4 by the test; MediaPipe must find the person in every frame and the
engine must count the jumps."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
from skimage import data

from workers.pose.engine import analyze_video

JUMPS = 5
FPS = 30
SIZE = (640, 480)


def jumping_astronaut(path: Path, jumps: int = JUMPS) -> Path:
    photo = data.astronaut()  # type: ignore[no-untyped-call]
    person = cv2.cvtColor(cv2.resize(photo, (300, 300)), cv2.COLOR_RGB2BGR)
    ground_top, hop_px = 170, 90
    offsets = [0.0] * int(0.8 * FPS)
    for _ in range(jumps):
        air = int(0.4 * FPS)
        offsets += [hop_px * 4 * (i / air) * (1 - i / air) for i in range(air + 1)]
        offsets += [0.0] * int(0.4 * FPS)
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"mp4v"), FPS, SIZE)
    try:
        for offset in offsets:
            frame = np.full((SIZE[1], SIZE[0], 3), 235, dtype=np.uint8)
            top = round(ground_top - offset)
            frame[top : top + 300, 170:470] = person
            writer.write(frame)
    finally:
        writer.release()
    return path


@pytest.fixture(scope="module")
def video(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return jumping_astronaut(tmp_path_factory.mktemp("video") / "astronaut.mp4")


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
    analysis = analyze_video(video, "jump_rope", sample_fps=15)
    assert analysis.frames <= analysis.frames_with_pose + 1
    assert analysis.reps == JUMPS
