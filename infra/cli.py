"""`pacer` command line: the local development stack and database migrations."""

from __future__ import annotations

import asyncio
import logging
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from infra.entrypoints import PROCESSES
from infra.runtime.process import ServiceStartError
from infra.settings import Environment, Settings

if TYPE_CHECKING:
    from infra.runtime.service import ServiceStatus
    from infra.runtime.stack import Started

# Commands import what they use when they run: `pacer serve relay` should not pay for Alembic,
# FastStream's AsyncAPI or the demo seeding at start-up.

app = typer.Typer(help="Pacer: an event-driven fitness backend.", no_args_is_help=True)
dev = typer.Typer(help="Run the real services locally (Kafka, PostgreSQL, Redis).")
db = typer.Typer(help="Database schema migrations (Alembic).")
app.add_typer(dev, name="dev")
app.add_typer(db, name="db")
projections = typer.Typer(help="Read models: rebuild from history.")
app.add_typer(projections, name="projections")
contracts_cli = typer.Typer(help="Event contracts: AsyncAPI and JSON Schemas.")
app.add_typer(contracts_cli, name="contracts")
console = Console()


def _show(rows: list[ServiceStatus], seconds: dict[str, float] | None = None) -> None:
    table = Table(title="Pacer services", title_justify="left")
    for column in ("service", "state", "pid", "memory", "ready in", "detail"):
        table.add_column(column)
    for row in rows:
        state = "[green]running[/]" if row.running else "[red]stopped[/]"
        table.add_row(
            row.name,
            state if row.managed else f"{state} (external)",
            str(row.pid or "-"),
            f"{row.rss_bytes / 2**20:.0f} MiB" if row.rss_bytes else "-",
            f"{seconds[row.name]:.1f} s" if seconds else "-",
            row.detail,
        )
    console.print(table)
    for row in rows:
        console.print(f"[bold]{row.name}[/] {row.address}")
        if row.log_file:
            console.print(f"  log: {row.log_file}")


@dev.command()
def up(
    services_only: bool = typer.Option(
        False, "--services-only", help="Only Kafka, PostgreSQL and Redis, not Pacer's processes."
    ),
) -> None:
    """Start the services and Pacer's processes (or reuse running ones), migrate, seed a demo."""
    from infra.runtime.stack import DevStack

    settings = Settings()
    stack = DevStack(settings, apps=not services_only)

    def report(item: Started) -> None:
        console.print(f"[green]✓[/] {item.status.name} ready")

    try:
        with console.status("Starting services…"):
            started = stack.up(report)
    except ServiceStartError as error:
        console.print(f"[red]✗ {error}[/]")
        raise typer.Exit(1) from None
    _show([s.status for s in started], {s.status.name: s.seconds for s in started})
    console.print("Schema migrated to head.")
    if not services_only:
        _welcome(settings)
    console.print("Stop everything with `uv run pacer dev down`.")


def _welcome(settings: Settings) -> None:
    from infra.contract_docs import ASYNCAPI_FILE
    from infra.demo import seed_demo

    command_api = f"http://127.0.0.1:{settings.command_api_port}"
    query_api = f"http://127.0.0.1:{settings.query_api_port}"
    if settings.environment is Environment.DEVELOPMENT:
        demo = seed_demo(command_api)
        seeded = f"{demo.runs_recorded} runs recorded" if demo.runs_recorded else "already there"
        console.print(f"Demo athlete: {demo.email} / {demo.password} ({seeded})")
    console.print(f"Command API (OpenAPI): {command_api}/docs")
    console.print(f"Query API (OpenAPI):   {query_api}/docs")
    console.print(f"Event contracts (AsyncAPI): {ASYNCAPI_FILE}")


@dev.command()
def down() -> None:
    """Stop Pacer's processes and the services that `up` started; leaves their data in place."""
    from infra.runtime.stack import DevStack

    for name, was_running in DevStack(Settings(), apps=True).down().items():
        console.print(f"{name}: {'stopped' if was_running else 'was not running'}")


@dev.command()
def status() -> None:
    """Show each service, its address, process and log file."""
    from infra.runtime.stack import DevStack

    rows = DevStack(Settings(), apps=True).status()
    _show(rows)
    if not all(row.running for row in rows):
        raise typer.Exit(3)


@app.command()
def serve(process: str = typer.Argument(..., help=", ".join(PROCESSES))) -> None:
    """Run one of Pacer's processes in the foreground."""
    if process not in PROCESSES:
        console.print(f"[red]unknown process {process!r}; choose from {', '.join(PROCESSES)}[/]")
        raise typer.Exit(2)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    PROCESSES[process](Settings())


