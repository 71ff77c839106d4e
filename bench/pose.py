"""Pose engine speed and the accuracy cost of analysing fewer frames.

    uv run python -m bench.pose [--jumps 25]

Speed, on one core (the process is pinned to CPU 0 before MediaPipe starts): a 640x480 mp4 of a
real photograph hopping (`workers.pose.testing.astronaut_video`). Bare inference is MediaPipe
on frames decoded beforehand; the whole engine is `analyze_video` (decode, colour conversion,
inference, smoothing, signals, counting, form). Same frames, same model, same run.

Accuracy at lower frame rates: synthetic athletes filmed at 60 fps with moderate noise, analysed
at every frame and at every 2nd, 4th, 6th and 8th frame; plus the video at 15 and 10 fps.
Writes the tables to bench/RESULTS.md between markers.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from bench.startup import write

BEGIN, END = "<!-- pose:begin -->", "<!-- pose:end -->"
STEPS = (1, 2, 4, 6, 8)
SETS_PER_EXERCISE = 50


def speed(video: Path) -> dict[str, float]:
    from workers.pose.engine import analyze_video
    from workers.pose.video import frames, pose_model

    decoded = [rgb for _, _, rgb in frames(video)]
    with pose_model() as model:  # warm up: load and first detection
        for rgb in decoded[:10]:
            model.process(rgb)
    with pose_model() as model:
        began = time.perf_counter()
        for rgb in decoded:
            model.process(rgb)
        bare = time.perf_counter() - began
    began = time.perf_counter()
    analysis = analyze_video(video, "jump_rope")
    engine = time.perf_counter() - began
    return {
        "frames": len(decoded),
        "bare_fps": len(decoded) / bare,
        "engine_fps": len(decoded) / engine,
        "overhead": engine / bare - 1,
        "reps": analysis.reps,
    }


def accuracy() -> dict[str, dict[int, float]]:
    from workers.pose.engine import analyze_landmarks
    from workers.pose.exercises import EXERCISES
    from workers.pose.testing import Script, generate

    exact: dict[str, dict[int, float]] = {}
    for name in EXERCISES:
        hits = dict.fromkeys(STEPS, 0)
        for seed in range(SETS_PER_EXERCISE):
            script = Script(name, reps=8 + seed % 5, seed=1000 + seed, fps=60, partials=seed % 3,
                            noise=0.002, dropped=0.03)  # fmt: skip
            sequence = generate(script)
            for step in STEPS:
                hits[step] += analyze_landmarks(sequence.every(step), name).reps == script.reps
        exact[name] = {step: hits[step] / SETS_PER_EXERCISE for step in STEPS}
    return exact


def video_at(video: Path, sample_fps: float) -> tuple[int, float]:
    from workers.pose.engine import analyze_video

    began = time.perf_counter()
    analysis = analyze_video(video, "jump_rope", sample_fps=sample_fps)
    return analysis.reps, time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description="Pose engine benchmark")
    parser.add_argument("--jumps", type=int, default=25)
    args = parser.parse_args()
    os.sched_setaffinity(0, {0})
    from workers.pose.testing import astronaut_video

    with tempfile.TemporaryDirectory() as folder:
        video = astronaut_video(Path(folder) / "hops.mp4", args.jumps)
        timing = speed(video)
        reduced = {fps: video_at(video, fps) for fps in (30, 15, 10)}
    exact = accuracy()
    lines = [
        BEGIN,
        "## Pose engine (one core, 640x480 mp4, `python -m bench.pose`)",
        "",
        "| measure | value |",
        "|---|---|",
        f"| frames | {timing['frames']:.0f} ({args.jumps} hops; counted {timing['reps']:.0f}) |",
        f"| bare MediaPipe inference | {timing['bare_fps']:.1f} fps |",
        f"| whole engine (decode → report) | {timing['engine_fps']:.1f} fps |",
        f"| engine overhead over bare inference | {timing['overhead'] * 100:.1f} % |",
        "",
        "Reduced frame rate on the same video (hops counted / time):",
        "",
        "| analysed fps | hops counted | seconds |",
        "|---|---|---|",
        *(
            f"| {fps} | {reps} of {args.jumps} | {seconds:.1f} |"
            for fps, (reps, seconds) in reduced.items()
        ),
        "",
        f"Exact counts on synthetic sets filmed at 60 fps ({SETS_PER_EXERCISE} sets per "
        "exercise, noise 0.002 image heights, 3 % dropped frames), analysed at lower rates:",
        "",
        "| exercise | " + " | ".join(f"{60 / s:g} fps" for s in STEPS) + " |",
        "|---" * (len(STEPS) + 1) + "|",
        *(
            f"| {name} | " + " | ".join(f"{share * 100:.0f} %" for share in row.values()) + " |"
            for name, row in exact.items()
        ),
        END,
    ]
    section = "\n".join(lines)
    print(section)
    write(section, BEGIN, END)


if __name__ == "__main__":
    main()
