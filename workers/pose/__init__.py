"""Pose analysis engine (movement context): counts reps and judges form from a video or from a
landmark sequence, offline. No Kafka or database here: the worker that wires it to uploads and
events lives elsewhere and calls `analyze_video` or `analyze_landmarks`."""

from workers.pose.engine import Analysis, analyze_landmarks, analyze_video

__all__ = ["Analysis", "analyze_landmarks", "analyze_video"]
