"""Landmark sequences: 33 BlazePose landmarks per frame, from MediaPipe (Python) or from browsers
(MediaPipe's JavaScript pose landmarker), in one array form that the rest of the engine uses."""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from workers.pose.errors import PoseInputError

COUNT = 33
VISIBLE = 0.5


class L(IntEnum):
    """BlazePose landmark indices (the ones the engine uses)."""

    NOSE = 0
    LEFT_SHOULDER = 11
    RIGHT_SHOULDER = 12
    LEFT_ELBOW = 13
    RIGHT_ELBOW = 14
    LEFT_WRIST = 15
    RIGHT_WRIST = 16
    LEFT_HIP = 23
    RIGHT_HIP = 24
    LEFT_KNEE = 25
    RIGHT_KNEE = 26
    LEFT_ANKLE = 27
    RIGHT_ANKLE = 28


SKELETON: tuple[tuple[int, int], ...] = (
    (11, 12), (11, 13), (13, 15), (12, 14), (14, 16), (11, 23), (12, 24), (23, 24),
    (23, 25), (25, 27), (24, 26), (26, 28), (27, 29), (29, 31), (28, 30), (30, 32),
    (0, 11), (0, 12),
)  # fmt: skip


class LandmarkFormatError(PoseInputError):
    """A landmark document does not have the expected shape."""


@dataclass(frozen=True)
class LandmarkSequence:
    """`times` (N,) in seconds; `points` (N, 33, 4): x, y, z and visibility.

    x and y are in image heights (x was multiplied by width/height), so angles measured on them
    are the angles in the picture. A frame without a detected person is all NaN.
    """

    times: NDArray[np.float64]
    points: NDArray[np.float64]
    width: int = 640
    height: int = 480

    def __post_init__(self) -> None:
        if self.points.ndim != 3 or self.points.shape[1:] != (COUNT, 4):
            raise LandmarkFormatError(f"expected (N, 33, 4) points, got {self.points.shape}")
        if self.times.shape != (self.points.shape[0],):
            raise LandmarkFormatError("one timestamp per frame is required")
        if len(self.times) > 1 and np.any(np.diff(self.times) <= 0):
            raise LandmarkFormatError("timestamps must increase")

    @property
    def frames(self) -> int:
        return len(self.times)

    @property
    def duration_s(self) -> float:
        return float(self.times[-1] - self.times[0]) if self.frames > 1 else 0.0

    @property
    def detected(self) -> NDArray[np.bool_]:
        return np.asarray(~np.isnan(self.points[:, 0, 0]))

    def visibility(self) -> NDArray[np.float64]:
        return np.nan_to_num(self.points[:, :, 3], nan=0.0)

    def xy(self) -> NDArray[np.float64]:
        return self.points[:, :, :2]

    def every(self, step: int) -> LandmarkSequence:
        """Every `step`-th frame: the same motion seen at a lower frame rate."""
        return LandmarkSequence(self.times[::step], self.points[::step], self.width, self.height)


def from_normalized(
    times: NDArray[np.float64], normalized: NDArray[np.float64], width: int, height: int
) -> LandmarkSequence:
    """From MediaPipe's normalized coordinates (x, y in 0..1 of width and height)."""
    points = normalized.astype(np.float64, copy=True)
    points[:, :, 0] *= width / height
    return LandmarkSequence(times.astype(np.float64), points, width, height)


def load_json(path: Path) -> LandmarkSequence:
    """A landmark file (see `parse_document`). A file that cannot be read raises OSError."""
    try:
        return parse_json(path.read_bytes())
    except LandmarkFormatError as error:
        raise LandmarkFormatError(f"{path}: {error}") from None


def parse_json(text: str | bytes) -> LandmarkSequence:
    """A landmark document's JSON text (see `parse_document`)."""
    try:
        document = json.loads(text)
    except ValueError as error:  # not JSON, or not UTF-8
        raise LandmarkFormatError(f"not a JSON document: {error}") from None
    return parse_document(document)


def parse_document(document: Any) -> LandmarkSequence:
    """Read what a browser sends: `{"width", "height", "frames": [{"timestamp_ms", "landmarks":
    [33 of {"x", "y", "z", "visibility"}]}]}`; a frame with no landmarks means no person. Any
    other shape raises `LandmarkFormatError`."""
    try:
        return _parse(document)
    except LandmarkFormatError:
        raise
    except (KeyError, IndexError, TypeError, ValueError, AttributeError) as error:
        problem = f"missing {error}" if isinstance(error, KeyError) else str(error)
        raise LandmarkFormatError(f"malformed landmark document: {problem}") from None


def _parse(document: dict[str, Any]) -> LandmarkSequence:
    frames = document["frames"]
    if not frames:
        raise LandmarkFormatError("the document has no frames")
    width, height = int(document.get("width", 640)), int(document.get("height", 480))
    if width <= 0 or height <= 0:
        raise LandmarkFormatError(f"the picture must have a size, not {width}x{height}")
    times = np.array([float(f["timestamp_ms"]) / 1000.0 for f in frames])
    if not np.isfinite(times).all():
        raise LandmarkFormatError("timestamps must be finite numbers")
    times -= times[0]  # browsers count from page load; the analysis counts from the first frame
    normalized = np.full((len(frames), COUNT, 4), np.nan)
    for index, frame in enumerate(frames):
        marks = frame.get("landmarks") or []
        if marks and isinstance(marks[0], list):
            # The JavaScript landmarker's own shape: a list of poses; the first is the athlete.
            marks = marks[0]
        if not marks:
            continue
        if len(marks) != COUNT:
            raise LandmarkFormatError(f"frame {index}: {len(marks)} landmarks, expected {COUNT}")
        normalized[index] = [
            [m["x"], m["y"], m.get("z", 0.0), m.get("visibility", 1.0)] for m in marks
        ]
        if not np.isfinite(normalized[index]).all():
            raise LandmarkFormatError(f"frame {index}: landmarks must be finite numbers")
    return from_normalized(times, normalized, width, height)


def to_document(sequence: LandmarkSequence) -> dict[str, Any]:
    """The browser format, for writing a sequence back out."""
    aspect = sequence.width / sequence.height
    frames = []
    for time, frame in zip(sequence.times, sequence.points, strict=True):
        marks = []
        if not np.isnan(frame[0, 0]):
            marks = [
                {"x": p[0] / aspect, "y": p[1], "z": p[2], "visibility": p[3]}
                for p in frame.tolist()
            ]
        frames.append({"timestamp_ms": round(float(time) * 1000, 3), "landmarks": marks})
    return {"width": sequence.width, "height": sequence.height, "frames": frames}
