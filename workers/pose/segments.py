"""Camera cuts: an edited clip jumps from one view to another (front, then side; wide, then
close). Smoothing, side choice and jump heights must not reach across a cut, so the engine
splits the recording there and measures each shot on its own."""

from __future__ import annotations

import itertools

import numpy as np

from workers.pose.landmarks import VISIBLE, L, LandmarkSequence

# Between two frames a body does not move or grow by this much; a camera cut does.
CUT_SHIFT = 1.0
"""Jump of the trunk's centre, in trunk lengths."""
CUT_SCALE = 1.4
"""Change of the trunk's length (either way)."""
MIN_SHOT_S = 1.0

TRUNK = [L.LEFT_SHOULDER, L.RIGHT_SHOULDER, L.LEFT_HIP, L.RIGHT_HIP]


def shots(sequence: LandmarkSequence) -> list[slice]:
    """Frame ranges filmed without a cut, in order, covering the whole sequence."""
    xy, seen = sequence.xy(), sequence.visibility() >= VISIBLE
    trunk_seen = seen[:, TRUNK].all(axis=1)
    centre = xy[:, TRUNK].mean(axis=1)
    shoulders, hips = xy[:, TRUNK[:2]].mean(axis=1), xy[:, TRUNK[2:]].mean(axis=1)
    length = np.linalg.norm(shoulders - hips, axis=1)
    frames = np.flatnonzero(trunk_seen & (length > 0))
    cuts = [0]
    for before, after in itertools.pairwise(frames):
        shift = np.linalg.norm(centre[after] - centre[before]) / length[before]
        growth = max(length[after], length[before]) / min(length[after], length[before])
        recent = sequence.times[after] - sequence.times[cuts[-1]] >= MIN_SHOT_S
        if recent and (shift > CUT_SHIFT or growth > CUT_SCALE):
            cuts.append(int(after))
    cuts.append(sequence.frames)
    return [slice(a, b) for a, b in itertools.pairwise(cuts)]


def shot(sequence: LandmarkSequence, frames: slice) -> LandmarkSequence:
    return LandmarkSequence(
        sequence.times[frames], sequence.points[frames], sequence.width, sequence.height
    )
