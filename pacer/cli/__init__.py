"""The `pacer` command line, one module per role: `dev` (the local stack), `serve` (one of
Pacer's processes), `ops` (migrations, read-model rebuilds, contract documents, admins) and
`engines` (the pose and nutrition engines on local files)."""

from __future__ import annotations

import typer

from pacer.cli import dev, engines, ops, serve

app = typer.Typer(help="Pacer: an event-driven fitness backend.", no_args_is_help=True)
app.add_typer(dev.app, name="dev")
app.command()(serve.serve)
app.add_typer(ops.db, name="db")
app.add_typer(ops.projections, name="projections")
app.add_typer(ops.contracts, name="contracts")
app.add_typer(ops.admin, name="admin")
app.command()(engines.analyze)
app.command()(engines.plan)
app.command()(engines.examples)