@projections.command()
def rebuild(name: str = typer.Argument(..., help="Projection name, e.g. runs")) -> None:
    """Drop a projection's read model and rebuild it from the event store."""
    from rich.progress import Progress

    from infra.database import create_engine
    from projections.rebuild import rebuild as rebuild_projection
    from projections.registry import all_projections

    available = all_projections()
    if name not in available:
        console.print(f"[red]unknown projection {name!r}; choose from {', '.join(available)}[/]")
        raise typer.Exit(2)
    settings = Settings()

    async def run() -> int:
        engine = create_engine(settings)
        try:
            with Progress() as progress:
                task = progress.add_task(f"rebuilding {name}", total=None)

                def report(done: int, total: int) -> None:
                    progress.update(task, completed=done, total=total)

                return await rebuild_projection(engine, available[name], report)
        finally:
            await engine.dispose()

    began = time.perf_counter()
    count = asyncio.run(run())
    elapsed = time.perf_counter() - began
    console.print(f"{name}: {count} events applied in {elapsed:.1f} s")


@contracts_cli.command("export")
def export_contracts() -> None:
    """Write the AsyncAPI document and the JSON Schema of every event under docs/."""
    from infra.contract_docs import write_contract_documents

    for path in write_contract_documents():
        console.print(f"wrote {path}")


@app.command()
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
    from rich.progress import Progress

    from workers.pose.engine import analyze_landmarks, analyze_video, write_overlay
    from workers.pose.exercises import UnknownExerciseError
    from workers.pose.landmarks import LandmarkFormatError, load_json
    from workers.pose.report import print_report
    from workers.pose.video import VideoError

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
    except (UnknownExerciseError, LandmarkFormatError, VideoError) as error:
        console.print(f"[red]{error}[/]")
        raise typer.Exit(2) from None
    if as_json:
        console.print_json(result.model_dump_json())
    else:
        print_report(result, console)
        console.print(f"Key frame: {picture}")


@app.command()
def plan(
    profile: Annotated[
        Path, typer.Option(exists=True, dir_okay=False, help="Profile and preferences (JSON).")
    ],
    seed: Annotated[int, typer.Option(help="Same seed, same plan.")] = 0,
) -> None:
    """Plan 7 days of meals that hit the profile's energy and macro targets."""
    import json

    from pydantic import ValidationError

    from workers.nutrition import preferences as prefs
    from workers.nutrition.catalog import Diet, default_catalog
    from workers.nutrition.planner import InfeasiblePlanError, Request, plan_week
    from workers.nutrition.report import print_plan
    from workers.nutrition.targets import DayKind, InfeasibleTargetError, Profile, daily_targets

    document = json.loads(profile.read_text())
    preferences = {k: document.pop(k) for k in list(document) if k in PLAN_PREFERENCES}
    catalog = default_catalog()
    try:
        person = Profile.model_validate(document)
        hard, long = (_days(preferences.get(key, [])) for key in ("hard_days", "long_run_days"))
        if hard & long:
            raise ValueError("a day is either a hard day or a long-run day, not both")
        kinds = {day: DayKind.HARD_SESSION for day in hard} | dict.fromkeys(long, DayKind.LONG_RUN)
        targets = [daily_targets(person, kinds.get(day, DayKind.NORMAL)) for day in range(7)]
        request = Request(
            targets=targets,
            diet=Diet(preferences.get("diet", "omnivore")),
            allergens=prefs.allergens(preferences.get("allergens", [])),
            excluded_foods=prefs.foods(preferences.get("excluded_foods", []), catalog.foods),
            liked_foods=prefs.foods(preferences.get("liked_foods", []), catalog.foods),
            cuisines=prefs.cuisines(preferences.get("cuisines", []), catalog),
            seed=seed,
        )
        week = plan_week(catalog, request)
        for label, ids in (("avoiding", request.excluded_foods), ("liking", request.liked_foods)):
            if ids:
                console.print(f"{label}: {', '.join(sorted(catalog.foods[i].name for i in ids))}")
    except (ValidationError, InfeasibleTargetError, InfeasiblePlanError, ValueError) as error:
        console.print(f"[red]{error}[/]")
        raise typer.Exit(2) from None
    print_plan(week, console)


PLAN_PREFERENCES = {
    "diet", "allergens", "excluded_foods", "liked_foods", "cuisines", "long_run_days",
    "hard_days",
}  # fmt: skip
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _days(values: list[int | str]) -> set[int]:
    """Days of the week as 0-6 (Monday is 0) or names ("sat", "Saturday")."""
    names = {day: index for index, day in enumerate(WEEKDAYS)} | {
        full: index for index, full in enumerate(
            ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
        )
    }  # fmt: skip
    days = set()
    for value in values:
        text = str(value).strip().lower()
        day = int(text) if text.isdigit() else names.get(text, -1)
        if not 0 <= day <= 6:
            raise ValueError(f"unknown day {value!r}; use 0-6 (Monday is 0) or a weekday name")
        days.add(day)
    return days


@db.command()
def upgrade(revision: str = typer.Argument("head")) -> None:
    """Migrate the schema up to REVISION."""
    from infra import migrate

    migrate.upgrade(Settings().database_dsn, revision)


@db.command()
def downgrade(revision: str = typer.Argument(...)) -> None:
    """Migrate the schema down to REVISION (`base` removes everything)."""
    from infra import migrate

    migrate.downgrade(Settings().database_dsn, revision)


if __name__ == "__main__":
    app()
