"""`pacer dev up|down|status`: the real services and Pacer's processes on this machine."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import TYPE_CHECKING

import typer
from rich.table import Table

from infra.database import create_engine
from infra.runtime.process import ServiceStartError
from infra.runtime.service import ServiceStatus
from infra.runtime.stack import DevStack, Started
from infra.settings import Environment, Settings
from pacer import bootstrap
from pacer.cli.console import console
from pacer.contract_docs import ASYNCAPI_FILE
from pacer.processes import app_processes
from pacer.supervisor import supervisor_process

if TYPE_CHECKING:
    from pacer.demo import Demo

app = typer.Typer(help="Run the real services (Kafka, PostgreSQL, Redis) and Pacer locally.")


def _stack(settings: Settings, *, services_only: bool = False) -> DevStack:
    apps = [] if services_only else app_processes(settings)
    return DevStack(settings, apps, supervisor_process(settings))


def _state(row: ServiceStatus) -> str:
    if row.running:
        state = "[green]running[/]"
    elif row.next_restart:
        state = f"[yellow]restarting at {row.next_restart.astimezone():%H:%M:%S}[/]"
    else:
        state = "[red]stopped[/]"
    return state if row.managed else f"{state} (external)"


def _clock(moment: datetime | None) -> str:
    return f"{moment.astimezone():%Y-%m-%d %H:%M:%S}" if moment else "-"


def _show(rows: list[ServiceStatus], seconds: dict[str, float] | None = None) -> None:
    table = Table(title="Pacer services", title_justify="left")
    for column in ("service", "state", "pid", "memory", "ready in", "restarts", "last restart"):
        table.add_column(column)
    table.add_column("detail")
    for row in rows:
        table.add_row(
            row.name,
            _state(row),
            str(row.pid or "-"),
            f"{row.rss_bytes / 2**20:.0f} MiB" if row.rss_bytes else "-",
            f"{seconds[row.name]:.1f} s" if seconds else "-",
            str(row.restarts),
            _clock(row.last_restart),
            row.detail,
        )
    console.print(table)
    for row in rows:
        console.print(f"[bold]{row.name}[/] {row.address}")
        if row.log_file:
            console.print(f"  log: {row.log_file}")


@app.command()
def up(
    services_only: bool = typer.Option(
        False, "--services-only", help="Only the services (Kafka, PostgreSQL, Redis, S3)."
    ),
) -> None:
    """Start the services and Pacer's processes (or reuse running ones), migrate, seed a demo."""
    settings = Settings()
    stack = _stack(settings, services_only=services_only)

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


async def _seed(settings: Settings) -> tuple[Demo, int | None]:
    # Imported here: `pacer serve`, which every process starts with, never loads the demo.
    from infra.blobs import BlobStore
    from pacer.demo import seed_demo
    from pacer.demo_strava import connect_demo_strava

    engine = create_engine(settings, pool_size=1)
    try:
        bus = bootstrap.command_bus(settings, engine)
        async with BlobStore(settings) as store, bus:
            demo = await seed_demo(bus, store=store)
            return demo, await connect_demo_strava(settings, bus)
    finally:
        await engine.dispose()


def _welcome(settings: Settings) -> None:
    command_api = f"http://127.0.0.1:{settings.command_api_port}"
    query_api = f"http://127.0.0.1:{settings.query_api_port}"
    if settings.environment is Environment.DEVELOPMENT:
        demo, strava_athlete = asyncio.run(_seed(settings))
        seeded = (
            f"{demo.runs_recorded} runs and {demo.workouts_recorded} workouts recorded"
            + (", a video of hops submitted for analysis" if demo.video_submitted else "")
            + (", an avatar submitted for resizing" if demo.avatar_submitted else "")
            if demo.runs_recorded
            else "already there"
        )
        console.print(f"Demo athlete: {demo.email} / {demo.password} ({seeded})")
        if strava_athlete is not None:
            where = f"athlete {strava_athlete} at {settings.strava_api}"
            console.print(f"Strava: the demo athlete is connected to the local Strava's {where}")
    console.print(f"Command API (OpenAPI): {command_api}/docs")
    console.print(f"Query API (OpenAPI):   {query_api}/docs")
    console.print(f"MCP for AI assistants: http://127.0.0.1:{settings.mcp_port}/mcp")
    console.print(f"Event contracts (AsyncAPI): {ASYNCAPI_FILE}")


@app.command()
def down() -> None:
    """Stop the supervisor, Pacer's processes, then the services; leaves their data in place."""
    for name, was_running in _stack(Settings()).down().items():
        console.print(f"{name}: {'stopped' if was_running else 'was not running'}")


@app.command()
def status() -> None:
    """Show each service, its address, process, restarts and log file."""
    rows = _stack(Settings()).status()
    _show(rows)
    if not all(row.running for row in rows):
        raise typer.Exit(3)
