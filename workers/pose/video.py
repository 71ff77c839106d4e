"""Landmarks from video: OpenCV decodes frame by frame (never the whole video in memory) and
MediaPipe's Pose solution finds the 33 landmarks.

The model is `pose_landmark_full.tflite` (with `pose_detection.tflite` to find the person), which
the mediapipe 0.10.21 wheel carries; later releases download models at run time, which these
machines cannot. It is loaded once per process and reset between videos."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

from workers.pose.errors import PoseInputError
from workers.pose.landmarks import COUNT, LandmarkSequence, from_normalized

Progress = Callable[[int, int], None]
MAX_ANALYSIS_SIDE = 960


class VideoError(PoseInputError):
    """The file cannot be opened or decoded as a video."""


class EmptyVideoError(VideoError):
    """The file is empty (zero bytes)."""


@dataclass(frozen=True)
class VideoInfo:
    fps: float
    frames: int
    width: int
    height: int


@cache
def _model() -> Any:
    # absl logs a few lines on stderr when the graph starts; they say nothing to a user.
    os.environ.setdefault("GLOG_minloglevel", "2")
    import mediapipe as mp

    return mp.solutions.pose.Pose(
        static_image_mode=False,
        model_complexity=1,
        min_detection_confidence=0.5,
        min_tracking_confidence=0.5,
    )


_model_lock = threading.Lock()


@contextmanager
def pose_model() -> Iterator[Any]:
    """The process's one MediaPipe Pose graph, reset for a new video, used by one caller at a
    time (the graph keeps tracking state between frames)."""
    with _model_lock:
        model = _model()
        model.reset()
        yield model


def _open(path: Path) -> cv2.VideoCapture:
    # A missing or unreadable file raises OSError here: the upload went wrong, not the video.
    if path.stat().st_size == 0:
        raise EmptyVideoError(f"{path} is empty")
    capture = cv2.VideoCapture(str(path))
    if not capture.isOpened():
        capture.release()
        raise VideoError(f"cannot open {path} as a video")
    return capture


def probe(path: Path) -> VideoInfo:
    capture = _open(path)
    try:
        return VideoInfo(
            fps=capture.get(cv2.CAP_PROP_FPS) or 30.0,
            frames=int(capture.get(cv2.CAP_PROP_FRAME_COUNT)),
            width=int(capture.get(cv2.CAP_PROP_FRAME_WIDTH)),
            height=int(capture.get(cv2.CAP_PROP_FRAME_HEIGHT)),
        )
    finally:
        capture.release()


def frames(path: Path, step: int = 1) -> Iterator[tuple[int, float, NDArray[np.uint8]]]:
    """(index, seconds, RGB frame) for every `step`-th frame; those in between are only grabbed.

    Time comes from the container's timestamps, so variable-frame-rate recordings (browsers
    record webm that way) keep true time; the nominal rate is the fallback."""
    capture = _open(path)
    fps = capture.get(cv2.CAP_PROP_FPS) or 30.0
    try:
        index, last = 0, -1.0
        while True:
            if index % step:
                if not capture.grab():
                    return
            else:
                ok, bgr = capture.read()
                if not ok:
                    return
                stamp = capture.get(cv2.CAP_PROP_POS_MSEC) / 1000.0
                seconds = stamp if stamp > last else index / fps
                last = seconds
                fitted = _fitted(np.asarray(bgr, np.uint8))
                yield index, seconds, np.asarray(cv2.cvtColor(fitted, cv2.COLOR_BGR2RGB), np.uint8)
            index += 1
    finally:
        capture.release()


def _fitted(bgr: NDArray[np.uint8]) -> NDArray[np.uint8]:
    """The frame scaled down to at most `MAX_ANALYSIS_SIDE` pixels a side: the pose model looks
    at 256 x 256 anyway, and a 4K frame costs many times as much to convert."""
    height, width = bgr.shape[:2]
    scale = MAX_ANALYSIS_SIDE / max(height, width)
    if scale >= 1:
        return bgr
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    return np.asarray(cv2.resize(bgr, size, interpolation=cv2.INTER_AREA), np.uint8)


def read_frame(path: Path, index: int) -> NDArray[np.uint8] | None:
    """One frame (BGR) by index, for the key-frame picture."""
    capture = cv2.VideoCapture(str(path))
    try:
        capture.set(cv2.CAP_PROP_POS_FRAMES, index)
        ok, bgr = capture.read()
        return np.asarray(bgr, dtype=np.uint8) if ok else None
    finally:
        capture.release()


def landmarks_from_video(
    path: Path, *, sample_fps: float | None = None, progress: Progress | None = None
) -> LandmarkSequence:
    """Run pose estimation on the video (or on `sample_fps` frames per second of it)."""
    if sample_fps is not None and not sample_fps > 0:
        raise PoseInputError(f"sample_fps must be a positive number, not {sample_fps!r}")
    info = probe(path)
    step = max(1, round(info.fps / sample_fps)) if sample_fps else 1
    times: list[float] = []
    found: list[NDArray[np.float64]] = []
    with pose_model() as model:
        for index, seconds, rgb in frames(path, step):
            result = model.process(rgb)
            times.append(seconds)
            found.append(_as_array(result.pose_landmarks))
            if progress:
                progress(index + 1, info.frames)
    if not times:
        raise VideoError(f"{path} has no decodable frames")
    return from_normalized(np.array(times), np.stack(found), info.width, info.height)


def _as_array(landmarks: Any) -> NDArray[np.float64]:
    if landmarks is None:
        return np.full((COUNT, 4), np.nan)
    return np.array([[m.x, m.y, m.z, m.visibility] for m in landmarks.landmark])
