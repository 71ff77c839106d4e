"""A multinomial logistic regression in plain numpy: standardised features, a linear score
per class, softmax probabilities. Small enough to fit in seconds and to ship as JSON."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from workers.pose.signals import Array


@dataclass(frozen=True)
class Classifier:
    classes: tuple[str, ...]
    mean: Array
    scale: Array
    weights: Array
    """(features + 1, classes): the last row is the bias."""

    def probabilities(self, features: Array) -> dict[str, float]:
        z = np.append((features - self.mean) / self.scale, 1.0) @ self.weights
        p = np.exp(z - z.max())
        return dict(zip(self.classes, (p / p.sum()).tolist(), strict=True))

    def to_json(self) -> str:
        return json.dumps({
            "classes": list(self.classes),
            "mean": np.round(self.mean, 6).tolist(),
            "scale": np.round(self.scale, 6).tolist(),
            "weights": np.round(self.weights, 6).tolist(),
        })  # fmt: skip


def load(path: Path) -> Classifier:
    data = json.loads(path.read_text())
    return Classifier(tuple(data["classes"]), np.array(data["mean"]), np.array(data["scale"]),
                      np.array(data["weights"]))  # fmt: skip


def fit(features: Array, labels: list[str], *, l2: float = 1e-2, steps: int = 3000) -> Classifier:
    """Full-batch gradient descent on the mean cross-entropy plus an L2 penalty."""
    classes = tuple(sorted(set(labels)))
    mean, scale = features.mean(axis=0), features.std(axis=0) + 1e-6
    x = np.hstack([(features - mean) / scale, np.ones((len(features), 1))])
    y = np.zeros((len(labels), len(classes)))
    y[np.arange(len(labels)), [classes.index(label) for label in labels]] = 1.0
    weights = np.zeros((x.shape[1], len(classes)))
    rate = 0.5
    for _ in range(steps):
        z = x @ weights
        p = np.exp(z - z.max(axis=1, keepdims=True))
        p /= p.sum(axis=1, keepdims=True)
        gradient = x.T @ (p - y) / len(x) + l2 * np.vstack(
            [weights[:-1], np.zeros((1, len(classes)))]
        )
        weights -= rate * gradient
    return Classifier(classes, mean, scale, weights)
