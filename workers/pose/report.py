"""The analysis as a terminal report (used by `pacer analyze`)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from workers.pose.engine import Analysis


def print_report(analysis: Analysis, console: Console) -> None:
    how = "detected" if analysis.detected else "given"
    console.print(
        f"[bold]{analysis.exercise_title}[/] ({how}): [bold]{analysis.reps} reps[/], "
        f"{analysis.partial_attempts} partial, {analysis.active_s:.1f} s active of "
        f"{analysis.duration_s:.1f} s, ~{analysis.calories_kcal:.1f} kcal at "
        f"{analysis.body_weight_kg:g} kg, confidence {analysis.confidence:.2f}, "
        f"pose found in {analysis.frames_with_pose}/{analysis.frames} frames"
    )
    table = Table(title_justify="left")
    for column in ("rep", "start s", "turn s", "end s", analysis.range_label, "down s", "up s",
                   "form"):  # fmt: skip
        table.add_column(column)
    for rep in analysis.rep_details:
        table.add_row(
            str(rep.number),
            f"{rep.start_s:.2f}",
            f"{rep.turn_s:.2f}",
            f"{rep.end_s:.2f}",
            f"{rep.range_of_motion:g}",
            f"{rep.down_s:.2f}",
            f"{rep.up_s:.2f}",
            ", ".join(flag.code for flag in rep.flags) or "ok",
        )
    console.print(table)
    for cue in analysis.cues:
        console.print(f"• {cue}")
