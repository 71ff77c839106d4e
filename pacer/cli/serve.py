"""`pacer serve <process>`: run one of Pacer's processes in the foreground."""

from __future__ import annotations

import logging

import typer

from infra.settings import Settings
from pacer.cli.console import console
from pacer.processes import PROCESSES


def serve(process: str = typer.Argument(..., help=", ".join(PROCESSES))) -> None:
    """Run one of Pacer's processes in the foreground."""
    if process not in PROCESSES:
        console.print(f"[red]unknown process {process!r}; choose from {', '.join(PROCESSES)}[/]")
        raise typer.Exit(2)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    PROCESSES[process](Settings())
