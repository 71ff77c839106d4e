"""Pose analysis engine (movement context): counts reps and judges form from a video or from a
landmark sequence, offline. No Kafka or database here: the worker that wires it to uploads and
events lives elsewhere and calls `analyze_video`, or `analyze_landmarks` on a browser's landmark
document read by `parse_document` / `parse_json` / `load_json`.

`PoseInputError` (and every error under it) means the recording or the request cannot be
analysed as given, and its message says why; anything else is a bug or a transient failure.
`workers.pose.testing` holds test footage and is never imported by the engine."""

from importlib import import_module
from typing import TYPE_CHECKING, Any

from workers.pose.errors import NoPersonError, PoseInputError

if TYPE_CHECKING:
    from workers.pose.engine import Analysis, analyze_landmarks, analyze_video, write_overlay
    from workers.pose.exercises import EXERCISES, UnknownExerciseError
    from workers.pose.landmarks import (
        LandmarkFormatError,
        LandmarkSequence,
        load_json,
        parse_document,
        parse_json,
        to_document,
    )
    from workers.pose.video import EmptyVideoError, VideoError

# The rest of the face is loaded on first use (PEP 562): a process that only declares the
# movement jobs (the reactors) or catches `PoseInputError` does not load OpenCV and NumPy.
_WHERE = {
    **dict.fromkeys(("Analysis", "analyze_landmarks", "analyze_video", "write_overlay"), "engine"),
    **dict.fromkeys(("EXERCISES", "UnknownExerciseError"), "exercises"),
    **dict.fromkeys(("load_json", "parse_document", "parse_json", "to_document"), "landmarks"),
    **dict.fromkeys(("LandmarkFormatError", "LandmarkSequence"), "landmarks"),
    **dict.fromkeys(("EmptyVideoError", "VideoError"), "video"),
}


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{_WHERE[name]}"), name)
    globals()[name] = value
    return value


__all__ = [
    "EXERCISES",
    "Analysis",
    "EmptyVideoError",
    "LandmarkFormatError",
    "LandmarkSequence",
    "NoPersonError",
    "PoseInputError",
    "UnknownExerciseError",
    "VideoError",
    "analyze_landmarks",
    "analyze_video",
    "load_json",
    "parse_document",
    "parse_json",
    "to_document",
    "write_overlay",
]
