"""`pacer` command line: the local development stack and database migrations."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.table import Table

from infra import migrate
from infra.runtime.process import ServiceStartError
from infra.runtime.service import ServiceStatus
from infra.runtime.stack import DevStack, Started
from infra.settings import Settings

app = typer.Typer(help="Pacer: an event-driven fitness backend.", no_args_is_help=True)
dev = typer.Typer(help="Run the real services locally (Kafka, PostgreSQL, Redis).")
db = typer.Typer(help="Database schema migrations (Alembic).")
app.add_typer(dev, name="dev")
app.add_typer(db, name="db")
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
def up() -> None:
    """Start Kafka, PostgreSQL and Redis (or reuse running ones), check them, migrate."""
    stack = DevStack(Settings())

    def report(item: Started) -> None:
        console.print(f"[green]✓[/] {item.status.name} ready")

    try:
        with console.status("Starting services…"):
            started = stack.up(report)
    except ServiceStartError as error:
        console.print(f"[red]✗ {error}[/]")
        raise typer.Exit(1) from None
    _show([s.status for s in started], {s.status.name: s.seconds for s in started})
    console.print("Schema migrated to head. Stop everything with `uv run pacer dev down`.")


@dev.command()
def down() -> None:
    """Stop the services that `up` started; leaves their data in place."""
    for name, was_running in DevStack(Settings()).down().items():
        console.print(f"{name}: {'stopped' if was_running else 'was not running'}")


@dev.command()
def status() -> None:
    """Show each service, its address, process and log file."""
    rows = DevStack(Settings()).status()
    _show(rows)
    if not all(row.running for row in rows):
        raise typer.Exit(3)


@db.command()
def upgrade(revision: str = typer.Argument("head")) -> None:
    """Migrate the schema up to REVISION."""
    migrate.upgrade(Settings().database_dsn, revision)


@db.command()
def downgrade(revision: str = typer.Argument(...)) -> None:
    """Migrate the schema down to REVISION (`base` removes everything)."""
    migrate.downgrade(Settings().database_dsn, revision)
