"""The report's key-frame picture: the skeleton drawn over the frame, with the result."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
from numpy.typing import NDArray

from workers.pose.landmarks import SKELETON, VISIBLE, LandmarkSequence

LINE = (64, 200, 64)
JOINT = (32, 64, 240)


def draw(
    sequence: LandmarkSequence,
    index: int,
    caption: str,
    background: NDArray[np.uint8] | None = None,
) -> NDArray[np.uint8]:
    """BGR image of frame `index` with its skeleton; a white canvas without a background."""
    width, height = sequence.width, sequence.height
    image = (
        background.copy()
        if background is not None
        else np.full((height, width, 3), 255, dtype=np.uint8)
    )
    points = sequence.points[index]
    if not np.isnan(points[0, 0]):
        pixels = [(int(p[0] * height), int(p[1] * height)) for p in points]
        seen = points[:, 3] >= VISIBLE
        for a, b in SKELETON:
            if seen[a] and seen[b]:
                cv2.line(image, pixels[a], pixels[b], LINE, 3, cv2.LINE_AA)
        for pixel, visible in zip(pixels, seen, strict=True):
            if visible:
                cv2.circle(image, pixel, 4, JOINT, -1, cv2.LINE_AA)
    cv2.rectangle(image, (0, 0), (width, 30), (0, 0, 0), -1)
    cv2.putText(image, caption, (8, 21), cv2.FONT_HERSHEY_SIMPLEX, 0.6, (255, 255, 255), 1)
    return image


def save_png(image: NDArray[np.uint8], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not cv2.imwrite(str(path), image):
        raise OSError(f"could not write {path}")
    return path
