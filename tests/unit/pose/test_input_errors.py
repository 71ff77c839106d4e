"""Bad input is a `PoseInputError` with a message for the user (not a video, an empty file, no
one in the picture, a malformed landmark document); a missing file or a failing disk is not,
since trying again may help."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from workers.pose import (
    EmptyVideoError,
    LandmarkFormatError,
    LandmarkSequence,
    NoPersonError,
    PoseInputError,
    UnknownExerciseError,
    VideoError,
    analyze_landmarks,
    analyze_video,
    load_json,
    parse_document,
    parse_json,
    to_document,
    write_overlay,
)
from workers.pose.testing import Script, generate

SQUATS = generate(Script("squat", reps=2, seed=1))


def nobody(frames: int = 30) -> LandmarkSequence:
    return LandmarkSequence(np.arange(frames) / 30.0, np.full((frames, 33, 4), np.nan))


def test_a_landmark_document_round_trips_through_json_text() -> None:
    text = json.dumps(to_document(SQUATS))
    parsed = parse_json(text)
    assert parsed.frames == SQUATS.frames
    assert np.allclose(parsed.points, SQUATS.points)
    assert analyze_landmarks(parse_document(json.loads(text)), "squat").reps == 2


def frame(**changes: object) -> dict[str, object]:
    marks = [{"x": 0.5, "y": 0.5, "z": 0.0, "visibility": 0.9}] * 33
    return {"timestamp_ms": 0, "landmarks": marks} | changes


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ([], "malformed"),
        ("frames", "malformed"),
        ({"width": 640}, "missing 'frames'"),
        ({"frames": []}, "no frames"),
        ({"frames": [frame(), "not a frame"]}, "malformed"),
        ({"frames": [frame(landmarks=[{"x": 0.5}] * 33)]}, "missing 'y'"),
        ({"frames": [frame(landmarks=[{"x": "left", "y": 0.5}] * 33)]}, "malformed"),
        ({"frames": [frame(landmarks=[{"x": 0.5, "y": 0.5}] * 5)]}, "5 landmarks"),
        ({"frames": [frame(timestamp_ms="soon")]}, "malformed"),
        ({"frames": [frame(timestamp_ms=float("nan"))]}, "finite"),
        ({"frames": [frame(landmarks=[{"x": float("inf"), "y": 0.5}] * 33)]}, "finite"),
        ({"frames": [frame(timestamp_ms=10), frame(timestamp_ms=5)]}, "increase"),
        ({"width": 0, "frames": [frame()]}, "size"),
    ],
)
def test_a_malformed_landmark_document_is_refused_as_bad_input(
    document: object, message: str
) -> None:
    with pytest.raises(LandmarkFormatError, match=message) as refused:
        parse_document(document)
    assert isinstance(refused.value, PoseInputError)


@pytest.mark.parametrize("text", ["", "{", b"\xff\xfe\x00garbage", "[1, 2"])
def test_text_that_is_not_json_is_a_landmark_format_error(text: str | bytes) -> None:
    with pytest.raises(LandmarkFormatError, match="not a JSON document"):
        parse_json(text)


def test_a_landmark_file_error_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"frames": []}')
    with pytest.raises(LandmarkFormatError, match=f"{path}: the document has no frames"):
        load_json(path)


def test_a_recording_without_anyone_in_it_is_bad_input() -> None:
    with pytest.raises(NoPersonError, match="no person in any of the 30 frames"):
        analyze_landmarks(nobody())
    with pytest.raises(NoPersonError):
        analyze_landmarks(nobody(), "squat")


@pytest.mark.parametrize(
    ("exercise", "weight", "error"),
    [("burpee", 70.0, UnknownExerciseError), ("squat", 0.0, PoseInputError),
     ("squat", float("nan"), PoseInputError)],
)  # fmt: skip
def test_an_unknown_exercise_or_a_weightless_athlete_is_bad_input(
    exercise: str, weight: float, error: type[PoseInputError]
) -> None:
    with pytest.raises(error):
        analyze_landmarks(SQUATS, exercise, body_weight_kg=weight)


def test_an_empty_file_is_an_empty_video(tmp_path: Path) -> None:
    path = tmp_path / "upload.mp4"
    path.write_bytes(b"")
    with pytest.raises(EmptyVideoError, match="is empty") as refused:
        analyze_video(path)
    assert isinstance(refused.value, VideoError)


def test_a_file_that_is_not_a_video_is_a_video_error(tmp_path: Path) -> None:
    path = tmp_path / "upload.mp4"
    path.write_bytes(b"these are not the frames you are looking for" * 100)
    with pytest.raises(VideoError, match="cannot open"):
        analyze_video(path)


def test_a_bad_request_is_refused_before_the_video_is_read(tmp_path: Path) -> None:
    never_read = tmp_path / "not-even-there.mp4"
    with pytest.raises(UnknownExerciseError):
        analyze_video(never_read, "burpee")
    with pytest.raises(PoseInputError, match="body weight"):
        analyze_video(never_read, body_weight_kg=-70)
    with pytest.raises(PoseInputError, match="sample_fps"):
        analyze_video(never_read, sample_fps=0)


def test_a_missing_file_is_not_bad_input(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError) as missing:
        analyze_video(tmp_path / "never-uploaded.mp4")
    assert not isinstance(missing.value, PoseInputError)
    with pytest.raises(FileNotFoundError):
        load_json(tmp_path / "never-uploaded.json")


def test_a_key_frame_that_cannot_be_written_is_not_bad_input(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("in the way")
    analysis = analyze_landmarks(SQUATS, "squat")
    with pytest.raises(FileExistsError) as failed:
        write_overlay(SQUATS, analysis, tmp_path / "a-file" / "key.png")
    assert not isinstance(failed.value, PoseInputError)
