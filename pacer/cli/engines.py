"""`pacer analyze` and `pacer plan`: the pose and nutrition engines on local files, with their
results rendered for the terminal."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import Progress
from rich.table import Table

from pacer.cli.console import console

if TYPE_CHECKING:
    from workers.nutrition.planner import Plan
    from workers.pose.engine import Analysis

DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def analyze(
    source: Annotated[
        Path, typer.Argument(exists=True, dir_okay=False, help="A video or a landmarks.json.")
    ],
    exercise: Annotated[
        str | None,
        typer.Option(help="push_up, squat, jumping_jack or jump_rope; detected if left out."),
    ] = None,
    weight: Annotated[float, typer.Option(help="Body weight in kg, for calories.")] = 70.0,
    overlay: Annotated[
        Path | None, typer.Option(help="Key-frame PNG (default: beside SOURCE).")
    ] = None,
    sample_fps: Annotated[
        float | None, typer.Option(help="Analyse only this many frames per second.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the analysis as JSON.")] = False,
) -> None:
    """Count reps and judge form in a video or a browser landmark file."""
    from workers.pose import (
        PoseInputError,
        analyze_landmarks,
        analyze_video,
        load_json,
        write_overlay,
    )

    picture = overlay or source.with_suffix(".overlay.png")
    try:
        if source.suffix.lower() == ".json":
            sequence = load_json(source)
            result = analyze_landmarks(sequence, exercise, body_weight_kg=weight)
            write_overlay(sequence, result, picture)
        else:
            with Progress(console=console, transient=True) as bar:
                task = bar.add_task(f"analysing {source.name}", total=None)
                result = analyze_video(
                    source, exercise, body_weight_kg=weight, sample_fps=sample_fps,
                    overlay_png=picture,
                    progress=lambda done, total: bar.update(task, completed=done, total=total),
                )  # fmt: skip
    except PoseInputError as error:
        console.print(f"[red]{error}[/]")
        raise typer.Exit(2) from None
    if as_json:
        console.print_json(result.model_dump_json())
    else:
        print_analysis(result)
        console.print(f"Key frame: {picture}")


def plan(
    profile: Annotated[
        Path, typer.Option(exists=True, dir_okay=False, help="Profile and preferences (JSON).")
    ],
    seed: Annotated[int, typer.Option(help="Same seed, same plan.")] = 0,
) -> None:
    """Plan 7 days of meals that hit the profile's energy and macro targets."""
    from workers.nutrition import NutritionInputError, ProfileDocument, request_for, shipped_catalog
    from workers.nutrition import planner as planner

    catalog = shipped_catalog()
    try:
        request = request_for(ProfileDocument.read(profile.read_bytes()), catalog, seed=seed)
        week = planner.plan_week(catalog, request)
    except NutritionInputError as error:
        console.print(f"[red]{error}[/]")
        raise typer.Exit(2) from None
    for label, ids in (("avoiding", request.excluded_foods), ("liking", request.liked_foods)):
        if ids:
            console.print(f"{label}: {', '.join(sorted(catalog.foods[i].name for i in ids))}")
    for word, reason in request.unrecognised:
        console.print(f"[yellow]not understood: {word}[/] ({reason})")
    print_plan(week)


EXAMPLE_PROFILE = {
    "sex": "female", "age": 34, "height_cm": 168, "weight_kg": 61, "activity": "active",
    "goal": "lose", "rate_kg_per_week": 0.25, "diet": "vegetarian", "allergens": ["tree nuts"],
    "excluded_foods": ["mushrooms"], "cuisines": ["Mediterranean"], "long_run_days": ["sun"],
    "hard_days": ["tue", "thu"],
}  # fmt: skip


def examples(
    folder: Annotated[Path, typer.Argument(file_okay=False, help="Where to write them.")] = Path(
        "examples"
    ),
) -> None:
    """Write inputs to try the engines on: a browser landmark file of 8 push-ups, a short video
    of a person hopping 6 times, and a nutrition profile."""
    import json

    from workers.pose.landmarks import to_document
    from workers.pose.testing import Script, astronaut_video, generate

    folder.mkdir(parents=True, exist_ok=True)
    push_ups = generate(Script("push_up", reps=8, seed=7, fps=15, noise=0.002))
    written = [
        _write(folder / "push-ups.landmarks.json", json.dumps(to_document(push_ups))),
        astronaut_video(folder / "hops.mp4", jumps=6),
        _write(folder / "profile.json", json.dumps(EXAMPLE_PROFILE, indent=2)),
    ]
    for path in written:
        console.print(f"[green]✓[/] {path}")


def _write(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


def print_analysis(analysis: Analysis) -> None:
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
            str(rep.number), f"{rep.start_s:.2f}", f"{rep.turn_s:.2f}", f"{rep.end_s:.2f}",
            f"{rep.range_of_motion:g}", f"{rep.down_s:.2f}", f"{rep.up_s:.2f}",
            ", ".join(flag.code for flag in rep.flags) or "ok",
        )  # fmt: skip
    console.print(table)
    for cue in analysis.cues:
        console.print(f"• {cue}")


def print_plan(week: Plan) -> None:
    from workers.nutrition.planner import within_tolerance

    for index, day in enumerate(week.days):
        table = Table(title=DAY_NAMES[index], title_justify="left")
        for column in ("slot", "recipe", "servings", "kcal", "protein g", "carbs g", "fat g"):
            table.add_column(column)
        for meal in day.meals:
            n = meal.nutrition
            table.add_row(meal.slot, meal.recipe.name, f"{meal.servings:.2f}", f"{n.kcal:.0f}",
                          f"{n.protein:.0f}", f"{n.carbohydrate:.0f}", f"{n.fat:.0f}")  # fmt: skip
        totals, target = day.totals, day.targets
        table.add_row("total", "", "", f"{totals.kcal:.0f}", f"{totals.protein:.0f}",
                      f"{totals.carbohydrate:.0f}", f"{totals.fat:.0f}", style="bold")  # fmt: skip
        table.add_row("target", "", "", f"{target.kcal:.0f}", f"{target.protein_g:.0f}",
                      f"{target.carbohydrate_g:.0f}", f"{target.fat_g:.0f}")  # fmt: skip
        console.print(table)
        within = within_tolerance(day)
        console.print("[green]within tolerance[/]" if within else "[red]outside tolerance[/]")
