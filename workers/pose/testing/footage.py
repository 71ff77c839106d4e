"""Real pixels with a known count: a photograph of a person hopping, written as an mp4 (it needs
OpenCV and scikit-image, a development dependency)."""

from __future__ import annotations

from pathlib import Path

import numpy as np


def astronaut_video(
    path: Path, jumps: int, fps: int = 30, size: tuple[int, int] = (640, 480)
) -> Path:
    """An mp4 of a real photograph of a person (scikit-image's astronaut) hopping `jumps` times
    on a plain background: real pixels for MediaPipe, with a known count."""
    import cv2
    from skimage import data

    photo = data.astronaut()  # type: ignore[no-untyped-call]
    person = cv2.cvtColor(cv2.resize(photo, (300, 300)), cv2.COLOR_RGB2BGR)
    width, height = size
    ground_top, hop_px = height - 310, 90
    offsets = [0.0] * int(0.8 * fps)
    for _ in range(jumps):
        air = int(0.4 * fps)
        offsets += [hop_px * 4 * (i / air) * (1 - i / air) for i in range(air + 1)]
        offsets += [0.0] * int(0.4 * fps)
    left = (width - 300) // 2
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"mp4v"), fps, size)
    try:
        for offset in offsets:
            frame = np.full((height, width, 3), 235, dtype=np.uint8)
            top = round(ground_top - offset)
            frame[top : top + 300, left : left + 300] = person
            writer.write(frame)
    finally:
        writer.release()
    return path
