"""Bad input, as one family of errors: under `PoseInputError` the recording itself is the
problem (not a video, empty, no one in it, a malformed landmark file, an exercise the engine
does not know) and trying again will not help; the message is for the user. Anything else (a
missing file, a model that fails, a disk that is full) is a bug or a transient failure."""

from __future__ import annotations


class PoseInputError(ValueError):
    """The recording or the request cannot be analysed as given; the message says why."""


class NoPersonError(PoseInputError):
    """No frame of the recording shows a person."""
