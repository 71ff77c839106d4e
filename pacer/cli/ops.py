"""Operating a deployment: `pacer db` (migrations), `pacer projections` (read-model rebuilds and
parked events), `pacer contracts export` (the published contract documents) and `pacer admin`
(appointing admins)."""

from __future__ import annotations

import asyncio

import typer
from rich.progress import Progress
from rich.table import Table
from sqlalchemy import text

from contracts.events import DEAD_LETTER_TOPIC
from infra import migrate
from infra.database import create_engine
from infra.heap import tune_for_batches
from infra.kafka import KafkaDeadLetters, kafka_producer
from infra.settings import Settings
from pacer import bootstrap
from pacer.cli.console import console

db = typer.Typer(help="Database schema migrations (Alembic).")
projections = typer.Typer(help="Read models: rebuild from history, list parked events.")
contracts = typer.Typer(help="Event contracts: AsyncAPI, OpenAPI and JSON Schemas.")
admin = typer.Typer(help="Administration: appoint admins.")


@admin.command("appoint")
def appoint(email: str = typer.Argument(..., help="The login e-mail of the account")) -> None:
    """Make an account an admin, through the command bus like any command (its next login
    carries the role). Admins disable accounts and see system counts."""
    from commands.actors import Actor
    from commands.errors import CommandError
    from contracts.identity.admin import AppointAdmin

    async def run() -> None:
        engine = create_engine(Settings(), pool_size=1)
        try:
            async with bootstrap.command_bus(Settings(), engine) as bus:
                await bus.dispatch(AppointAdmin(email=email), Actor.system("cli:admin"))
        finally:
            await engine.dispose()

    try:
        asyncio.run(run())
    except CommandError as refused:
        console.print(f"[red]{refused}[/red]")
        raise typer.Exit(2) from None
    console.print(f"{email} is an admin; its next login carries the role.")


@db.command()
def upgrade(revision: str = typer.Argument("head")) -> None:
    """Migrate the schema up to REVISION."""
    migrate.upgrade(Settings().database_dsn, revision)


@db.command()
def downgrade(revision: str = typer.Argument(...)) -> None:
    """Migrate the schema down to REVISION (`base` removes everything)."""
    migrate.downgrade(Settings().database_dsn, revision)


@projections.command("rebuild")
def rebuild(name: str = typer.Argument(..., help="Projection name, e.g. runs")) -> None:
    """Rebuild a read model from the event store into shadow tables, then swap it in."""
    from projections.rebuild import RebuildReport
    from projections.rebuild import rebuild as rebuild_projection

    available = bootstrap.contexts().projections()
    if name not in available:
        console.print(f"[red]unknown projection {name!r}; choose from {', '.join(available)}[/]")
        raise typer.Exit(2)
    settings = Settings()

    async def run() -> RebuildReport:
        engine = create_engine(settings)
        producer = kafka_producer(settings.kafka_bootstrap)
        await producer.start()
        try:
            topic = settings.kafka_topic_prefix + DEAD_LETTER_TOPIC
            dead_letters = KafkaDeadLetters(producer, topic, "projection")
            with Progress(console=console) as progress:
                task = progress.add_task(f"rebuilding {name}", total=None)

                def report(done: int, total: int) -> None:
                    progress.update(task, completed=done, total=total)

                return await rebuild_projection(
                    engine, available[name], dead_letters, report,
                    max_attempts=settings.projector_max_attempts,
                )  # fmt: skip
        finally:
            await producer.stop()
            await engine.dispose()

    tune_for_batches()
    report = asyncio.run(run())
    rate = report.applied / report.seconds if report.seconds else 0
    console.print(f"{name}: {report.applied} events applied in {report.seconds:.1f} s "
                  f"({rate:,.0f} events/s), swapped in")  # fmt: skip
    for parked in report.parked:
        console.print(f"[yellow]parked[/] {parked.event_type} {parked.event_id} "
                      f"({parked.stream_id} v{parked.version}): {parked.error}")  # fmt: skip
    if report.parked:
        raise typer.Exit(4)


@projections.command("parked")
def parked() -> None:
    """Events a projection or reactor gave up on, newest first."""
    settings = Settings()

    async def rows() -> list[tuple[object, ...]]:
        engine = create_engine(settings, pool_size=1)
        try:
            async with engine.connect() as connection:
                result = await connection.execute(
                    text(
                        "SELECT parked_at, consumer, event_type, event_id, error "
                        "FROM parked_events ORDER BY parked_at DESC LIMIT 200"
                    )
                )
                return [tuple(row) for row in result]
        finally:
            await engine.dispose()

    table = Table(title="Parked events", title_justify="left")
    for column in ("parked at", "consumer", "event type", "event id", "error"):
        table.add_column(column)
    for row in asyncio.run(rows()):
        table.add_row(*(str(value) for value in row))
    console.print(table)


@contracts.command("export")
def export_contracts() -> None:
    """Write the AsyncAPI and OpenAPI documents and every event's JSON Schema under docs/."""
    from pacer.contract_docs import write_contract_documents

    for path in write_contract_documents():
        console.print(f"wrote {path}")
