"""Pose engine accuracy on the real development clips and on synthetic failure patterns.

    uv run python -m bench.pose_dev --clips /tmp/pose-dev [--labels FILE] [--cache DIR]

The clips are listed, with counts made by eye, in `../shared/data/pose-dev-labels.json`; they
stay out of the repository (fetch them from the repository the labels file names). Each clip is
analysed twice: with its exercise named and with the exercise left to detection. Landmarks can
be cached (`--cache`) so that re-running after an engine change skips pose estimation.

The synthetic table runs one generated scenario per failure pattern of the evaluation (arms-up
squats, standing, camera cuts, partial framing, non-exercise segments, the bounce before jump
rope, shallow jacks that start open) over several seeds. Writes both to bench/RESULTS.md
between markers.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from bench.startup import write

BEGIN, END = "<!-- pose-dev:begin -->", "<!-- pose-dev:end -->"
LABELS = Path(__file__).resolve().parents[2] / "shared" / "data" / "pose-dev-labels.json"
BANDS = ((0.0, 0.5), (0.5, 0.8), (0.8, 1.01))
SEEDS = 12


@dataclass(frozen=True)
class Outcome:
    exercise: str
    truth: int
    named: int
    named_confidence: float
    detected_as: str
    detected_reps: int
    detected_confidence: float


def landmarks(clip: Path, cache: Path | None):  # type: ignore[no-untyped-def]
    from workers.pose.landmarks import load_json, to_document
    from workers.pose.video import landmarks_from_video

    stored = cache / (clip.name + ".json") if cache else None
    if stored and stored.exists():
        return load_json(stored)
    sequence = landmarks_from_video(clip)
    if stored:
        stored.parent.mkdir(parents=True, exist_ok=True)
        stored.write_text(json.dumps(to_document(sequence)))
    return sequence


def dev_outcomes(clips: Path, labels: Path, cache: Path | None) -> dict[str, Outcome]:
    from workers.pose.engine import analyze_landmarks

    outcomes = {}
    for path, label in json.loads(labels.read_text())["labels"].items():
        sequence = landmarks(clips / path, cache)
        named = analyze_landmarks(sequence, label["exercise"])
        found = analyze_landmarks(sequence)
        outcomes[path] = Outcome(label["exercise"], label["reps"], named.reps, named.confidence,
                                 found.exercise, found.reps, found.confidence)  # fmt: skip
    return outcomes


def _scores(pairs: list[tuple[int, int]]) -> str:
    if not pairs:
        return "- | - | -"
    errors = [abs(got - truth) for got, truth in pairs]
    exact = sum(e == 0 for e in errors) / len(errors)
    within = sum(e <= 1 for e in errors) / len(errors)
    return f"{exact * 100:.0f} % | {within * 100:.0f} % | {sum(errors) / len(errors):.2f}"


def dev_table(outcomes: dict[str, Outcome]) -> list[str]:
    groups: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes.values():
        groups[outcome.exercise].append(outcome)
    groups["all"] = list(outcomes.values())
    lines = [
        "| exercise | clips | named: exact | within one | MAE | detected right | "
        "detected: exact | within one | MAE |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, group in groups.items():
        right = sum(o.detected_as == o.exercise for o in group) / len(group)
        lines.append(
            f"| {name} | {len(group)} | {_scores([(o.named, o.truth) for o in group])} | "
            f"{right * 100:.0f} % | {_scores([(o.detected_reps, o.truth) for o in group])} |"
        )
    lines += ["", "Accuracy per confidence band (a result is right when the exercise is right "
              "and the count exact):", "",
              "| confidence | named: results | right | detected: results | right |",
              "|---|---|---|---|---|"]  # fmt: skip
    for low, high in BANDS:
        named = [o.named == o.truth for o in outcomes.values() if low <= o.named_confidence < high]
        found = [
            o.detected_as == o.exercise and o.detected_reps == o.truth
            for o in outcomes.values()
            if low <= o.detected_confidence < high
        ]
        lines.append(f"| {low:.1f}-{min(high, 1.0):.1f} | {len(named)} | {_share(named)} | "
                     f"{len(found)} | {_share(found)} |")  # fmt: skip
    lines += [
        "",
        "| clip | exercise | reps | named | detected (confidence) |",
        "|---|---|---|---|---|",
    ]
    for path, o in outcomes.items():
        result = f"{o.detected_as} {o.detected_reps} ({o.detected_confidence:.2f})"
        lines.append(f"| {Path(path).name} | {o.exercise} | {o.truth} | {o.named} | {result} |")
    return lines


def _share(hits: list[bool]) -> str:
    return f"{sum(hits) / len(hits) * 100:.0f} %" if hits else "-"


def synthetic_table() -> list[str]:
    from workers.pose.engine import analyze_landmarks
    from workers.pose.training import PATTERNS

    lines = [
        "| pattern | scenario | named: exact | detected right | detected: exact | "
        "mean confidence right / wrong |",
        "|---|---|---|---|---|---|",
    ]
    for number, (title, build) in PATTERNS.items():
        named_hits = right = found_hits = 0
        confidence: dict[bool, list[float]] = {True: [], False: []}
        for seed in range(SEEDS):
            script, sequence = build(seed)
            named = analyze_landmarks(sequence, script.exercise)
            found = analyze_landmarks(sequence)
            named_hits += named.reps == script.reps
            ok = found.exercise == script.exercise or script.reps == 0
            right += ok
            found_hits += ok and found.reps == script.reps
            confidence[ok and found.reps == script.reps].append(found.confidence)
        means = " / ".join(
            f"{sum(c) / len(c):.2f}" if c else "-" for c in (confidence[True], confidence[False])
        )
        lines.append(f"| {number} | {title} | {named_hits}/{SEEDS} | {right}/{SEEDS} | "
                     f"{found_hits}/{SEEDS} | {means} |")  # fmt: skip
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description="Pose engine accuracy on the development set")
    parser.add_argument("--clips", type=Path, help="folder the labelled paths are relative to")
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--cache", type=Path, help="folder for landmark files (skip MediaPipe)")
    args = parser.parse_args()
    lines = [BEGIN, "## Pose engine accuracy (`python -m bench.pose_dev`)", ""]
    if args.clips:
        outcomes = dev_outcomes(args.clips, args.labels, args.cache)
        lines += [f"Development clips ({len(outcomes)}, counted by eye; see the labels file):", ""]
        lines += dev_table(outcomes)
        lines.append("")
    lines += [f"Synthetic failure patterns ({SEEDS} seeds each; a standing-only clip is right "
              "as any exercise with 0 reps):", ""]  # fmt: skip
    lines += synthetic_table()
    lines.append(END)
    section = "\n".join(lines)
    print(section)
    write(section, BEGIN, END)


if __name__ == "__main__":
    main()
