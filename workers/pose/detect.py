"""Which exercise is this? A small classifier (`classifier.py`, fitted by `training.py` on
synthetic footage) weighs all the recording's features at once, so no single threshold decides:
arms overhead in a squat are outweighed by knees and hips that travel and feet that stay put.
Besides the four exercises it knows "still": someone who does none of them."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from workers.pose.classifier import Classifier, load
from workers.pose.signals import Array

WEIGHTS = Path(__file__).with_name("detector.json")
STILL = "still"


@cache
def classifier() -> Classifier:
    return load(WEIGHTS)


def probabilities(features: Array) -> dict[str, float]:
    """Probability of each exercise and of `STILL`."""
    return classifier().probabilities(features)


def detect(chances: dict[str, float]) -> str:
    """The most likely exercise (never `STILL`: an exercise must be named)."""
    return max((name for name in chances if name != STILL), key=chances.__getitem__)
