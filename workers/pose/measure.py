"""Measuring a recording: each camera shot smoothed and turned into body signals on its own,
and the features the exercise detector weighs, over the whole recording."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from workers.pose.features import describe
from workers.pose.filters import one_euro
from workers.pose.landmarks import LandmarkSequence
from workers.pose.segments import shot, shots
from workers.pose.signals import Array, Body, arm_raise, elbow_angle, hop_height, knee_angle


def smoothed_body(sequence: LandmarkSequence) -> Body:
    return Body(xy=one_euro(sequence.times, sequence.xy()), visibility=sequence.visibility())


def body_signals(sequence: LandmarkSequence, body: Body) -> dict[str, Array]:
    return {
        "elbow": elbow_angle(body),
        "knee": knee_angle(body),
        "arms": arm_raise(body),
        "hop": hop_height(sequence.times, body),
    }


@dataclass(frozen=True)
class Measurement:
    """The body and its signals, each camera shot smoothed and measured on its own."""

    body: Body
    signals: dict[str, Array]
    shots: list[slice]
    features: Array


def measure(sequence: LandmarkSequence) -> Measurement:
    parts = shots(sequence)
    bodies, signals = [], []
    for frames in parts:
        part = shot(sequence, frames)
        bodies.append(smoothed_body(part))
        signals.append(body_signals(part, bodies[-1]))
    body = Body(
        xy=np.concatenate([b.xy for b in bodies]),
        visibility=np.concatenate([b.visibility for b in bodies]),
    )
    joined = {name: np.concatenate([s[name] for s in signals]) for name in signals[0]}
    # Features describe the person, shot by shot (a cut is not a movement), weighted by the
    # frames with someone in them; frames without anyone say nothing.
    described, weights = [], []
    for frames in parts:
        present = np.flatnonzero(body.detected[frames]) + frames.start
        if present.size:
            described.append(describe(
                sequence.times[present],
                Body(xy=body.xy[present], visibility=body.visibility[present]),
                {name: values[present] for name, values in joined.items()},
            ))  # fmt: skip
            weights.append(present.size)
    features = np.average(described, axis=0, weights=weights)
    return Measurement(body, joined, parts, features)
